//go:build linux

package cli

import (
	"bytes"
	"os"
	"syscall"
	"testing"
	"unsafe"
)

// The table's width: COLUMNS when it is a positive number, else the
// terminal's width, else 100 columns.
func TestStreamsWidth(t *testing.T) {
	var buf bytes.Buffer
	for columns, want := range map[string]int{"": 100, "80": 80, "132": 132, "0": 100, "-5": 100, "wide": 100} {
		if got := NewStreams(&buf, &buf, map[string]string{"COLUMNS": columns}).Width(&buf); got != want {
			t.Errorf("a buffer with COLUMNS=%q: width %d, want %d", columns, got, want)
		}
	}
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	resize := func(cols uint16) {
		ws := struct{ rows, cols, x, y uint16 }{40, cols, 0, 0}
		if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, ptmx.Fd(), syscall.TIOCSWINSZ, uintptr(unsafe.Pointer(&ws))); errno != 0 {
			t.Skipf("cannot size the pseudo-terminal: %v", errno)
		}
	}
	resize(72)
	s := NewStreams(ptmx, &buf, nil)
	if got := s.Width(ptmx); got != 72 {
		t.Errorf("a terminal of 72 columns: width %d", got)
	}
	if got := s.Width(&buf); got != 100 {
		t.Errorf("stderr, a buffer, beside a terminal stdout: width %d, want 100", got)
	}
	if got := NewStreams(&buf, ptmx, nil).Width(ptmx); got != 72 {
		t.Errorf("a terminal stderr of 72 columns: width %d", got)
	}
	if got := NewStreams(ptmx, &buf, map[string]string{"COLUMNS": "90"}).Width(ptmx); got != 90 {
		t.Errorf("a terminal with COLUMNS=90: width %d, want 90", got)
	}
	resize(0) // a terminal that does not know its size
	if got := s.Width(ptmx); got != 100 {
		t.Errorf("a terminal of 0 columns: width %d, want 100", got)
	}
}

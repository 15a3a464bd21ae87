package upstream

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/internal/lockedbuf"
)

// progressRun loads three products while each request moves the test clock
// on by step, and returns what went to the progress writer.
func progressRun(t *testing.T, terminal bool, step time.Duration) string {
	t.Helper()
	f := newFakeEOL(t)
	c, clock, _ := f.newClient("", testNow)
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		clock.advance(step)
		return false
	})
	var out lockedbuf.Buffer
	c.Progress, c.Terminal, c.ProgressAfter = &out, terminal, time.Second
	c.MaxInFlight = 1 // one request at a time: the clock moves in order
	if _, err := Load(context.Background(), ModeLive, []string{"debian", "kubernetes", "rhel"}, c); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestProgressNotOnTerminal(t *testing.T) {
	if out := progressRun(t, false, 2*time.Second); out != "" {
		t.Errorf("progress written when not on a terminal: %q", out)
	}
}

func TestProgressFast(t *testing.T) {
	if out := progressRun(t, true, 100*time.Millisecond); out != "" {
		t.Errorf("progress written for a fetch under a second: %q", out)
	}
}

// On a terminal, a fetch past the threshold shows the line, counting the
// products done, and clears it at the end.
func TestProgressSlow(t *testing.T) {
	out := progressRun(t, true, 2*time.Second)
	for _, want := range []string{
		"\rkeepup: fetching endoflife.date data: 1/3 products\x1b[K",
		"\rkeepup: fetching endoflife.date data: 2/3 products\x1b[K",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
	if !strings.HasSuffix(out, clearLine) {
		t.Errorf("output %q does not end by clearing the line", out)
	}
	if strings.Contains(out, "\n") {
		t.Errorf("output %q is more than one line", out)
	}
}

// A warning while the line shows clears it first, so the two never share a line.
func TestProgressClearedForWarnings(t *testing.T) {
	var out lockedbuf.Buffer
	clock := &testClock{now: testNow}
	c := &Client{Progress: &out, Terminal: true, Now: clock.Now}
	c.Log = slog.New(lineHandler{&out})
	finish := c.startProgress(2)
	clock.advance(2 * time.Second)
	c.progressStep(1)
	c.warn("something")
	finish()
	got := out.String()
	if want := "\rkeepup: fetching endoflife.date data: 1/2 products\x1b[K" + clearLine + "WARN something\n"; !strings.HasPrefix(got, want) {
		t.Errorf("output = %q\nwant it to start with %q", got, want)
	}
	// The line may have come back before finish; if so, finish cleared it.
	if rest := strings.TrimPrefix(got, "\rkeepup: fetching endoflife.date data: 1/2 products\x1b[K"+clearLine+"WARN something\n"); rest != "" && !strings.HasSuffix(rest, clearLine) {
		t.Errorf("output = %q does not end clear", got)
	}
}

// lineHandler writes "LEVEL msg" lines.
type lineHandler struct{ w io.Writer }

func (h lineHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h lineHandler) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h lineHandler) WithGroup(string) slog.Handler            { return h }
func (h lineHandler) Handle(_ context.Context, r slog.Record) error {
	_, err := fmt.Fprintf(h.w, "%s %s\n", r.Level, r.Message)
	return err
}

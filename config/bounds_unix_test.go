//go:build unix

package config

import (
	"net"
	"path/filepath"
	"syscall"
	"testing"
)

// Reading /dev/zero would never end, and opening a FIFO would wait for a
// writer: both are refused before they are read.
func TestLoadRefusesDevices(t *testing.T) {
	_, err := Load("/dev/zero", products)
	wantError(t, err, "/dev/zero: the policy is a character device, not a file: give the path of a YAML file (--policy or KEEPUP_POLICY)")

	fifo := filepath.Join(t.TempDir(), "policy.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(fifo, products)
	wantError(t, err, fifo+": the policy is a named pipe (FIFO), not a file: give the path of a YAML file (--policy or KEEPUP_POLICY)")
}

func TestLoadRefusesSocket(t *testing.T) {
	path := filepath.Join(t.TempDir(), "policy.sock")
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = Load(path, products)
	wantError(t, err, path+": the policy is a socket, not a file: give the path of a YAML file (--policy or KEEPUP_POLICY)")
}

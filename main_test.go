package main

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary run as the keepup command in scripts, so the
// end-to-end tests run the real command line, flags, exit codes and all.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"keepup": main})
}

// TestScript runs the end-to-end scripts in testdata/script. Each runs the
// keepup binary in a fresh directory; $SCHEMAS holds the JSON and XML
// schemas the outputs must validate against.
func TestScript(t *testing.T) {
	schemas, err := filepath.Abs("testdata/schemas")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SCHEMAS", schemas)
			env.Setenv("SOURCE_DATE_EPOCH", "1787659200") // 2026-08-25T12:00:00Z
			return nil
		},
		RequireExplicitExec: true,
		Cmds:                map[string]func(*testscript.TestScript, bool, []string){"exits": exits},
	})
}

// exits runs a command like exec and asserts its exit code:
// "exits 2 keepup check" passes when keepup exits with status 2. Its
// stdout and stderr are there for the stdout and stderr commands after.
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit code", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

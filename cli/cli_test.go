package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/term"
)

// testNow is the clock reading of every test run: 2026-08-25 12:00 UTC.
var testNow = time.Date(2026, 8, 25, 12, 0, 0, 0, time.UTC)

// run runs the command line as main does, with the clock at testNow and,
// unless environ says otherwise, the embedded release data: tests reach no
// network.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, environ map[string]string) int {
	if _, ok := environ["KEEPUP_DATA"]; !ok {
		environ = maps.Clone(environ)
		if environ == nil {
			environ = map[string]string{}
		}
		environ["KEEPUP_DATA"] = "embedded"
	}
	return NewApp(NewStreams(stdout, stderr, environ), environ, testNow, Build{Version: "test"}).Run(ctx, args)
}

// runIn runs the command line in dir and returns the exit code, stdout and stderr.
func runIn(t *testing.T, dir string, environ map[string]string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, &stdout, &stderr, environ)
	return code, stdout.String(), stderr.String()
}

func TestStreamsColor(t *testing.T) {
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	// /dev/null is a character device, but no terminal.
	if s := NewStreams(devNull, devNull, nil); s.Color(devNull) || s.OutTerminal {
		t.Error("colors on /dev/null")
	}
	var buf bytes.Buffer
	if s := NewStreams(&buf, &buf, nil); s.Color(&buf) {
		t.Error("colors on a buffer")
	}
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here to check the positive case: %v", err)
	}
	defer ptmx.Close()
	if !term.IsTerminal(int(ptmx.Fd())) {
		t.Skip("/dev/ptmx is no terminal here")
	}
	s := NewStreams(ptmx, &buf, nil)
	if !s.Color(ptmx) || !s.OutTerminal || s.ErrTerminal {
		t.Error("no colors on a terminal stdout")
	}
	if s.Color(&buf) || s.Color(io.Discard) {
		t.Error("colors on a stderr buffer or a writer that is no stream")
	}
	if s := NewStreams(&buf, ptmx, nil); !s.Color(ptmx) || s.Color(&buf) {
		t.Error("colors on stderr: want them on the terminal only")
	}
	if NewStreams(ptmx, ptmx, map[string]string{"NO_COLOR": "1"}).Color(ptmx) || NewStreams(ptmx, ptmx, map[string]string{"TERM": "dumb"}).Color(ptmx) {
		t.Error("colors despite NO_COLOR or TERM=dumb")
	}
	if !NewStreams(ptmx, ptmx, map[string]string{"NO_COLOR": "", "TERM": "xterm"}).Color(ptmx) {
		t.Error("an empty NO_COLOR turned colors off")
	}
}

// TestREADMEPolicyExample runs the README's full policy example, so the
// documentation cannot drift into a policy that fails to parse or errors.
func TestREADMEPolicyExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## Policy reference")
	_, block, ok2 := strings.Cut(after, "```yaml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README.md has no yaml block under ## Policy reference")
	}
	dir := t.TempDir()
	policy := filepath.Join(dir, "example.yml")
	if err := os.WriteFile(policy, []byte(block), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIn(t, dir, nil, "check", "--now", "2026-08-25", "--policy", policy, "--all")
	if code != exitBreach {
		t.Fatalf("exit %d, want 1 (the example has overdue releases)\n%s%s", code, stdout, stderr)
	}
	for _, bad := range []string{"error ", "note:"} {
		if strings.Contains(stdout, bad) {
			t.Errorf("the example's output has %q:\n%s", bad, stdout)
		}
	}
	if !regexp.MustCompile(`(?m)^snoozed +postgresql +18 `).MatchString(stdout) {
		t.Errorf("the example's ignore entry does not snooze postgresql 18:\n%s", stdout)
	}
}

func TestInit(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runIn(t, dir, nil, "init")
	if code != exitOK || stdout != "wrote .keepup.yml: the default policy in calendar mode; add supported: lists to the targets you ship\n" || stderr != "" {
		t.Errorf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, _, stderr := runIn(t, dir, nil, "init"); code != exitError || stderr != "keepup: error: .keepup.yml exists (keepup never overwrites a policy; --force does)\n" {
		t.Errorf("init again: exit %d: %s", code, stderr)
	}
	// Beside a .keepup.yaml, a .keepup.yml would make two policies.
	dir = t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".keepup.yaml"), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runIn(t, dir, nil, "init"); code != exitError || stderr != "keepup: error: .keepup.yaml exists: edit it, or replace it with 'keepup init --force .keepup.yaml'\n" {
		t.Errorf("init beside .keepup.yaml: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, ".keepup.yml")); err == nil {
		t.Error("init wrote .keepup.yml beside .keepup.yaml")
	}
	if code, _, _ := runIn(t, dir, nil, "init", "other.yml"); code != exitOK {
		t.Errorf("init other.yml beside .keepup.yaml: exit %d", code)
	}
}

// TestREADMEJSONExample runs the JSON report example of the README's
// Reports section (README: ## Reports) with the policy it shows: every
// field the README shows is in the report with that value (the README
// abridges, so the report may have more: fields, and findings).
func TestREADMEJSONExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "- **JSON** (`--json`)")
	block := func(lang string) string {
		_, b, ok2 := strings.Cut(section, "  ```"+lang+"\n")
		b, _, ok3 := strings.Cut(b, "  ```\n")
		if !ok || !ok2 || !ok3 {
			t.Fatalf("README.md has no %s block under **JSON**", lang)
		}
		return regexp.MustCompile(`(?m)^  `).ReplaceAllString(b, "")
	}
	policy, example := block("yaml"), block("json")
	var want any
	if err := json.Unmarshal([]byte(example), &want); err != nil {
		t.Fatalf("the README's JSON example: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".keepup.yml"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runIn(t, dir, map[string]string{"SOURCE_DATE_EPOCH": "1787659200"}, "check", "--now", "2026-08-25", "--data", "embedded", "--json", "-")
	var got any
	if err := json.Unmarshal([]byte(stdout), &got); code != exitBreach || err != nil {
		t.Fatalf("exit %d, %v\n%s%s", code, err, stdout, stderr)
	}
	if path, ok := jsonSubset(want, got, "$"); !ok {
		t.Errorf("the README's JSON example is not what keepup writes, at %s:\n%s", path, stdout)
	}
}

// jsonSubset reports whether want is part of got: objects by their keys,
// arrays element by element (each wanted element part of one of got's),
// other values equal. It returns where they differ.
func jsonSubset(want, got any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path, false
		}
		for k, v := range w {
			gv, ok := g[k]
			if !ok {
				return path + "." + k, false
			}
			if p, ok := jsonSubset(v, gv, path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok {
			return path, false
		}
		for i, v := range w {
			if !slices.ContainsFunc(g, func(gv any) bool { _, ok := jsonSubset(v, gv, ""); return ok }) {
				return fmt.Sprintf("%s[%d]", path, i), false
			}
		}
		return "", true
	}
	return path, reflect.DeepEqual(want, got)
}

package report

import (
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
)

func TestExplain(t *testing.T) {
	fs := []checks.Finding{
		{Target: "k8s", Product: "kubernetes", Release: "1.36", Status: checks.Overdue, Reason: "not supported",
			Released: calendar.MustParseDate("2026-04-22"), Why: checks.Derivation{ReleaseSource: "snapshot"}},
		{Target: "k8s", Product: "kubernetes", Release: "1.35", Status: checks.Supported, Reason: "listed in supported",
			Released: calendar.MustParseDate("2025-12-17"), Why: checks.Derivation{ReleaseSource: "snapshot"}},
	}
	var b strings.Builder
	if err := Explain(&b, fs); err != nil {
		t.Fatal(err)
	}
	want := `kubernetes 1.36 (target k8s, overdue)
  released   2026-04-22 (snapshot)
  status     overdue: not supported

kubernetes 1.35 (target k8s, supported)
  released   2025-12-17 (snapshot)
  status     supported: listed in supported
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := Explain(&b, nil); err != nil || b.Len() != 0 {
		t.Errorf("no findings: %q, %v", b.String(), err)
	}
}

func TestGateText(t *testing.T) {
	g := &checks.GateResult{PolicySource: ".keepup.yml from the default branch main", Checks: []checks.GateCheck{
		{Name: "red-main", Passed: false, Summary: "the default branch main is red", Details: []string{"pipeline #9 failed", "fix: merge the fix first"}},
		{Name: "labels", Passed: true, Summary: "no labels are required"},
	}}
	var b strings.Builder
	if err := GateText(&b, g); err != nil {
		t.Fatal(err)
	}
	want := `policy: .keepup.yml from the default branch main
FAIL red-main: the default branch main is red
     pipeline #9 failed
     fix: merge the fix first
PASS labels: no labels are required
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// Gate lines stay one line each in markdown: whatever a summary or detail
// holds, no line of a note can start with it.
func TestMarkdownGateLines(t *testing.T) {
	r := Report{Result: &checks.Result{}, Gate: &checks.GateResult{PolicySource: "p\n/close", Checks: []checks.GateCheck{
		{Name: "labels", Summary: "a\r\n/close", Details: []string{"b\n/label ~x", "c\u2028d\x1b"}},
	}}}
	var b strings.Builder
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "/") {
			t.Errorf("line %q starts a quick action:\n%s", line, b.String())
		}
	}
	for _, want := range []string{"Policy: p /close.", "- :no_entry: **labels**: a  /close\n", "  - b /label ~x\n", "  - c d \n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, b.String())
		}
	}
}

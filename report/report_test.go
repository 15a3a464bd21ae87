package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

func intp(n int) *int { return &n }

func sample() Report {
	d := calendar.MustParseDate
	return Report{
		Meta: Meta{Policy: ".keepup.yml", DataSource: "test data", DataDate: d("2026-08-22"), Now: d("2026-08-25"), GeneratedAt: time.Date(2026, 8, 25, 12, 0, 0, 0, time.UTC)},
		Result: &checks.Result{Findings: []checks.Finding{
			{Target: "a", Product: "p", Release: "2", Released: d("2026-01-01"), Status: checks.Pending, Due: d("2026-10-01"), DaysLeft: intp(37), Rule: "9 months after release", Pos: config.Pos{File: ".keepup.yml", Line: 3, Col: 5}},
			{Target: "a", Product: "p", Release: "1", Released: d("2025-01-01"), Status: checks.Supported},
			{Target: "b|c", Product: "q", Release: "7", Released: d("2025-01-01"), Status: checks.Overdue, Due: d("2026-08-20"), DaysLeft: intp(-5), Reason: "tricky ]]> text & <tags> \x07bell", Issue: "https://gitlab.example/x/-/issues/1"},
			{Target: "b|c", Product: "q", Release: "8", Status: checks.Error, Reason: "no due date"},
			{Target: "b|c", Product: "q", Release: "6", Status: checks.Snoozed, Due: d("2026-08-01"), DaysLeft: intp(-24)},
		}, Notes: []string{"an | odd note"}},
	}
}

func TestByUrgency(t *testing.T) {
	var got []string
	for _, f := range sample().ByUrgency() {
		got = append(got, f.Release)
	}
	if strings.Join(got, ",") != "7,8,2,6,1" {
		t.Errorf("order %v, want overdue, error, pending, snoozed, supported", got)
	}
}

func TestWhen(t *testing.T) {
	for _, tt := range []struct {
		f    checks.Finding
		want string
	}{
		{checks.Finding{DaysLeft: intp(-1), Status: checks.Overdue}, "1 day late"},
		{checks.Finding{DaysLeft: intp(-3), Status: checks.Untracked}, "3 days ago"},
		{checks.Finding{DaysLeft: intp(0), Status: checks.DueSoon}, "due today"},
		{checks.Finding{DaysLeft: intp(12), Status: checks.Pending}, "in 12 days"},
		{checks.Finding{Status: checks.Supported}, ""},
	} {
		if got := When(tt.f); got != tt.want {
			t.Errorf("When(%v days, %s) = %q, want %q", tt.f.DaysLeft, tt.f.Status, got, tt.want)
		}
	}
}

func TestTextColors(t *testing.T) {
	var plain, colored bytes.Buffer
	if err := Text(&plain, sample(), TextOptions{ByRelease: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("colors without a terminal")
	}
	if err := Text(&colored, sample(), TextOptions{Color: true, ByRelease: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(colored.String(), "\x1b[1;31moverdue\x1b[0m") {
		t.Errorf("no red overdue in colored output:\n%q", colored.String())
	}
	if !strings.Contains(plain.String(), "ISSUE\n") || !strings.Contains(plain.String(), "  #1\n") {
		t.Errorf("no issue column:\n%s", plain.String())
	}
	if !strings.Contains(plain.String(), "note: an | odd note\n") || !strings.Contains(plain.String(), "1 overdue, 1 error, 1 pending, 1 snoozed, 1 supported · policy .keepup.yml") {
		t.Errorf("notes or summary missing:\n%s", plain.String())
	}
}

func TestJUnitEscapesAndCounts(t *testing.T) {
	var b bytes.Buffer
	if err := JUnit(&b, sample()); err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b.String())
	}
	if got.Tests != 5 || got.Failures != 1 || got.Errors != 1 || len(got.Suites) != 2 {
		t.Errorf("totals %+v", got)
	}
	s := got.Suites[1]
	if s.Name != "b|c" || s.Skipped != 1 || s.Cases[0].Name != "q 7" || s.Cases[0].Classname != "b|c" {
		t.Errorf("suite %+v", s)
	}
	// The failure text survives CDATA intact, "]]>" and all.
	// A control character, which XML cannot hold, is replaced.
	if f := s.Cases[0].Failure; f == nil || f.Message != "tricky ]]> text & <tags> \uFFFDbell" || !strings.Contains(f.Text, "tricky ]]> text & <tags> \uFFFDbell") ||
		!strings.Contains(f.Text, "issue: https://gitlab.example/x/-/issues/1") {
		t.Errorf("failure %+v", f)
	}
	if s.Cases[1].Error == nil || s.Cases[2].Skipped == nil || got.Suites[0].Cases[0].SystemOut == nil {
		t.Error("error, skipped or system-out missing")
	}
}

func TestJSONNulls(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	fs := got["findings"].([]any)
	supported := fs[1].(map[string]any)
	if supported["due"] != nil || supported["days_left"] != nil || supported["issue"] != nil {
		t.Errorf("supported finding: due, days_left and issue must be null: %v", supported)
	}
	if fs[0].(map[string]any)["policy_line"] != 3.0 {
		t.Errorf("policy_line = %v", fs[0].(map[string]any)["policy_line"])
	}
	summary := got["summary"].(map[string]any)
	if len(summary) != len(checks.Statuses) || summary["overdue"] != 1.0 || summary["eol"] != 0.0 {
		t.Errorf("summary %v: want every status, counted", summary)
	}
}

func TestMarkdownEscapesCells(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, sample()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"| :red_circle: overdue | b\\|c | 7 |", "- Note: an \\| odd note"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
}

func TestWriteFileWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.xml")
	if err := os.WriteFile(path, []byte("previous run"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, nil, func(w io.Writer) error {
		io.WriteString(w, "half a rep")
		return boom
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want boom naming the path", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "previous run" {
		t.Errorf("a failed write changed the file: %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("a failed write left files behind: %v", entries)
	}
	if err := WriteFile(path, nil, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("file = %q, want new", b)
	}
	var stdout bytes.Buffer
	if err := WriteFile("-", &stdout, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil || stdout.String() != "x" {
		t.Errorf("- did not write to stdout: %q %v", stdout.String(), err)
	}
	if err := WriteFile(filepath.Join(dir, "no", "dir.xml"), nil, func(io.Writer) error { return nil }); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

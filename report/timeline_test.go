package report

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
)

// go test ./report -run Timeline -update rewrites the golden files from the real output.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n%s\nwant:\n%s", path, got, want)
	}
}

// timelineReport owes releases of every kind the timeline treats apart.
func timelineReport() Report {
	d := calendar.MustParseDate
	r := sample()
	r.Result = &checks.Result{Findings: []checks.Finding{
		{Target: "kubernetes", Product: "kubernetes", Release: "1.37", Released: d("2026-08-19"), Due: d("2026-11-19"), Status: checks.Pending, DaysLeft: intp(86)},
		{Target: "kubernetes", Product: "kubernetes", Release: "1.36", Released: d("2026-04-22"), Due: d("2026-07-22"), Status: checks.Overdue, DaysLeft: intp(-34)},
		{Target: "kubernetes", Product: "kubernetes", Release: "1.35", Released: d("2025-12-17"), Due: d("2026-03-17"), Status: checks.Overdue, DaysLeft: intp(-161)},
		{Target: "kubernetes", Product: "kubernetes", Release: "1.33", Released: d("2025-04-23"), Status: checks.EOL},
		{Target: "lts", Product: "ubuntu", Release: "26.04", Released: d("2026-04-23"), Due: d("2026-09-17"), Status: checks.DueSoon, DaysLeft: intp(23)},
		{Target: "debian", Product: "debian", Release: "12", Released: d("2023-06-10"), Due: d("2026-08-11"), Status: checks.Overdue, Kind: checks.Drop, DaysLeft: intp(-14)},
		{Target: "pg", Product: "postgresql", Release: "18", Released: d("2025-09-25"), Due: d("2026-02-19"), Status: checks.Snoozed, DaysLeft: intp(-187)},
		{Target: "pg", Product: "postgresql", Release: "17", Released: d("2024-09-26"), Status: checks.Supported},
		{Target: "openssl", Product: "openssl", Release: "4.0", Released: d("2026-04-14"), Due: d("2026-06-18"), Status: checks.Untracked, DaysLeft: intp(-68)},
		{Target: "x", Product: "x", Release: "9", Status: checks.Error},
	}}
	return r
}

// The timeline: releases to support only (no drop, snoozed, eol or
// calendar-mode finding), most urgent first by status, overdue crit,
// due-soon active, the evaluation date marked.
func TestTimelineGolden(t *testing.T) {
	chart, left := Timeline(timelineReport())
	if left != 0 {
		t.Errorf("left out %d, want 0", left)
	}
	golden(t, "timeline.md", chart)
}

// The markdown report shows the timeline after the table; a report that
// owes nothing has none.
func TestMarkdownTimeline(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, timelineReport()); err != nil {
		t.Fatal(err)
	}
	chart, _ := Timeline(timelineReport())
	table := strings.Index(b.String(), "| :red_circle: overdue | kubernetes | 1.35 |")
	at := strings.Index(b.String(), "\n\n"+chart+"\n")
	if table < 0 || at < table || strings.Contains(b.String(), "The timeline shows") {
		t.Errorf("the timeline is not after the table, whole:\n%s", b.String())
	}

	r := timelineReport()
	r.Findings = r.Findings[3:4] // eol only
	b.Reset()
	if err := Markdown(&b, r); err != nil || strings.Contains(b.String(), "mermaid") {
		t.Errorf("a timeline with nothing owed: %v\n%s", err, b.String())
	}
}

// At most MaxTimelineRows rows, the most urgent; the report says how many
// are left out.
func TestTimelineLimit(t *testing.T) {
	d := calendar.MustParseDate
	r := sample()
	r.Result = &checks.Result{}
	for i := range 40 {
		st := checks.Pending
		if i%4 == 0 {
			st = checks.Overdue
		}
		due := d("2026-09-01").AddDays(i)
		r.Findings = append(r.Findings, checks.Finding{Target: "t", Product: "t", Release: fmt.Sprintf("%d.0", i), Released: d("2026-01-01"), Due: due, Status: st, DaysLeft: intp(r.Now.DaysUntil(due))})
	}
	chart, left := Timeline(r)
	if left != 10 {
		t.Errorf("left out %d, want 10", left)
	}
	if n := strings.Count(chart, "2026-01-01, 2026-"); n != MaxTimelineRows {
		t.Errorf("%d rows, want %d", n, MaxTimelineRows)
	}
	// The 10 overdue first, then the 20 pending due soonest: the last
	// pending shown is due 2026-09-01 + 26 days (i = 26, the 20th not a multiple of 4).
	if !strings.Contains(chart, "    t 0.0 :crit, 2026-01-01, 2026-09-01\n") || !strings.Contains(chart, "    t 26.0 :2026-01-01, 2026-09-27\n") || strings.Contains(chart, "t 27.0 ") {
		t.Errorf("not the most urgent rows:\n%s", chart)
	}
	var b bytes.Buffer
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	if want := "```\n\nThe timeline shows the 30 most urgent releases to support; 10 more are in the table.\n\n"; !strings.Contains(b.String(), want) {
		t.Errorf("markdown lacks %q:\n%s", want, b.String())
	}
}

// A release or target name from the data or the policy cannot leave the
// mermaid block nor end keepup's section of an issue: everything after
// the block is as it would be with plain names.
func TestTimelineHostileNames(t *testing.T) {
	r := timelineReport()
	plain := timelineReport()
	hostile := []string{"1.0\n```\n\n# pwned", "<!-- keepup:end -->", "x:y #1; 50%", "section title", "```"}
	for i, h := range hostile {
		f := checks.Finding{Target: h, Product: "p", Release: h, Released: calendar.MustParseDate("2026-01-01"), Due: calendar.MustParseDate("2026-09-01"), Status: checks.DueSoon, DaysLeft: intp(7), Reason: "r"}
		r.Findings = append(r.Findings, f)
		f.Target, f.Release = "t", fmt.Sprint(i)
		plain.Findings = append(plain.Findings, f)
	}
	r.Notes = []string{"the note after the block"}
	plain.Notes = r.Notes
	chart, _ := Timeline(r)
	if strings.Count(chart, "```") != 2 || strings.Contains(chart, "<!--") || strings.Contains(chart, "\n#") {
		t.Errorf("a name left its place:\n%s", chart)
	}
	var b, want bytes.Buffer
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	if err := Markdown(&want, plain); err != nil {
		t.Fatal(err)
	}
	_, after, _ := strings.Cut(b.String(), chart)
	_, wantAfter, _ := strings.Cut(want.String(), func() string { c, _ := Timeline(plain); return c }())
	if after != wantAfter || after == "" {
		t.Errorf("after the block:\n%q\nwant:\n%q", after, wantAfter)
	}
	if n := strings.Count(chart, " :active, 2026-01-01, 2026-09-01\n"); n != len(hostile) {
		t.Errorf("%d hostile rows, want %d:\n%s", n, len(hostile), chart)
	}
}

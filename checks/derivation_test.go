package checks

import (
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/upstream"
)

// explainEqual compares Explain's lines with want, showing both in full.
func explainEqual(t *testing.T, what string, f Finding, want []string) {
	t.Helper()
	if got := f.Explain(); !slices.Equal(got, want) {
		t.Errorf("%s: explain\n  %s\nwant\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestExplainMonthWindow(t *testing.T) {
	f := find(t, evaluate(t, k8sPolicy, "2025-02-01", false), "kubernetes", "1.32")
	explainEqual(t, "1.32", f, []string{
		"released   2024-12-11 (test data)",
		"rule       3 months after release (policy test.yml:3:5)",
		"due        2025-03-11 = 2024-12-11 + 3 months",
		"due-soon   from 2025-02-09 (due_soon before the due date)",
		"status     pending: not supported, due 2025-03-11: 38 days left",
	})
	// A supported release has no deadline to explain.
	f = find(t, evaluate(t, k8sPolicy, "2025-02-01", false), "kubernetes", "1.31")
	explainEqual(t, "1.31", f, []string{
		"released   2024-08-13 (test data)",
		"status     supported: listed in supported",
	})
}

// A drop deadline counts from the end of life, and says so.
func TestExplainDropAfterEOL(t *testing.T) {
	f := find(t, evaluate(t, dropPolicy, "2026-04-29", false), "kubernetes", "1.31")
	explainEqual(t, "1.31", f, []string{
		"released   2024-08-13 (test data)",
		"eol        2025-10-28 (test data)",
		"rule       6 months after end of life (policy test.yml:3:5)",
		"due        2026-04-28 = 2025-10-28 + 6 months",
		"due-soon   from 2026-03-29 (due_soon before the due date)",
		"status     overdue: still supported 6 months after upstream end of life (2025-10-28); drop it: due 2026-04-28, 1 day late",
	})
}

// A calendar of bare dates numbers the milestones counted, without titles;
// a due date it cannot give is unknown, with no due-soon date.
func TestExplainBareDateCalendar(t *testing.T) {
	cat := catalog{"os": {Name: "os", Source: "test data", Releases: []upstream.Release{
		{Name: "2.0", Released: d("2025-03-01")},
		{Name: "1.0", Released: d("2025-01-16")},
	}}}
	p := "version: 1\ntargets:\n  - name: os\n    product: os\n    window: 2 milestones\n"
	cal, err := calendar.FromDates("calendar.dates", []calendar.Milestone{{Date: d("2025-01-16")}, {Date: d("2025-02-20")}, {Date: d("2025-03-20")}})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(Input{Policy: policy(t, p), Catalog: cat, Calendar: cal, Now: d("2025-03-21")})
	if err != nil {
		t.Fatal(err)
	}
	explainEqual(t, "1.0", find(t, res, "os", "1.0"), []string{
		"released   2025-01-16 (test data)",
		"rule       2 milestones after release (policy test.yml:3:5)",
		"calendar   calendar.dates",
		"  1.       milestone released 2025-02-20",
		"  2.       milestone released 2025-03-20",
		"due        2025-03-20: the release day of milestone 2 after 2025-01-16",
		"due-soon   from 2025-02-18 (due_soon before the due date)",
		"status     untracked: calendar mode: the target lists no supported releases",
	})
	explainEqual(t, "2.0", find(t, res, "os", "2.0"), []string{
		"released   2025-03-01 (test data)",
		"rule       2 milestones after release (policy test.yml:3:5)",
		"calendar   calendar.dates",
		"due        unknown: the milestone calendar (calendar.dates) ends on 2025-03-20, before 2 milestones after 2025-03-01: add later milestones to it",
		"status     untracked: calendar mode: the target lists no supported releases; the milestone calendar (calendar.dates) ends on 2025-03-20, before 2 milestones after 2025-03-01: add later milestones to it",
	})
}

func TestExplainWarnAndIgnore(t *testing.T) {
	p := "version: 1\ntargets:\n  - name: db\n    product: os\n    warn: 3 milestones\n    window: 5 milestones\n    supported: [\"15.6\"]\n" +
		"ignore:\n  - target: db\n    release: \"15.7\"\n    until: 2025-09-30\n    reason: waiting for the new driver\n"
	f := find(t, evaluate(t, p, "2025-09-01", false), "db", "15.7")
	text := strings.Join(f.Explain(), "\n")
	for _, want := range []string{
		"\nwarn       2025-08-21 = 2025-06-17 + 3 milestones\n",
		// One due-soon date: the earlier of warn and due_soon.
		"\ndue-soon   from 2025-08-21 (the warn date; due_soon before the due date is later, 2025-09-16)\n",
		"\nignore     test.yml:9:5: until 2025-09-30, \"waiting for the new driver\"\n",
		"\nstatus     snoozed: would be due-soon (not supported, past the warn window (3 milestones, 2025-08-21); due 2025-10-16: 45 days left); ignored until 2025-09-30: waiting for the new driver",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "due-soon   from"); n != 1 {
		t.Errorf("%d due-soon dates, want one:\n%s", n, text)
	}

	// A warn window that ends after due_soon starts: due-soon from due_soon.
	p = "version: 1\ndue_soon: 60 days\ntargets:\n  - name: db\n    product: os\n    warn: 4 milestones\n    window: 5 milestones\n    supported: [\"15.6\"]\n"
	f = find(t, evaluate(t, p, "2025-09-01", false), "db", "15.7")
	text = strings.Join(f.Explain(), "\n")
	for _, want := range []string{
		"\nwarn       2025-09-18 = 2025-06-17 + 4 milestones\n",
		"\ndue-soon   from 2025-08-17 (due_soon before the due date)\n",
		"\nstatus     due-soon: ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "due-soon   from"); n != 1 {
		t.Errorf("%d due-soon dates, want one:\n%s", n, text)
	}
}

// A finding built with a window but no due-soon date, as other packages'
// tests build them, explains no empty due-soon date.
func TestExplainWithoutDueSoonDate(t *testing.T) {
	f := Finding{Product: "k8s", Release: "1.32", Released: d("2024-12-11"), Due: d("2025-03-11"), Status: Pending, Rule: "3 months after release",
		Why: Derivation{ReleaseSource: "test data", From: d("2024-12-11"), FromWhat: "release", Window: calendar.Window{N: 3, Unit: calendar.Months}}}
	for _, l := range f.Explain() {
		if strings.HasPrefix(l, "due-soon") {
			t.Errorf("explain has %q", l)
		}
	}
}

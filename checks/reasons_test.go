package checks

import (
	"maps"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
)

// Each status says why in one line, with the due date and the days counted
// the right way round: late days for overdue findings, days left otherwise.
func TestReasonsCountDays(t *testing.T) {
	tests := []struct{ now, want string }{
		{"2024-12-11", "not supported, due 2025-03-11: 90 days left"},
		{"2025-03-10", "not supported, due 2025-03-11: 1 day left"},
		{"2025-03-11", "not supported, due 2025-03-11: 0 days left"},
		{"2025-03-12", "not supported, due 2025-03-11: 1 day late"},
		{"2026-01-01", "not supported, due 2025-03-11: 296 days late"},
	}
	for _, tt := range tests {
		if f := find(t, evaluate(t, k8sPolicy, tt.now, false), "kubernetes", "1.32"); f.Reason != tt.want {
			t.Errorf("now %s: reason %q, want %q", tt.now, f.Reason, tt.want)
		}
	}
}

func TestWarnWindowReason(t *testing.T) {
	p := "version: 1\ntargets:\n  - name: db\n    product: os\n    warn: 3 milestones\n    window: 5 milestones\n    supported: [\"15.6\"]\n"
	f := find(t, evaluate(t, p, "2025-08-21", false), "db", "15.7")
	if want := "not supported, past the warn window (3 milestones, 2025-08-21); due 2025-10-16: 56 days left"; f.Reason != want {
		t.Errorf("reason %q, want %q", f.Reason, want)
	}
}

const dropPolicy = `version: 1
targets:
  - name: kubernetes
    product: k8s
    window: 3 months
    drop_after_eol: 6 months
    supported: ["1.31", "1.32", "1.33"]
`

// Kubernetes 1.31 reached end of life on 2025-10-28; with drop_after_eol
// 6 months it must be dropped by 2026-04-28.
func TestDropAfterEOLReasons(t *testing.T) {
	tests := []struct {
		now    string
		status Status
		left   int
		reason string
	}{
		{"2026-04-27", EOL, 1, "supported, but upstream end of life was 2025-10-28: drop it by 2026-04-28, 1 day left"},
		{"2026-04-29", Overdue, -1, "still supported 6 months after upstream end of life (2025-10-28); drop it: due 2026-04-28, 1 day late"},
		{"2026-05-08", Overdue, -10, "still supported 6 months after upstream end of life (2025-10-28); drop it: due 2026-04-28, 10 days late"},
	}
	for _, tt := range tests {
		f := find(t, evaluate(t, dropPolicy, tt.now, false), "kubernetes", "1.31")
		if f.Status != tt.status || f.DaysLeft == nil || *f.DaysLeft != tt.left || f.Reason != tt.reason {
			t.Errorf("now %s: %s %v %q; want %s %d %q", tt.now, f.Status, f.DaysLeft, f.Reason, tt.status, tt.left, tt.reason)
		}
	}
	plain := strings.Replace(dropPolicy, "    drop_after_eol: 6 months\n", "", 1)
	f := find(t, evaluate(t, plain, "2026-04-29", false), "kubernetes", "1.31")
	if want := "supported, but upstream end of life was 2025-10-28: drop it per policy"; f.Status != EOL || f.Reason != want || f.Rule != "" {
		t.Errorf("without drop_after_eol: %s %q rule %q; want eol %q and no rule", f.Status, f.Reason, f.Rule, want)
	}
}

// shortCalendar has two milestones only, so that milestone windows run
// past its end.
func shortCalendar(t *testing.T) *calendar.Calendar {
	t.Helper()
	cal, err := calendar.FromDates("calendar.dates", []calendar.Milestone{{Date: d("2025-01-16")}, {Date: d("2025-02-20")}})
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// A drop date the calendar cannot give is an error finding, not a silent
// eol.
func TestDropDateBeyondTheCalendar(t *testing.T) {
	p := strings.Replace(dropPolicy, "drop_after_eol: 6 months", "drop_after_eol: 2 milestones", 1)
	res, err := Evaluate(Input{Policy: policy(t, p), Catalog: testCatalog, Calendar: shortCalendar(t), Now: d("2026-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	f := find(t, res, "kubernetes", "1.31")
	want := "no drop date: the milestone calendar (calendar.dates) ends on 2025-02-20, before 2 milestones after 2025-10-28: add later milestones to it"
	if f.Status != Error || f.Reason != want || f.DaysLeft != nil {
		t.Errorf("%s %q %v; want error %q without days left", f.Status, f.Reason, f.DaysLeft, want)
	}
}

func TestCalendarModeReasons(t *testing.T) {
	p := "version: 1\ntargets:\n  - name: os\n    product: os\n    window: 3 milestones\n"
	f := find(t, evaluate(t, p, "2025-12-01", false), "os", "16.0")
	if want := "calendar mode: the target lists no supported releases"; f.Reason != want || f.Due != d("2025-12-18") {
		t.Errorf("reason %q due %s; want %q due 2025-12-18", f.Reason, f.Due, want)
	}
	// A due date the calendar cannot give is said, still never a breach.
	res, err := Evaluate(Input{Policy: policy(t, p), Catalog: testCatalog, Calendar: shortCalendar(t), Now: d("2025-12-01")})
	if err != nil {
		t.Fatal(err)
	}
	f = find(t, res, "os", "16.0")
	want := "calendar mode: the target lists no supported releases; the milestone calendar (calendar.dates) ends on 2025-02-20, before 3 milestones after 2025-10-01: add later milestones to it"
	if f.Status != Untracked || f.Reason != want || !f.Due.IsZero() {
		t.Errorf("beyond the calendar: %s %q due %s; want untracked %q without a due date", f.Status, f.Reason, f.Due, want)
	}
}

func TestCounts(t *testing.T) {
	res := evaluate(t, k8sPolicy, "2025-06-01", false)
	want := map[Status]int{Pending: 1, Overdue: 1, Supported: 1}
	if got := res.Counts(); !maps.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	res = evaluate(t, strings.Replace(k8sPolicy, `"1.31"`, `"1.31", "1.32", "1.33"`, 1), "2025-06-01", false)
	if got := res.Counts(); !maps.Equal(got, map[Status]int{Supported: 3}) {
		t.Errorf("everything supported: counts %v, want 3 supported", got)
	}
}

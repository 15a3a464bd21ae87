package checks

import (
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/config"
)

func TestLabelsGateScopes(t *testing.T) {
	req := []string{"type::"}
	for labels, pass := range map[string]bool{
		"type::bug":                  true,
		"type::bug,type::feature":    false,
		"type::":                     false, // the scope itself is no label of it
		"type::bug::sub":             false, // a deeper scope is another scope
		"type::bug::sub,type::maint": true,
		"group::x":                   false,
	} {
		c := LabelsGate(strings.Split(labels, ","), req)
		if c.Passed != pass {
			t.Errorf("labels %s: passed %v, want %v (%v)", labels, c.Passed, pass, c.Details)
		}
	}
	if c := LabelsGate(nil, nil); !c.Passed || !strings.Contains(c.Summary, "no labels are required") {
		t.Errorf("no requirements: %+v", c)
	}
}

func TestRedFor(t *testing.T) {
	since := time.Date(2026, 8, 20, 10, 0, 0, 0, time.UTC)
	b := BranchState{Branch: "main", Latest: &Pipeline{ID: 9, Status: "failed"}, FirstRed: &Pipeline{ID: 7, Created: since}, Walked: 3}
	for now, want := range map[time.Time]string{
		since.Add(30 * time.Minute): "red since 2026-08-20 10:00 UTC (30 minutes, first failed pipeline #7)",
		since.Add(5 * time.Hour):    "(5 hours,",
		since.Add(73 * time.Hour):   "(3 days,",
	} {
		if got := b.RedFor(now); !strings.Contains(got, want) {
			t.Errorf("RedFor(+%s) = %q, want %q", now.Sub(since), got, want)
		}
	}
	if got := b.RedSince(); got != "red since 2026-08-20 10:00 UTC, first failed pipeline #7" {
		t.Errorf("RedSince = %q", got)
	}
	b.Bounded = true
	if got := b.RedFor(since.Add(73 * time.Hour)); !strings.Contains(got, "red for at least 3 days: the last 3 finished pipelines all failed") {
		t.Errorf("bounded: %q", got)
	}
	b.Latest.Status = "success"
	if b.Red() || b.RedFor(since) != "" {
		t.Error("a green branch is not red")
	}
	g := RedMainGate(BranchState{Branch: "main", Latest: &Pipeline{ID: 1, Status: "failed"}}, []string{"pipeline::expedited"}, config.DefaultGate().RedMain, since)
	if !g.Passed || !strings.Contains(g.Summary, "carries `pipeline::expedited`") {
		t.Errorf("allow label: %+v", g)
	}
}

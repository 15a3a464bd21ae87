package checks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/config"
)

var redSince = time.Date(2026, 8, 20, 10, 0, 0, 0, time.UTC)

func redBranch() BranchState {
	return BranchState{
		Branch:     "main",
		Latest:     &Pipeline{ID: 9, Status: "failed", URL: "https://gitlab.example/p/-/pipelines/9"},
		FailedJobs: []Job{{Name: "test", Stage: "check", URL: "https://gitlab.example/p/-/jobs/90"}},
		FirstRed:   &Pipeline{ID: 7, Created: redSince},
		Walked:     3,
	}
}

func TestDescribe(t *testing.T) {
	now := redSince.Add(73 * time.Hour)
	green := BranchState{Branch: "main", Latest: &Pipeline{ID: 9, Status: "success"}}
	for _, tt := range []struct {
		b    BranchState
		want string
	}{
		{BranchState{Branch: "main"}, "the default branch main has no finished pipeline yet"},
		{green, "the default branch main is green: pipeline #9 succeeded"},
		{redBranch(), "the default branch main is red since 2026-08-20 10:00 UTC (3 days, first failed pipeline #7): pipeline #9 failed (https://gitlab.example/p/-/pipelines/9)"},
	} {
		if got := tt.b.Describe(now); got != tt.want {
			t.Errorf("Describe = %q, want %q", got, tt.want)
		}
	}
}

// How long a branch has been red is told in whole minutes below two hours,
// whole hours below two days, whole days from then on.
func TestRedForUnits(t *testing.T) {
	b := redBranch()
	for d, want := range map[time.Duration]string{
		2*time.Hour - time.Minute:  "(119 minutes,",
		2 * time.Hour:              "(2 hours,",
		48*time.Hour - time.Minute: "(47 hours,",
		48 * time.Hour:             "(2 days,",
		71 * time.Hour:             "(2 days,",
	} {
		if got := b.RedFor(redSince.Add(d)); !strings.Contains(got, want) {
			t.Errorf("RedFor(+%s) = %q, want %q", d, got, want)
		}
	}
	b.FirstRed = nil
	if got := b.RedFor(redSince); got != "" {
		t.Errorf("RedFor without a first red pipeline = %q, want empty", got)
	}
}

func TestRedMainGate(t *testing.T) {
	cfg := config.DefaultGate().RedMain
	now := redSince.Add(73 * time.Hour)

	g := RedMainGate(BranchState{Branch: "main"}, nil, cfg, now)
	if !g.Passed || g.Summary != "the default branch main has no finished pipeline yet: nothing to hold back" || len(g.Details) != 0 {
		t.Errorf("no pipeline: %+v", g)
	}
	g = RedMainGate(BranchState{Branch: "main", Latest: &Pipeline{ID: 9, Status: "success"}}, nil, cfg, now)
	if !g.Passed || g.Summary != "the default branch main is green: pipeline #9 succeeded" || len(g.Details) != 0 {
		t.Errorf("green: %+v", g)
	}

	g = RedMainGate(redBranch(), []string{"type::bug"}, cfg, now)
	if g.Passed || g.Summary != "the default branch main is red (pipeline #9 failed): fixing it comes first" {
		t.Errorf("red: %+v", g)
	}
	if len(g.Details) != 4 ||
		g.Details[0] != "pipeline #9 failed: https://gitlab.example/p/-/pipelines/9" ||
		g.Details[1] != "failed job test (stage check): https://gitlab.example/p/-/jobs/90" ||
		!strings.HasPrefix(g.Details[2], "red since 2026-08-20 10:00 UTC, first failed pipeline #7") ||
		g.Details[3] != "fix: merge the fix first; a merge request that fixes the branch passes with one of the labels pipeline::expedited, main:broken, master:broken" {
		t.Errorf("red: details\n  %s", strings.Join(g.Details, "\n  "))
	}

	// Without the first failure known, there is no since line, and no
	// empty one either.
	b := redBranch()
	b.FirstRed = nil
	g = RedMainGate(b, nil, cfg, now)
	if len(g.Details) != 3 || slices.Contains(g.Details, "") || strings.Contains(strings.Join(g.Details, "\n"), "red since") {
		t.Errorf("red, first failure unknown: details %q", g.Details)
	}

	// The allow label may come anywhere among the merge request's labels.
	g = RedMainGate(redBranch(), []string{"type::bug", "main:broken"}, cfg, now)
	if !g.Passed || g.Summary != "the default branch main is red, but this merge request carries `main:broken`: it may pass to fix it" || len(g.Details) != 3 {
		t.Errorf("red with an allow label: %+v", g)
	}
}

func TestLabelsGateMessages(t *testing.T) {
	g := LabelsGate([]string{"type::bug", "type::feature"}, []string{"needs-review", "type::", "group::"})
	want := []string{
		"missing label needs-review: add it",
		"conflicting type:: labels `type::bug`, `type::feature`: keep exactly one",
		"missing a group:: label: add exactly one group::<name> label",
	}
	if g.Passed || g.Summary != "the merge request's labels do not meet gate.labels.required" || !slices.Equal(g.Details, want) {
		t.Errorf("failing: %+v", g)
	}
	g = LabelsGate([]string{"needs-review", "type::bug"}, []string{"needs-review", "type::"})
	if !g.Passed || g.Summary != "the required labels are present: needs-review, type::" || len(g.Details) != 0 {
		t.Errorf("passing: %+v", g)
	}
}

func TestGateResultPassed(t *testing.T) {
	pass, fail := GateCheck{Name: "labels", Passed: true}, GateCheck{Name: "red-main"}
	for _, tt := range []struct {
		checks []GateCheck
		want   bool
	}{
		{nil, true},
		{[]GateCheck{pass}, true},
		{[]GateCheck{pass, fail}, false},
		{[]GateCheck{fail, pass}, false},
	} {
		if got := (GateResult{Checks: tt.checks}).Passed(); got != tt.want {
			t.Errorf("Passed(%+v) = %v", tt.checks, got)
		}
	}
}

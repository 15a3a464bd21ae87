package report

import (
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/checks"
)

// Within one status the fewest days left come first, findings without a
// due date last, and ties keep policy order.
func TestByUrgencyWithinAStatus(t *testing.T) {
	r := Report{Result: &checks.Result{Findings: []checks.Finding{
		{Release: "none-1", Status: checks.Pending},
		{Release: "in-30", Status: checks.Pending, DaysLeft: intp(30)},
		{Release: "none-2", Status: checks.Pending},
		{Release: "in-5", Status: checks.Pending, DaysLeft: intp(5)},
		{Release: "late-2", Status: checks.Overdue, DaysLeft: intp(-2)},
		{Release: "late-9", Status: checks.Overdue, DaysLeft: intp(-9)},
		{Release: "in-5b", Status: checks.Pending, DaysLeft: intp(5)},
	}}}
	var got []string
	for _, f := range r.ByUrgency() {
		got = append(got, f.Release)
	}
	if want := "late-9,late-2,in-5,in-5b,in-30,none-1,none-2"; strings.Join(got, ",") != want {
		t.Errorf("order %v, want %s", got, want)
	}
	if r.Findings[0].Release != "none-1" {
		t.Error("ByUrgency reordered the report's own findings")
	}
}

func TestWhenEdges(t *testing.T) {
	for _, tt := range []struct {
		left   int
		status checks.Status
		want   string
	}{
		{0, checks.Untracked, "due today"},
		{-1, checks.Untracked, "1 day ago"},
		{1, checks.Untracked, "in 1 day"},
		{1, checks.Pending, "in 1 day"},
		{-2, checks.Snoozed, "2 days late"},
	} {
		if got := When(checks.Finding{DaysLeft: intp(tt.left), Status: tt.status}); got != tt.want {
			t.Errorf("When(%d days, %s) = %q, want %q", tt.left, tt.status, got, tt.want)
		}
	}
}

package checks

import (
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/config"
)

// The red-main gate says for how many days the branch has been red as of
// now's date: the same all day long, and following --now.
func TestRedMainGateDaysAsOfNow(t *testing.T) {
	first := time.Date(2026, 8, 20, 12, 0, 0, 0, time.UTC)
	b := BranchState{Branch: "main",
		Latest:   &Pipeline{ID: 9, Status: "failed", URL: "https://gitlab.example/p/9", Created: first.Add(time.Hour)},
		FirstRed: &Pipeline{ID: 8, Status: "failed", URL: "https://gitlab.example/p/8", Created: first}}
	for _, tt := range []struct {
		now  time.Time
		want string // "" when no day count is given
	}{
		{time.Date(2026, 8, 25, 0, 1, 0, 0, time.UTC), " (5 days as of 2026-08-25)"},
		{time.Date(2026, 8, 25, 23, 59, 0, 0, time.UTC), " (5 days as of 2026-08-25)"},
		{time.Date(2026, 8, 21, 9, 0, 0, 0, time.UTC), " (1 day as of 2026-08-21)"},
		{time.Date(2026, 8, 20, 13, 0, 0, 0, time.UTC), " (0 days as of 2026-08-20)"},
		{time.Date(2026, 8, 19, 13, 0, 0, 0, time.UTC), ""}, // now is before the red spell
	} {
		c := RedMainGate(b, nil, config.DefaultGate().RedMain, tt.now)
		want := "red since 2026-08-20 12:00 UTC, first failed pipeline #8" + tt.want
		if c.Passed || !strings.Contains(strings.Join(c.Details, "\n"), want+"\n") {
			t.Errorf("now %s: details\n%s\nwant the line %q", tt.now, strings.Join(c.Details, "\n"), want)
		}
	}
}

// A merge request's labels are shown as inline code, without control
// characters: in a note, a line break in a label could start a quick action.
func TestLabelsAsCode(t *testing.T) {
	c := LabelsGate([]string{"type::a\n/close", "type::b`c", "type::d`"}, []string{"type::"})
	want := "conflicting type:: labels `type::a/close`, ``type::b`c``, `` type::d` ``: keep exactly one"
	if c.Passed || len(c.Details) != 1 || c.Details[0] != want {
		t.Errorf("details %q, want %q", c.Details, want)
	}
	g := RedMainGate(BranchState{Branch: "main", Latest: &Pipeline{ID: 1, Status: "failed"}}, []string{"x", "main:broken"}, config.DefaultGate().RedMain, time.Time{})
	if !g.Passed || g.Summary != "the default branch main is red, but this merge request carries `main:broken`: it may pass to fix it" {
		t.Errorf("allow label: %q", g.Summary)
	}
}

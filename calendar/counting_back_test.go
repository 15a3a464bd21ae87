package calendar

import (
	"strings"
	"testing"
)

// Counting back is what due_soon does: the due-soon date is the due date
// minus the window.
func TestWindowBefore(t *testing.T) {
	tests := []struct{ window, from, want string }{
		{"30 days", "2025-03-11", "2025-02-09"},
		{"1 day", "2025-01-01", "2024-12-31"},
		{"0 days", "2025-03-11", "2025-03-11"},
		{"2 weeks", "2025-03-11", "2025-02-25"},
		{"1 week", "2024-03-01", "2024-02-23"},
		{"1 month", "2025-03-31", "2025-02-28"},
		{"3 months", "2025-03-11", "2024-12-11"},
		{"12 months", "2025-01-31", "2024-01-31"},
	}
	for _, tt := range tests {
		w, err := ParseWindow(tt.window)
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.Before(MustParseDate(tt.from))
		if err != nil || got.String() != tt.want {
			t.Errorf("%s - %s = %s, %v; want %s", tt.from, tt.window, got, err, tt.want)
		}
	}
	_, err := Window{N: 2, Unit: Milestones}.Before(MustParseDate("2025-03-11"))
	if err == nil || err.Error() != "window 2 milestones cannot count back from a date" {
		t.Errorf("milestones back: %v", err)
	}
	_, _, err = Window{}.Apply(GitLab(), MustParseDate("2025-03-11"))
	if err == nil || !strings.Contains(err.Error(), "has no unit") {
		t.Errorf("a window without a unit applied: %v", err)
	}
}

// The zero window means "none"; a window of zero days is a window.
func TestWindowIsZero(t *testing.T) {
	if !(Window{}).IsZero() {
		t.Error("Window{} is not zero")
	}
	for _, s := range []string{"0 days", "0 milestones", "1 day"} {
		if w, _ := ParseWindow(s); w.IsZero() {
			t.Errorf("%q is zero", s)
		}
	}
	if (Window{}).String() != "" {
		t.Errorf("Window{}.String() = %q, want empty", Window{}.String())
	}
}

// Month arithmetic across year boundaries, both ways, where the month
// index is a whole multiple of twelve.
func TestAddMonthsAcrossYears(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-15", -12, "2023-01-15"},
		{"2024-01-15", -24, "2022-01-15"},
		{"2024-01-15", -1, "2023-12-15"},
		{"2024-12-15", 1, "2025-01-15"},
		{"2024-12-15", 12, "2025-12-15"},
		{"2024-01-15", 12, "2025-01-15"},
		{"2024-02-29", -12, "2023-02-28"},
	}
	for _, tt := range tests {
		if got := MustParseDate(tt.from).AddMonths(tt.n); got.String() != tt.want {
			t.Errorf("%s + %d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

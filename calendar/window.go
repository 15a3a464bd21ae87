package calendar

import (
	"fmt"
	"strconv"
	"strings"
)

// Unit is the unit a Window counts in.
type Unit int

// The units of a window.
const (
	Days Unit = iota + 1
	Weeks
	Months
	Milestones
)

var unitNames = map[Unit][2]string{
	Days:       {"day", "days"},
	Weeks:      {"week", "weeks"},
	Months:     {"month", "months"},
	Milestones: {"milestone", "milestones"},
}

// Window is how long after a date something may take: "3 months",
// "2 milestones", "6 weeks", "30 days". The zero Window means "none".
type Window struct {
	N    int
	Unit Unit
}

// maxWindow bounds N so that arithmetic on any date stays far from overflow
// and a typo such as "30000 months" is caught.
const maxWindow = 10000

// ParseWindow parses "N unit", where unit is day(s), week(s), month(s) or
// milestone(s) and N is a whole number from 0 to 10000.
func ParseWindow(s string) (Window, error) {
	fields := strings.Fields(s)
	if len(fields) != 2 {
		return Window{}, fmt.Errorf("%q is not a window: want a number and a unit, like \"3 months\", \"2 milestones\", \"6 weeks\" or \"30 days\"", s)
	}
	n, err := strconv.Atoi(fields[0])
	if err != nil || n < 0 || n > maxWindow {
		return Window{}, fmt.Errorf("%q is not a window: %q is not a whole number from 0 to %d", s, fields[0], maxWindow)
	}
	name := strings.ToLower(fields[1])
	for u, names := range unitNames {
		if name == names[0] || name == names[1] {
			return Window{N: n, Unit: u}, nil
		}
	}
	return Window{}, fmt.Errorf("%q is not a window: unit %q is not one of days, weeks, months, milestones", s, fields[1])
}

// IsZero reports whether w is the zero (absent) window.
func (w Window) IsZero() bool { return w == Window{} }

// String formats w as ParseWindow reads it: "1 month", "3 milestones".
func (w Window) String() string {
	names, ok := unitNames[w.Unit]
	if !ok {
		return ""
	}
	if w.N == 1 {
		return "1 " + names[0]
	}
	return strconv.Itoa(w.N) + " " + names[1]
}

// MarshalText writes w as ParseWindow reads it.
func (w Window) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// Apply returns from + w. For a milestone window it also returns the
// milestones counted, in order: the due date is the release day of the N-th
// milestone released strictly after from. Only a milestone window needs cal
// and only it can fail, when cal has too few milestones after from.
func (w Window) Apply(cal *Calendar, from Date) (due Date, counted []Milestone, err error) {
	switch w.Unit {
	case Days:
		return from.AddDays(w.N), nil, nil
	case Weeks:
		return from.AddDays(7 * w.N), nil, nil
	case Months:
		return from.AddMonths(w.N), nil, nil
	case Milestones:
		if w.N == 0 {
			return from, nil, nil
		}
		counted, err := cal.After(from, w.N)
		if err != nil {
			return Date{}, nil, err
		}
		return counted[len(counted)-1].Date, counted, nil
	}
	return Date{}, nil, fmt.Errorf("window %v has no unit", w)
}

// Before returns d - w: the date w before d. Milestone windows do not count
// backwards and give an error.
func (w Window) Before(d Date) (Date, error) {
	switch w.Unit {
	case Days:
		return d.AddDays(-w.N), nil
	case Weeks:
		return d.AddDays(-7 * w.N), nil
	case Months:
		return d.AddMonths(-w.N), nil
	}
	return Date{}, fmt.Errorf("window %v cannot count back from a date", w)
}

package checks

import (
	"fmt"
)

// Explain says how f's due date was computed, one line a step: the release
// date and where it came from, the rule, each milestone counted, the due
// date, and the status with why.
func (f Finding) Explain() []string {
	return append(f.Steps(), fmt.Sprintf("%-10s %s: %s", "status", f.Status, f.Reason))
}

// Steps is Explain without the status line: the derivation alone, which
// does not change from day to day.
func (f Finding) Steps() []string {
	w := f.Why
	var lines []string
	add := func(label, format string, args ...any) {
		lines = append(lines, fmt.Sprintf("%-10s %s", label, fmt.Sprintf(format, args...)))
	}
	switch {
	case f.Released.IsZero():
		add("released", "unknown: %s %s is not in the data (%s); %s", f.Product, f.Release, w.ReleaseSource, w.Unknown)
	default:
		add("released", "%s (%s)", f.Released, w.ReleaseSource)
	}
	if w.Window.IsZero() {
		return lines
	}
	if f.Kind == Drop {
		add("eol", "%s (%s)", w.From, w.ReleaseSource)
	}
	add("rule", "%s (policy %s)", f.Rule, f.Pos)
	if w.CalendarSource != "" {
		add("calendar", "%s", w.CalendarSource)
		for i, m := range w.Counted {
			if m.Title == m.Date.String() { // a calendar of bare dates
				add(fmt.Sprintf("  %d.", i+1), "milestone released %s", m.Date)
			} else {
				add(fmt.Sprintf("  %d.", i+1), "milestone %s released %s", m.Title, m.Date)
			}
		}
	}
	switch {
	case w.Problem != "":
		add("due", "unknown: %s", w.Problem)
	case w.CalendarSource != "":
		add("due", "%s: the release day of milestone %d after %s", f.Due, w.Window.N, w.From)
	default:
		add("due", "%s = %s + %s", f.Due, w.From, w.Window)
	}
	// Due-soon starts at the earlier of the warn date and due_soon before
	// the due date: one line gives that day, and why.
	if !w.Warn.IsZero() {
		add("warn", "%s = %s + %s", w.Warn, w.From, w.WarnWindow)
	}
	switch {
	case w.SoonFrom.IsZero() || w.Problem != "":
		if !w.Warn.IsZero() {
			add("due-soon", "from %s (the warn date)", w.Warn)
		}
	case !w.Warn.IsZero() && w.Warn.Before(w.SoonFrom):
		add("due-soon", "from %s (the warn date; due_soon before the due date is later, %s)", w.Warn, w.SoonFrom)
	default:
		add("due-soon", "from %s (due_soon before the due date)", w.SoonFrom)
	}
	if w.Snooze != nil {
		add("ignore", "%s: until %s, %q", w.Snooze.Pos, w.Snooze.Until, w.Snooze.Reason)
	}
	return lines
}

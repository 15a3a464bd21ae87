// Package checks evaluates a policy: for every target and release it
// computes the due date and one status. It knows nothing of GitLab, files or
// the terminal: what it returns is data for reports and side effects.
package checks

import (
	"fmt"
	"strings"
)

// Status is the state of one (target, release) pair; see design.md section 3.
type Status string

// The statuses, most severe first in Rank order.
const (
	Overdue     Status = "overdue"      // required, not supported, due date passed: a breach
	Error       Status = "error"        // the due date could not be computed
	DueSoon     Status = "due-soon"     // required, due within due_soon or past the warn window
	EOL         Status = "eol"          // supported, but upstream end of life has passed
	Pending     Status = "pending"      // required, due later
	Snoozed     Status = "snoozed"      // would be pending/due-soon/overdue, but an ignore entry covers it
	Untracked   Status = "untracked"    // calendar mode: the target lists no supported releases
	Supported   Status = "supported"    // the project supports this release
	NotRequired Status = "not-required" // older than the newest supported release (shown with --all)
)

// Statuses lists every status in Rank order.
var Statuses = []Status{Overdue, Error, DueSoon, EOL, Pending, Snoozed, Untracked, Supported, NotRequired}

// Rank orders statuses for people: overdue first.
func (s Status) Rank() int {
	for i, x := range Statuses {
		if x == s {
			return i
		}
	}
	return len(Statuses)
}

// Severity is how much a status matters: ok, info, warning or error.
type Severity int

// The severities.
const (
	OK Severity = iota
	Info
	Warning
	Failure
)

func (v Severity) String() string {
	return [...]string{"ok", "info", "warning", "error"}[v]
}

// Severity returns the severity of s per design.md section 3.
func (s Status) Severity() Severity {
	switch s {
	case Overdue, Error:
		return Failure
	case DueSoon, EOL:
		return Warning
	case Supported, NotRequired:
		return OK
	}
	return Info
}

// FailOn is the threshold at which findings fail the run.
type FailOn string

// The thresholds of --fail-on.
const (
	FailOnOverdue FailOn = "overdue"
	FailOnDueSoon FailOn = "due-soon"
	FailOnNever   FailOn = "never"
)

// ParseFailOn parses a --fail-on value.
func ParseFailOn(s string) (FailOn, error) {
	switch f := FailOn(strings.ToLower(strings.TrimSpace(s))); f {
	case FailOnOverdue, FailOnDueSoon, FailOnNever:
		return f, nil
	}
	return "", fmt.Errorf("--fail-on %q: expected overdue, due-soon or never", s)
}

// Fails reports whether a finding of status s fails a run at threshold f:
// at overdue, overdue findings do; at due-soon, the warnings too (due-soon
// and eol, docs/design.md section 3). Error findings are not breaches: the
// run exits 2 for them whatever f is.
func (f FailOn) Fails(s Status) bool {
	switch f {
	case FailOnOverdue:
		return s == Overdue
	case FailOnDueSoon:
		return s == Overdue || s == DueSoon || s == EOL
	}
	return false
}

package cli

// This file marks up check's and gate's output for a GitLab CI job log
// (GITLAB_CI=true): collapsible sections around the long parts, and a
// one-line verdict at the end.

import (
	"fmt"
	"io"
	"strings"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/report"
)

// The job log's sections.
const (
	sectionFindings = "keepup_findings" // check's table
	sectionIssues   = "keepup_issues"   // check's issue actions
	sectionGate     = "keepup_gate"     // the gate's checks and their details
)

// jobLog writes GitLab's job-log markup to w. A nil *jobLog writes
// nothing: outside GitLab CI, and when a report writes to stdout, which
// is then the report alone.
type jobLog struct {
	w io.Writer
	// at is the sections' timestamp, in seconds since 1970: the app's
	// clock reading, so that a run's log is the same for the same clock.
	at int64
}

// jobLog returns the job-log markup of a command writing its results to w,
// or nil outside GitLab CI or when a report has stdout.
func (a *App) jobLog(w io.Writer, reportOnStdout bool) *jobLog {
	if a.environ["GITLAB_CI"] != "true" || reportOnStdout {
		return nil
	}
	return &jobLog{w: w, at: a.Now.Unix()}
}

// section writes what write writes inside a section of the job log named
// name (letters, digits, _ . -) with header on its line, collapsed in the
// log when collapsed is set. Without a job log, it only calls write.
func (j *jobLog) section(name, header string, collapsed bool, write func()) {
	if j == nil {
		write()
		return
	}
	opts := ""
	if collapsed {
		opts = "[collapsed=true]"
	}
	fmt.Fprintf(j.w, "\x1b[0Ksection_start:%d:%s%s\r\x1b[0K%s\n", j.at, name, opts, oneLine(header))
	write()
	fmt.Fprintf(j.w, "\x1b[0Ksection_end:%d:%s\r\x1b[0K\n", j.at, name)
}

// verdict writes the run's verdict as the log's last line.
func (j *jobLog) verdict(line string) {
	if j != nil {
		fmt.Fprintln(j.w, oneLine(line))
	}
}

// oneLine keeps text on its line of the log: control characters (line
// breaks, carriage returns, escapes) become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// failing reports whether a finding fails the run at threshold: at or
// above it, or an error.
func failing(f checks.Finding, threshold checks.FailOn) bool {
	return f.Status == checks.Error || threshold.Fails(f.Status)
}

// checkVerdict is check's verdict line for its exit code: "keepup: FAILED:
// 2 overdue (kubernetes 1.36, ubuntu 26.04) · fail-on overdue".
func checkVerdict(r report.Report, threshold checks.FailOn, code int) string {
	tail := " · fail-on " + string(threshold)
	var byStatus []string // the failing findings, by status, most severe first
	findings := r.ByUrgency()
	for _, s := range checks.Statuses {
		var names []string
		for _, f := range findings {
			if f.Status == s && failing(f, threshold) {
				names = append(names, f.Product+" "+f.Release)
			}
		}
		if len(names) > 0 {
			byStatus = append(byStatus, fmt.Sprintf("%d %s (%s)", len(names), s, list(names, 5)))
		}
	}
	switch code {
	case exitOK:
		return "keepup: passed: " + report.Summary(r) + tail
	case exitBreach:
		return "keepup: FAILED: " + strings.Join(byStatus, ", ") + tail
	}
	for _, p := range r.Problems {
		byStatus = append(byStatus, p.Name+" failed")
	}
	if len(byStatus) == 0 {
		byStatus = []string{"see the messages above"}
	}
	return "keepup: ERROR: " + strings.Join(byStatus, ", ") + tail
}

// gateVerdict is the gate's verdict line for its exit code: "keepup gate:
// FAILED: red-main · passed: labels".
func gateVerdict(r report.Report, code int) string {
	var failed, passed []string
	for _, c := range r.Gate.Checks {
		if c.Passed {
			passed = append(passed, c.Name)
		} else {
			failed = append(failed, c.Name)
		}
	}
	for _, p := range r.Problems {
		failed = append(failed, p.Name+" failed")
	}
	head := map[int]string{exitOK: "passed", exitBreach: "FAILED"}[code]
	if head == "" {
		head = "ERROR"
	}
	line := "keepup gate: " + head
	if code == exitOK {
		return line + ": " + strings.Join(passed, ", ")
	}
	if len(failed) == 0 {
		failed = []string{"see the messages above"}
	}
	line += ": " + strings.Join(failed, ", ")
	if len(passed) > 0 {
		line += " · passed: " + strings.Join(passed, ", ")
	}
	return line
}

// gateHeader heads the gate's section: "keepup gate: FAIL red-main, PASS labels".
func gateHeader(g *checks.GateResult) string {
	var parts []string
	for _, c := range g.Checks {
		verdict := "PASS "
		if !c.Passed {
			verdict = "FAIL "
		}
		parts = append(parts, verdict+c.Name)
	}
	return "keepup gate: " + strings.Join(parts, ", ")
}

// list joins names, at most n of them, counting the rest: "a, b, +3 more".
func list(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:n], ", ") + fmt.Sprintf(", +%d more", len(names)-n)
}

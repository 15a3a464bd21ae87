package report

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"gitlab.com/keepup/keepup/checks"
)

// statusIcons mark statuses in markdown, where GitLab renders emoji codes.
var statusIcons = map[checks.Severity]string{
	checks.Failure: ":red_circle:",
	checks.Warning: ":warning:",
	checks.Info:    ":information_source:",
	checks.OK:      ":white_check_mark:",
}

// Markdown writes the report as GitLab-flavoured markdown: a summary line, a
// table of findings, most urgent first, the timeline of the releases to
// support (a Mermaid gantt chart, when there are any), and notes below.
func Markdown(w io.Writer, r Report) error {
	var b strings.Builder
	if r.Gate != nil {
		verdict := ":white_check_mark: passed"
		if !r.Gate.Passed() {
			verdict = ":no_entry: failed"
		}
		fmt.Fprintf(&b, "### keepup gate: %s\n\nPolicy: %s.\n\n", verdict, oneLine(r.Gate.PolicySource))
		for _, g := range r.Gate.Checks {
			mark := ":white_check_mark:"
			if !g.Passed {
				mark = ":no_entry:"
			}
			fmt.Fprintf(&b, "- %s **%s**: %s\n", mark, g.Name, oneLine(g.Summary))
			for _, d := range g.Details {
				fmt.Fprintf(&b, "  - %s\n", oneLine(d))
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "### keepup: %s\n\n", Summary(r))
	if r.Unenforced != "" {
		fmt.Fprintf(&b, ":warning: **Nothing is enforced:** %s.\n\n", r.Unenforced)
	}
	fmt.Fprintf(&b, "Policy `%s`, data %s of %s, evaluated on %s.\n\n", r.Policy, r.DataSource, r.DataDate, r.Now)
	if len(r.Findings) > 0 {
		b.WriteString("| Status | Target | Release | Released | Due | When | Rule | Issue |\n")
		b.WriteString("|---|---|---|---|---|---|---|---|\n")
		for _, f := range r.ByUrgency() {
			fmt.Fprintf(&b, "| %s %s | %s | %s | %s | %s | %s | %s | %s |\n",
				statusIcons[f.Status.Severity()], f.Status, cell(f.Target), cell(f.Release),
				cell(f.Released.String()), cell(f.Due.String()), cell(When(f)), cell(f.Rule), cell(f.Issue))
		}
		b.WriteString("\n")
	}
	if chart, left := Timeline(r); chart != "" {
		b.WriteString(chart + "\n")
		if left > 0 {
			fmt.Fprintf(&b, "The timeline shows the %d most urgent releases to support; %d more are in the table.\n\n", MaxTimelineRows, left)
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "- :x: Error (%s): %s\n", p.Name, cell(p.Message))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "- Note: %s\n", cell(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// oneLine keeps a gate's line on one line: control characters (line
// breaks included) and line and paragraph separators become spaces, so
// that no text from a merge request can start a line of a note, where
// "/close" would be a quick action.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp) {
			return ' '
		}
		return r
	}, s)
}

// cell escapes a value for a markdown table cell.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

package report

import (
	"fmt"
	"io"
	"strings"

	"gitlab.com/keepup/keepup/checks"
)

// statusIcons mark statuses in markdown, where GitLab renders emoji codes.
var statusIcons = map[checks.Severity]string{
	checks.Failure: ":red_circle:",
	checks.Warning: ":warning:",
	checks.Info:    ":information_source:",
	checks.OK:      ":white_check_mark:",
}

// Markdown writes the report as GitLab-flavoured markdown: a summary line and
// a table of findings, most urgent first, with notes below.
func Markdown(w io.Writer, r Report) error {
	var b strings.Builder
	if r.Gate != nil {
		verdict := ":white_check_mark: passed"
		if !r.Gate.Passed() {
			verdict = ":no_entry: failed"
		}
		fmt.Fprintf(&b, "### keepup gate: %s\n\nPolicy: %s.\n\n", verdict, r.Gate.PolicySource)
		for _, g := range r.Gate.Checks {
			mark := ":white_check_mark:"
			if !g.Passed {
				mark = ":no_entry:"
			}
			fmt.Fprintf(&b, "- %s **%s**: %s\n", mark, g.Name, g.Summary)
			for _, d := range g.Details {
				fmt.Fprintf(&b, "  - %s\n", d)
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "### keepup: %s\n\n", Summary(r))
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
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "- :x: Error (%s): %s\n", p.Name, cell(p.Message))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "- Note: %s\n", cell(n))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cell escapes a value for a markdown table cell.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

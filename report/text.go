package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"gitlab.com/keepup/keepup/checks"
)

// ANSI colors by severity, used only when the output is a terminal.
var colors = map[checks.Severity]string{
	checks.Failure: "\x1b[1;31m",
	checks.Warning: "\x1b[33m",
	checks.Info:    "\x1b[2m",
	checks.OK:      "\x1b[32m",
}

const reset = "\x1b[0m"

// Text writes the findings as a table for people, most urgent first, then
// the notes and a summary line; a run that enforces nothing starts and
// ends with a warning saying so. Colors are added when color is true.
func Text(w io.Writer, r Report, color bool) error {
	rows := [][]string{{"STATUS", "TARGET", "RELEASE", "RELEASED", "DUE", "WHEN", "RULE"}}
	findings := r.ByUrgency()
	linked := slices.ContainsFunc(findings, func(f checks.Finding) bool { return f.Issue != "" })
	if linked {
		rows[0] = append(rows[0], "ISSUE")
	}
	for _, f := range findings {
		row := []string{string(f.Status), f.Target, f.Release, orDash(f.Released.String()), orDash(f.Due.String()), orDash(When(f)), orDash(f.Rule)}
		if linked {
			row = append(row, orDash(f.Issue))
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	warning := ""
	if r.Unenforced != "" {
		warning = "keepup: warning: " + r.Unenforced + "\n"
	}
	for n, row := range rows {
		for i, cell := range row {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if i == len(row)-1 {
				pad = ""
			} else {
				pad += "  "
			}
			if color && i == 0 && n > 0 {
				cell = colors[findings[n-1].Status.Severity()] + cell + reset
			}
			b.WriteString(cell + pad)
		}
		b.WriteString("\n")
	}
	if len(findings) == 0 {
		b.Reset()
		b.WriteString("No releases to report.\n")
	}
	table := b.String()
	b.Reset()
	b.WriteString(warning + table)
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	if line := mixedData(r.ProductData); line != "" {
		b.WriteString(line)
	}
	fmt.Fprintf(&b, "%s · policy %s · data %s of %s · now %s\n", Summary(r), r.Policy, r.DataSource, r.DataDate, r.Now)
	b.WriteString(warning)
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary counts the findings by status, most severe first: "1 overdue, 2 supported".
func Summary(r Report) string {
	counts := r.Counts()
	var parts []string
	for _, s := range checks.Statuses {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// mixedData says where each product's data came from, one product after
// the other, when they came from more than one place (live data for some,
// the cache for others); "" when one source served them all.
func mixedData(data map[string]DataOrigin) string {
	bySource := map[string][]string{}
	for name, o := range data {
		bySource[o.Source] = append(bySource[o.Source], name)
	}
	if len(bySource) < 2 {
		return ""
	}
	var parts []string
	for _, src := range slices.Sorted(maps.Keys(bySource)) {
		names := bySource[src]
		slices.Sort(names)
		parts = append(parts, src+": "+strings.Join(names, ", "))
	}
	return "data: " + strings.Join(parts, "; ") + "\n"
}

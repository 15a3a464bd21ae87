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

// TextOptions says how Text lays the table out.
type TextOptions struct {
	// Color colours the status cells, for a terminal.
	Color bool
	// Width is the most columns a row may take (0: no limit). Rows are
	// fitted by shortening rules, then dropping the release dates, cutting
	// rules or dropping them, dropping the due dates and cutting target
	// names, in that order, until they fit; the summary line is broken at
	// its separators. Notes and warnings stay one line each.
	Width int
	// ByRelease lists every finding on a row of its own (--all,
	// --by-release) instead of one row per target.
	ByRelease bool
}

// The table's columns.
const (
	colStatus = iota
	colTarget
	colRelease
	colReleased
	colDue
	colWhen
	colRule
	colIssue
	numCols
)

var headers = [numCols]string{"STATUS", "TARGET", "RELEASE", "RELEASED", "DUE", "WHEN", "RULE", "ISSUE"}

// The narrowest a cut column gets: with less room than minRule the rules
// are dropped, since a rule cut that short says little.
const (
	minRule   = 14
	minTarget = 8
)

// row is one line of the table, with the severity that colours its status
// and its rule in short, for a narrow table.
type row struct {
	cells     [numCols]string
	sev       checks.Severity
	shortRule string
}

// table is the rows to print and which columns are shown.
type table struct {
	rows  []row
	shown [numCols]bool
}

// Text writes the findings as a table for people, then the notes and a
// summary line; a run that enforces nothing starts and ends with a warning
// saying so.
//
// By default the table is a to-do list with one row per target (see
// targetRows): what to support and how late that is, an ok row for a target
// that owes nothing, and a row for each release past its end of life. With
// ByRelease, every finding has its row, most urgent first.
func Text(w io.Writer, r Report, opt TextOptions) error {
	t := table{}
	if opt.ByRelease {
		for _, f := range r.ByUrgency() {
			t.rows = append(t.rows, releaseRow(f))
		}
	} else {
		t.rows = targetRows(r.Findings)
	}
	for c := range t.shown {
		t.shown[c] = c != colReleased || opt.ByRelease
	}
	t.shown[colIssue] = slices.ContainsFunc(t.rows, func(rw row) bool { return rw.cells[colIssue] != "-" })
	t.fit(opt.Width)

	var b strings.Builder
	warning := ""
	if r.Unenforced != "" {
		warning = "keepup: warning: " + r.Unenforced + "\n"
	}
	b.WriteString(warning)
	if len(t.rows) == 0 {
		b.WriteString("No releases to report.\n")
	} else {
		t.write(&b, opt.Color)
	}
	// Notes are messages, each kept on one line for grep and the log.
	for _, n := range r.Notes {
		b.WriteString("note: " + n + "\n")
	}
	if line := mixedData(r.ProductData); line != "" {
		b.WriteString(line + "\n")
	}
	for _, line := range footer(r, opt.Width) {
		b.WriteString(line + "\n")
	}
	b.WriteString(warning)
	_, err := io.WriteString(w, b.String())
	return err
}

// releaseRow is a finding's row in the by-release table.
func releaseRow(f checks.Finding) row {
	return row{sev: f.Status.Severity(), shortRule: orDash(shortRule(f.Rule)), cells: [numCols]string{
		string(f.Status), f.Target, f.Release, orDash(f.Released.String()), orDash(f.Due.String()),
		orDash(When(f)), orDash(f.Rule), orDash(issueRef(f.Issue)),
	}}
}

// targetRows is the per-target table, most urgent first. Each release the
// target owes support for is cleared by supporting the newest one
// (checks.Finding.ClearedBy), so the owed releases of a target make one
// row: that release, "+N older" for the ones it clears, and the status,
// due date and lateness of the most urgent of them (the oldest, unless an
// ignore entry snoozes it); the issue is the newest release's, else the
// most urgent one's. A minor target owes line by line, so it has a row for
// each major line that owes. A target that owes nothing has one ok row
// naming its newest supported release (if one is not past its end of
// life). Releases past their end of life, releases to drop, and the
// releases of a target in calendar mode keep a row each.
func targetRows(findings []checks.Finding) []row {
	type entry struct {
		key checks.Finding // orders the rows as ByUrgency orders findings
		row row
	}
	var entries []entry
	var targets []string
	byTarget := map[string][]checks.Finding{}
	for _, f := range findings {
		if _, ok := byTarget[f.Target]; !ok {
			targets = append(targets, f.Target)
		}
		byTarget[f.Target] = append(byTarget[f.Target], f)
	}
	for _, name := range targets {
		var heads []string // the releases to support, in policy order
		groups := map[string][]checks.Finding{}
		var newest *checks.Finding // the target's newest supported release
		for _, f := range byTarget[name] {
			switch {
			case f.Owed():
				head := f.Release
				if f.ClearedBy != "" {
					head = f.ClearedBy
				}
				if _, ok := groups[head]; !ok {
					heads = append(heads, head)
				}
				groups[head] = append(groups[head], f)
			case f.Status == checks.Supported:
				if newest == nil {
					newest = &f
				}
			default:
				entries = append(entries, entry{f, releaseRow(f)})
			}
		}
		for _, head := range heads {
			g := groups[head]
			urgent := slices.MinFunc(g, urgency) // the first of the most urgent
			release, issue, older := head, "", 0
			for _, f := range g {
				if f.ClearedBy != "" {
					older++
				}
				if f.Release == head && f.Issue != "" {
					issue = f.Issue
				}
			}
			if older > 0 {
				release += fmt.Sprintf(" +%d older", older)
			}
			if issue == "" {
				issue = urgent.Issue
			}
			rw := releaseRow(urgent)
			rw.cells[colRelease], rw.cells[colIssue] = release, orDash(issueRef(issue))
			entries = append(entries, entry{urgent, rw})
		}
		if len(heads) == 0 && newest != nil {
			rw := releaseRow(*newest)
			rw.cells[colStatus], rw.cells[colIssue] = "ok", "-"
			entries = append(entries, entry{*newest, rw})
		}
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return urgency(a.key, b.key) })
	rows := make([]row, len(entries))
	for i, e := range entries {
		rows[i] = e.row
	}
	return rows
}

// fit makes the rows at most width columns wide (0: no limit), each step
// only while they are still too wide: rules in short, no release dates,
// rules cut to the room left (or dropped when that is less than minRule:
// keepup explain shows them), no due dates (WHEN says how far they are),
// and target names cut down to minTarget. Rows that are still too wide
// are left so.
func (t *table) fit(width int) {
	if width <= 0 || t.width() <= width {
		return
	}
	for i := range t.rows {
		t.rows[i].cells[colRule] = t.rows[i].shortRule
	}
	for _, step := range []func(){
		func() { t.shown[colReleased] = false },
		func() {
			if room := width - t.width() + t.colWidth(colRule); room >= minRule {
				t.cut(colRule, room)
			} else {
				t.shown[colRule] = false
			}
		},
		func() { t.shown[colDue] = false },
		func() { t.cut(colTarget, max(width-t.width()+t.colWidth(colTarget), minTarget)) },
	} {
		if t.width() <= width {
			return
		}
		step()
	}
}

// width is the width of the widest line of the table.
func (t *table) width() int {
	n := 0
	for c, shown := range t.shown {
		if shown {
			n += t.colWidth(c) + 2
		}
	}
	return n - 2
}

// colWidth is the width of column c: its widest cell, header included.
func (t *table) colWidth(c int) int {
	n := utf8.RuneCountInString(headers[c])
	for _, rw := range t.rows {
		n = max(n, utf8.RuneCountInString(rw.cells[c]))
	}
	return n
}

// cut cuts the cells of column c to n columns, marking the cut with "…".
func (t *table) cut(c, n int) {
	for i := range t.rows {
		t.rows[i].cells[c] = truncate(t.rows[i].cells[c], n)
	}
}

// write writes the header and the rows, each column as wide as its widest
// cell plus two spaces, the last one unpadded; with color the status cells
// are coloured by severity.
func (t *table) write(b *strings.Builder, color bool) {
	var cols []int
	for c, shown := range t.shown {
		if shown {
			cols = append(cols, c)
		}
	}
	widths := make([]int, numCols)
	for _, c := range cols {
		widths[c] = t.colWidth(c)
	}
	line := func(cells [numCols]string, sev checks.Severity, header bool) {
		for i, c := range cols {
			cell := cells[c]
			pad := ""
			if i < len(cols)-1 {
				pad = strings.Repeat(" ", widths[c]-utf8.RuneCountInString(cell)+2)
			}
			if color && c == colStatus && !header {
				cell = colors[sev] + cell + reset
			}
			b.WriteString(cell + pad)
		}
		b.WriteString("\n")
	}
	line(headers, checks.OK, true)
	for _, rw := range t.rows {
		line(rw.cells, rw.sev, false)
	}
}

// shortRule is a rule (as checks words it) in short: "3 months" for "3
// months after release", "warn 3, due 5 milestones" for "warn 3
// milestones, due 5 milestones after release", "eol + 3 months" for "3
// months after end of life".
func shortRule(rule string) string {
	if r, ok := strings.CutSuffix(rule, " after end of life"); ok {
		return "eol + " + r
	}
	rule = strings.TrimSuffix(rule, " after release")
	warn, due, ok := strings.Cut(rule, ", due ")
	warnN, warnUnit, _ := strings.Cut(strings.TrimPrefix(warn, "warn "), " ")
	if _, dueUnit, _ := strings.Cut(due, " "); ok && warnUnit == dueUnit {
		return "warn " + warnN + ", due " + due
	}
	return rule
}

// truncate cuts s to n columns, its last one "…" when it was cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:max(n-1, 0)]) + "…"
}

// issueRef is how the table names an issue: "#12" for a GitLab issue's
// web URL (…/-/issues/12, or …/-/work_items/12), else the link as it is.
func issueRef(link string) string {
	i := strings.LastIndexByte(link, '/')
	n := link[i+1:]
	if i < 0 || n == "" || strings.Trim(n, "0123456789") != "" {
		return link
	}
	if base := link[:i]; strings.HasSuffix(base, "/-/issues") || strings.HasSuffix(base, "/-/work_items") {
		return "#" + n
	}
	return link
}

// Summary counts the findings by status, most severe first: "1 overdue, 2 supported".
func Summary(r Report) string {
	return SummaryOf(r, func(checks.Status) bool { return true })
}

// SummaryOf is Summary of the statuses keep keeps: "6 overdue" for the
// findings that fail a run.
func SummaryOf(r Report, keep func(checks.Status) bool) string {
	counts := r.Counts()
	var parts []string
	for _, s := range checks.Statuses {
		if counts[s] > 0 && keep(s) {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

// Owed says how many targets are behind and how many releases they owe:
// "2 targets behind, 5 releases owed", or "nothing owed".
func Owed(r Report) string {
	behind := map[string]bool{}
	owed := 0
	for _, f := range r.Findings {
		if f.Owed() {
			behind[f.Target] = true
			owed++
		}
	}
	if owed == 0 {
		return "nothing owed"
	}
	return plural(len(behind), "target") + " behind, " + plural(owed, "release") + " owed"
}

// footer is the summary line: what is owed and the findings by status,
// then the policy, the data and the date, separated by " · ". When it is
// wider than width (and width is not 0), the sources go on a line of their
// own, and each line is broken at its separators to fit.
func footer(r Report, width int) []string {
	what := []string{Summary(r)}
	if len(r.Findings) > 0 {
		what = []string{Owed(r), Summary(r)}
	}
	from := []string{"policy " + r.Policy, fmt.Sprintf("data %s of %s", r.DataSource, r.DataDate), "now " + r.Now.String()}
	if one := strings.Join(append(slices.Clone(what), from...), " · "); width <= 0 || utf8.RuneCountInString(one) <= width {
		return []string{one}
	}
	return append(pack(what, width), pack(from, width)...)
}

// pack joins parts with " · " into lines of at most width columns; a part
// wider than that has a line of its own.
func pack(parts []string, width int) []string {
	var lines []string
	for _, p := range parts {
		if n := len(lines) - 1; n >= 0 && utf8.RuneCountInString(lines[n])+3+utf8.RuneCountInString(p) <= width {
			lines[n] += " · " + p
			continue
		}
		lines = append(lines, p)
	}
	return lines
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
	return "data: " + strings.Join(parts, "; ")
}

// Package mermaid writes Mermaid diagrams into markdown, where GitLab and
// GitHub render them: the gantt chart of release deadlines that reports,
// merge-request notes and issue bodies show. Every name it is given is
// reduced to text that cannot change the chart's syntax nor leave its code
// block, whatever the release data or the policy holds.
package mermaid

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"gitlab.com/keepup/keepup/calendar"
)

// Tag marks a task of a gantt chart: Mermaid draws crit bars red and
// active bars highlighted.
type Tag string

// The tags keepup uses.
const (
	Plain  Tag = ""
	Active Tag = "active"
	Crit   Tag = "crit"
)

// Task is one bar of a gantt chart, from Start to End.
type Task struct {
	// Section groups the task with the tasks before it of the same
	// section; a new section starts where it changes.
	Section    string
	Name       string
	Start, End calendar.Date
	Tag        Tag
}

// Gantt is a gantt chart of tasks with dates.
type Gantt struct {
	Title string
	// Today, when set, is marked by a milestone, first, and Mermaid's
	// today marker is turned off: a report made for a date shows that
	// date. When zero, Mermaid marks the day the chart is viewed, so the
	// chart's text does not change from day to day.
	Today calendar.Date
	Tasks []Task
}

// MaxName is how many characters of a name, title or section a chart keeps.
const MaxName = 60

// Markdown returns the chart as a fenced mermaid code block ending in a
// newline, or "" when it has no task to draw (a task without both dates,
// or ending before it starts, is left out).
func (g Gantt) Markdown() string {
	var body strings.Builder
	section := ""
	for _, t := range g.Tasks {
		if t.Start.IsZero() || t.End.IsZero() || t.End.Before(t.Start) {
			continue
		}
		if s := Label(t.Section); s != section {
			if s != "" {
				body.WriteString("    section " + s + "\n")
			}
			section = s
		}
		data := t.Start.String() + ", " + t.End.String()
		if t.Tag == Crit || t.Tag == Active {
			data = string(t.Tag) + ", " + data
		}
		name := Label(t.Name)
		if name == "" {
			name = "(no name)"
		}
		body.WriteString("    " + name + " :" + data + "\n")
	}
	if body.Len() == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("```mermaid\ngantt\n")
	if title := Label(g.Title); title != "" {
		b.WriteString("    title " + title + "\n")
	}
	b.WriteString("    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n")
	if !g.Today.IsZero() {
		d := g.Today.String()
		b.WriteString("    todayMarker off\n    today " + d + " :milestone, " + d + ", 0d\n")
	}
	b.WriteString(body.String())
	b.WriteString("```\n")
	return b.String()
}

// keywords are the words Mermaid's gantt grammar reads at the start of a
// line (case-insensitively) as something other than a task's name.
var keywords = []string{
	"accdescr", "acctitle", "axisformat", "call", "click", "dateformat", "excludes", "gantt", "href",
	"includes", "inclusiveenddates", "section", "tickinterval", "title", "todaymarker", "topaxis",
	"weekday", "weekend",
}

// Label reduces s to text that is safe as a gantt chart's task name,
// section or title: letters, digits, spaces and . - _ + / ( ) only (no
// ":" "#" ";" "%" which Mermaid reads as syntax, no backtick that could
// close the code block, no "<" that could open an HTML comment), on one
// line, at most MaxName characters; a name that would start with one of
// Mermaid's keywords gets a leading "_".
func Label(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		case strings.ContainsRune(".-_+/()", r):
			return r
		}
		return ' '
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > MaxName {
		s = strings.TrimSpace(string([]rune(s)[:MaxName-3])) + "..."
	}
	lower := strings.ToLower(s)
	for _, k := range keywords {
		if strings.HasPrefix(lower, k) {
			return "_" + s
		}
	}
	return s
}

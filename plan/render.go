package plan

import (
	_ "embed"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/mermaid"
)

//go:embed templates/title.tmpl
var defaultTitle string

//go:embed templates/body.tmpl
var defaultBody string

// GitLab's limits, in characters.
const (
	MaxTitle       = 255       // an issue title
	MaxDescription = 1_048_576 // an issue description
	MaxNote        = 1_000_000 // a note
)

// Bounds of one rendering of a template, so that a template cannot make
// keepup spin or fill memory: loop iterations and template calls, and the
// bytes that print, printf, println, html, js and urlquery may build.
const (
	maxTicks     = 10_000
	maxFuncBytes = 16 << 20
)

// IssueData is what the title and body templates see. Values from outside
// the policy (release names, milestone titles) are neutralized.
type IssueData struct {
	// Kind is "support" for a release the project must start supporting,
	// "drop" for one it supports too long after end of life (drop_after_eol).
	Kind string
	// Group is what the issue tracks: "release", one release, or
	// "target", every release the target owes (issues.group: target).
	Group string
	// Release is the release the issue names: on a target issue, the
	// newest release the target owes, which clears the older ones.
	Target, Product, Release string
	// Status is the issue's status, pending, due-soon or overdue: on a
	// target issue, the worst status of the releases it tracks.
	Status string
	// Released is the release date of Release; Due is the issue's due
	// date: on a target issue, the oldest due date of the releases it
	// tracks (of the most urgent one). YYYY-MM-DD.
	Released, Due string
	Rule          string // "3 months after release"
	PolicyFile    string
	PolicyLine    int
	PolicyURL     string // link to the policy line, or ""
	Steps         []string
	Fingerprint   string
	// Timeline is a Mermaid gantt chart, as a fenced code block, of the
	// release from its release date to its due date, for a release to
	// support (pending, due-soon, overdue); "" for any other finding. It
	// marks the day it is viewed, not the day it was made, so that the
	// description does not change from day to day. On a target issue it
	// has a bar for each release it tracks that is pending, due-soon or
	// overdue.
	Timeline string
	// Releases are the releases the issue tracks: Release first, then, on
	// a target issue, the older releases the target owes, newest first.
	Releases []ReleaseData
	// Older is Releases without its first: the older releases a target
	// issue tracks ("+{{len .Older}} older"); empty on a release's issue.
	Older []ReleaseData
}

// ReleaseData is one release an issue tracks, as templates see it.
type ReleaseData struct {
	Release       string
	Released, Due string // YYYY-MM-DD, or "" when not known
	Status        string // pending, due-soon, overdue, snoozed or error
	// ClearedBy is the release whose support makes this one not required
	// (checks.Finding.ClearedBy): Release of the issue, or on a minor
	// target owing on several major lines, the newest of this one's line;
	// "" for the releases to support.
	ClearedBy string
}

// sampleData is what templates are checked on before any request: every
// field set, as many steps as a long derivation has, and for group
// "target", older releases.
func sampleData(kind, group string) IssueData {
	steps := make([]string, 16)
	for i := range steps {
		steps[i] = "step " + strings.Repeat("x", 91)
	}
	releases := []ReleaseData{{Release: "1.0", Released: "2025-01-01", Due: "2025-04-01", Status: "overdue"}}
	fp := "default/target/1.0"
	if group == GroupTarget {
		fp = "default/target"
		for _, r := range []string{"0.9", "0.8", "0.7"} {
			releases = append(releases, ReleaseData{Release: r, Released: "2024-12-01", Due: "2025-03-01", Status: "overdue", ClearedBy: "1.0"})
		}
	}
	return IssueData{
		Kind: kind, Group: group, Target: "target", Product: "product", Release: "1.0", Status: "overdue",
		Released: "2025-01-01", Due: "2025-04-01", Rule: "3 months after release",
		PolicyFile: ".keepup.yml", PolicyLine: 1, PolicyURL: "https://gitlab.example/-/blob/main/.keepup.yml#L1",
		Steps: steps, Fingerprint: fp, Releases: releases, Older: releases[1:],
	}
}

// issueTemplate is one of the policy's templates, with where it is
// written and how many characters GitLab takes of what it renders.
type issueTemplate struct {
	t     *template.Template
	key   string // issues.title or issues.body
	pos   config.Pos
	limit int
}

// renderer renders issue titles and bodies from the policy's templates.
type renderer struct {
	title, body issueTemplate
}

// newRenderer parses the templates and renders them on sample data, so
// that a template naming an unknown field, or one that renders too much,
// fails before any request.
func newRenderer(is config.Issues) (*renderer, error) {
	title, err := parseTemplate("title", is.Title, defaultTitle, is.TitlePos, MaxTitle)
	if err != nil {
		return nil, err
	}
	body, err := parseTemplate("body", is.Body, defaultBody, is.BodyPos, MaxDescription)
	if err != nil {
		return nil, err
	}
	return &renderer{title: title, body: body}, nil
}

// checkTemplate parses a title or body template (name "title" or "body";
// an empty src is keepup's default) and renders it on sample data of
// both kinds, as New does.
func checkTemplate(name, src string, pos config.Pos) error {
	limit, def := MaxDescription, defaultBody
	if name == "title" {
		limit, def = MaxTitle, defaultTitle
	}
	_, err := parseTemplate(name, src, def, pos, limit)
	return err
}

func parseTemplate(name, src, def string, pos config.Pos, limit int) (issueTemplate, error) {
	if src == "" {
		src = def
	}
	it := issueTemplate{key: "issues." + name, pos: pos, limit: limit}
	t, err := template.New(name).Option("missingkey=error").Funcs((&budget{}).funcs(limit)).Parse(src)
	if err != nil {
		return it, &config.Error{Pos: pos, Key: it.key, Msg: err.Error()}
	}
	if err := instrument(t); err != nil {
		return it, &config.Error{Pos: pos, Key: it.key, Msg: err.Error()}
	}
	it.t = t
	for _, sample := range []IssueData{sampleData("support", "release"), sampleData("drop", "release"), sampleData("support", GroupTarget)} {
		if _, err := it.render(sample); err != nil {
			return it, err
		}
	}
	return it, nil
}

// tickFunc is the function instrument calls in every loop iteration and
// template call.
const tickFunc = "_keepupTick"

// instrument makes every iteration of a range and every call of a
// template, the main one included, call tickFunc first, so that a
// rendering's work is counted.
func instrument(t *template.Template) error {
	trees, err := parse.Parse("tick", "{{"+tickFunc+"}}", "", "", map[string]any{tickFunc: func() string { return "" }})
	if err != nil {
		return err
	}
	tick := trees["tick"].Root.Nodes[0]
	var walk func(*parse.ListNode)
	walk = func(l *parse.ListNode) {
		if l == nil {
			return
		}
		for _, n := range l.Nodes {
			switch n := n.(type) {
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
				n.List.Nodes = append([]parse.Node{tick}, n.List.Nodes...)
			}
		}
	}
	for _, tt := range t.Templates() {
		// A parsed template has a Root; one declared but never defined
		// has no Tree.
		if tt.Tree == nil {
			continue
		}
		walk(tt.Tree.Root)
		tt.Tree.Root.Nodes = append([]parse.Node{tick}, tt.Tree.Root.Nodes...)
	}
	return nil
}

// The ways a rendering is cut short.
var (
	errTooLong     = errors.New("too long")
	errTooMuchWork = fmt.Errorf("runs more than %d loop iterations and template calls: simplify it", maxTicks)
	errTooMuchText = fmt.Errorf("builds more than %d MiB of text in print, printf, println, html, js or urlquery: simplify it", maxFuncBytes>>20)
)

// budget counts one rendering's work.
type budget struct {
	ticks, bytes int
}

// funcs are the template functions of a rendering: the tick, and the
// builtins that build text, bounded. A single result may not exceed
// limit characters' worth of bytes: each function checks, before it
// builds its result, that the result cannot be longer.
func (b *budget) funcs(limit int) template.FuncMap {
	most := 4 * limit // bytes of limit characters of UTF-8
	take := func(s string) (string, error) {
		b.bytes += len(s)
		if b.bytes > maxFuncBytes {
			return "", errTooMuchText
		}
		return s, nil
	}
	// size is at least the length of fmt.Sprint(args...) and
	// fmt.Sprintln(args...).
	size := func(args []any) int {
		n := 0
		for _, a := range args {
			n += len(fmt.Sprint(a)) + 1
		}
		return n
	}
	return template.FuncMap{
		tickFunc: func() (string, error) {
			b.ticks++
			if b.ticks > maxTicks {
				return "", errTooMuchWork
			}
			return "", nil
		},
		"print": func(args ...any) (string, error) {
			if size(args) > most {
				return "", errTooMuchText
			}
			return take(fmt.Sprint(args...))
		},
		"println": func(args ...any) (string, error) {
			if size(args) > most {
				return "", errTooMuchText
			}
			return take(fmt.Sprintln(args...))
		},
		"printf": func(format string, args ...any) (string, error) {
			if printfSize(format, args) > most {
				return "", errTooMuchText
			}
			return take(fmt.Sprintf(format, args...))
		},
		"html":     escaper(template.HTMLEscaper, 6, size, take, most),
		"js":       escaper(template.JSEscaper, 6, size, take, most),
		"urlquery": escaper(template.URLQueryEscaper, 3, size, take, most),
	}
}

// escaper bounds an escaping builtin whose output is at most growth times
// its input.
func escaper(escape func(...any) string, growth int, size func([]any) int, take func(string) (string, error), most int) func(...any) (string, error) {
	return func(args ...any) (string, error) {
		if growth*size(args) > most {
			return "", errTooMuchText
		}
		return take(escape(args...))
	}
}

// printfSize is at least the size of fmt.Sprintf(format, args...), or
// more than any limit when the format takes a width from an argument:
// each verb may format the largest argument, ten times over (%q, % x),
// padded to its width.
func printfSize(format string, args []any) int {
	largest := 0
	for _, a := range args {
		largest = max(largest, len(fmt.Sprint(a)))
	}
	size := len(format)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		widths := 0
		for i < len(format) && strings.IndexByte("+-# 0.[]*123456789", format[i]) >= 0 {
			if format[i] == '*' {
				return 1 << 62
			}
			j := i
			for j < len(format) && '0' <= format[j] && format[j] <= '9' {
				j++
			}
			if j > i {
				n, err := strconv.Atoi(format[i:j])
				if err != nil || n > 1<<30 {
					return 1 << 62
				}
				widths += n
				i = j
				continue
			}
			i++
		}
		size += widths + 10*largest + 64
	}
	return size
}

// limitedWriter holds at most max bytes; writing more fails.
type limitedWriter struct {
	b   strings.Builder
	max int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		return 0, errTooLong
	}
	return w.b.Write(p)
}

// render executes the template on d within its bounds and returns the
// text, trimmed. Its errors are *config.Error naming the template's key.
func (it issueTemplate) render(d IssueData) (string, error) {
	d.Timeline = issueTimeline(d)
	t, err := it.t.Clone()
	if err != nil {
		return "", err
	}
	t.Funcs((&budget{}).funcs(it.limit))
	w := &limitedWriter{max: 4 * it.limit}
	err = t.Execute(w, d)
	s := strings.TrimSpace(w.b.String())
	if err == nil && utf8.RuneCountInString(s) > it.limit {
		err = errTooLong
	}
	if errors.Is(err, errTooLong) {
		what := "an issue description"
		if it.limit == MaxTitle {
			what = "an issue title"
		}
		err = fmt.Errorf("renders more than %d characters, GitLab's limit for %s: shorten the template", it.limit, what)
	}
	if err != nil {
		return "", &config.Error{Pos: it.pos, Key: it.key, Msg: fmt.Sprintf("rendering the issue %s for %s: %v", it.t.Name(), d.Fingerprint, err)}
	}
	return s, nil
}

// issueTimeline is the gantt chart of IssueData.Timeline.
func issueTimeline(d IssueData) string {
	if d.Kind != checks.Support.String() {
		return ""
	}
	// A release's issue: one bar, named for the target too.
	name := d.Product + " " + d.Release
	if d.Target != d.Product {
		name += " (" + d.Target + ")"
	}
	g := mermaid.Gantt{Title: name + " from release to due date"}
	releases := []ReleaseData{{Release: d.Release, Released: d.Released, Due: d.Due, Status: d.Status}}
	if d.Group == GroupTarget {
		g.Title, releases = d.Product+" releases owed by "+d.Target, d.Releases
	}
	for _, r := range releases {
		var tag mermaid.Tag
		switch r.Status {
		case string(checks.Overdue):
			tag = mermaid.Crit
		case string(checks.DueSoon):
			tag = mermaid.Active
		case string(checks.Pending):
		default:
			continue
		}
		if d.Group == GroupTarget {
			name = d.Product + " " + r.Release
		}
		// A date missing ("") parses as zero: the task has no bar.
		released, _ := calendar.ParseDate(r.Released)
		due, _ := calendar.ParseDate(r.Due)
		g.Tasks = append(g.Tasks, mermaid.Task{Name: name, Start: released, End: due, Tag: tag})
	}
	return strings.TrimSuffix(g.Markdown(), "\n")
}

// CheckTemplates parses the policy's issue title and body templates and
// renders them on sample data, within GitLab's limits: every run checks
// them, so that a template naming an unknown field fails the first run
// that reads the policy, not the nightly job with --issues. Its errors are
// *config.Error naming the key and its position.
func CheckTemplates(is config.Issues) error {
	_, err := newRenderer(is)
	return err
}

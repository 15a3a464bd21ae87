package plan

import (
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/mermaid"
)

//go:embed templates/title.tmpl
var defaultTitle string

//go:embed templates/body.tmpl
var defaultBody string

// IssueData is what the title and body templates see.
type IssueData struct {
	// Kind is "support" for a release the project must start supporting,
	// "drop" for one it supports too long after end of life (drop_after_eol).
	Kind                     string
	Target, Product, Release string
	Status                   string // pending, due-soon or overdue
	Released, Due            string // YYYY-MM-DD
	Rule                     string // "3 months after release"
	PolicyFile               string
	PolicyLine               int
	PolicyURL                string // link to the policy line, or ""
	Steps                    []string
	Fingerprint              string
	// Timeline is a Mermaid gantt chart, as a fenced code block, of the
	// release from its release date to its due date, for a release to
	// support (pending, due-soon, overdue); "" for any other finding. It
	// marks the day it is viewed, not the day it was made, so that the
	// description does not change from day to day.
	Timeline string
}

// renderer renders issue titles and bodies from the policy's templates.
type renderer struct {
	title, body *template.Template
}

// newRenderer parses the templates and renders them once on sample data,
// so that a template naming an unknown field fails before any request.
func newRenderer(is config.Issues) (*renderer, error) {
	parse := func(name, src, def string, pos config.Pos) (*template.Template, error) {
		if src == "" {
			src = def
		}
		t, err := template.New(name).Option("missingkey=error").Parse(src)
		if err == nil {
			err = t.Execute(new(strings.Builder), IssueData{Kind: "support", Steps: []string{"x"}})
		}
		if err != nil {
			return nil, &config.Error{Pos: pos, Key: "issues." + name, Msg: err.Error()}
		}
		return t, nil
	}
	title, err := parse("title", is.Title, defaultTitle, is.TitlePos)
	if err != nil {
		return nil, err
	}
	body, err := parse("body", is.Body, defaultBody, is.BodyPos)
	if err != nil {
		return nil, err
	}
	return &renderer{title: title, body: body}, nil
}

func (r *renderer) render(t *template.Template, d IssueData) (string, error) {
	d.Timeline = issueTimeline(d)
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "", fmt.Errorf("rendering the issue %s for %s: %w", t.Name(), d.Fingerprint, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// issueTimeline is the gantt chart of IssueData.Timeline.
func issueTimeline(d IssueData) string {
	var tag mermaid.Tag
	switch d.Status {
	case string(checks.Overdue):
		tag = mermaid.Crit
	case string(checks.DueSoon):
		tag = mermaid.Active
	case string(checks.Pending):
	default:
		return ""
	}
	if d.Kind != checks.Support.String() {
		return ""
	}
	// A date missing ("") parses as zero: the chart has no bar, and is "".
	released, _ := calendar.ParseDate(d.Released)
	due, _ := calendar.ParseDate(d.Due)
	name := d.Product + " " + d.Release
	if d.Target != d.Product {
		name += " (" + d.Target + ")"
	}
	g := mermaid.Gantt{Title: name + " from release to due date", Tasks: []mermaid.Task{{Name: name, Start: released, End: due, Tag: tag}}}
	return strings.TrimSuffix(g.Markdown(), "\n")
}

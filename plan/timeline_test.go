package plan

import (
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// timelineBody is the description keepup creates an issue with for f,
// rendered by the body template body ("" for the default one).
func timelineBody(t *testing.T, f checks.Finding, body string) string {
	t.Helper()
	is := config.DefaultIssues()
	is.OpenOn, is.Body = "pending", body
	p, err := New(Options{Issues: is})
	if err != nil {
		t.Fatal(err)
	}
	pl := p.Sync([]checks.Finding{f}, nil)
	if len(pl.Actions) != 1 || pl.Actions[0].Draft == nil {
		t.Fatalf("actions %v, want one create", pl.Actions)
	}
	return pl.Actions[0].Draft.Description
}

func timelineFinding(st checks.Status) checks.Finding {
	return checks.Finding{
		Target: "k8s", Product: "kubernetes", Release: "1.36", Status: st,
		Released: calendar.MustParseDate("2026-04-22"), Due: calendar.MustParseDate("2026-07-22"),
		Rule: "3 months after release", Pos: config.Pos{File: ".keepup.yml", Line: 3, Col: 5},
	}
}

// The default body shows the release's bar, tagged by status, after the
// table; the chart marks the day it is viewed, so that the description
// does not change from one day to the next.
func TestIssueBodyTimeline(t *testing.T) {
	chart := func(tag string) string {
		return "| Policy | `.keepup.yml:3` |\n\n```mermaid\ngantt\n    title kubernetes 1.36 (k8s) from release to due date\n" +
			"    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n    kubernetes 1.36 (k8s) :" + tag + "2026-04-22, 2026-07-22\n```\n\n<details>"
	}
	for st, tag := range map[checks.Status]string{checks.Overdue: "crit, ", checks.DueSoon: "active, ", checks.Pending: ""} {
		if body := timelineBody(t, timelineFinding(st), ""); !strings.Contains(body, chart(tag)) {
			t.Errorf("%s: the body lacks\n%s\nin:\n%s", st, chart(tag), body)
		}
	}

	// A release to drop gets no bar: its deadline counts from end of life.
	f := timelineFinding(checks.Overdue)
	f.Kind = checks.Drop
	if body := timelineBody(t, f, ""); strings.Contains(body, "mermaid") || !strings.Contains(body, "| Policy | `.keepup.yml:3` |\n\n<details>") {
		t.Errorf("a drop finding's body:\n%s", body)
	}

	// Without a due date, no bar.
	f = timelineFinding(checks.Pending)
	f.Due = calendar.Date{}
	if body := timelineBody(t, f, ""); strings.Contains(body, "mermaid") {
		t.Errorf("a finding without a due date:\n%s", body)
	}
	f = timelineFinding(checks.Overdue)
	f.Kind = checks.Drop

	// Templates of the policy can place it; it is empty when there is no bar.
	const tmpl = "before\n{{.Timeline}}\nafter"
	if body := timelineBody(t, timelineFinding(checks.Overdue), tmpl); !strings.Contains(body, "before\n```mermaid\ngantt\n") || !strings.Contains(body, "\n```\nafter") {
		t.Errorf("custom template:\n%s", body)
	}
	if body := timelineBody(t, f, tmpl); !strings.Contains(body, "before\n\nafter") {
		t.Errorf("custom template, drop:\n%s", body)
	}
}

// A hostile release name cannot leave the chart: no line of its own (a
// quick action), no HTML comment that could end keepup's section, no
// fence; the chart ends where keepup ends it.
func TestIssueBodyTimelineHostile(t *testing.T) {
	f := timelineFinding(checks.Overdue)
	f.Release = "1.36\n```\n<!-- keepup:end -->\n/close"
	body := timelineBody(t, f, "{{.Timeline}}\nEND")
	chart, rest, ok := strings.Cut(strings.TrimPrefix(body, "<!-- keepup:begin -->\n"), "\n```\n")
	if !ok || !strings.HasPrefix(chart, "```mermaid\ngantt\n") || strings.Contains(chart, "<!--") || strings.Contains(chart, "\n/") {
		t.Fatalf("chart:\n%s", body)
	}
	if !strings.HasPrefix(rest, "END\n") {
		t.Errorf("after the chart:\n%s", rest)
	}
	if !strings.Contains(chart, "\n    kubernetes 1.36 -- keepup end -- /close (k8s) :crit, 2026-04-22, 2026-07-22") {
		t.Errorf("the bar:\n%s", chart)
	}
}

package report

import (
	"fmt"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/mermaid"
)

// MaxTimelineRows is how many releases the timeline shows at most: the
// most urgent ones.
const MaxTimelineRows = 30

// Timeline returns the report's timeline, a Mermaid gantt chart as a
// fenced code block: for each release the project must start supporting
// (pending, due-soon, overdue), a bar from its release date to its due
// date, most urgent first, grouped by status, overdue bars marked crit and
// due-soon ones active, with the evaluation date marked. It returns ""
// when no release is owed, and how many owed releases it leaves out past
// MaxTimelineRows.
func Timeline(r Report) (chart string, left int) {
	var tasks []mermaid.Task
	for _, f := range r.ByUrgency() {
		tag, ok := timelineTag(f)
		if !ok {
			continue
		}
		if len(tasks) == MaxTimelineRows {
			left++
			continue
		}
		tasks = append(tasks, mermaid.Task{Section: string(f.Status), Name: timelineName(f), Start: f.Released, End: f.Due, Tag: tag})
	}
	g := mermaid.Gantt{Title: fmt.Sprintf("Releases to support, as of %s", r.Now), Today: r.Now, Tasks: tasks}
	return g.Markdown(), left
}

// timelineTag returns the bar's tag of a release to support with both
// dates, and false for any other finding.
func timelineTag(f checks.Finding) (mermaid.Tag, bool) {
	if f.Kind != checks.Support || f.Released.IsZero() || f.Due.IsZero() || f.Due.Before(f.Released) {
		return "", false
	}
	switch f.Status {
	case checks.Overdue:
		return mermaid.Crit, true
	case checks.DueSoon:
		return mermaid.Active, true
	case checks.Pending:
		return mermaid.Plain, true
	}
	return "", false
}

// timelineName names a finding's bar: "kubernetes 1.36", with the target
// when it is not named for the product: "kubernetes 1.36 (k8s)".
func timelineName(f checks.Finding) string {
	name := f.Product + " " + f.Release
	if f.Target != f.Product {
		name += " (" + f.Target + ")"
	}
	return name
}

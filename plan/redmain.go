package plan

import (
	"fmt"
	"strings"

	"gitlab.com/keepup/keepup/checks"
)

// RedMain plans one "default branch is red" issue per red spell, labelled
// priority::1: opened while the branch is red, updated when the failing
// pipeline changes, closed with a note once the branch is green again. An
// issue a person closed during the same red spell (the same first failed
// pipeline) stays closed and is reported as acknowledged; a new red spell
// gets a new issue.
func (p *Planner) RedMain(st checks.BranchState, issues []Issue) *Plan {
	opts := p.opts
	pl := &Plan{Links: map[string]Link{}}
	fp := RedMainFingerprint(opts.Namespace, st.Branch)
	open, closed := split(indexByFingerprint(issues, opts.Namespace)[fp])
	open = p.closeDuplicates(pl, open, nil)
	switch {
	case st.Red():
		d := desired{
			fingerprint: fp,
			title:       fmt.Sprintf("The default branch %s is red", Neutralize(st.Branch)),
			body:        redMainBody(st),
			labels:      append([]string{opts.Label, "priority::1"}, opts.Labels...),
		}
		byPerson, _ := p.closedIssues(closed)
		switch {
		case len(open) > 0:
			p.update(pl, open[0], d, "")
		case byPerson != nil && strings.Contains(byPerson.Description, redSpellMarker(st)):
			p.acknowledge(pl, *byPerson, fp, "closed by a person during this red spell; left closed")
		default:
			p.create(pl, d)
		}
	case st.Latest != nil:
		for _, iss := range open {
			pl.link(fp, iss, LinkClosed)
			p.close(pl, iss, fp, closedResolved, "the default branch is green",
				fmt.Sprintf("keepup: closing: the default branch %s is green again: pipeline #%d succeeded (%s).", Neutralize(st.Branch), st.Latest.ID, Neutralize(st.Latest.URL)))
		}
	}
	return pl
}

// redSpellMarker names a red spell by its first failed pipeline, in the body
// of its issue.
func redSpellMarker(st checks.BranchState) string {
	id := st.Latest.ID
	if st.FirstRed != nil {
		id = st.FirstRed.ID
	}
	return fmt.Sprintf("<!-- keepup:red-since %d -->", id)
}

// redMainBody describes a red branch. It names the failing pipeline and
// jobs and when the branch turned red, not how long ago, so that it changes
// only when the failure does. What GitLab says is neutralized.
func redMainBody(st checks.BranchState) string {
	n := Neutralize
	var b strings.Builder
	fmt.Fprintf(&b, "The default branch **%s** is red: pipeline [#%d](%s) %s.\n", n(st.Branch), st.Latest.ID, n(st.Latest.URL), n(st.Latest.Status))
	if len(st.FailedJobs) > 0 {
		b.WriteString("\nFailed jobs:\n\n")
		for _, j := range st.FailedJobs {
			fmt.Fprintf(&b, "- [%s](%s) (stage %s)\n", n(j.Name), n(j.URL), n(j.Stage))
		}
	}
	if st.FirstRed != nil {
		fmt.Fprintf(&b, "\nRed since %s, first failed pipeline [#%d](%s).\n", st.FirstRed.Created.UTC().Format("2006-01-02 15:04 UTC"), st.FirstRed.ID, n(st.FirstRed.URL))
	}
	b.WriteString("\nFixing a red default branch comes first: while it is red, `keepup gate` holds back merge requests that do not carry one of `gate.red_main.allow_labels`.\n")
	b.WriteString(redSpellMarker(st))
	return b.String()
}

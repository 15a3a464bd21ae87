package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/checks"
)

func redState(latest, first int64, status string, jobs ...checks.Job) checks.BranchState {
	st := checks.BranchState{Branch: "main", Latest: &checks.Pipeline{ID: latest, Status: status, URL: fmt.Sprintf("https://gitlab.example/p/-/pipelines/%d", latest)}, FailedJobs: jobs}
	if first != 0 {
		st.FirstRed = &checks.Pipeline{ID: first, Status: "failed", URL: "https://gitlab.example/first", Created: time.Date(2026, 8, 20, 11, 0, 0, 0, time.UTC)}
	}
	return st
}

// redIssue is the issue RedMain creates for st, with IID iid.
func redIssue(t *testing.T, p *Planner, st checks.BranchState, iid int64) Issue {
	t.Helper()
	pl := p.RedMain(st, nil)
	if len(pl.Actions) != 1 || pl.Actions[0].Kind != Create {
		t.Fatalf("actions %v", pl.Actions)
	}
	d := pl.Actions[0].Draft
	return Issue{IID: iid, State: Opened, Title: d.Title, Description: d.Description, Labels: d.Labels, CreatedAt: t0.Add(time.Duration(iid) * time.Hour), WebURL: "https://gitlab.example/p/-/issues/x"}
}

func TestRedMain(t *testing.T) {
	p := planner(t, options(func(o *Options) { o.Labels = []string{"group::distribution"} }))
	const fp = "default/_red-main/main"
	red := redState(5, 3, "failed", checks.Job{Name: "rspec", Stage: "test", URL: "https://gitlab.example/job/9"})

	pl := p.RedMain(red, nil)
	a := pl.Actions[0]
	if len(pl.Actions) != 1 || a.Kind != Create || a.Fingerprint != fp || a.Title != "The default branch main is red" ||
		!slices.Equal(a.Labels, []string{"keepup", "priority::1", "group::distribution"}) || a.Draft.Due.IsZero() != true {
		t.Fatalf("red, no issue: %+v", pl.Actions)
	}
	for _, want := range []string{
		"The default branch **main** is red: pipeline [#5](https://gitlab.example/p/-/pipelines/5) failed.",
		"- [rspec](https://gitlab.example/job/9) (stage test)",
		"Red since 2026-08-20 11:00 UTC, first failed pipeline [#3](https://gitlab.example/first).",
		"<!-- keepup:red-since 3 -->",
		"<!-- keepup:fingerprint default/_red-main/main -->",
	} {
		if !strings.Contains(a.Draft.Description, want) {
			t.Errorf("body lacks %q:\n%s", want, a.Draft.Description)
		}
	}
	if l := pl.Links[fp]; l.State != LinkPlanned {
		t.Errorf("link %+v", l)
	}

	iss := redIssue(t, p, red, 1)
	// Still red, same pipeline: nothing; a new failed pipeline: an update.
	if got := briefs(p.RedMain(red, []Issue{iss}).Actions); !slices.Equal(got, []string{"nothing #1"}) {
		t.Errorf("unchanged: %v", got)
	}
	pl = p.RedMain(redState(6, 3, "failed"), []Issue{iss})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"update #1"}) || pl.Actions[0].Detail != "description" || pl.Actions[0].Note != "" {
		t.Errorf("new failure: %v %+v", got, pl.Actions)
	}
	// A person closed it during this spell: acknowledged; in a new spell: a new issue.
	byPerson := closed(t, p, iss, "")
	pl = p.RedMain(redState(6, 3, "failed"), []Issue{byPerson})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"acknowledged #1"}) || pl.Links[fp].State != LinkAcknowledged ||
		pl.Actions[0].Detail != "closed by a person during this red spell; left closed" {
		t.Errorf("person-closed, same spell: %v", got)
	}
	if got := briefs(p.RedMain(redState(9, 8, "failed"), []Issue{byPerson}).Actions); !slices.Equal(got, []string{"create new"}) {
		t.Errorf("person-closed, new spell: %v", got)
	}
	// Without a first red pipeline, the spell is named by the latest.
	noFirst := redState(4, 0, "failed")
	if d := p.RedMain(noFirst, nil).Actions[0].Draft.Description; !strings.Contains(d, "<!-- keepup:red-since 4 -->") || strings.Contains(d, "Red since") || strings.Contains(d, "Failed jobs") {
		t.Errorf("no first red:\n%s", d)
	}
	// Green: closed with a note naming the pipeline; no pipeline: nothing.
	pl = p.RedMain(redState(7, 0, "success"), []Issue{iss})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"close #1"}) || pl.Links[fp].State != LinkClosed ||
		pl.Actions[0].Note != "keepup: closing: the default branch main is green again: pipeline #7 succeeded (https://gitlab.example/p/-/pipelines/7)." ||
		pl.Actions[0].Detail != "the default branch is green" || !slices.Equal(pl.Actions[0].Edit.AddLabels, []string{"keepup::resolved"}) {
		t.Errorf("green: %+v", pl.Actions)
	}
	if pl := p.RedMain(checks.BranchState{Branch: "main"}, []Issue{iss}); len(pl.Actions) != 0 || len(pl.Links) != 0 {
		t.Errorf("no pipeline: %+v", pl)
	}
	// Duplicates are closed first.
	dup := redIssue(t, p, red, 2)
	if got := briefs(p.RedMain(red, []Issue{dup, iss}).Actions); !slices.Equal(got, []string{"close #2", "nothing #1"}) {
		t.Errorf("duplicates: %v", got)
	}
	// Sync leaves the red-main issue alone.
	if pl := p.Sync(nil, []Issue{iss}); len(pl.Actions) != 0 {
		t.Errorf("Sync touched the red-main issue: %v", pl.Actions)
	}
}

package plan

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// runs syncs f against iss n times, applying each plan as GitLab would,
// and returns the issue and every action.
func runs(t *testing.T, p *Planner, f checks.Finding, iss Issue, n int) (Issue, []Action) {
	t.Helper()
	var all []Action
	for range n {
		pl := p.Sync([]checks.Finding{f}, []Issue{iss})
		if len(pl.Errors) > 0 || len(pl.Actions) != 1 {
			t.Fatalf("plan %v, errors %v", pl.Actions, pl.Errors)
		}
		all = append(all, pl.Actions[0])
		iss = applied(iss, pl.Actions[0])
	}
	return iss, all
}

// A field a person changed stands, run after run, even when keepup's own
// value for it changes; a field nobody touched follows keepup's value.
func TestPeoplesFieldsStand(t *testing.T) {
	o := options(func(o *Options) { o.FiscalLabel = true })
	p := planner(t, o)
	f := finding("1.36", checks.Overdue)
	f.Why.Counted = []calendar.Milestone{{ID: 11}}
	iss := made(t, p, f, 1)
	iss.Due = calendar.MustParseDate("2026-09-30")
	iss.MilestoneID = 99
	iss.Title = "Kubernetes 1.36: planned for 19.4"
	iss.Labels = slices.DeleteFunc(iss.Labels, func(l string) bool { return l == "FY27::Q2" })

	// keepup's values change: the window, the milestone, the title template.
	f.Due = calendar.MustParseDate("2026-08-22")
	f.Why.Counted = []calendar.Milestone{{ID: 12}}
	o.Title = "Support {{.Product}} {{.Release}}"
	got, acts := runs(t, planner(t, o), f, iss, 3)
	if got.Due != iss.Due || got.MilestoneID != 99 || got.Title != iss.Title {
		t.Errorf("due %s, milestone %d, title %q: the person's values did not stand", got.Due, got.MilestoneID, got.Title)
	}
	if !slices.Contains(got.Labels, "FY27::Q3") || slices.Contains(got.Labels, "FY27::Q2") {
		t.Errorf("labels %v: keepup's new fiscal label is keepup's to add", got.Labels)
	}
	if k := briefs(acts); !slices.Equal(k, []string{"update #1", "nothing #1", "nothing #1"}) {
		t.Errorf("actions %v", k)
	}
	if e := acts[0].Edit; e.SetDue || e.MilestoneID != 0 || e.Title != nil {
		t.Errorf("first run %+v", e)
	}
	if rec := recordOf(got.Description); rec.due != calendar.MustParseDate("2026-07-22") || rec.milestone != 11 || rec.title != "Support kubernetes 1.36 (k8s)" {
		t.Errorf("the record forgot what keepup set: %#v", rec)
	}

	// Nobody touched them: keepup's new values go in, and are recorded.
	fresh := made(t, p, finding("1.36", checks.Overdue), 2)
	got, acts = runs(t, planner(t, o), f, fresh, 2)
	if got.Due != f.Due || got.MilestoneID != 12 || got.Title != "Support kubernetes 1.36" || acts[0].Detail != "title, labels, due date 2026-08-22, milestone, description" {
		t.Errorf("due %s, milestone %d, title %q; %s", got.Due, got.MilestoneID, got.Title, acts[0])
	}
	if rec := recordOf(got.Description); rec.due != f.Due || rec.milestone != 12 || rec.title != got.Title {
		t.Errorf("record %#v", rec)
	}
	if acts[1].Kind != Nothing {
		t.Errorf("second run %s", acts[1])
	}
}

// An issue keepup wrote before it kept a record: keepup takes its due
// date, milestone and labels as its own, as it did, and records them; a
// title that differs from keepup's is taken as a person's.
func TestLegacyIssue(t *testing.T) {
	p := planner(t, options())
	f := finding("1.36", checks.Overdue)
	f.Why.Counted = []calendar.Milestone{{ID: 12}}
	iss := withoutRecord(made(t, p, f, 1))
	iss.Due, iss.MilestoneID, iss.Title = calendar.Date{}, 3, "A person's title"
	got, acts := runs(t, p, f, iss, 2)
	if got.Due != f.Due || got.MilestoneID != 12 || got.Title != "A person's title" || acts[0].Detail != "due date 2026-07-22, milestone, description" || acts[1].Kind != Nothing {
		t.Errorf("%+v; actions %v", got, acts)
	}
	if rec := recordOf(got.Description); !rec.present || rec.due != f.Due || rec.milestone != 12 || rec.title != "" || !slices.Equal(rec.labels, []string{"keepup", "keepup::overdue"}) {
		t.Errorf("record %#v", rec)
	}
	// The escalation note reads the labels when there is no record.
	iss = withoutRecord(made(t, p, finding("1.36", checks.DueSoon), 2))
	if a := p.Sync([]checks.Finding{f}, []Issue{iss}).Actions[0]; !strings.Contains(a.Note, "is now overdue") {
		t.Errorf("legacy escalation: %+v", a)
	}
	iss.Labels = append(iss.Labels, "keepup::overdue")
	if a := p.Sync([]checks.Finding{f}, []Issue{iss}).Actions[0]; a.Note != "" {
		t.Errorf("legacy issue already overdue: %+v", a)
	}
}

// A person reopens an issue keepup closed as resolved: keepup says once
// that it leaves it open, and does; when the release is owed again, the
// issue is keepup's to update.
func TestReopenedByAPerson(t *testing.T) {
	p := planner(t, options())
	iss := reopened(closed(t, p, made(t, p, finding("1.36", checks.Overdue), 1), "resolved"))
	got, acts := runs(t, p, finding("1.36", checks.Supported), iss, 3)
	if k := briefs(acts); !slices.Equal(k, []string{"note #1", "nothing #1", "nothing #1"}) || got.State != Opened {
		t.Fatalf("actions %v, state %s", k, got.State)
	}
	a := acts[0]
	if a.Note != a.Detail || a.Note != "keepup: this issue was reopened after keepup closed it as resolved (kubernetes 1.36 is supported now); keepup leaves it open and will not close it again: close it when it is done." {
		t.Errorf("note %q", a.Note)
	}
	if !slices.Equal(got.Labels, []string{"keepup", "keepup::reopened"}) || !slices.Equal(recordOf(got.Description).labels, []string{"keepup", "keepup::reopened"}) {
		t.Errorf("labels %v, record %v", got.Labels, recordOf(got.Description).labels)
	}
	if pl := p.Sync(nil, []Issue{got}); briefs(pl.Actions)[0] != "nothing #1" || pl.Actions[0].Detail != "reopened by a person after it was resolved: left open" {
		t.Errorf("finding gone: %v", pl.Actions)
	}
	got, acts = runs(t, p, finding("1.36", checks.Overdue), got, 2)
	if k := briefs(acts); !slices.Equal(k, []string{"update #1", "nothing #1"}) || !slices.Equal(got.Labels, []string{"keepup", "keepup::overdue"}) || acts[0].Note == "" {
		t.Errorf("owed again: %v, labels %v, note %q", k, got.Labels, acts[0].Note)
	}
	// Legacy: without a record, only the labels change.
	old := reopened(closed(t, p, withoutRecord(made(t, p, finding("1.36", checks.Overdue), 2)), "resolved"))
	if a := p.Sync([]checks.Finding{finding("1.36", checks.Supported)}, []Issue{old}).Actions[0]; a.Kind != Note || a.Edit.Description != nil || !slices.Equal(a.Edit.AddLabels, []string{"keepup::reopened"}) {
		t.Errorf("legacy: %+v", a)
	}
}

// Labels in keepup's scope that are not its status labels are people's,
// and survive closing.
func TestCloseKeepsPeoplesLabels(t *testing.T) {
	p := planner(t, options())
	iss := made(t, p, finding("1.36", checks.Overdue), 1)
	iss.Labels = append(iss.Labels, "keepup::wontfix", "keepup::pending")
	got := closed(t, p, iss, "resolved")
	if !slices.Equal(got.Labels, []string{"keepup", "keepup::resolved", "keepup::wontfix"}) {
		t.Errorf("labels %v", got.Labels)
	}
	if rec := recordOf(got.Description); !slices.Equal(rec.labels, []string{"keepup", "keepup::resolved"}) {
		t.Errorf("record %v", rec.labels)
	}
	// Closing again adds no mark it has.
	pl := &Plan{Links: map[string]Link{}}
	p.close(pl, got, "fp", closedResolved, "", "")
	if e := pl.Actions[0].Edit; e.AddLabels != nil || e.RemoveLabels != nil || e.Description != nil {
		t.Errorf("edit %+v", e)
	}
}

// An issue listed twice (a page shifted while keepup read the list) is one
// issue: never a duplicate of itself. Only a different, older, open issue
// makes a duplicate, and after creating, a run closes only the issues it
// created.
func TestDuplicatesAreOtherIssues(t *testing.T) {
	p := planner(t, options())
	f := finding("1.36", checks.Overdue)
	a, b := made(t, p, f, 1), made(t, p, f, 2)
	stale := a
	stale.Title = "as listed on the first page"
	pl := p.Sync([]checks.Finding{f}, []Issue{stale, b, a})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"close #2", "nothing #1"}) || pl.Actions[1].Title != a.Title {
		t.Errorf("listed twice: %v (the later listing counts)", pl.Actions)
	}
	if got := briefs(p.Sync([]checks.Finding{f}, []Issue{a, a, a}).Actions); !slices.Equal(got, []string{"nothing #1"}) {
		t.Errorf("listed three times: %v", got)
	}
	// After creating #2: this run closes #2 (it created it); a run that
	// created #1, or none, leaves #2 to its creator.
	if got := briefs(p.Dedupe([]Issue{a, b, b}, nil, []int64{2}).Actions); !slices.Equal(got, []string{"close #2"}) {
		t.Errorf("creator of #2: %v", got)
	}
	for _, created := range [][]int64{{1}, {}} {
		if pl := p.Dedupe([]Issue{b, a}, map[string]Link{"default/k8s/1.36": {IID: 2}}, created); len(pl.Actions) != 0 || pl.Links["default/k8s/1.36"].IID != 1 {
			t.Errorf("created %v: %v, links %v", created, pl.Actions, pl.Links)
		}
	}
	// A closed older issue makes no duplicate.
	if got := briefs(p.Dedupe([]Issue{closed(t, p, a, ""), b}, nil, []int64{2}).Actions); len(got) != 0 {
		t.Errorf("closed older: %v", got)
	}
}

// What would exceed GitLab's limits is an error, not an action.
func TestLimits(t *testing.T) {
	long := strings.Repeat("é", MaxNote+1)
	for _, a := range []Action{
		{Kind: Close, Fingerprint: "fp", Note: long},
		{Kind: Update, Fingerprint: "fp", Edit: Edit{Title: &long}},
		{Kind: Update, Fingerprint: "fp", Edit: Edit{Description: &[]string{strings.Repeat("x", MaxDescription+1)}[0]}},
		{Kind: Create, Fingerprint: "fp", Draft: &Draft{Title: strings.Repeat("t", MaxTitle+1)}},
		{Kind: Create, Fingerprint: "fp", Draft: &Draft{Title: "t", Description: strings.Repeat("x", MaxDescription+1)}},
	} {
		pl := &Plan{}
		pl.add(a)
		if len(pl.Actions) != 0 || len(pl.Errors) != 1 || !strings.Contains(pl.Errors[0].Error(), "for fp would be") || !strings.Contains(pl.Errors[0].Error(), "GitLab takes at most") {
			t.Errorf("%+v: %v", a.Kind, pl.Errors)
		}
	}
	ok := strings.Repeat("é", MaxTitle)
	pl := &Plan{}
	pl.add(Action{Kind: Update, Edit: Edit{Title: &ok}, Note: strings.Repeat("é", MaxNote)})
	pl.add(Action{Kind: Create, Draft: &Draft{Title: ok, Description: strings.Repeat("é", MaxDescription)}})
	if len(pl.Actions) != 2 || len(pl.Errors) != 0 {
		t.Errorf("at the limits: %v", pl.Errors)
	}
	// A person's long text plus keepup's section: the update is an error.
	p := planner(t, options())
	iss := made(t, p, finding("1.36", checks.DueSoon), 1)
	iss.Description = strings.Repeat("x", MaxDescription-100) + iss.Description
	pl = p.Sync([]checks.Finding{finding("1.36", checks.Overdue)}, []Issue{iss})
	if len(pl.Actions) != 0 || len(pl.Errors) != 1 {
		t.Errorf("too long with people's text: %v %v", pl.Actions, pl.Errors)
	}
	var ce *config.Error
	if _, err := New(options(func(o *Options) { o.Title = strings.Repeat("x", MaxTitle+1) })); err == nil || !strings.Contains(err.Error(), "issues.title") || !asConfig(err, &ce) {
		t.Errorf("long title template: %v", err)
	}
}

func asConfig(err error, ce **config.Error) bool { return errors.As(err, ce) }

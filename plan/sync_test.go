package plan

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// options returns the default issues options, changed by set.
func options(set ...func(*Options)) Options {
	o := Options{Issues: config.DefaultIssues(), JobURL: "https://gitlab.example/job/1", PolicyURL: "https://gitlab.example/p/-/blob/main/.keepup.yml"}
	for _, f := range set {
		f(&o)
	}
	return o
}

func planner(t *testing.T, o Options) *Planner {
	t.Helper()
	p, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// finding is kubernetes release of target k8s, due 2026-07-22.
func finding(release string, st checks.Status) checks.Finding {
	return checks.Finding{
		Target: "k8s", Product: "kubernetes", Release: release, Status: st,
		Released: calendar.MustParseDate("2026-04-22"), Due: calendar.MustParseDate("2026-07-22"),
		Rule: "3 months after release", Pos: config.Pos{File: ".keepup.yml", Line: 3, Col: 5},
	}
}

// made returns the issue keepup creates for f, with IID iid, as GitLab
// shows it (labels sorted).
func made(t *testing.T, p *Planner, f checks.Finding, iid int64) Issue {
	t.Helper()
	q := &Planner{opts: p.opts, r: p.r}
	q.opts.OpenOn = "pending"
	pl := q.Sync([]checks.Finding{f}, nil)
	if len(pl.Actions) != 1 || pl.Actions[0].Kind != Create {
		t.Fatalf("planning the issue of %s %s: %v", f.Release, f.Status, pl.Actions)
	}
	d := pl.Actions[0].Draft
	labels := slices.Clone(d.Labels)
	slices.Sort(labels)
	return Issue{
		IID: iid, State: Opened, Title: d.Title, Description: d.Description, Labels: labels, Due: d.Due,
		MilestoneID: d.MilestoneID, CreatedAt: t0.Add(time.Duration(iid) * time.Hour),
		WebURL: fmt.Sprintf("https://gitlab.example/p/-/issues/%d", iid),
	}
}

// closed returns iss closed by a person (how "") or as keepup closes it
// (how "resolved" or "duplicate").
func closed(t *testing.T, p *Planner, iss Issue, how string) Issue {
	t.Helper()
	if how == "" {
		iss.State = Closed
		return iss
	}
	pl := &Plan{Links: map[string]Link{}}
	p.close(pl, iss, FingerprintOf(iss.Description), how, "", "")
	if len(pl.Actions) != 1 {
		t.Fatalf("closing #%d: %v %v", iss.IID, pl.Actions, pl.Errors)
	}
	return applied(iss, pl.Actions[0])
}

// applied returns iss after GitLab applied a's edit.
func applied(iss Issue, a Action) Issue {
	e := a.Edit
	iss.Labels = slices.DeleteFunc(slices.Clone(iss.Labels), func(l string) bool { return slices.Contains(e.RemoveLabels, l) })
	for _, l := range e.AddLabels {
		if !slices.Contains(iss.Labels, l) {
			iss.Labels = append(iss.Labels, l)
		}
	}
	slices.Sort(iss.Labels)
	switch e.State {
	case CloseIssue:
		iss.State = Closed
	case ReopenIssue:
		iss.State = Opened
	}
	if e.Title != nil {
		iss.Title = *e.Title
	}
	if e.Description != nil {
		iss.Description = *e.Description
	}
	if e.SetDue {
		iss.Due = e.Due
	}
	if e.MilestoneID != 0 {
		iss.MilestoneID = e.MilestoneID
	}
	return iss
}

// reopened returns iss reopened by a person.
func reopened(iss Issue) Issue {
	iss.State = Opened
	return iss
}

// brief is an action in a word and an issue: "close #1", "create new".
func brief(a Action) string {
	if a.IID == 0 {
		return a.Kind.String() + " new"
	}
	return fmt.Sprintf("%s #%d", a.Kind, a.IID)
}

func briefs(actions []Action) []string {
	var out []string
	for _, a := range actions {
		out = append(out, brief(a))
	}
	return out
}

func linkOf(l Link, ok bool) string {
	if !ok {
		return "none"
	}
	return fmt.Sprintf("%s #%d", l.State, l.IID)
}

// statusSpec is what the issues section says about a status: the open_on
// values at which it opens an issue, and whether it still owes the
// release (an issue of an owed release is kept, not closed).
type statusSpec struct {
	status  checks.Status
	opensAt []string
	owed    bool
}

var statusSpecs = []statusSpec{
	{checks.Overdue, []string{"overdue", "due-soon", "pending"}, true},
	{checks.DueSoon, []string{"due-soon", "pending"}, true},
	{checks.Pending, []string{"pending"}, true},
	{checks.Snoozed, nil, true},
	{checks.Error, nil, true},
	{checks.Supported, nil, false},
	{checks.NotRequired, nil, false},
	{checks.EOL, nil, false},
	{checks.Untracked, nil, false},
}

// issues0 checks that pl has one action, on iss, and returns iss.
func issues0(pl *Plan, iss Issue) Issue {
	if len(pl.Actions) != 1 || pl.Actions[0].IID != iss.IID {
		panic(fmt.Sprintf("want one action on #%d, got %v", iss.IID, pl.Actions))
	}
	return iss
}

// Every status, with every state of its issue, under every combination of
// open_on, close_resolved and reopen, for support and drop findings.
func TestSyncMatrix(t *testing.T) {
	if len(statusSpecs) != len(checks.Statuses) {
		t.Fatalf("the matrix covers %d statuses, checks has %d", len(statusSpecs), len(checks.Statuses))
	}
	planners := map[string]*Planner{}
	states := []string{"none", "open", "closed by a person", "closed as resolved", "closed as duplicate", "reopened by a person", "left open after a reopen"}
	n := 0
	for _, spec := range statusSpecs {
		for _, state := range states {
			for _, openOn := range config.OpenOnValues {
				for _, closeResolved := range []bool{false, true} {
					for _, reopen := range []bool{false, true} {
						for _, kind := range []checks.Kind{checks.Support, checks.Drop} {
							name := fmt.Sprintf("%s %s, issue %s, open_on %s, close_resolved %v, reopen %v", kind, spec.status, state, openOn, closeResolved, reopen)
							key := fmt.Sprint(openOn, closeResolved, reopen)
							p := planners[key]
							if p == nil {
								p = planner(t, options(func(o *Options) { o.OpenOn, o.CloseResolved, o.Reopen = openOn, closeResolved, reopen }))
								planners[key] = p
							}
							f := finding("1.36", spec.status)
							f.Kind = kind
							fp := Fingerprint("default", f)
							overdue := f
							overdue.Status = checks.Overdue
							iss := made(t, p, overdue, 1) // made while overdue
							var issues []Issue
							switch state {
							case "open":
								issues = []Issue{iss}
							case "closed by a person":
								issues = []Issue{closed(t, p, iss, "")}
							case "closed as resolved":
								issues = []Issue{closed(t, p, iss, "resolved")}
							case "closed as duplicate":
								issues = []Issue{closed(t, p, iss, "duplicate")}
							case "reopened by a person":
								issues = []Issue{reopened(closed(t, p, iss, "resolved"))}
							case "left open after a reopen":
								pl := p.Sync(nil, []Issue{reopened(closed(t, p, iss, "resolved"))})
								issues = []Issue{applied(issues0(pl, iss), pl.Actions[0])}
							}

							var want []string
							wantLink := "none"
							opens := slices.Contains(spec.opensAt, openOn)
							switch {
							case opens && (state == "none" || state == "closed as duplicate"):
								want, wantLink = []string{"create new"}, "planned #0"
							case opens && state == "open" && spec.status == checks.Overdue:
								want, wantLink = []string{"nothing #1"}, "opened #1"
							case opens && (state == "open" || state == "reopened by a person" || state == "left open after a reopen"):
								want, wantLink = []string{"update #1"}, "opened #1"
							case opens && state == "closed by a person" && reopen, opens && state == "closed as resolved":
								want, wantLink = []string{"reopen #1"}, "opened #1"
							case opens && state == "closed by a person":
								want, wantLink = []string{"acknowledged #1"}, "acknowledged #1"
							case state != "open" && state != "reopened by a person" && state != "left open after a reopen":
							case spec.owed || state == "left open after a reopen":
								want, wantLink = []string{"nothing #1"}, "opened #1"
							case state == "reopened by a person":
								want, wantLink = []string{"note #1"}, "opened #1"
							case closeResolved:
								want, wantLink = []string{"close #1"}, "closed #1"
							default:
								want, wantLink = []string{"nothing #1"}, "opened #1"
							}
							pl := p.Sync([]checks.Finding{f}, issues)
							l, ok := pl.Links[fp]
							if got := briefs(pl.Actions); !slices.Equal(got, want) || linkOf(l, ok) != wantLink || len(pl.Links) > 1 || len(pl.Errors) > 0 {
								t.Errorf("%s:\n got %v, link %s (links %v, errors %v)\nwant %v, link %s", name, got, linkOf(l, ok), pl.Links, pl.Errors, want, wantLink)
							}
							for _, a := range pl.Actions {
								if a.Fingerprint != fp {
									t.Errorf("%s: action %v for fingerprint %s, want %s", name, a, a.Fingerprint, fp)
								}
							}
							n++
						}
					}
				}
			}
		}
	}
	t.Logf("%d cases", n)
}

// A finding's issue carries its status label, the policy's labels and the
// fiscal label of its due date, its due date and the milestone it is due
// in; the body says support or drop.
func TestCreate(t *testing.T) {
	o := options(func(o *Options) {
		o.Labels, o.FiscalLabel, o.Confidential, o.Assignees = []string{"group::distribution"}, true, true, []int64{7}
	})
	p := planner(t, o)
	f := finding("1.36", checks.Overdue)
	f.Why.Counted = []calendar.Milestone{{ID: 11, Title: "19.1"}, {ID: 12, Title: "19.2"}}
	pl := p.Sync([]checks.Finding{f}, nil)
	if len(pl.Actions) != 1 {
		t.Fatalf("actions %v", pl.Actions)
	}
	a := pl.Actions[0]
	d := a.Draft
	wantLabels := []string{"keepup", "keepup::overdue", "group::distribution", "FY27::Q2"}
	if a.Kind != Create || a.IID != 0 || a.Fingerprint != "default/k8s/1.36" || a.Title != "Support kubernetes 1.36 (k8s)" ||
		!slices.Equal(a.Labels, wantLabels) || a.Detail != "due 2026-07-22" || a.Note != "" {
		t.Errorf("action %+v", a)
	}
	if d == nil || d.Title != a.Title || !slices.Equal(d.Labels, wantLabels) || d.Due.String() != "2026-07-22" || d.MilestoneID != 12 ||
		!d.Confidential || !slices.Equal(d.Assignees, []int64{7}) {
		t.Fatalf("draft %+v", d)
	}
	for _, want := range []string{
		"<!-- keepup:begin -->\n**kubernetes 1.36** is not supported yet",
		"[.keepup.yml:3](https://gitlab.example/p/-/blob/main/.keepup.yml#L3)",
		"Last updated by [this keepup job](https://gitlab.example/job/1). <!-- keepup:job -->\n",
		"<!-- keepup:fingerprint default/k8s/1.36 -->\n<!-- keepup:end -->",
	} {
		if !strings.Contains(d.Description, want) {
			t.Errorf("description lacks %q:\n%s", want, d.Description)
		}
	}
	if want := `create new issue "Support kubernetes 1.36 (k8s)" labels keepup,keepup::overdue,group::distribution,FY27::Q2: due 2026-07-22`; a.String() != want {
		t.Errorf("line %q\nwant %q", a, want)
	}

	// Drop findings: their own fingerprint and words; no fiscal label
	// without a due date, no milestone without milestones counted; no
	// policy link without a policy URL.
	o.PolicyURL, o.JobURL = "", ""
	f = finding("1.33", checks.Overdue)
	f.Kind, f.Due = checks.Drop, calendar.Date{}
	a = planner(t, o).Sync([]checks.Finding{f}, nil).Actions[0]
	if a.Fingerprint != "default/k8s/1.33/drop" || a.Title != "Drop kubernetes 1.33 (k8s)" || !strings.Contains(a.Draft.Description, "Remove `1.33` from the `supported` list") ||
		slices.ContainsFunc(a.Draft.Labels, func(l string) bool { return strings.HasPrefix(l, "FY") }) || a.Draft.MilestoneID != 0 ||
		!strings.Contains(a.Draft.Description, "`.keepup.yml:3`") || strings.Contains(a.Draft.Description, "keepup job") {
		t.Errorf("drop issue %+v\n%s", a, a.Draft.Description)
	}
}

// An open issue is brought to the finding: labels (people's kept),
// due date, milestone and keepup's section (people's text kept), with one
// note when it turns overdue.
func TestUpdate(t *testing.T) {
	o := options(func(o *Options) { o.FiscalLabel, o.OpenOn = true, "due-soon" })
	p := planner(t, o)
	before := finding("1.36", checks.DueSoon)
	before.Why.Counted = []calendar.Milestone{{ID: 11}}
	iss := made(t, p, before, 4)
	iss.Labels = append(iss.Labels, "team::a")
	iss.Description = "Person text.\n\n" + iss.Description + "\n\nMore person text."

	now := finding("1.36", checks.Overdue)
	now.Due = calendar.MustParseDate("2026-08-20")
	now.Why.Counted = []calendar.Milestone{{ID: 11}, {ID: 12}}
	pl := p.Sync([]checks.Finding{now}, []Issue{iss})
	if len(pl.Actions) != 1 {
		t.Fatalf("actions %v", briefs(pl.Actions))
	}
	a := pl.Actions[0]
	e := a.Edit
	if a.Kind != Update || a.IID != 4 || a.Title != iss.Title || a.URL != iss.WebURL || a.Detail != "labels, due date 2026-08-20, milestone, description" {
		t.Errorf("action %+v", a)
	}
	if !slices.Equal(e.AddLabels, []string{"keepup::overdue", "FY27::Q3"}) || !slices.Equal(e.RemoveLabels, []string{"FY27::Q2", "keepup::due-soon"}) {
		t.Errorf("labels +%v -%v", e.AddLabels, e.RemoveLabels)
	}
	if !e.SetDue || e.Due.String() != "2026-08-20" || e.MilestoneID != 12 || e.State != "" || e.Title != nil {
		t.Errorf("edit %+v", e)
	}
	if e.Description == nil || !strings.HasPrefix(*e.Description, "Person text.\n\n<!-- keepup:begin -->") || !strings.HasSuffix(*e.Description, "<!-- keepup:end -->\n\nMore person text.") ||
		!strings.Contains(*e.Description, "**overdue**") || strings.Contains(*e.Description, "**due-soon**") {
		t.Errorf("description:\n%v", e.Description)
	}
	if a.Note != "keepup: **kubernetes 1.36 is now overdue**: it was due on 2026-08-20 (3 months after release)." {
		t.Errorf("note %q", a.Note)
	}

	// Already labelled overdue: no second note; a new job alone is no change.
	iss2 := made(t, p, now, 5)
	o.JobURL = "https://gitlab.example/job/2"
	later := finding("1.36", checks.Overdue)
	later.Due = calendar.MustParseDate("2026-08-21")
	later.Why.Counted = now.Why.Counted
	pl = planner(t, o).Sync([]checks.Finding{later}, []Issue{iss2})
	if a := pl.Actions[0]; a.Kind != Update || a.Note != "" || a.Detail != "due date 2026-08-21, description" {
		t.Errorf("second update %+v", a)
	}
	pl = planner(t, o).Sync([]checks.Finding{now}, []Issue{iss2})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"nothing #5"}) {
		t.Errorf("a new job alone: %v", got)
	}
	// A due date removed is reset.
	gone := now
	gone.Due = calendar.Date{}
	pl = planner(t, o).Sync([]checks.Finding{gone}, []Issue{iss2})
	if e := pl.Actions[0].Edit; !e.SetDue || !e.Due.IsZero() {
		t.Errorf("due date gone: %+v", e)
	}
}

// Closing says why: the release is supported, the finding is gone, or,
// for a drop issue, the release was dropped; the status label gives way
// to keepup::resolved.
func TestResolve(t *testing.T) {
	p := planner(t, options())
	support := made(t, p, finding("1.36", checks.Overdue), 1)
	support.Labels = append(support.Labels, "team::a")
	gone := made(t, p, finding("1.35", checks.Overdue), 2)
	dropF := finding("1.33", checks.Overdue)
	dropF.Kind = checks.Drop
	drop := made(t, p, dropF, 3)

	pl := p.Sync([]checks.Finding{finding("1.36", checks.Supported)}, []Issue{support, gone, drop})
	want := map[int64]string{
		1: "resolved: kubernetes 1.36 is supported now",
		2: "resolved: the policy no longer requires it (the target or release is gone, or a newer release is supported)",
		3: "resolved: the release is no longer listed in supported: dropped",
	}
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"close #1", "close #3", "close #2"}) {
		t.Fatalf("actions %v", got)
	}
	for _, a := range pl.Actions {
		if a.Detail != want[a.IID] || a.Note != "keepup: closing: "+strings.TrimPrefix(want[a.IID], "resolved: ")+"." {
			t.Errorf("#%d: detail %q, note %q", a.IID, a.Detail, a.Note)
		}
		if e := a.Edit; e.State != CloseIssue || !slices.Equal(e.AddLabels, []string{"keepup::resolved"}) || !slices.Equal(e.RemoveLabels, []string{"keepup::overdue"}) {
			t.Errorf("#%d: edit %+v", a.IID, e)
		}
		if a.Labels != nil || a.Title == "" || a.URL == "" {
			t.Errorf("#%d: %+v", a.IID, a)
		}
	}
	for fp, iid := range map[string]int64{"default/k8s/1.36": 1, "default/k8s/1.35": 2, "default/k8s/1.33/drop": 3} {
		if l := pl.Links[fp]; l.State != LinkClosed || l.IID != iid || l.URL == "" {
			t.Errorf("link %s = %+v", fp, l)
		}
	}
}

// A reopened issue gets its labels, due date and section back, with a
// note saying why.
func TestReopen(t *testing.T) {
	for _, tc := range []struct {
		how, why string
		reopen   bool
	}{
		{"", "the policy sets issues.reopen", true},
		{"resolved", "keepup closed it when it was resolved", false},
	} {
		p := planner(t, options(func(o *Options) { o.Reopen = tc.reopen }))
		iss := closed(t, p, made(t, p, finding("1.36", checks.DueSoon), 1), tc.how)
		f := finding("1.36", checks.Overdue)
		f.Due = calendar.MustParseDate("2026-07-23")
		pl := p.Sync([]checks.Finding{f}, []Issue{iss})
		a := pl.Actions[0]
		if a.Kind != Reopen || a.Edit.State != ReopenIssue || a.Detail != "still overdue" || !a.Edit.SetDue || !slices.Contains(a.Edit.AddLabels, "keepup::overdue") ||
			!slices.Equal(a.Labels, []string{"keepup", "keepup::overdue"}) || slices.ContainsFunc(iss.Labels, func(l string) bool { return l != "keepup" && !slices.Contains(a.Edit.RemoveLabels, l) }) {
			t.Errorf("closed %q: %+v", tc.how, a)
		}
		if got := applied(iss, a); got.State != Opened || !slices.Equal(got.Labels, []string{"keepup", "keepup::overdue"}) || got.Due != f.Due || briefs(p.Sync([]checks.Finding{f}, []Issue{got}).Actions)[0] != "nothing #1" {
			t.Errorf("closed %q, reopened: %+v", tc.how, got)
		}
		if want := "keepup: reopening: kubernetes 1.36 is overdue again, due 2026-07-23 (3 months after release), and " + tc.why + "."; a.Note != want {
			t.Errorf("note %q\nwant %q", a.Note, want)
		}
	}
}

// Of two issues a person closed, the newest is the one acknowledged; an
// issue keepup closed as a duplicate never stands for the finding.
func TestClosedIssuesNewestCounts(t *testing.T) {
	p := planner(t, options())
	f := finding("1.36", checks.Overdue)
	older, newer := closed(t, p, made(t, p, f, 1), ""), closed(t, p, made(t, p, f, 2), "")
	dup := closed(t, p, made(t, p, f, 3), "duplicate")
	pl := p.Sync([]checks.Finding{f}, []Issue{newer, dup, older})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"acknowledged #2"}) {
		t.Errorf("actions %v", got)
	}
	if want := "closed by a person while kubernetes 1.36 is overdue; left closed (issues.reopen: true would reopen it)"; pl.Actions[0].Detail != want {
		t.Errorf("detail %q", pl.Actions[0].Detail)
	}
	resolvedOld, resolvedNew := closed(t, p, made(t, p, f, 4), "resolved"), closed(t, p, made(t, p, f, 5), "resolved")
	pl = p.Sync([]checks.Finding{f}, []Issue{resolvedOld, resolvedNew})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"reopen #5"}) {
		t.Errorf("actions %v", got)
	}
}

// Open duplicates: the oldest is kept (by creation time, then IID), the
// others are closed with a note linking it, whatever the finding says.
func TestDuplicates(t *testing.T) {
	p := planner(t, options())
	f := finding("1.36", checks.Overdue)
	a, b, c := made(t, p, f, 7), made(t, p, f, 3), made(t, p, f, 5)
	b.CreatedAt = a.CreatedAt.Add(time.Minute) // #3 after #7
	c.CreatedAt = a.CreatedAt                  // #5 with #7: by IID
	pl := p.Sync([]checks.Finding{f}, []Issue{b, c, a})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"close #7", "close #3", "nothing #5"}) {
		t.Fatalf("actions %v", got)
	}
	for _, act := range pl.Actions[:2] {
		if act.Detail != "duplicate of #5" || act.Note != "keepup: closing as a duplicate of https://gitlab.example/p/-/issues/5 (#5), the oldest issue for default/k8s/1.36." ||
			!slices.Equal(act.Edit.AddLabels, []string{"keepup::duplicate"}) || !slices.Equal(act.Edit.RemoveLabels, []string{"keepup::overdue"}) {
			t.Errorf("%+v", act)
		}
	}
	if l := pl.Links["default/k8s/1.36"]; l.IID != 5 || l.State != LinkOpened {
		t.Errorf("link %+v", l)
	}
	// A duplicate a person reopened after keepup closed it stands.
	reopened := applied(a, pl.Actions[0])
	reopened.State = Opened
	pl = p.Sync([]checks.Finding{f}, []Issue{reopened, c})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"nothing #7", "nothing #5"}) ||
		pl.Actions[0].Detail != "reopened by a person after keepup closed it as a duplicate of #5: left open" {
		t.Errorf("after a person reopened duplicate #7: %v %+v", got, pl.Actions)
	}
	// Also when the release is resolved: the kept one is closed as resolved.
	pl = p.Sync([]checks.Finding{finding("1.36", checks.Supported)}, []Issue{a, c})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"close #7", "close #5"}) || pl.Actions[1].Detail != "resolved: kubernetes 1.36 is supported now" {
		t.Errorf("actions %v", got)
	}
}

// Issues of another namespace, issues without a fingerprint and the red
// default branch's issue are none of Sync's business; issues of findings
// that are gone are, after the findings, in fingerprint order.
func TestSyncScope(t *testing.T) {
	p := planner(t, options())
	other := made(t, planner(t, options(func(o *Options) { o.Namespace = "other" })), finding("1.36", checks.Overdue), 1)
	person := Issue{IID: 2, State: Opened, Title: "by hand", Labels: []string{"keepup"}}
	prefix := Issue{IID: 3, State: Opened, Description: "<!-- keepup:fingerprint defaultx/k8s/1.36 -->"}
	red := Issue{IID: 4, State: Opened, Description: section(RedMainFingerprint("default", "main"), "red", "", record{})}
	z, y := made(t, p, finding("1.30", checks.Overdue), 5), made(t, p, finding("1.20", checks.Overdue), 6)
	x := made(t, p, finding("1.37", checks.Overdue), 7)
	pl := p.Sync([]checks.Finding{finding("1.37", checks.Overdue), finding("1.36", checks.Overdue)}, []Issue{other, person, prefix, red, z, y, x})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"nothing #7", "create new", "close #6", "close #5"}) {
		t.Errorf("actions %v", got)
	}
	if len(pl.Links) != 4 {
		t.Errorf("links %v", pl.Links)
	}
}

// Dedupe, after creating: the oldest open issue of each fingerprint is
// kept and linked; the others are closed; closed issues do not count.
func TestDedupe(t *testing.T) {
	p := planner(t, options())
	f, g := finding("1.36", checks.Overdue), finding("1.35", checks.Overdue)
	f1, f2 := made(t, p, f, 1), made(t, p, f, 2)
	g3, g4 := closed(t, p, made(t, p, g, 3), "resolved"), made(t, p, g, 4)
	mine := map[string]Link{
		"default/k8s/1.36": {IID: 2, State: LinkOpened, URL: f2.WebURL},
		"default/k8s/1.35": {IID: 4, State: LinkOpened, URL: g4.WebURL},
		"default/k8s/1.34": {State: LinkPlanned},
	}
	pl := p.Dedupe([]Issue{f2, g4, f1, g3}, mine, nil)
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"close #2"}) {
		t.Errorf("actions %v", got)
	}
	want := map[string]Link{
		"default/k8s/1.36": {IID: 1, State: LinkOpened, URL: f1.WebURL},
		"default/k8s/1.35": {IID: 4, State: LinkOpened, URL: g4.WebURL},
		"default/k8s/1.34": {State: LinkPlanned},
	}
	if fmt.Sprint(pl.Links) != fmt.Sprint(want) {
		t.Errorf("links %v\nwant %v", pl.Links, want)
	}
	if mine["default/k8s/1.36"].IID != 2 {
		t.Error("Dedupe changed the links it was given")
	}
	// A fingerprint whose issues are all closed keeps its link.
	closedOnly := map[string]Link{"default/k8s/1.35": {IID: 3, State: LinkClosed}}
	if pl := p.Dedupe([]Issue{g3}, closedOnly, nil); len(pl.Actions) != 0 || pl.Links["default/k8s/1.35"] != closedOnly["default/k8s/1.35"] {
		t.Errorf("all closed: %v, links %v", pl.Actions, pl.Links)
	}
	// Several fingerprints: in fingerprint order.
	g5 := made(t, p, g, 5)
	pl = p.Dedupe([]Issue{f1, f2, g4, g5}, nil, nil)
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"close #5", "close #2"}) || len(pl.Links) != 0 {
		t.Errorf("actions %v, links %v", got, pl.Links)
	}
}

// A template error found only on real data fails that finding's issue,
// not the others'; one the sample data of either kind shows fails New.
func TestRenderErrors(t *testing.T) {
	o := options(func(o *Options) { o.Title = `{{if eq .Release "1.33"}}{{index .Steps 99}}{{end}}Support {{.Release}}` })
	p := planner(t, o)
	pl := p.Sync([]checks.Finding{finding("1.33", checks.Overdue), finding("1.36", checks.Overdue)}, nil)
	var ce *config.Error
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"create new"}) || len(pl.Errors) != 1 || !errors.As(pl.Errors[0], &ce) || ce.Key != "issues.title" ||
		!strings.Contains(pl.Errors[0].Error(), "rendering the issue title for default/k8s/1.33") || !strings.Contains(pl.Errors[0].Error(), "index out of range") {
		t.Errorf("actions %v, errors %v", got, pl.Errors)
	}
	if _, ok := pl.Links["default/k8s/1.33"]; ok {
		t.Error("a link for the issue that could not be rendered")
	}

	for _, tc := range []struct{ key, src string }{
		{"title", "{{.Nope}}"},
		{"body", "{{.Nope}}"},
		{"title", `{{if eq .Kind "drop"}}{{.Nope}}{{end}}Support {{.Release}}`},
		{"body", "{{if"},
	} {
		o := options()
		o.Issues.TitlePos = config.Pos{File: ".keepup.yml", Line: 8, Col: 10}
		o.Issues.BodyPos = config.Pos{File: ".keepup.yml", Line: 9, Col: 9}
		if tc.key == "title" {
			o.Title = tc.src
		} else {
			o.Body = tc.src
		}
		_, err := New(o)
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Key != "issues."+tc.key || ce.Pos.Line != map[string]int{"title": 8, "body": 9}[tc.key] {
			t.Errorf("%s %q: %v", tc.key, tc.src, err)
		}
		if err2 := checkTemplate(tc.key, tc.src, ce.Pos); err2 == nil || err2.Error() != err.Error() {
			t.Errorf("checkTemplate(%s, %q) = %v, New said %v", tc.key, tc.src, err2, err)
		}
	}
	for _, key := range []string{"title", "body"} {
		if err := checkTemplate(key, "", config.Pos{}); err != nil {
			t.Errorf("the default %s: %v", key, err)
		}
	}
}

func TestReport(t *testing.T) {
	acts := []Action{
		{Kind: Create, Fingerprint: "a", Title: "A"},
		{Kind: Nothing, IID: 1},
		{Kind: Close, Fingerprint: "b", IID: 2, URL: "u", Title: "B", Detail: "resolved", Note: "keepup: closing."},
		{Kind: Update, Fingerprint: "c", IID: 3, Title: "C", Detail: "labels"},
		{Kind: Note, Fingerprint: "d", IID: 4, Title: "D", Detail: "keepup: hello.", Note: "keepup: hello."},
	}
	var got []string
	for _, a := range Report(acts) {
		got = append(got, a.String())
	}
	want := []string{
		`create new issue "A"`,
		`close #2 "B": resolved`,
		`note #2 "B": keepup: closing.`,
		`update #3 "C": labels`,
		`note #4 "D": keepup: hello.`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if r := Report(acts); r[2].URL != "u" || r[2].Fingerprint != "b" {
		t.Errorf("note line %+v", r[2])
	}
}

func TestKindString(t *testing.T) {
	want := map[Kind]string{Nothing: "nothing", Create: "create", Update: "update", Reopen: "reopen", Close: "close", Note: "note", Acknowledge: "acknowledged", Kind(-1): "Kind(-1)", Kind(7): "Kind(7)"}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("%d: %q, want %q", int(k), k, s)
		}
	}
}

func TestEditIsZero(t *testing.T) {
	s := "x"
	for i, e := range []Edit{{State: CloseIssue}, {Title: &s}, {Description: &s}, {AddLabels: []string{"a"}}, {RemoveLabels: []string{"a"}}, {SetDue: true}, {MilestoneID: 1}} {
		if e.IsZero() {
			t.Errorf("edit %d %+v is zero", i, e)
		}
	}
	if !(Edit{}).IsZero() {
		t.Error("Edit{} is not zero")
	}
}

func TestFiscalLabel(t *testing.T) {
	for date, want := range map[string]string{
		"2025-03-11": "FY26::Q1",
		"2025-01-31": "FY25::Q4",
		"2025-02-01": "FY26::Q1",
		"2025-04-30": "FY26::Q1",
		"2025-05-01": "FY26::Q2",
		"2025-07-31": "FY26::Q2",
		"2025-08-01": "FY26::Q3",
		"2025-11-01": "FY26::Q4",
		"2025-12-31": "FY26::Q4",
		"2099-07-22": "FY00::Q2",
	} {
		if got := FiscalLabel(calendar.MustParseDate(date)); got != want {
			t.Errorf("FiscalLabel(%s) = %s, want %s", date, got, want)
		}
	}
}

func TestFingerprintOf(t *testing.T) {
	for desc, want := range map[string]string{
		"x <!-- keepup:fingerprint a/b/c -->":   "a/b/c",
		"<!-- keepup:fingerprint  a/b/c  --> y": "a/b/c",
		"<!-- keepup:fingerprint a/b/c":         "",
		"no marker":                             "",
	} {
		if got := FingerprintOf(desc); got != want {
			t.Errorf("FingerprintOf(%q) = %q, want %q", desc, got, want)
		}
	}
}

// withoutRecord returns iss as keepup wrote issues before it kept a record.
func withoutRecord(iss Issue) Issue {
	i := strings.Index(iss.Description, recordPrefix)
	j := strings.Index(iss.Description[i:], "-->\n")
	iss.Description = iss.Description[:i] + iss.Description[i+j+len("-->\n"):]
	return iss
}

// Labels alone: keepup adds what is missing (unless a person removed it
// since keepup set it) and removes only its own labels: its status labels,
// and the fiscal label it set. Without a record, any fiscal label is
// keepup's when it sets them.
func TestUpdateLabels(t *testing.T) {
	for _, tc := range []struct {
		name        string
		fiscal      bool
		legacy      bool     // an issue without a record
		drop        []string // labels a person removed
		extra       []string // labels a person added
		policy      []string // the policy's labels now
		due         string   // the due date now
		add, remove []string
	}{
		{"a policy label added", false, false, nil, nil, []string{"team::a"}, "", []string{"team::a"}, nil},
		{"a stale status label", false, false, nil, []string{"keepup::pending"}, nil, "", nil, []string{"keepup::pending"}},
		{"people's labels kept", true, false, nil, []string{"FY26::Q4", "team::Quality", "FYI::Question", "keepup::wontfix", "FY27::Q22", "XFY27::Q2"}, nil, "", nil, nil},
		{"a label a person removed stays removed", true, false, []string{"keepup::overdue", "FY27::Q2"}, nil, nil, "", nil, nil},
		{"keepup's fiscal label follows the due date", true, false, nil, []string{"FY26::Q4"}, nil, "2026-08-01", []string{"FY27::Q3"}, []string{"FY27::Q2"}},
		{"legacy: what is missing is added", true, true, []string{"keepup::overdue", "FY27::Q2"}, nil, nil, "", []string{"keepup::overdue", "FY27::Q2"}, nil},
		{"legacy: fiscal labels are keepup's", true, true, nil, []string{"FY26::Q4", "FYI::Question", "keepup::wontfix", "FY27::Q22", "FY2x::Q1", "FY27::Q5", "FY27:xQ1", "FY09::Q1", "FY1/::Q1", "FY:1::Q1", "FY11::Q0"}, nil, "", nil, []string{"FY26::Q4", "FY09::Q1"}},
		{"legacy: not without fiscal_label", false, true, nil, []string{"FY26::Q4"}, nil, "", nil, nil},
	} {
		o := options(func(o *Options) { o.FiscalLabel = tc.fiscal })
		p := planner(t, o)
		f := finding("1.36", checks.Overdue)
		iss := made(t, p, f, 1)
		if tc.legacy {
			iss = withoutRecord(iss)
		}
		iss.Labels = append(slices.DeleteFunc(iss.Labels, func(l string) bool { return slices.Contains(tc.drop, l) }), tc.extra...)
		o.Labels = tc.policy
		if tc.due != "" {
			f.Due = calendar.MustParseDate(tc.due)
		}
		pl := planner(t, o).Sync([]checks.Finding{f}, []Issue{iss})
		a := pl.Actions[0]
		if !slices.Equal(a.Edit.AddLabels, tc.add) || !slices.Equal(a.Edit.RemoveLabels, tc.remove) || (tc.add != nil || tc.remove != nil) != strings.HasPrefix(a.Detail, "labels") {
			t.Errorf("%s: %s: +%v -%v", tc.name, a, a.Edit.AddLabels, a.Edit.RemoveLabels)
		}
		// The next run has nothing more to do with the labels.
		next := applied(iss, a)
		if pl := planner(t, o).Sync([]checks.Finding{f}, []Issue{next}); len(pl.Actions[0].Edit.AddLabels)+len(pl.Actions[0].Edit.RemoveLabels) != 0 || pl.Actions[0].Kind != Nothing {
			t.Errorf("%s: second run %s", tc.name, pl.Actions[0])
		}
	}
}

package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// grouped sets issues.group: target.
func grouped(o *Options) { o.Group = GroupTarget }

// rel is kubernetes release of target k8s with its dates, status and the
// release that clears it.
func rel(release, released, due string, st checks.Status, clearedBy string) checks.Finding {
	f := finding(release, st)
	f.Released, f.Due, f.ClearedBy = calendar.MustParseDate(released), calendar.MustParseDate(due), clearedBy
	return f
}

// owing is what target k8s, supporting 1.33, owes in finding order
// (newest first): 1.36 pending, which clears 1.35 and 1.34, overdue.
func owing() []checks.Finding {
	return []checks.Finding{
		rel("1.36", "2026-04-22", "2026-07-22", checks.Pending, ""),
		rel("1.35", "2025-12-17", "2026-03-17", checks.Overdue, "1.36"),
		rel("1.34", "2025-08-27", "2025-11-27", checks.Overdue, "1.36"),
		rel("1.33", "2025-04-23", "2025-07-23", checks.Supported, ""),
	}
}

// owingBefore is what k8s owed before 1.36 came out: 1.35, which clears
// 1.34, both overdue.
func owingBefore() []checks.Finding {
	return []checks.Finding{
		rel("1.35", "2025-12-17", "2026-03-17", checks.Overdue, ""),
		rel("1.34", "2025-08-27", "2025-11-27", checks.Overdue, "1.35"),
		rel("1.33", "2025-04-23", "2025-07-23", checks.Supported, ""),
	}
}

// madeFrom returns the one issue keepup creates for findings, with IID
// iid, as GitLab shows it.
func madeFrom(t *testing.T, p *Planner, findings []checks.Finding, iid int64) Issue {
	t.Helper()
	q := &Planner{opts: p.opts, r: p.r}
	q.opts.OpenOn = "pending"
	pl := q.Sync(findings, nil)
	if len(pl.Actions) != 1 || pl.Actions[0].Kind != Create {
		t.Fatalf("planning the issue of %d findings: %v %v", len(findings), pl.Actions, pl.Errors)
	}
	return created(pl.Actions[0], iid)
}

// created is the issue a Create action makes, with IID iid.
func created(a Action, iid int64) Issue {
	d := a.Draft
	labels := slices.Clone(d.Labels)
	slices.Sort(labels)
	return Issue{
		IID: iid, State: Opened, Title: d.Title, Description: d.Description, Labels: labels, Due: d.Due,
		MilestoneID: d.MilestoneID, CreatedAt: t0.Add(time.Duration(iid) * time.Hour),
		WebURL: fmt.Sprintf("https://gitlab.example/p/-/issues/%d", iid),
	}
}

// With issues.group: target, the releases a target owes make one issue:
// named for the newest, listing them all, due on the oldest due date, with
// the worst status and the most urgent release's milestone.
func TestTargetIssueCreate(t *testing.T) {
	p := planner(t, options(grouped, func(o *Options) { o.FiscalLabel = true }))
	fs := owing()
	fs[1].Why.Counted = []calendar.Milestone{{ID: 35}}
	fs[2].Why.Counted = []calendar.Milestone{{ID: 34}}
	pl := p.Sync(fs, nil)
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"create new"}) || len(pl.Errors) > 0 {
		t.Fatalf("actions %v, errors %v", got, pl.Errors)
	}
	a, d := pl.Actions[0], pl.Actions[0].Draft
	if a.Fingerprint != "default/k8s" || FingerprintOf(d.Description) != "default/k8s" || a.Detail != "due 2025-11-27" {
		t.Errorf("fingerprint %s (marker %s), detail %q", a.Fingerprint, FingerprintOf(d.Description), a.Detail)
	}
	if d.Title != "Support kubernetes 1.36 in k8s (+2 older)" || d.Due != calendar.MustParseDate("2025-11-27") || d.MilestoneID != 34 ||
		!slices.Equal(d.Labels, []string{"keepup", "keepup::overdue", "FY26::Q4"}) {
		t.Errorf("title %q, due %s, milestone %d, labels %v", d.Title, d.Due, d.MilestoneID, d.Labels)
	}
	for _, want := range []string{
		"**kubernetes 1.36** is not supported yet, and the support policy requires it: target `k8s` is **overdue**. Supporting it clears the older releases that name it under *Cleared by*.\n\n" +
			"| Release | Released | Due | Status | Cleared by |\n|---|---|---|---|---|\n" +
			"| 1.36 | 2026-04-22 | 2026-07-22 | pending | - |\n" +
			"| 1.35 | 2025-12-17 | 2026-03-17 | overdue | 1.36 |\n" +
			"| 1.34 | 2025-08-27 | 2025-11-27 | overdue | 1.36 |\n\n" +
			"| | |\n|---|---|\n| Status | overdue |\n| Due | 2025-11-27 |\n| Rule | 3 months after release |\n",
		"\nAdd `1.36` to the `supported` list of target `k8s` when support lands: keepup closes this issue once the target owes nothing.\n",
		"<!-- keepup:fingerprint default/k8s -->",
	} {
		if !strings.Contains(d.Description, want) {
			t.Errorf("the description lacks\n%s\nin\n%s", want, d.Description)
		}
	}
	if strings.Contains(d.Description, "| Released | 2026") || strings.Contains(d.Description, "then closes") {
		t.Errorf("a release's lines in a target issue:\n%s", d.Description)
	}
	if l := pl.Links["default/k8s"]; l.State != LinkPlanned {
		t.Errorf("link %+v", l)
	}

	// One release owed: no "+N older", no clearing sentence.
	fs[0].Status = checks.Overdue
	pl = p.Sync([]checks.Finding{fs[0], fs[3]}, nil)
	d = pl.Actions[0].Draft
	if d.Title != "Support kubernetes 1.36 in k8s" || d.Due != fs[0].Due || !strings.Contains(d.Description, "is **overdue**.\n\n| Release |") {
		t.Errorf("one release: title %q, due %s:\n%s", d.Title, d.Due, d.Description)
	}
}

// The issue's status is the worst of the releases it tracks, its due date
// the oldest of those with that status; snoozed releases and errors set
// neither, and a target whose owed releases are all snoozed opens nothing.
func TestTargetIssueStatus(t *testing.T) {
	p := planner(t, options(grouped, func(o *Options) { o.OpenOn = "pending" }))
	s := func(st ...checks.Status) []checks.Finding {
		fs := owing()
		for i := range st {
			fs[i].Status = st[i]
		}
		fs[2].Due = calendar.MustParseDate("2025-11-27")
		if st[2] == checks.Error {
			fs[2].Due = calendar.Date{}
		}
		return fs
	}
	P, D, O, S, E := checks.Pending, checks.DueSoon, checks.Overdue, checks.Snoozed, checks.Error
	for _, tc := range []struct {
		fs        []checks.Finding
		status    string
		due, head string
	}{
		{s(O, O, O), "overdue", "2025-11-27", "1.36"},
		{s(P, O, P), "overdue", "2026-03-17", "1.36"},
		{s(P, D, S), "due-soon", "2026-03-17", "1.36"},
		{s(P, S, S), "pending", "2026-07-22", "1.36"},
		{s(P, P, P), "pending", "2025-11-27", "1.36"},
		{s(S, O, E), "overdue", "2026-03-17", "1.36"},
		{s(E, D, P), "due-soon", "2026-03-17", "1.36"},
	} {
		pl := p.Sync(tc.fs, nil)
		if len(pl.Actions) != 1 || pl.Actions[0].Draft == nil {
			t.Errorf("%s %s: %v", tc.status, tc.due, pl.Actions)
			continue
		}
		d := pl.Actions[0].Draft
		if d.Due.String() != tc.due || !slices.Contains(d.Labels, "keepup::"+tc.status) || !strings.HasPrefix(d.Title, "Support kubernetes "+tc.head+" in k8s") {
			t.Errorf("want %s due %s: got labels %v, due %s, title %q", tc.status, tc.due, d.Labels, d.Due, d.Title)
		}
	}
	if pl := p.Sync(s(S, S, E), nil); len(pl.Actions) != 0 {
		t.Errorf("snoozed and errors alone: %v", pl.Actions)
	}
}

// The issue names the first owed release that no other clears: the newest,
// wherever the findings list it; on a minor target owing on two major
// lines, the newest line's, the other line's releases listed with the
// release that clears them.
func TestTargetIssueHead(t *testing.T) {
	p := planner(t, options(grouped))
	minor := func(release, released, due, clearedBy string) checks.Finding {
		f := rel(release, released, due, checks.Overdue, clearedBy)
		f.Target, f.Product = "rhel-minor", "rhel"
		return f
	}
	fs := []checks.Finding{
		minor("9.5", "2024-11-12", "2025-02-20", "9.6"),
		minor("9.6", "2025-05-20", "2025-08-21", ""),
		minor("8.10", "2024-05-22", "2024-08-22", ""),
	}
	pl := p.Sync(fs, nil)
	if len(pl.Actions) != 1 {
		t.Fatalf("actions %v", pl.Actions)
	}
	d := pl.Actions[0].Draft
	if d.Title != "Support rhel 9.6 in rhel-minor (+2 older)" || d.Due != calendar.MustParseDate("2024-08-22") {
		t.Errorf("title %q, due %s", d.Title, d.Due)
	}
	if want := "| 9.6 | 2025-05-20 | 2025-08-21 | overdue | - |\n| 9.5 | 2024-11-12 | 2025-02-20 | overdue | 9.6 |\n| 8.10 | 2024-05-22 | 2024-08-22 | overdue | - |\n"; !strings.Contains(d.Description, want) {
		t.Errorf("the description lacks\n%s\nin\n%s", want, d.Description)
	}
	// Findings that all name a clearing release (none does from checks):
	// the first is named.
	fs[1].ClearedBy, fs[2].ClearedBy = "9.7", "9.7"
	if d := p.Sync(fs, nil).Actions[0].Draft; d.Title != "Support rhel 9.5 in rhel-minor (+2 older)" {
		t.Errorf("title %q", d.Title)
	}
}

// Every target gets its issue, in finding order; a release to drop keeps
// an issue of its own; with issues.group: release nothing is grouped.
func TestTargetIssuesPerTarget(t *testing.T) {
	other := owing()
	for i := range other {
		other[i].Target = "k8s-edge"
	}
	drop := finding("1.30", checks.Overdue)
	drop.Kind = checks.Drop
	fs := slices.Concat(owing(), []checks.Finding{drop}, other)
	pl := planner(t, options(grouped)).Sync(fs, nil)
	var got []string
	for _, a := range pl.Actions {
		got = append(got, a.Fingerprint+" "+a.Draft.Title)
	}
	want := []string{
		"default/k8s Support kubernetes 1.36 in k8s (+2 older)",
		"default/k8s/1.30/drop Drop kubernetes 1.30 (k8s)",
		"default/k8s-edge Support kubernetes 1.36 in k8s-edge (+2 older)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("creates\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	got = nil
	for _, a := range planner(t, options()).Sync(fs, nil).Actions {
		got = append(got, a.Fingerprint)
	}
	if want := []string{"default/k8s/1.35", "default/k8s/1.34", "default/k8s/1.30/drop", "default/k8s-edge/1.35", "default/k8s-edge/1.34"}; !slices.Equal(got, want) {
		t.Errorf("release grouping: %v", got)
	}
}

// A newer release updates the target's issue (title, description, and
// due date or status when they change) rather than opening another; an
// escalation to overdue is noted once, naming the release that is late.
func TestTargetIssueUpdate(t *testing.T) {
	p := planner(t, options(grouped))
	iss := madeFrom(t, p, owingBefore(), 1)
	if iss.Title != "Support kubernetes 1.35 in k8s (+1 older)" {
		t.Fatalf("title %q", iss.Title)
	}
	pl := p.Sync(owing(), []Issue{iss})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"update #1"}) {
		t.Fatalf("actions %v", got)
	}
	a := pl.Actions[0]
	if a.Detail != "title, description" || a.Note != "" || a.Edit.Title == nil || *a.Edit.Title != "Support kubernetes 1.36 in k8s (+2 older)" || a.Edit.SetDue {
		t.Errorf("update %+v", a)
	}
	got := applied(iss, a)
	if !strings.Contains(got.Description, "| 1.36 | 2026-04-22 | 2026-07-22 | pending | - |\n| 1.35 | 2025-12-17 | 2026-03-17 | overdue | 1.36 |") {
		t.Errorf("description:\n%s", got.Description)
	}
	if k := briefs(p.Sync(owing(), []Issue{got}).Actions); !slices.Equal(k, []string{"nothing #1"}) {
		t.Errorf("second run %v", k)
	}
	if l := pl.Links["default/k8s"]; l.State != LinkOpened || l.IID != 1 {
		t.Errorf("link %+v", l)
	}

	// Due-soon, then overdue: one note, on the release that is late.
	q := planner(t, options(grouped, func(o *Options) { o.OpenOn = "due-soon" }))
	fs := owing()[:2]
	fs[1].Status = checks.DueSoon
	iss = madeFrom(t, q, fs, 2)
	fs[1].Status = checks.Overdue
	a = q.Sync(fs, []Issue{iss}).Actions[0]
	if want := "keepup: **target k8s is now overdue**: kubernetes 1.35 was due on 2026-03-17 (3 months after release)."; a.Kind != Update || a.Note != want {
		t.Errorf("escalation %s, note %q\nwant %q", brief(a), a.Note, want)
	}

	// Below open_on, the issue is left as it is.
	fs[1].Status = checks.Pending
	pl = p.Sync(fs, []Issue{iss})
	if k := briefs(pl.Actions); !slices.Equal(k, []string{"nothing #2"}) || pl.Actions[0].Detail != "target k8s is pending" {
		t.Errorf("below open_on: %v %q", k, pl.Actions[0].Detail)
	}
}

// Once the target owes nothing (its newest required release is
// supported), its issue is closed saying so, under either grouping; the
// supported release links it. The rules of close_resolved hold.
func TestTargetIssueResolved(t *testing.T) {
	iss := madeFrom(t, planner(t, options(grouped)), owing(), 1)
	now := []checks.Finding{
		rel("1.36", "2026-04-22", "2026-07-22", checks.Supported, ""),
		rel("1.33", "2025-04-23", "2025-07-23", checks.Supported, ""),
	}
	const why = "target k8s owes nothing now: kubernetes 1.36 is supported"
	for _, group := range config.GroupValues {
		p := planner(t, options(func(o *Options) { o.Group = group }))
		pl := p.Sync(now, []Issue{iss})
		if got := briefs(pl.Actions); !slices.Equal(got, []string{"close #1"}) {
			t.Fatalf("%s: actions %v", group, got)
		}
		a := pl.Actions[0]
		if a.Detail != "resolved: "+why || a.Note != "keepup: closing: "+why+"." ||
			!slices.Equal(a.Edit.AddLabels, []string{"keepup::resolved"}) || !slices.Equal(a.Edit.RemoveLabels, []string{"keepup::overdue"}) {
			t.Errorf("%s: %+v", group, a)
		}
		if l := pl.Links["default/k8s"]; l.State != LinkClosed || l.IID != 1 {
			t.Errorf("%s: link %+v", group, l)
		}
	}
	p := planner(t, options(grouped, func(o *Options) { o.CloseResolved = false }))
	if a := p.Sync(now, []Issue{iss}).Actions; len(a) != 1 || a[0].Kind != Nothing || a[0].Detail != "resolved, and issues.close_resolved is off: "+why {
		t.Errorf("close_resolved off: %v", a)
	}
	// The target is gone from the policy.
	gone := owing()
	for i := range gone {
		gone[i].Target = "k8s-edge"
	}
	gone = gone[3:]
	if a := planner(t, options(grouped)).Sync(gone, []Issue{iss}).Actions; len(a) != 1 || a[0].Detail != "resolved: the policy no longer requires it (the target or release is gone, or a newer release is supported)" {
		t.Errorf("target gone: %v", a)
	}
}

// A person's close and reopen of a target issue count as they do for a
// release's issue.
func TestTargetIssuePeople(t *testing.T) {
	p := planner(t, options(grouped))
	iss := madeFrom(t, p, owing(), 1)

	pl := p.Sync(owing(), []Issue{closed(t, p, iss, "")})
	if a := pl.Actions; len(a) != 1 || a[0].Kind != Acknowledge || a[0].Detail != "closed by a person while target k8s is overdue; left closed (issues.reopen: true would reopen it)" {
		t.Errorf("closed by a person: %v", a)
	}
	if l := pl.Links["default/k8s"]; l.State != LinkAcknowledged || l.IID != 1 {
		t.Errorf("link %+v", l)
	}
	for _, tc := range []struct {
		how, why string
		reopen   bool
	}{
		{"", "the policy sets issues.reopen", true},
		{"resolved", "keepup closed it when it was resolved", false},
	} {
		q := planner(t, options(grouped, func(o *Options) { o.Reopen = tc.reopen }))
		a := q.Sync(owing(), []Issue{closed(t, q, iss, tc.how)}).Actions
		if want := "keepup: reopening: target k8s is overdue again, due 2025-11-27 (3 months after release), and " + tc.why + "."; len(a) != 1 || a[0].Kind != Reopen || a[0].Note != want {
			t.Errorf("closed %q: %v\nwant note %q", tc.how, a, want)
		}
	}

	// Reopened by a person after keepup closed it as resolved: left open.
	resolved := closed(t, p, iss, "resolved")
	done := []checks.Finding{rel("1.36", "2026-04-22", "2026-07-22", checks.Supported, "")}
	a := p.Sync(done, []Issue{reopened(resolved)}).Actions
	if len(a) != 1 || a[0].Kind != Note || !slices.Equal(a[0].Edit.AddLabels, []string{"keepup::reopened"}) {
		t.Fatalf("reopened by a person: %v", a)
	}
	if a := p.Sync(done, []Issue{applied(reopened(resolved), a[0])}).Actions; len(a) != 1 || a[0].Kind != Nothing {
		t.Errorf("then: %v", a)
	}
}

// Switching issues.group from release to target and back: each time the
// open issue of the newest release that has one is taken over, with a
// note; the other open issues of what the target owes are closed as
// moved, linking it; an issue closed as moved is reopened when its
// grouping comes back. There are never two open issues for one release,
// and nothing is closed as resolved while still owed.
func TestSwitchGroup(t *testing.T) {
	rp, tp := planner(t, options()), planner(t, options(grouped))
	fs := owing()
	i35, i34 := made(t, rp, fs[1], 1), made(t, rp, fs[2], 2)

	// release → target
	pl := tp.Sync(fs, []Issue{i35, i34})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"update #1", "close #2"}) {
		t.Fatalf("to target: %v", got)
	}
	up, mv := pl.Actions[0], pl.Actions[1]
	if up.Fingerprint != "default/k8s" || up.Note != "keepup: this issue now tracks every release target k8s owes, in one issue (issues.group: target)." ||
		up.Edit.Title == nil || *up.Edit.Title != "Support kubernetes 1.36 in k8s (+2 older)" || up.Edit.Description == nil ||
		FingerprintOf(*up.Edit.Description) != "default/k8s" || !up.Edit.SetDue || up.Edit.Due != calendar.MustParseDate("2025-11-27") {
		t.Errorf("taken over: %+v", up)
	}
	if mv.Fingerprint != "default/k8s/1.34" || mv.Detail != "now tracked in https://gitlab.example/p/-/issues/1 (#1)" ||
		mv.Note != "keepup: closing: what this issue tracked is still owed, and is now tracked in https://gitlab.example/p/-/issues/1 (#1) (issues.group: target)." ||
		mv.Edit.State != CloseIssue || !slices.Equal(mv.Edit.AddLabels, []string{"keepup::moved"}) || !slices.Equal(mv.Edit.RemoveLabels, []string{"keepup::overdue"}) {
		t.Errorf("moved: %+v", mv)
	}
	if l := pl.Links["default/k8s"]; l.State != LinkOpened || l.IID != 1 {
		t.Errorf("link %+v", l)
	}
	issues := []Issue{applied(i35, up), applied(i34, mv)}
	if got := briefs(tp.Sync(fs, issues).Actions); !slices.Equal(got, []string{"nothing #1"}) {
		t.Errorf("to target, second run: %v", got)
	}

	// target → release: #1 tracks the first release to want an issue,
	// 1.35 (1.36 is below open_on); #2, closed as moved, is 1.34's again.
	pl = rp.Sync(fs, issues)
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"update #1", "reopen #2"}) {
		t.Fatalf("to release: %v", got)
	}
	up, ro := pl.Actions[0], pl.Actions[1]
	if up.Fingerprint != "default/k8s/1.35" || up.Note != "keepup: this issue now tracks kubernetes 1.35 alone (issues.group: release); the other releases target k8s owes get issues of their own." ||
		*up.Edit.Title != "Support kubernetes 1.35 (k8s)" || FingerprintOf(*up.Edit.Description) != "default/k8s/1.35" || up.Edit.Due != fs[1].Due {
		t.Errorf("taken back: %+v", up)
	}
	if ro.Note != "keepup: reopening: kubernetes 1.34 is overdue again, due 2025-11-27 (3 months after release), and keepup closed it only because issues.group changed." ||
		!slices.Contains(ro.Edit.RemoveLabels, "keepup::moved") {
		t.Errorf("reopened: %+v", ro)
	}
	issues = []Issue{applied(issues[0], up), applied(issues[1], ro)}
	if got := briefs(rp.Sync(fs, issues).Actions); !slices.Equal(got, []string{"nothing #1", "nothing #2"}) {
		t.Errorf("to release, second run: %v", got)
	}
	if i := issues[0]; i.Title != "Support kubernetes 1.35 (k8s)" || i.Due != fs[1].Due || !slices.Equal(i.Labels, []string{"keepup", "keepup::overdue"}) {
		t.Errorf("#1 back as 1.35's: %+v", i)
	}
}

// What a switch of grouping finds and what it does: the target's issue
// open already (the releases' issues are closed as moved to it); every
// release with an open issue already (the target's issue is closed as
// moved to them); nothing at or above open_on (issues are left); issues
// a person reopened after keepup closed them (left).
func TestSwitchGroupCases(t *testing.T) {
	rp, tp := planner(t, options()), planner(t, options(grouped))
	fs := owing()
	target := madeFrom(t, tp, fs, 3)
	i35, i34 := made(t, rp, fs[1], 1), made(t, rp, fs[2], 2)
	tracked := func(iids ...int64) string {
		var refs []string
		for _, iid := range iids {
			refs = append(refs, fmt.Sprintf("https://gitlab.example/p/-/issues/%d (#%d)", iid, iid))
		}
		return strings.Join(refs, ", ")
	}

	pl := tp.Sync(fs, []Issue{i35, i34, target})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"nothing #3", "close #2", "close #1"}) {
		t.Errorf("target open: %v", got)
	}
	for _, a := range pl.Actions[1:] {
		if a.Detail != "now tracked in "+tracked(3) {
			t.Errorf("%s: %q", brief(a), a.Detail)
		}
	}
	pl = rp.Sync(fs, []Issue{i35, i34, target})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"nothing #1", "nothing #2", "close #3"}) || pl.Actions[2].Detail != "now tracked in "+tracked(1, 2) {
		t.Errorf("releases open: %v %q", got, pl.Actions[len(pl.Actions)-1].Detail)
	}

	// Nothing at or above open_on: left as they are.
	pending := owing()
	pending[1].Status, pending[2].Status = checks.Pending, checks.Pending
	pl = tp.Sync(pending, []Issue{i35, i34})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"nothing #2", "nothing #1"}) || pl.Actions[0].Detail != "still owed, and no issue tracks it under issues.group: target yet: left as it is" {
		t.Errorf("below open_on, to target: %v", pl.Actions)
	}
	pl = rp.Sync(pending, []Issue{target})
	if got := briefs(pl.Actions); !slices.Equal(got, []string{"nothing #3"}) || pl.Actions[0].Detail != "still owed, and no issue tracks it under issues.group: release yet: left as it is" {
		t.Errorf("below open_on, to release: %v", pl.Actions)
	}

	// Reopened by a person after keepup closed it, as resolved or as
	// moved: left open.
	for _, how := range []string{"resolved", "reopened", "moved"} {
		iss := reopened(closed(t, rp, i34, how))
		pl = tp.Sync(fs, []Issue{i35, iss})
		if got := briefs(pl.Actions); !slices.Equal(got, []string{"update #1", "nothing #2"}) || pl.Actions[1].Detail != "reopened by a person after keepup closed it: left open" {
			t.Errorf("reopened after %s: %v", how, pl.Actions)
		}
	}

	// An issue keepup closed as moved is no person's close.
	moved := closed(t, rp, i34, "moved")
	if got := briefs(rp.Sync(fs[2:], []Issue{moved}).Actions); !slices.Equal(got, []string{"reopen #2"}) {
		t.Errorf("moved, owed again: %v", got)
	}
}

// Fingerprints names each finding's issue: its own, or with
// issues.group: target, the target's for the releases it owes and for
// the first supported release of a target that owes nothing.
func TestFingerprints(t *testing.T) {
	f := func(target, release string, st checks.Status) checks.Finding {
		x := finding(release, st)
		x.Target = target
		return x
	}
	drop := f("rhel", "8", checks.Overdue)
	drop.Kind = checks.Drop
	fs := []checks.Finding{
		f("ubuntu", "25.10", checks.NotRequired),
		f("ubuntu", "24.04", checks.Overdue),
		f("ubuntu", "22.04", checks.Supported),
		f("k8s", "1.37", checks.NotRequired),
		f("k8s", "1.36", checks.Supported),
		f("k8s", "1.35", checks.Supported),
		drop,
	}
	is := config.DefaultIssues()
	want := []string{"default/ubuntu/25.10", "default/ubuntu/24.04", "default/ubuntu/22.04", "default/k8s/1.37", "default/k8s/1.36", "default/k8s/1.35", "default/rhel/8/drop"}
	if got := Fingerprints(is, fs); !slices.Equal(got, want) {
		t.Errorf("release grouping:\n got %v\nwant %v", got, want)
	}
	is.Group = GroupTarget
	want[1], want[4] = "default/ubuntu", "default/k8s"
	if got := Fingerprints(is, fs); !slices.Equal(got, want) {
		t.Errorf("target grouping:\n got %v\nwant %v", got, want)
	}
	if TargetFingerprint("ns", "k8s") != "ns/k8s" || reserved(TargetFingerprint("ns", "k8s"), "ns") {
		t.Errorf("target fingerprint %s", TargetFingerprint("ns", "k8s"))
	}
}

// A target issue's chart has a bar for each release it tracks that is
// pending, due-soon or overdue.
func TestTargetIssueTimeline(t *testing.T) {
	fs := owing()
	fs[1].Status = checks.Snoozed
	body := timelineBody(t, fs[0], "")
	if !strings.Contains(body, "kubernetes 1.36 (k8s) :2026-04-22, 2026-07-22") {
		t.Fatalf("release issue:\n%s", body)
	}
	is := config.DefaultIssues()
	is.OpenOn, is.Group = "pending", GroupTarget
	p, err := New(Options{Issues: is})
	if err != nil {
		t.Fatal(err)
	}
	body = p.Sync(fs, nil).Actions[0].Draft.Description
	want := "```mermaid\ngantt\n    title kubernetes releases owed by k8s\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n" +
		"    kubernetes 1.36 :2026-04-22, 2026-07-22\n    kubernetes 1.34 :crit, 2025-08-27, 2025-11-27\n```"
	if !strings.Contains(body, want) {
		t.Errorf("the body lacks\n%s\nin\n%s", want, body)
	}
}

// Templates are checked on a target issue's data too: one that works for
// a release's issue but not for a target's fails New.
func TestTargetTemplates(t *testing.T) {
	for _, src := range []string{`{{if eq .Group "target"}}{{range .Older}}{{.Bogus}}{{end}}{{end}}`, `{{(index .Older 0).ClearedBy}}`} {
		if err := checkTemplate("body", src, bodyPos); err == nil {
			t.Errorf("%s: accepted", src)
		}
	}
	src := `{{.Release}}{{range .Older}} {{.Release}}/{{.Status}}/{{.Due}}/{{.ClearedBy}}{{end}} of {{len .Releases}}`
	p := planner(t, options(grouped, func(o *Options) { o.Title = src }))
	if got := p.Sync(owing(), nil).Actions[0].Draft.Title; got != "1.36 1.35/overdue/2026-03-17/1.36 1.34/overdue/2025-11-27/1.36 of 3" {
		t.Errorf("title %q", got)
	}
	if got := planner(t, options(func(o *Options) { o.Title = src })).Sync(owing()[1:2], nil).Actions[0].Draft.Title; got != "1.35 of 1" {
		t.Errorf("release title %q", got)
	}
}

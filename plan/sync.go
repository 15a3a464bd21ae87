package plan

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
)

// desired is the state keepup wants an issue to have.
type desired struct {
	fingerprint string
	unit        unit
	title       string
	body        string // the body of keepup's section
	labels      []string
	due         calendar.Date
	milestoneID int64
}

// unit is what one issue tracks: one finding, or with issues.group:
// target, every release a target owes (its owed findings).
type unit struct {
	fp   string
	head checks.Finding // the release the issue names: the finding, or the newest the target owes
	// urgent gives the issue its status, due date and milestone: the
	// finding, or the most urgent release the target owes (the worst
	// status, then the oldest due date; snoozed releases and errors come
	// last).
	urgent checks.Finding
	older  []checks.Finding // a target issue's other owed releases, in finding order
	target bool             // a target issue
}

// status is the issue's status.
func (u unit) status() checks.Status { return u.urgent.Status }

// releases are the releases the issue tracks, the one it names first.
func (u unit) releases() []checks.Finding {
	return append([]checks.Finding{u.head}, u.older...)
}

// name says what the issue tracks, in notes: "kubernetes 1.36", or
// "target k8s" for a target issue.
func (u unit) name() string {
	if u.target {
		return "target " + Neutralize(u.head.Target)
	}
	return Neutralize(u.head.Product) + " " + Neutralize(u.head.Release)
}

// units groups findings into what issues track, in finding order: a unit
// per finding, except that with issues.group: target the releases a
// target owes make one unit, at the place of the first of them. Its head
// is the first that no other clears (checks.Finding.ClearedBy): the
// newest, or on a minor target the newest of the newest line.
func (p *Planner) units(findings []checks.Finding) []unit {
	ns := p.opts.Namespace
	var units []unit
	at := map[string]int{} // a target issue's fingerprint: its unit's index
	for _, f := range findings {
		if p.opts.Group != GroupTarget || !f.Owed() {
			units = append(units, unit{fp: Fingerprint(ns, f), head: f, urgent: f})
			continue
		}
		fp := TargetFingerprint(ns, f.Target)
		i, ok := at[fp]
		if !ok {
			i = len(units)
			at[fp] = i
			units = append(units, unit{fp: fp, target: true})
		}
		units[i].older = append(units[i].older, f) // all of them, for now
	}
	for _, i := range at {
		u := &units[i]
		all := u.older
		h := max(0, slices.IndexFunc(all, func(f checks.Finding) bool { return f.ClearedBy == "" }))
		u.head = all[h]
		u.older = slices.Delete(slices.Clone(all), h, h+1)
		u.urgent = slices.MinFunc(all, func(a, b checks.Finding) int {
			return cmp.Or(cmp.Compare(issueRank(a.Status), issueRank(b.Status)), a.Due.Time().Compare(b.Due.Time()))
		})
	}
	return units
}

// issueRank orders statuses for a target issue's status: the statuses
// that open issues, worst first, then the others.
func issueRank(s checks.Status) int {
	switch s {
	case checks.Overdue:
		return 0
	case checks.DueSoon:
		return 1
	case checks.Pending:
		return 2
	}
	return 3
}

// opens reports whether a status opens an issue at threshold openOn.
func opens(s checks.Status, openOn string) bool {
	switch s {
	case checks.Overdue:
		return true
	case checks.DueSoon:
		return openOn != "overdue"
	case checks.Pending:
		return openOn == "pending"
	}
	return false
}

// owed reports whether a status still means the release is unsupported.
func owed(s checks.Status) bool {
	switch s {
	case checks.Overdue, checks.DueSoon, checks.Pending, checks.Snoozed, checks.Error:
		return true
	}
	return false
}

// desire renders the issue a unit wants: title, body, labels, due date
// and milestone.
func (p *Planner) desire(u unit) (desired, error) {
	opts := p.opts
	f, urgent := u.head, u.urgent
	steps := urgent.Steps()
	for i, s := range steps {
		steps[i] = Neutralize(s)
	}
	group := "release"
	if u.target {
		group = GroupTarget
	}
	var releases []ReleaseData
	for _, r := range u.releases() {
		releases = append(releases, ReleaseData{
			Release: Neutralize(r.Release), Released: r.Released.String(), Due: r.Due.String(),
			Status: string(r.Status), ClearedBy: Neutralize(r.ClearedBy),
		})
	}
	data := IssueData{
		Kind: f.Kind.String(), Group: group, Target: Neutralize(f.Target), Product: Neutralize(f.Product), Release: Neutralize(f.Release),
		Status: string(urgent.Status), Released: f.Released.String(), Due: urgent.Due.String(), Rule: Neutralize(f.Rule),
		PolicyFile: Neutralize(f.Pos.File), PolicyLine: f.Pos.Line, Steps: steps, Fingerprint: u.fp,
		Releases: releases, Older: releases[1:],
	}
	if opts.PolicyURL != "" {
		data.PolicyURL = fmt.Sprintf("%s#L%d", Neutralize(opts.PolicyURL), f.Pos.Line)
	}
	title, err := p.r.title.render(data)
	if err != nil {
		return desired{}, err
	}
	body, err := p.r.body.render(data)
	if err != nil {
		return desired{}, err
	}
	labels := []string{opts.Label, p.statusLabel(string(urgent.Status))}
	labels = append(labels, opts.Labels...)
	if opts.FiscalLabel && !urgent.Due.IsZero() {
		labels = append(labels, FiscalLabel(urgent.Due))
	}
	d := desired{fingerprint: u.fp, unit: u, title: title, body: body, labels: labels, due: urgent.Due}
	if n := len(urgent.Why.Counted); n > 0 {
		d.milestoneID = urgent.Why.Counted[n-1].ID
	}
	return d, nil
}

// Sync plans how the project's issues come to match the findings: one
// issue per finding at or above open_on (with issues.group: target, one
// per target owing a release, at or above open_on by its worst status),
// found by its fingerprint among issues (the one list of the issues that
// carry the keepup label, in which an issue listed twice counts once);
// updated only when its status, due date, labels or keepup section
// changed; closed with a note once its release is supported (once the
// target owes nothing). What a person changed stands: a field keepup set
// and a person changed since, an issue a person closed while the release
// is still owed (unless reopen is set), an issue a person reopened after
// keepup closed it. Several open issues with one fingerprint are
// duplicates: the oldest is kept, the others closed. Issues written under
// the other issues.group are taken over or closed as regroup says.
func (p *Planner) Sync(findings []checks.Finding, issues []Issue) *Plan {
	opts := p.opts
	pl := &Plan{Links: map[string]Link{}}
	byFP := indexByFingerprint(issues, opts.Namespace)
	units := p.units(findings)
	wanted := map[string]unit{}
	var order []string // fingerprints in finding order, then the rest
	for _, u := range units {
		wanted[u.fp] = u
		order = append(order, u.fp)
	}
	n := len(order)
	for fp := range byFP {
		if _, ok := wanted[fp]; !ok && !reserved(fp, opts.Namespace) {
			order = append(order, fp)
		}
	}
	slices.Sort(order[n:])
	tracking, adopted := p.regroup(units, byFP)
	settled := settledTargets(findings, opts.Namespace)
	for _, fp := range order {
		u, has := wanted[fp]
		open, closed := split(byFP[fp])
		open = p.closeDuplicates(pl, open, nil)
		switch {
		case has && opens(u.status(), opts.OpenOn):
			d, err := p.desire(u)
			if err != nil {
				pl.Errors = append(pl.Errors, err)
				continue
			}
			byPerson, resolved := p.closedIssues(closed)
			switch {
			case len(open) > 0:
				note := ""
				if adopted[open[0].IID] {
					note = p.adoptNote(u)
				}
				p.update(pl, open[0], d, note)
			case byPerson != nil && opts.Reopen:
				p.reopen(pl, *byPerson, d, "the policy sets issues.reopen")
			case byPerson != nil:
				p.acknowledge(pl, *byPerson, fp, fmt.Sprintf("closed by a person while %s is %s; left closed (issues.reopen: true would reopen it)", u.name(), u.status()))
			case resolved != nil && p.has(*resolved, closedMoved):
				p.reopen(pl, *resolved, d, "keepup closed it only because issues.group changed")
			case resolved != nil:
				p.reopen(pl, *resolved, d, "keepup closed it when it was resolved")
			default:
				p.create(pl, d)
			}
		case has && owed(u.status()):
			// Below open_on, snoozed or in error: leave any issue as it is.
			if len(open) > 0 {
				pl.link(fp, open[0], LinkOpened)
				pl.add(leave(open[0], fp, fmt.Sprintf("%s is %s", u.name(), u.status())))
			}
		case len(tracking[fp]) > 0:
			// Still owed, and tracked under the other issues.group.
			for _, iss := range open {
				p.regrouped(pl, iss, fp, tracking[fp], byFP)
			}
		default:
			why := "the policy no longer requires it (the target or release is gone, or a newer release is supported)"
			switch i, ok := settled[fp]; {
			case ok:
				f := findings[i]
				why = fmt.Sprintf("target %s owes nothing now: %s %s is supported", Neutralize(f.Target), Neutralize(f.Product), Neutralize(f.Release))
			case strings.HasSuffix(fp, "/drop"):
				why = "the release is no longer listed in supported: dropped"
			case has:
				why = fmt.Sprintf("%s %s is %s now", Neutralize(u.head.Product), Neutralize(u.head.Release), u.status())
			}
			for _, iss := range open {
				p.resolve(pl, iss, why)
			}
		}
	}
	return pl
}

// settledTargets returns, by the fingerprint of its target issue, the
// index in findings of the first supported release of each target that
// owes nothing.
func settledTargets(findings []checks.Finding, namespace string) map[string]int {
	owes := map[string]bool{}
	for _, f := range findings {
		owes[f.Target] = owes[f.Target] || f.Owed()
	}
	settled := map[string]int{}
	for i, f := range findings {
		fp := TargetFingerprint(namespace, f.Target)
		if _, seen := settled[fp]; !seen && !owes[f.Target] && f.Status == checks.Supported && f.Kind == checks.Support {
			settled[fp] = i
		}
	}
	return settled
}

// regroup prepares the issues written under the other issues.group (the
// policy changed it) for the grouping the policy has now, in byFP. An
// issue that has to be opened and has no open issue takes over (adopts)
// the first open issue of the other grouping for what it tracks: a target
// issue, that of its newest owed release that has one; a release's
// issue, its target's, when the release is the first of the target's to
// want one. The adopted issue moves to its new fingerprint, so that it is
// updated rather than a new issue opened. It returns, for each fingerprint
// of the other grouping whose obligation is still owed, the fingerprints
// that track it now, and the IIDs of the adopted issues.
func (p *Planner) regroup(units []unit, byFP map[string][]Issue) (tracking map[string][]string, adopted map[int64]bool) {
	ns := p.opts.Namespace
	tracking, adopted = map[string][]string{}, map[int64]bool{}
	for _, u := range units {
		var from []string // the other grouping's fingerprints for what u tracks
		switch {
		case u.target:
			for _, f := range u.releases() {
				from = append(from, Fingerprint(ns, f))
			}
		case u.head.Owed():
			from = []string{TargetFingerprint(ns, u.head.Target)}
		}
		for _, fp := range from {
			tracking[fp] = append(tracking[fp], u.fp)
		}
		if open, _ := split(byFP[u.fp]); len(open) > 0 || !opens(u.status(), p.opts.OpenOn) {
			continue
		}
		for _, fp := range from {
			if open, _ := split(byFP[fp]); len(open) > 0 {
				iss := open[0]
				byFP[fp] = slices.DeleteFunc(byFP[fp], func(i Issue) bool { return i.IID == iss.IID })
				byFP[u.fp] = append(byFP[u.fp], iss)
				adopted[iss.IID] = true
				break
			}
		}
	}
	return tracking, adopted
}

// adoptNote is the note on an issue adopted to track u.
func (p *Planner) adoptNote(u unit) string {
	if u.target {
		return fmt.Sprintf("keepup: this issue now tracks every release %s owes, in one issue (issues.group: target).", u.name())
	}
	return fmt.Sprintf("keepup: this issue now tracks %s alone (issues.group: release); the other releases target %s owes get issues of their own.", u.name(), Neutralize(u.head.Target))
}

// regrouped handles an open issue of the other issues.group whose
// obligation is still owed and tracked by the issues of fingerprints
// trackers: it is closed with a note linking them, as moved, when they
// have an open issue, and left as it is when not (the obligation is below
// open_on) or when a person reopened it after keepup closed it (as
// resolved or as moved; keepup::resolved, keepup::reopened or
// keepup::moved on an open issue).
func (p *Planner) regrouped(pl *Plan, iss Issue, fp string, trackers []string, byFP map[string][]Issue) {
	var refs []string
	for _, t := range trackers {
		if open, _ := split(byFP[t]); len(open) > 0 {
			refs = append(refs, fmt.Sprintf("%s (#%d)", Neutralize(open[0].WebURL), open[0].IID))
		}
	}
	group := p.opts.Group
	switch {
	case p.has(iss, reopenedByHand) || p.has(iss, closedResolved) || p.has(iss, closedMoved):
		pl.add(leave(iss, fp, "reopened by a person after keepup closed it: left open"))
	case len(refs) == 0:
		pl.add(leave(iss, fp, fmt.Sprintf("still owed, and no issue tracks it under issues.group: %s yet: left as it is", group)))
	default:
		list := strings.Join(refs, ", ")
		p.close(pl, iss, fp, closedMoved, "now tracked in "+list,
			fmt.Sprintf("keepup: closing: what this issue tracked is still owed, and is now tracked in %s (issues.group: %s).", list, group))
	}
}

// leave is the Nothing action for an issue left as it is, and why.
func leave(iss Issue, fp, why string) Action {
	return Action{Kind: Nothing, Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: why}
}

// Dedupe plans the second look after creating issues: issues is a new
// listing, links what the sync linked, and created the IIDs of the issues
// this run created. When a run that overlapped this one created an issue
// for the same fingerprint, the oldest is kept; an issue this run created
// that is not the oldest is closed, by this run only, so that two runs
// never both close it and post its note. Links are pointed at the issues
// kept.
func (p *Planner) Dedupe(issues []Issue, links map[string]Link, created []int64) *Plan {
	pl := &Plan{Links: map[string]Link{}}
	for fp, l := range links {
		pl.Links[fp] = l
	}
	byFP := indexByFingerprint(issues, p.opts.Namespace)
	fps := make([]string, 0, len(byFP))
	for fp := range byFP {
		fps = append(fps, fp)
	}
	slices.Sort(fps)
	for _, fp := range fps {
		open, _ := split(byFP[fp])
		open = p.closeDuplicates(pl, open, created)
		// The overlapping run may have closed the issue this run created:
		// the finding's issue is the one kept.
		if l, ok := pl.Links[fp]; ok && len(open) > 0 && l.IID != open[0].IID {
			pl.link(fp, open[0], LinkOpened)
		}
	}
	return pl
}

// closedIssues picks, among closed issues, the newest one a person closed
// and the newest one keepup closed as resolved or as moved (its obligation
// tracked under the other issues.group); duplicates keepup closed count as
// neither.
func (p *Planner) closedIssues(closed []Issue) (byPerson, resolved *Issue) {
	for i, iss := range closed {
		switch {
		case p.has(iss, closedResolved) || p.has(iss, closedMoved):
			resolved = &closed[i]
		case !p.has(iss, closedDuplicate):
			byPerson = &closed[i]
		}
	}
	return byPerson, resolved
}

// acknowledge leaves an issue a person closed as it is, and says so.
func (p *Planner) acknowledge(pl *Plan, iss Issue, fp, detail string) {
	pl.link(fp, iss, LinkAcknowledged)
	pl.add(Action{Kind: Acknowledge, Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: detail})
}

// create opens an issue that records what keepup set.
func (p *Planner) create(pl *Plan, d desired) {
	rec := record{present: true, due: d.due, labels: d.labels, milestone: d.milestoneID, title: d.title}
	pl.Links[d.fingerprint] = Link{State: LinkPlanned}
	pl.add(Action{
		Kind: Create, Fingerprint: d.fingerprint, Title: d.title, Labels: d.labels, Detail: "due " + d.due.String(),
		Draft: &Draft{
			Title: d.title, Description: section(d.fingerprint, d.body, p.opts.JobURL, rec), Labels: d.labels,
			Due: d.due, MilestoneID: d.milestoneID, Confidential: p.opts.Confidential, Assignees: p.opts.Assignees,
		},
	})
}

// update brings an open issue to d, writing only what changed and what
// keepup still owns, with note first, or else a note on an escalation to
// overdue.
func (p *Planner) update(pl *Plan, iss Issue, d desired, note string) {
	pl.link(d.fingerprint, iss, LinkOpened)
	edit, changes := p.diff(iss, d)
	if len(changes) == 0 {
		pl.add(leave(iss, d.fingerprint, "up to date"))
		return
	}
	before := iss.Labels
	if rec := recordOf(iss.Description); rec.present {
		before = rec.labels
	}
	if u := d.unit; note == "" && u.status() == checks.Overdue && !slices.Contains(before, p.statusLabel(string(checks.Overdue))) {
		what := "it"
		if u.target {
			what = Neutralize(u.urgent.Product) + " " + Neutralize(u.urgent.Release)
		}
		note = fmt.Sprintf("keepup: **%s is now overdue**: %s was due on %s (%s).", u.name(), what, d.due, Neutralize(u.urgent.Rule))
	}
	pl.add(Action{Kind: Update, Fingerprint: d.fingerprint, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Labels: d.labels,
		Detail: strings.Join(changes, ", "), Note: note, Edit: edit})
}

// reopen reopens a closed issue whose release is owed again: one a person
// closed, when the policy sets reopen, or one keepup closed as resolved.
func (p *Planner) reopen(pl *Plan, iss Issue, d desired, why string) {
	pl.link(d.fingerprint, iss, LinkOpened)
	edit, _ := p.diff(iss, d)
	edit.State = ReopenIssue
	u := d.unit
	note := fmt.Sprintf("keepup: reopening: %s is %s again, due %s (%s), and %s.", u.name(), u.status(), d.due, Neutralize(u.urgent.Rule), why)
	pl.add(Action{Kind: Reopen, Fingerprint: d.fingerprint, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Labels: d.labels,
		Detail: "still " + string(u.status()), Note: note, Edit: edit})
}

// diff returns the edit that brings iss to d and a word for each change.
// keepup changes a field only while it holds the value keepup last set
// (its record): a person's due date, milestone or title stands, and so
// does a label a person removed. keepup removes only its own labels: its
// status labels, and the fiscal label it set. The new record goes into
// keepup's section.
func (p *Planner) diff(iss Issue, d desired) (Edit, []string) {
	var e Edit
	var changes []string
	rec := recordOf(iss.Description)
	next := record{present: true}

	if iss.Title == d.title || rec.present && iss.Title == rec.title {
		next.title = d.title
		if iss.Title != d.title {
			e.Title = &d.title
			changes = append(changes, "title")
		}
	} else {
		next.title = rec.title
	}

	var add, remove []string
	for _, l := range d.labels {
		if !slices.Contains(iss.Labels, l) && !slices.Contains(rec.labels, l) {
			add = append(add, l)
		}
	}
	for _, l := range iss.Labels {
		if !slices.Contains(d.labels, l) && p.removable(l, rec) {
			remove = append(remove, l)
		}
	}
	if len(add) > 0 || len(remove) > 0 {
		e.AddLabels, e.RemoveLabels = add, remove
		changes = append(changes, "labels")
	}
	for _, l := range d.labels {
		if slices.Contains(iss.Labels, l) || slices.Contains(add, l) || slices.Contains(rec.labels, l) {
			next.labels = append(next.labels, l)
		}
	}

	if !rec.present || iss.Due == rec.due {
		next.due = d.due
		if iss.Due != d.due {
			e.SetDue, e.Due = true, d.due
			changes = append(changes, fmt.Sprintf("due date %s", d.due))
		}
	} else {
		next.due = rec.due
	}

	switch {
	case d.milestoneID == 0: // keepup sets none
	case !rec.present || iss.MilestoneID == rec.milestone:
		next.milestone = d.milestoneID
		if iss.MilestoneID != d.milestoneID {
			e.MilestoneID = d.milestoneID
			changes = append(changes, "milestone")
		}
	default:
		next.milestone = rec.milestone
	}

	sec := section(d.fingerprint, d.body, p.opts.JobURL, next)
	if stable(sectionOf(iss.Description)) != stable(sec) {
		desc := replaceSection(iss.Description, sec)
		e.Description = &desc
		changes = append(changes, "description")
	}
	return e, changes
}

// statusLabel is keepup's label for a status, or for how it closed or
// left an issue: keepup::overdue, keepup::resolved.
func (p *Planner) statusLabel(status string) string {
	return p.opts.Label + "::" + status
}

// How keepup closed or left an issue, recorded as the status label it
// leaves on it, so that later runs tell its closes from a person's.
const (
	closedResolved  = "resolved"
	closedDuplicate = "duplicate"
	closedMoved     = "moved"    // its obligation is tracked by another issue, under the other issues.group
	reopenedByHand  = "reopened" // a person reopened it after keepup closed it as resolved
)

// isStatusLabel reports whether l is one of keepup's status labels: a
// status, or how keepup closed or left an issue. Other labels in keepup's
// scope, such as keepup::wontfix, are people's.
func (p *Planner) isStatusLabel(l string) bool {
	s, ok := strings.CutPrefix(l, p.opts.Label+"::")
	if !ok {
		return false
	}
	return slices.Contains(checks.Statuses, checks.Status(s)) || s == closedResolved || s == closedDuplicate || s == closedMoved || s == reopenedByHand
}

// isFiscalLabel reports whether l is a fiscal-quarter label as FiscalLabel
// makes them: FY<2 digits>::Q<1-4>.
func isFiscalLabel(l string) bool {
	return len(l) == 8 && strings.HasPrefix(l, "FY") && isDigit(l[2]) && isDigit(l[3]) && l[4:7] == "::Q" && '1' <= l[7] && l[7] <= '4'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// removable reports whether keepup may remove a label it no longer wants:
// its status labels, and the fiscal label it set (per its record; for an
// issue without a record, any fiscal label when it sets them).
func (p *Planner) removable(l string, rec record) bool {
	switch {
	case p.isStatusLabel(l):
		return true
	case !isFiscalLabel(l):
		return false
	case rec.present:
		return slices.Contains(rec.labels, l)
	}
	return p.opts.FiscalLabel
}

// resolve closes an open issue that is no longer needed, saying why,
// unless a person reopened it after keepup closed it.
func (p *Planner) resolve(pl *Plan, iss Issue, why string) {
	fp := FingerprintOf(iss.Description)
	switch {
	case p.has(iss, reopenedByHand):
		pl.link(fp, iss, LinkOpened)
		pl.add(leave(iss, fp, "reopened by a person after it was resolved: left open"))
	case p.has(iss, closedResolved):
		p.keepReopened(pl, iss, fp, why)
	case !p.opts.CloseResolved:
		pl.link(fp, iss, LinkOpened)
		pl.add(leave(iss, fp, "resolved, and issues.close_resolved is off: "+why))
	default:
		pl.link(fp, iss, LinkClosed)
		p.close(pl, iss, fp, closedResolved, "resolved: "+why, "keepup: closing: "+why+".")
	}
}

// keepReopened respects a person's reopening of an issue keepup closed as
// resolved: one note, and keepup::resolved becomes keepup::reopened so
// that later runs leave the issue alone.
func (p *Planner) keepReopened(pl *Plan, iss Issue, fp, why string) {
	pl.link(fp, iss, LinkOpened)
	resolved, reopened := p.statusLabel(closedResolved), p.statusLabel(reopenedByHand)
	e := Edit{AddLabels: []string{reopened}, RemoveLabels: []string{resolved}}
	p.recordLabels(&e, iss, reopened)
	note := fmt.Sprintf("keepup: this issue was reopened after keepup closed it as resolved (%s); keepup leaves it open and will not close it again: close it when it is done.", why)
	pl.add(Action{Kind: Note, Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: note, Note: note, Edit: e})
}

// recordLabels makes an edit that swaps keepup's status labels for mark
// also update the record, when the issue has one: its status labels give
// way to mark.
func (p *Planner) recordLabels(e *Edit, iss Issue, mark string) {
	rec := recordOf(iss.Description)
	if !rec.present {
		return
	}
	rec.labels = append(slices.DeleteFunc(slices.Clone(rec.labels), p.isStatusLabel), mark)
	if desc := withRecord(iss.Description, rec); desc != iss.Description {
		e.Description = &desc
	}
}

// closeDuplicates keeps the oldest of open issues with one fingerprint
// and closes the newer ones with a note linking it; with only non-nil,
// only those whose IIDs it lists. open comes from indexByFingerprint:
// each issue once, oldest first, so every issue closed is a different
// issue than the one kept, and newer. It returns the issue kept, if any.
func (p *Planner) closeDuplicates(pl *Plan, open []Issue, only []int64) []Issue {
	if len(open) == 0 {
		return nil
	}
	kept := open[0]
	for _, iss := range open[1:] {
		if only != nil && !slices.Contains(only, iss.IID) {
			continue
		}
		fp := FingerprintOf(iss.Description)
		if p.has(iss, closedDuplicate) { // open: a person reopened it after keepup closed it
			pl.add(leave(iss, fp, fmt.Sprintf("reopened by a person after keepup closed it as a duplicate of #%d: left open", kept.IID)))
			continue
		}
		p.close(pl, iss, fp, closedDuplicate, fmt.Sprintf("duplicate of #%d", kept.IID),
			fmt.Sprintf("keepup: closing as a duplicate of %s (#%d), the oldest issue for %s.", Neutralize(kept.WebURL), kept.IID, fp))
	}
	return open[:1]
}

// close closes an issue with a note, replacing its status label by how
// keepup closed it.
func (p *Planner) close(pl *Plan, iss Issue, fp, how, detail, note string) {
	mark := p.statusLabel(how)
	var add, remove []string
	if !slices.Contains(iss.Labels, mark) {
		add = []string{mark}
	}
	for _, l := range iss.Labels {
		if p.isStatusLabel(l) && l != mark {
			remove = append(remove, l)
		}
	}
	e := Edit{State: CloseIssue, AddLabels: add, RemoveLabels: remove}
	p.recordLabels(&e, iss, mark)
	pl.add(Action{Kind: Close, Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: detail, Note: note, Edit: e})
}

// has reports whether an issue carries keepup's label for how.
func (p *Planner) has(iss Issue, how string) bool {
	return slices.Contains(iss.Labels, p.statusLabel(how))
}

// indexByFingerprint groups the issues of one namespace by fingerprint,
// oldest first, each issue once: a list paged while issues were added can
// show one issue on two pages.
func indexByFingerprint(issues []Issue, namespace string) map[string][]Issue {
	last := map[int64]int{}
	for i, iss := range issues {
		last[iss.IID] = i
	}
	by := map[string][]Issue{}
	for i, iss := range issues {
		if last[iss.IID] != i {
			continue // listed again later: the later listing is newer
		}
		if fp := FingerprintOf(iss.Description); strings.HasPrefix(fp, namespace+"/") {
			by[fp] = append(by[fp], iss)
		}
	}
	for _, list := range by {
		slices.SortStableFunc(list, func(a, b Issue) int {
			if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
				return c
			}
			return int(a.IID - b.IID)
		})
	}
	return by
}

func split(issues []Issue) (open, closed []Issue) {
	for _, iss := range issues {
		if iss.State == Opened {
			open = append(open, iss)
		} else {
			closed = append(closed, iss)
		}
	}
	return open, closed
}

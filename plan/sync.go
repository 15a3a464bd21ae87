package plan

import (
	"fmt"
	"slices"
	"strings"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
)

// desired is the state keepup wants an issue to have.
type desired struct {
	fingerprint string
	finding     checks.Finding
	title       string
	section     string // the keepup section of the description, markers included
	labels      []string
	due         calendar.Date
	milestoneID int64
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

// desire renders the issue a finding wants: title, keepup section, labels,
// due date and milestone.
func (p *Planner) desire(f checks.Finding) (desired, error) {
	opts := p.opts
	fp := Fingerprint(opts.Namespace, f)
	data := IssueData{
		Kind: f.Kind.String(), Target: f.Target, Product: f.Product, Release: f.Release, Status: string(f.Status),
		Released: f.Released.String(), Due: f.Due.String(), Rule: f.Rule,
		PolicyFile: f.Pos.File, PolicyLine: f.Pos.Line, Steps: f.Steps(), Fingerprint: fp,
	}
	if opts.PolicyURL != "" {
		data.PolicyURL = fmt.Sprintf("%s#L%d", opts.PolicyURL, f.Pos.Line)
	}
	title, err := p.r.render(p.r.title, data)
	if err != nil {
		return desired{}, err
	}
	body, err := p.r.render(p.r.body, data)
	if err != nil {
		return desired{}, err
	}
	labels := []string{opts.Label, opts.Label + "::" + string(f.Status)}
	labels = append(labels, opts.Labels...)
	if opts.FiscalLabel && !f.Due.IsZero() {
		labels = append(labels, FiscalLabel(f.Due))
	}
	d := desired{fingerprint: fp, finding: f, title: title, section: section(fp, body, opts.JobURL), labels: labels, due: f.Due}
	if n := len(f.Why.Counted); n > 0 {
		d.milestoneID = f.Why.Counted[n-1].ID
	}
	return d, nil
}

// Sync plans how the project's issues come to match the findings: one
// issue per finding at or above open_on, found by its fingerprint among
// issues (the one list of the issues that carry the keepup label);
// updated only when its status, due date, labels or keepup section
// changed; closed with a note once its release is supported. An issue a
// person closed while the release is still owed stays closed unless reopen
// is set. Several open issues with one fingerprint are duplicates: the
// oldest is kept, the others closed.
func (p *Planner) Sync(findings []checks.Finding, issues []Issue) *Plan {
	opts := p.opts
	pl := &Plan{Links: map[string]Link{}}
	byFP := indexByFingerprint(issues, opts.Namespace)
	wanted := map[string]checks.Finding{}
	var order []string // fingerprints in finding order, then the rest
	for _, f := range findings {
		fp := Fingerprint(opts.Namespace, f)
		wanted[fp] = f
		order = append(order, fp)
	}
	for fp := range byFP {
		if _, ok := wanted[fp]; !ok && !reserved(fp, opts.Namespace) {
			order = append(order, fp)
		}
	}
	slices.Sort(order[len(findings):])
	for _, fp := range order {
		f, has := wanted[fp]
		open, closed := split(byFP[fp])
		open = p.closeDuplicates(pl, open)
		switch {
		case has && opens(f.Status, opts.OpenOn):
			d, err := p.desire(f)
			if err != nil {
				pl.Errors = append(pl.Errors, err)
				continue
			}
			byPerson, resolved := p.closedIssues(closed)
			switch {
			case len(open) > 0:
				p.update(pl, open[0], d)
			case byPerson != nil && opts.Reopen:
				p.reopen(pl, *byPerson, d, "the policy sets issues.reopen")
			case byPerson != nil:
				p.acknowledge(pl, *byPerson, fp, fmt.Sprintf("closed by a person while %s %s is %s; left closed (issues.reopen: true would reopen it)", f.Product, f.Release, f.Status))
			case resolved != nil:
				p.reopen(pl, *resolved, d, "keepup closed it when it was resolved")
			default:
				p.create(pl, d)
			}
		case has && owed(f.Status):
			// Below open_on, snoozed or in error: leave any issue as it is.
			if len(open) > 0 {
				pl.link(fp, open[0], LinkOpened)
				pl.add(leave(open[0], fp, fmt.Sprintf("%s %s is %s", f.Product, f.Release, f.Status)))
			}
		default:
			for _, iss := range open {
				p.resolve(pl, iss, f, has)
			}
		}
	}
	return pl
}

// leave is the Nothing action for an issue left as it is, and why.
func leave(iss Issue, fp, why string) Action {
	return Action{Kind: Nothing, Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: why}
}

// Dedupe plans the second look after creating issues: issues is a new
// listing, and links what the sync linked. When a run that overlapped
// this one created an issue for the same fingerprint, the oldest is kept
// and the newer closed; links are pointed at the issues kept.
func (p *Planner) Dedupe(issues []Issue, links map[string]Link) *Plan {
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
		if len(open) == 0 {
			continue
		}
		p.closeDuplicates(pl, open)
		// The overlapping run may have closed the issue this run created:
		// the finding's issue is the one kept.
		if l, ok := pl.Links[fp]; ok && l.IID != open[0].IID {
			pl.link(fp, open[0], LinkOpened)
		}
	}
	return pl
}

// closedIssues picks, among closed issues, the newest one a person closed
// and the newest one keepup closed as resolved; duplicates keepup closed
// count as neither.
func (p *Planner) closedIssues(closed []Issue) (byPerson, resolved *Issue) {
	for i, iss := range closed {
		switch p.closedBy(iss) {
		case "":
			byPerson = &closed[i]
		case closedResolved:
			resolved = &closed[i]
		}
	}
	return byPerson, resolved
}

// acknowledge leaves an issue a person closed as it is, and says so.
func (p *Planner) acknowledge(pl *Plan, iss Issue, fp, detail string) {
	pl.link(fp, iss, LinkAcknowledged)
	pl.add(Action{Kind: Acknowledge, Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: detail})
}

func (p *Planner) create(pl *Plan, d desired) {
	pl.Links[d.fingerprint] = Link{State: LinkPlanned}
	pl.add(Action{
		Kind: Create, Fingerprint: d.fingerprint, Title: d.title, Labels: d.labels, Detail: "due " + d.due.String(),
		Draft: &Draft{
			Title: d.title, Description: d.section, Labels: d.labels, Due: d.due, MilestoneID: d.milestoneID,
			Confidential: p.opts.Confidential, Assignees: p.opts.Assignees,
		},
	})
}

// update brings an open issue to d, writing only what changed, and notes an
// escalation to overdue.
func (p *Planner) update(pl *Plan, iss Issue, d desired) {
	pl.link(d.fingerprint, iss, LinkOpened)
	edit, changes := p.diff(iss, d)
	if len(changes) == 0 {
		pl.add(leave(iss, d.fingerprint, "up to date"))
		return
	}
	note := ""
	if d.finding.Status == checks.Overdue && !slices.Contains(iss.Labels, p.opts.Label+"::"+string(checks.Overdue)) {
		note = fmt.Sprintf("keepup: **%s %s is now overdue**: it was due on %s (%s).", d.finding.Product, d.finding.Release, d.due, d.finding.Rule)
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
	note := fmt.Sprintf("keepup: reopening: %s %s is %s again, due %s (%s), and %s.", d.finding.Product, d.finding.Release, d.finding.Status, d.due, d.finding.Rule, why)
	pl.add(Action{Kind: Reopen, Fingerprint: d.fingerprint, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Labels: d.labels,
		Detail: "still " + string(d.finding.Status), Note: note, Edit: edit})
}

// diff returns the edit that brings iss to d and a word for each change.
// Labels people added are kept; only keepup's own labels are removed.
func (p *Planner) diff(iss Issue, d desired) (Edit, []string) {
	var e Edit
	var changes []string
	var add, remove []string
	for _, l := range d.labels {
		if !slices.Contains(iss.Labels, l) {
			add = append(add, l)
		}
	}
	for _, l := range iss.Labels {
		if !slices.Contains(d.labels, l) && p.managedLabel(l) {
			remove = append(remove, l)
		}
	}
	if len(add) > 0 || len(remove) > 0 {
		e.AddLabels, e.RemoveLabels = add, remove
		changes = append(changes, "labels")
	}
	if iss.Due != d.due {
		e.SetDue, e.Due = true, d.due
		changes = append(changes, fmt.Sprintf("due date %s", d.due))
	}
	if d.milestoneID != 0 && iss.MilestoneID != d.milestoneID {
		e.MilestoneID = d.milestoneID
		changes = append(changes, "milestone")
	}
	if cur := sectionOf(iss.Description); stable(cur) != stable(d.section) {
		desc := replaceSection(iss.Description, d.section)
		e.Description = &desc
		changes = append(changes, "description")
	}
	return e, changes
}

// managedLabel reports whether keepup owns a label and may remove it: its
// status labels, and fiscal labels when it sets them.
func (p *Planner) managedLabel(l string) bool {
	if strings.HasPrefix(l, p.opts.Label+"::") {
		return true
	}
	return p.opts.FiscalLabel && strings.HasPrefix(l, "FY") && strings.Contains(l, "::Q")
}

// resolve closes an open issue whose release no longer needs it.
func (p *Planner) resolve(pl *Plan, iss Issue, f checks.Finding, has bool) {
	fp := FingerprintOf(iss.Description)
	why := "the policy no longer requires it (the target or release is gone, or a newer release is supported)"
	switch {
	case strings.HasSuffix(fp, "/drop"):
		why = "the release is no longer listed in supported: dropped"
	case has:
		why = fmt.Sprintf("%s %s is %s now", f.Product, f.Release, f.Status)
	}
	if !p.opts.CloseResolved {
		pl.link(fp, iss, LinkOpened)
		pl.add(leave(iss, fp, "resolved, and issues.close_resolved is off: "+why))
		return
	}
	pl.link(fp, iss, LinkClosed)
	p.close(pl, iss, fp, closedResolved, "resolved: "+why, "keepup: closing: "+why+".")
}

// closeDuplicates keeps the oldest of several open issues with one
// fingerprint and closes the others with a note linking it. It returns
// the issue kept, if any.
func (p *Planner) closeDuplicates(pl *Plan, open []Issue) []Issue {
	if len(open) == 0 {
		return nil
	}
	kept := open[0]
	for _, iss := range open[1:] {
		fp := FingerprintOf(iss.Description)
		p.close(pl, iss, fp, closedDuplicate, fmt.Sprintf("duplicate of #%d", kept.IID),
			fmt.Sprintf("keepup: closing as a duplicate of %s (#%d), the oldest issue for %s.", kept.WebURL, kept.IID, fp))
	}
	return open[:1]
}

// How keepup closed an issue, recorded as the status label it leaves on it,
// so that later runs tell its closes from a person's.
const (
	closedResolved  = "resolved"
	closedDuplicate = "duplicate"
)

// close closes an issue with a note, replacing its status label by how
// keepup closed it.
func (p *Planner) close(pl *Plan, iss Issue, fp, how, detail, note string) {
	mark := p.opts.Label + "::" + how
	var remove []string
	for _, l := range iss.Labels {
		if strings.HasPrefix(l, p.opts.Label+"::") && l != mark {
			remove = append(remove, l)
		}
	}
	pl.add(Action{Kind: Close, Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: detail, Note: note,
		Edit: Edit{State: CloseIssue, AddLabels: []string{mark}, RemoveLabels: remove}})
}

// closedBy tells who closed an issue: "" for a person, or how keepup did.
func (p *Planner) closedBy(iss Issue) string {
	for _, how := range []string{closedResolved, closedDuplicate} {
		if slices.Contains(iss.Labels, p.opts.Label+"::"+how) {
			return how
		}
	}
	return ""
}

// indexByFingerprint groups the issues of one namespace by fingerprint,
// oldest first.
func indexByFingerprint(issues []Issue, namespace string) map[string][]Issue {
	by := map[string][]Issue{}
	for _, iss := range issues {
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

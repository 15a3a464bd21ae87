package gitlab

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// IssueOptions says how findings become issues.
type IssueOptions struct {
	config.Issues
	// PolicyURL links to the policy file on the default branch, without a
	// line anchor ("" when not known).
	PolicyURL string
	JobURL    string // CI_JOB_URL: the job that last wrote the issue
	DryRun    bool   // plan, but send no write request
}

// Action is one change keepup makes, or would make in a dry run, to an issue.
type Action struct {
	Kind        string // create, update, reopen, close, note, or acknowledged (no write)
	Fingerprint string
	IID         int64 // 0 for create
	URL         string
	Title       string
	Labels      []string
	Detail      string // what changes, or the note
}

func (a Action) String() string {
	target := "new issue"
	if a.IID != 0 {
		target = fmt.Sprintf("#%d", a.IID)
	}
	s := fmt.Sprintf("%s %s %q", a.Kind, target, a.Title)
	if len(a.Labels) > 0 {
		s += " labels " + strings.Join(a.Labels, ",")
	}
	if a.Detail != "" {
		s += ": " + a.Detail
	}
	return s
}

// Link is the issue that tracks a finding.
type Link struct {
	URL   string
	IID   int64
	State string // opened, closed, acknowledged (closed by a person while still owed), or planned
}

// Outcome is what a sync did (or planned, in a dry run) and which issue
// tracks each finding, by fingerprint.
type Outcome struct {
	Actions []Action
	Links   map[string]Link
}

// Fingerprint is the identity of a finding's issue: namespace/target/release.
// An issue to drop a release (drop_after_eol) is not the issue that asked
// to support it: its fingerprint ends in /drop.
func Fingerprint(namespace string, f checks.Finding) string {
	fp := namespace + "/" + f.Target + "/" + f.Release
	if kindOf(f) == "drop" {
		fp += "/drop"
	}
	return fp
}

// kindOf tells what a finding asks of the project: "support" a release, or
// "drop" one supported too long after its end of life.
func kindOf(f checks.Finding) string {
	if f.Why.FromWhat == "end of life" {
		return "drop"
	}
	return "support"
}

// Markers keepup writes into issue descriptions.
const (
	fingerprintPrefix = "<!-- keepup:fingerprint "
	sectionBegin      = "<!-- keepup:begin -->"
	sectionEnd        = "<!-- keepup:end -->"
	jobMarker         = "<!-- keepup:job -->" // ends the line naming the job; ignored when comparing
)

// reserved reports whether a fingerprint belongs to an issue that tracks
// no finding, such as the red default branch's: its target part starts
// with "_", which no target name can.
func reserved(fp, namespace string) bool {
	return strings.HasPrefix(strings.TrimPrefix(fp, namespace+"/"), "_")
}

// fingerprintOf returns the fingerprint marked in a description, or "".
func fingerprintOf(description string) string {
	_, rest, ok := strings.Cut(description, fingerprintPrefix)
	if !ok {
		return ""
	}
	fp, _, ok := strings.Cut(rest, " -->")
	if !ok {
		return ""
	}
	return strings.TrimSpace(fp)
}

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
	var b strings.Builder
	if err := t.Execute(&b, d); err != nil {
		return "", fmt.Errorf("rendering the issue %s for %s: %w", t.Name(), d.Fingerprint, err)
	}
	return strings.TrimSpace(b.String()), nil
}

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

// FiscalLabel returns GitLab's fiscal-quarter label of a date: fiscal years
// start on 1 February, so 2025-03-11 is in FY26::Q1.
func FiscalLabel(d calendar.Date) string {
	months := int(d.Month) - int(time.February) // months since 1 February of d's calendar year
	year := d.Year + 1
	if months < 0 {
		months += 12
		year--
	}
	return fmt.Sprintf("FY%02d::Q%d", year%100, months/3+1)
}

// desire renders the issue a finding wants: title, keepup section, labels,
// due date and milestone.
func desire(f checks.Finding, opts IssueOptions, r *renderer) (desired, error) {
	fp := Fingerprint(opts.Namespace, f)
	data := IssueData{
		Kind: kindOf(f), Target: f.Target, Product: f.Product, Release: f.Release, Status: string(f.Status),
		Released: f.Released.String(), Due: f.Due.String(), Rule: f.Rule,
		PolicyFile: f.Pos.File, PolicyLine: f.Pos.Line, Steps: f.Steps(), Fingerprint: fp,
	}
	if opts.PolicyURL != "" {
		data.PolicyURL = fmt.Sprintf("%s#L%d", opts.PolicyURL, f.Pos.Line)
	}
	title, err := r.render(r.title, data)
	if err != nil {
		return desired{}, err
	}
	body, err := r.render(r.body, data)
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

// SyncIssues makes the project's issues match the findings: one issue per
// finding at or above open_on, found by its fingerprint among the issues
// that carry the keepup label (one paginated list call); updated only when
// its status, due date, labels or keepup section changed; closed with a
// note once its release is supported. An issue a person closed while the
// release is still owed stays closed unless reopen is set. With DryRun, it
// only plans.
//
// When the list fails it changes nothing and returns the error. A failed
// write does not stop the others; the errors are returned together, and a
// second run finishes what the first could not.
func (c *Client) SyncIssues(ctx context.Context, findings []checks.Finding, opts IssueOptions) (*Outcome, error) {
	t, err := c.Track(ctx, opts)
	if err != nil {
		return nil, err
	}
	return t.SyncFindings(ctx, findings)
}

// Tracker holds one run's managed issues: listed once, with one paginated
// call, then synced with the findings and the default branch's state.
type Tracker struct {
	c        *Client
	opts     IssueOptions
	r        *renderer
	existing []*gl.Issue
}

// Track checks the issue templates and lists the managed issues. When the
// list fails, nothing has been changed.
func (c *Client) Track(ctx context.Context, opts IssueOptions) (*Tracker, error) {
	r, err := newRenderer(opts.Issues)
	if err != nil {
		return nil, err
	}
	existing, err := c.listManaged(ctx, opts.Label)
	if err != nil {
		return nil, err
	}
	return &Tracker{c: c, opts: opts, r: r, existing: existing}, nil
}

func (t *Tracker) syncer(ctx context.Context) *syncer {
	return &syncer{c: t.c, ctx: ctx, opts: t.opts, out: &Outcome{Links: map[string]Link{}}}
}

// SyncFindings is SyncIssues on the tracker's listing.
func (t *Tracker) SyncFindings(ctx context.Context, findings []checks.Finding) (*Outcome, error) {
	opts, r := t.opts, t.r
	s := t.syncer(ctx)
	byFP := indexByFingerprint(t.existing, opts.Namespace)
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
	created := false
	for _, fp := range order {
		f, has := wanted[fp]
		open, closed := split(byFP[fp])
		if len(open) > 1 {
			s.closeDuplicates(open)
			open = open[:1]
		}
		switch {
		case has && opens(f.Status, opts.OpenOn):
			d, err := desire(f, opts, r)
			if err != nil {
				s.errs = append(s.errs, err)
				continue
			}
			byPerson, resolved := s.closedIssues(closed)
			switch {
			case len(open) > 0:
				s.update(open[0], d)
			case byPerson != nil && opts.Reopen:
				s.reopen(byPerson, d, "the policy sets issues.reopen")
			case byPerson != nil:
				s.acknowledge(byPerson, fp, fmt.Sprintf("closed by a person while %s %s is %s; left closed (issues.reopen: true would reopen it)", f.Product, f.Release, f.Status))
			case resolved != nil:
				s.reopen(resolved, d, "keepup closed it when it was resolved")
			default:
				s.create(d)
				created = true
			}
		case has && owed(f.Status):
			// Below open_on, snoozed or in error: leave any issue as it is.
			if len(open) > 0 {
				s.out.Links[fp] = Link{URL: open[0].WebURL, IID: open[0].IID, State: "opened"}
			}
		default:
			for _, iss := range open {
				s.resolve(iss, f, has)
			}
		}
	}
	if created && !opts.DryRun {
		s.dedupeAfterCreate(opts)
	}
	return s.out, errors.Join(s.errs...)
}

// section wraps a body into keepup's section of a description: the body,
// the job that wrote it, and the fingerprint marker.
func section(fp, body, jobURL string) string {
	var b strings.Builder
	b.WriteString(sectionBegin + "\n" + body + "\n\n")
	if jobURL != "" {
		fmt.Fprintf(&b, "Last updated by [this keepup job](%s). %s\n", jobURL, jobMarker)
	}
	fmt.Fprintf(&b, "%s%s -->\n%s", fingerprintPrefix, fp, sectionEnd)
	return b.String()
}

// closedIssues picks, among closed issues, the newest one a person closed
// and the newest one keepup closed as resolved; duplicates keepup closed
// count as neither.
func (s *syncer) closedIssues(closed []*gl.Issue) (byPerson, resolved *gl.Issue) {
	for _, iss := range closed {
		switch s.closedBy(iss) {
		case "":
			byPerson = iss
		case closedResolved:
			resolved = iss
		}
	}
	return byPerson, resolved
}

// syncer carries one sync's state.
type syncer struct {
	c    *Client
	ctx  context.Context
	opts IssueOptions
	out  *Outcome
	errs []error
}

func (s *syncer) record(a Action) {
	s.out.Actions = append(s.out.Actions, a)
}

// acknowledge leaves an issue a person closed as it is, and says so.
func (s *syncer) acknowledge(iss *gl.Issue, fp, detail string) {
	s.out.Links[fp] = Link{URL: iss.WebURL, IID: iss.IID, State: "acknowledged"}
	s.record(Action{Kind: "acknowledged", Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: detail})
}

func (s *syncer) create(d desired) {
	a := Action{Kind: "create", Fingerprint: d.fingerprint, Title: d.title, Labels: d.labels, Detail: "due " + d.due.String()}
	s.record(a)
	if s.opts.DryRun {
		s.out.Links[d.fingerprint] = Link{State: "planned"}
		return
	}
	opt := &gl.CreateIssueOptions{
		Title:        &d.title,
		Description:  gl.Ptr(d.section),
		Labels:       (*gl.LabelOptions)(&d.labels),
		Confidential: gl.Ptr(s.opts.Confidential),
	}
	if !d.due.IsZero() {
		opt.DueDate = gl.Ptr(gl.ISOTime(d.due.Time()))
	}
	if d.milestoneID != 0 {
		opt.MilestoneID = &d.milestoneID
	}
	if len(s.opts.Assignees) > 0 {
		opt.AssigneeIDs = &s.opts.Assignees
	}
	iss, _, err := s.c.api.Issues.CreateIssue(s.c.project, opt, gl.WithContext(s.ctx))
	if err != nil {
		s.errs = append(s.errs, s.c.wrap(err, "creating the issue for %s", d.fingerprint))
		return
	}
	s.out.Links[d.fingerprint] = Link{URL: iss.WebURL, IID: iss.IID, State: "opened"}
}

// update brings an open issue to d, writing only what changed, and notes an
// escalation to overdue.
func (s *syncer) update(iss *gl.Issue, d desired) {
	s.out.Links[d.fingerprint] = Link{URL: iss.WebURL, IID: iss.IID, State: "opened"}
	opt, changes := s.diff(iss, d)
	if len(changes) == 0 {
		return
	}
	note := ""
	if d.finding.Status == checks.Overdue && !slices.Contains(iss.Labels, s.opts.Label+"::"+string(checks.Overdue)) {
		note = fmt.Sprintf("keepup: **%s %s is now overdue**: it was due on %s (%s).", d.finding.Product, d.finding.Release, d.due, d.finding.Rule)
	}
	s.edit(iss, d.fingerprint, "update", strings.Join(changes, ", "), d.labels, opt, note)
}

// reopen reopens a closed issue whose release is owed again: one a person
// closed, when the policy sets reopen, or one keepup closed as resolved.
func (s *syncer) reopen(iss *gl.Issue, d desired, why string) {
	s.out.Links[d.fingerprint] = Link{URL: iss.WebURL, IID: iss.IID, State: "opened"}
	opt, _ := s.diff(iss, d)
	opt.StateEvent = gl.Ptr("reopen")
	note := fmt.Sprintf("keepup: reopening: %s %s is %s again, due %s (%s), and %s.", d.finding.Product, d.finding.Release, d.finding.Status, d.due, d.finding.Rule, why)
	s.edit(iss, d.fingerprint, "reopen", "still "+string(d.finding.Status), d.labels, opt, note)
}

// edit changes an issue with one update, after posting its note if it has
// one. A run that fails between the two leaves the note, and the next run
// finds it as the issue's newest note instead of posting it again; a run
// that cannot post the note makes no change, so the next run does both.
func (s *syncer) edit(iss *gl.Issue, fp, kind, detail string, labels []string, opt *gl.UpdateIssueOptions, note string) {
	s.record(Action{Kind: kind, Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Labels: labels, Detail: detail})
	if note != "" {
		s.record(Action{Kind: "note", Fingerprint: fp, IID: iss.IID, URL: iss.WebURL, Title: iss.Title, Detail: note})
	}
	if s.opts.DryRun {
		return
	}
	if note != "" {
		if err := s.noteOnce(iss, fp, note); err != nil {
			s.errs = append(s.errs, err)
			return
		}
	}
	if _, _, err := s.c.api.Issues.UpdateIssue(s.c.project, iss.IID, opt, gl.WithContext(s.ctx)); err != nil {
		s.errs = append(s.errs, s.c.wrap(err, "%s of issue #%d (%s)", kind, iss.IID, fp))
	}
}

// noteOnce adds a note to an issue unless it is already the newest note.
func (s *syncer) noteOnce(iss *gl.Issue, fp, note string) error {
	newest, _, err := s.c.api.Notes.ListIssueNotes(s.c.project, iss.IID, &gl.ListIssueNotesOptions{
		ListOptions: gl.ListOptions{PerPage: 1}, OrderBy: gl.Ptr("created_at"), Sort: gl.Ptr("desc"),
	}, gl.WithContext(s.ctx))
	if err != nil {
		return s.c.wrap(err, "reading the notes of issue #%d (%s)", iss.IID, fp)
	}
	if len(newest) > 0 && newest[0].Body == note {
		return nil
	}
	if _, _, err := s.c.api.Notes.CreateIssueNote(s.c.project, iss.IID, &gl.CreateIssueNoteOptions{Body: &note}, gl.WithContext(s.ctx)); err != nil {
		return s.c.wrap(err, "adding a note to issue #%d (%s)", iss.IID, fp)
	}
	return nil
}

// diff returns the update that brings iss to d and a word for each change.
// Labels people added are kept; only keepup's own labels are removed.
func (s *syncer) diff(iss *gl.Issue, d desired) (*gl.UpdateIssueOptions, []string) {
	opt := &gl.UpdateIssueOptions{}
	var changes []string
	var add, remove gl.LabelOptions
	for _, l := range d.labels {
		if !slices.Contains(iss.Labels, l) {
			add = append(add, l)
		}
	}
	for _, l := range iss.Labels {
		if !slices.Contains(d.labels, l) && s.managedLabel(l) {
			remove = append(remove, l)
		}
	}
	if len(add) > 0 || len(remove) > 0 {
		opt.AddLabels, opt.RemoveLabels = &add, &remove
		changes = append(changes, "labels")
	}
	if cur := dueOf(iss); cur != d.due {
		if d.due.IsZero() {
			opt.ResetDueDate = true
		} else {
			opt.DueDate = gl.Ptr(gl.ISOTime(d.due.Time()))
		}
		changes = append(changes, fmt.Sprintf("due date %s", d.due))
	}
	if d.milestoneID != 0 && (iss.Milestone == nil || iss.Milestone.ID != d.milestoneID) {
		opt.MilestoneID = &d.milestoneID
		changes = append(changes, "milestone")
	}
	if cur := sectionOf(iss.Description); stable(cur) != stable(d.section) {
		opt.Description = gl.Ptr(replaceSection(iss.Description, d.section))
		changes = append(changes, "description")
	}
	return opt, changes
}

// managedLabel reports whether keepup owns a label and may remove it: its
// status labels, and fiscal labels when it sets them.
func (s *syncer) managedLabel(l string) bool {
	if strings.HasPrefix(l, s.opts.Label+"::") {
		return true
	}
	return s.opts.FiscalLabel && strings.HasPrefix(l, "FY") && strings.Contains(l, "::Q")
}

// resolve closes an open issue whose release no longer needs it.
func (s *syncer) resolve(iss *gl.Issue, f checks.Finding, has bool) {
	fp := fingerprintOf(iss.Description)
	why := "the policy no longer requires it (the target or release is gone, or a newer release is supported)"
	switch {
	case strings.HasSuffix(fp, "/drop"):
		why = "the release is no longer listed in supported: dropped"
	case has:
		why = fmt.Sprintf("%s %s is %s now", f.Product, f.Release, f.Status)
	}
	if !s.opts.CloseResolved {
		s.out.Links[fp] = Link{URL: iss.WebURL, IID: iss.IID, State: "opened"}
		return
	}
	s.out.Links[fp] = Link{URL: iss.WebURL, IID: iss.IID, State: "closed"}
	s.close(iss, fp, closedResolved, "resolved: "+why, "keepup: closing: "+why+".")
}

// closeDuplicates keeps the oldest of several open issues with one
// fingerprint and closes the others with a note linking it.
func (s *syncer) closeDuplicates(open []*gl.Issue) {
	kept := open[0]
	for _, iss := range open[1:] {
		fp := fingerprintOf(iss.Description)
		s.close(iss, fp, closedDuplicate, fmt.Sprintf("duplicate of #%d", kept.IID),
			fmt.Sprintf("keepup: closing as a duplicate of %s (#%d), the oldest issue for %s.", kept.WebURL, kept.IID, fp))
	}
}

// How keepup closed an issue, recorded as the status label it leaves on it,
// so that later runs tell its closes from a person's.
const (
	closedResolved  = "resolved"
	closedDuplicate = "duplicate"
)

// close closes an issue with a note, replacing its status label by how
// keepup closed it.
func (s *syncer) close(iss *gl.Issue, fp, how, detail, note string) {
	mark := s.opts.Label + "::" + how
	var remove gl.LabelOptions
	for _, l := range iss.Labels {
		if strings.HasPrefix(l, s.opts.Label+"::") && l != mark {
			remove = append(remove, l)
		}
	}
	opt := &gl.UpdateIssueOptions{StateEvent: gl.Ptr("close"), AddLabels: &gl.LabelOptions{mark}, RemoveLabels: &remove}
	s.edit(iss, fp, "close", detail, nil, opt, note)
}

// closedBy tells who closed an issue: "" for a person, or how keepup did.
func (s *syncer) closedBy(iss *gl.Issue) string {
	for _, how := range []string{closedResolved, closedDuplicate} {
		if slices.Contains(iss.Labels, s.opts.Label+"::"+how) {
			return how
		}
	}
	return ""
}

// dedupeAfterCreate lists again after creating: when a run that overlapped
// this one created an issue for the same fingerprint, the oldest is kept
// and the newer closed, whichever run created it.
func (s *syncer) dedupeAfterCreate(opts IssueOptions) {
	existing, err := s.c.listManaged(s.ctx, opts.Label)
	if err != nil {
		s.errs = append(s.errs, err)
		return
	}
	for fp, issues := range indexByFingerprint(existing, opts.Namespace) {
		open, _ := split(issues)
		if len(open) == 0 {
			continue
		}
		if len(open) > 1 {
			s.closeDuplicates(open)
		}
		// The overlapping run may have closed the issue this run created:
		// the finding's issue is the one kept.
		if l, ok := s.out.Links[fp]; ok && l.IID != open[0].IID {
			s.out.Links[fp] = Link{URL: open[0].WebURL, IID: open[0].IID, State: "opened"}
		}
	}
}

// listManaged lists every issue, open or closed, that carries the keepup
// label, oldest first, page by page.
func (c *Client) listManaged(ctx context.Context, label string) ([]*gl.Issue, error) {
	opt := &gl.ListProjectIssuesOptions{
		ListOptions: gl.ListOptions{PerPage: 100},
		Labels:      &gl.LabelOptions{label},
		State:       gl.Ptr("all"),
		OrderBy:     gl.Ptr("created_at"),
		Sort:        gl.Ptr("asc"),
	}
	all, err := pages(func(page int64) ([]*gl.Issue, *gl.Response, error) {
		opt.Page = page
		return c.api.Issues.ListProjectIssues(c.project, opt, gl.WithContext(ctx))
	})
	return all, c.wrap(err, "listing the issues labelled %s in project %s", label, c.project)
}

// indexByFingerprint groups the issues of one namespace by fingerprint,
// keeping their order (oldest first).
func indexByFingerprint(issues []*gl.Issue, namespace string) map[string][]*gl.Issue {
	by := map[string][]*gl.Issue{}
	for _, iss := range issues {
		if fp := fingerprintOf(iss.Description); strings.HasPrefix(fp, namespace+"/") {
			by[fp] = append(by[fp], iss)
		}
	}
	for _, list := range by {
		slices.SortStableFunc(list, func(a, b *gl.Issue) int {
			if c := timeOf(a.CreatedAt).Compare(timeOf(b.CreatedAt)); c != 0 {
				return c
			}
			return int(a.IID - b.IID)
		})
	}
	return by
}

func split(issues []*gl.Issue) (open, closed []*gl.Issue) {
	for _, iss := range issues {
		if iss.State == "opened" {
			open = append(open, iss)
		} else {
			closed = append(closed, iss)
		}
	}
	return open, closed
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func dueOf(iss *gl.Issue) calendar.Date {
	if iss.DueDate == nil {
		return calendar.Date{}
	}
	return calendar.Of(time.Time(*iss.DueDate))
}

// sectionOf returns keepup's section of a description, markers included.
func sectionOf(description string) string {
	i := strings.Index(description, sectionBegin)
	j := strings.LastIndex(description, sectionEnd)
	if i < 0 || j < i {
		return ""
	}
	return description[i : j+len(sectionEnd)]
}

// replaceSection puts section in place of keepup's section of description,
// keeping what people wrote around it.
func replaceSection(description, section string) string {
	cur := sectionOf(description)
	if cur == "" {
		return strings.TrimSpace(description + "\n\n" + section)
	}
	return strings.Replace(description, cur, section, 1)
}

// stable drops the line naming the job, which changes every run, so that
// a new job alone is not a change.
func stable(section string) string {
	lines := strings.Split(strings.ReplaceAll(section, "\r\n", "\n"), "\n")
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasSuffix(l, jobMarker) })
	return strings.Join(lines, "\n")
}

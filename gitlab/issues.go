package gitlab

import (
	"context"
	"errors"
	"strings"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/plan"
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

func (o IssueOptions) plan() plan.Options {
	return plan.Options{Issues: o.Issues, PolicyURL: o.PolicyURL, JobURL: o.JobURL}
}

// Outcome is what a sync did (or planned, in a dry run), one action a
// line as plan.Report lists them, and which issue tracks each finding, by
// fingerprint.
type Outcome struct {
	Actions []plan.Action
	Links   map[string]plan.Link
}

// SyncIssues makes the project's issues match the findings, as
// plan.Planner.Sync plans it. With DryRun, it only plans.
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
	planner  *plan.Planner
	existing []plan.Issue
}

// Track checks the issue templates and lists the managed issues. When the
// list fails, nothing has been changed.
func (c *Client) Track(ctx context.Context, opts IssueOptions) (*Tracker, error) {
	p, err := plan.New(opts.plan())
	if err != nil {
		return nil, err
	}
	existing, err := c.listManaged(ctx, opts.Label)
	if err != nil {
		return nil, err
	}
	return &Tracker{c: c, opts: opts, planner: p, existing: existing}, nil
}

// SyncFindings is SyncIssues on the tracker's listing.
func (t *Tracker) SyncFindings(ctx context.Context, findings []checks.Finding) (*Outcome, error) {
	return t.apply(ctx, t.planner.Sync(findings, t.existing))
}

// Existing links each finding to the issue that tracks it now, as
// plan.Planner.Existing finds it in the tracker's listing. It changes
// nothing.
func (t *Tracker) Existing(findings []checks.Finding) map[string]plan.Link {
	return t.planner.Existing(findings, t.existing)
}

// SyncRedMain keeps the "default branch is red" issue, as
// plan.Planner.RedMain plans it.
func (t *Tracker) SyncRedMain(ctx context.Context, st checks.BranchState) (*Outcome, error) {
	return t.apply(ctx, t.planner.RedMain(st, t.existing))
}

// apply carries out a plan in order; in a dry run it only reports it.
// After creating issues it lists them again: when a run that overlapped
// this one created an issue for the same fingerprint, the oldest is kept
// and the newer closed, whichever run created it.
func (t *Tracker) apply(ctx context.Context, pl *plan.Plan) (*Outcome, error) {
	out := &Outcome{Actions: plan.Report(pl.Actions), Links: pl.Links}
	errs := pl.Errors
	if t.opts.DryRun {
		return out, errors.Join(errs...)
	}
	created, doErrs := t.do(ctx, pl.Actions, out.Links)
	errs = append(errs, doErrs...)
	if len(created) > 0 {
		existing, err := t.c.listManaged(ctx, t.opts.Label)
		if err != nil {
			return out, errors.Join(append(errs, err)...)
		}
		dd := t.planner.Dedupe(existing, out.Links, created)
		out.Actions = append(out.Actions, plan.Report(dd.Actions)...)
		out.Links = dd.Links
		_, doErrs = t.do(ctx, dd.Actions, out.Links)
		errs = append(errs, append(dd.Errors, doErrs...)...)
	}
	return out, errors.Join(errs...)
}

// do applies actions in order, recording in links the issues it creates,
// and returns their IIDs.
func (t *Tracker) do(ctx context.Context, actions []plan.Action, links map[string]plan.Link) (created []int64, errs []error) {
	for _, a := range actions {
		switch a.Kind {
		case plan.Create:
			iss, err := t.c.create(ctx, a.Draft)
			if err != nil {
				delete(links, a.Fingerprint)
				errs = append(errs, t.c.wrap(err, "creating the issue for %s", a.Fingerprint))
				continue
			}
			created = append(created, iss.IID)
			links[a.Fingerprint] = plan.Link{URL: iss.WebURL, IID: iss.IID, State: plan.LinkOpened}
		case plan.Update, plan.Reopen, plan.Close, plan.Note:
			if err := t.c.edit(ctx, a); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return created, errs
}

// create opens an issue.
func (c *Client) create(ctx context.Context, d *plan.Draft) (*gl.Issue, error) {
	opt := &gl.CreateIssueOptions{
		Title:        &d.Title,
		Description:  gl.Ptr(d.Description),
		Labels:       (*gl.LabelOptions)(&d.Labels),
		Confidential: gl.Ptr(d.Confidential),
	}
	if !d.Due.IsZero() {
		opt.DueDate = gl.Ptr(gl.ISOTime(d.Due.Time()))
	}
	if d.MilestoneID != 0 {
		opt.MilestoneID = &d.MilestoneID
	}
	if len(d.Assignees) > 0 {
		opt.AssigneeIDs = &d.Assignees
	}
	iss, _, err := c.api.Issues.CreateIssue(c.project, opt, gl.WithContext(ctx))
	return iss, err
}

// edit changes an issue with one update, after posting its note if it has
// one. A run that fails between the two leaves the note, and the next run
// finds it as the issue's newest note instead of posting it again; a run
// that cannot post the note makes no change, so the next run does both.
func (c *Client) edit(ctx context.Context, a plan.Action) error {
	if a.Note != "" {
		if err := c.noteOnce(ctx, a.IID, a.Fingerprint, a.Note); err != nil {
			return err
		}
	}
	if a.Edit.IsZero() {
		return nil
	}
	if _, _, err := c.api.Issues.UpdateIssue(c.project, a.IID, updateOptions(a.Edit), gl.WithContext(ctx)); err != nil {
		return c.wrap(err, "%s of issue #%d (%s)", a.Kind, a.IID, a.Fingerprint)
	}
	return nil
}

// updateOptions turns an edit into the API's update.
func updateOptions(e plan.Edit) *gl.UpdateIssueOptions {
	opt := &gl.UpdateIssueOptions{Title: e.Title, Description: e.Description}
	if e.State != "" {
		opt.StateEvent = gl.Ptr(string(e.State))
	}
	if len(e.AddLabels) > 0 || len(e.RemoveLabels) > 0 {
		opt.AddLabels, opt.RemoveLabels = (*gl.LabelOptions)(&e.AddLabels), (*gl.LabelOptions)(&e.RemoveLabels)
	}
	if e.SetDue {
		if e.Due.IsZero() {
			opt.ResetDueDate = true
		} else {
			opt.DueDate = gl.Ptr(gl.ISOTime(e.Due.Time()))
		}
	}
	if e.MilestoneID != 0 {
		opt.MilestoneID = &e.MilestoneID
	}
	return opt
}

// newestNotes is how many of an issue's newest notes noteOnce reads.
const newestNotes = 20

// noteOnce adds a note to an issue unless it already is keepup's newest
// note (keepup's notes start with "keepup:"): a person commenting since
// does not make keepup say the same again, and neither does a run that
// failed after posting it.
func (c *Client) noteOnce(ctx context.Context, iid int64, fp, note string) error {
	newest, _, err := c.api.Notes.ListIssueNotes(c.project, iid, &gl.ListIssueNotesOptions{
		ListOptions: gl.ListOptions{PerPage: newestNotes}, OrderBy: gl.Ptr("created_at"), Sort: gl.Ptr("desc"),
	}, gl.WithContext(ctx))
	if err != nil {
		return c.wrap(err, "reading the notes of issue #%d (%s)", iid, fp)
	}
	for _, n := range newest {
		if strings.HasPrefix(n.Body, "keepup:") {
			if n.Body == note {
				return nil
			}
			break
		}
	}
	if _, _, err := c.api.Notes.CreateIssueNote(c.project, iid, &gl.CreateIssueNoteOptions{Body: &note}, gl.WithContext(ctx)); err != nil {
		return c.wrap(err, "adding a note to issue #%d (%s)", iid, fp)
	}
	return nil
}

// listManaged lists every issue, open or closed, that carries the keepup
// label, oldest first, page by page.
func (c *Client) listManaged(ctx context.Context, label string) ([]plan.Issue, error) {
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
	if err != nil {
		return nil, c.wrap(err, "listing the issues labelled %s in project %s", label, c.project)
	}
	issues := make([]plan.Issue, 0, len(all))
	for _, iss := range all {
		issues = append(issues, issueOf(iss))
	}
	return issues, nil
}

// issueOf is what the plan needs of a GitLab issue.
func issueOf(iss *gl.Issue) plan.Issue {
	out := plan.Issue{
		IID: iss.IID, State: plan.State(iss.State), Title: iss.Title, Description: iss.Description,
		Labels: []string(iss.Labels), CreatedAt: timeOf(iss.CreatedAt), WebURL: iss.WebURL,
	}
	if iss.DueDate != nil {
		out.Due = calendar.Of(time.Time(*iss.DueDate))
	}
	if iss.Milestone != nil {
		out.MilestoneID = iss.Milestone.ID
	}
	return out
}

func timeOf(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

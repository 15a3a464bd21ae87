// Package plan decides what keepup does to a project's issues: from the
// findings, the issues one list call found and the policy's issues
// section, it computes a list of typed actions (create, update, reopen,
// close, note, acknowledge, nothing) and which issue tracks each finding.
// It renders the issue titles, bodies and notes, and it does no I/O:
// package gitlab lists the issues, applies the actions in order and
// records what happened.
package plan

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// State is the state of an issue, as GitLab names it.
type State string

// The states of an issue.
const (
	Opened State = "opened"
	Closed State = "closed"
)

// Issue is what keepup reads of an issue.
type Issue struct {
	IID         int64
	State       State
	Title       string
	Description string
	Labels      []string
	Due         calendar.Date // zero when the issue has no due date
	MilestoneID int64         // 0 when the issue has no milestone
	CreatedAt   time.Time
	WebURL      string
}

// Options says how findings become issues.
type Options struct {
	config.Issues
	// PolicyURL links to the policy file on the default branch, without a
	// line anchor ("" when not known).
	PolicyURL string
	JobURL    string // CI_JOB_URL: the job that last wrote the issue
}

// Kind is what an action does.
type Kind int

// The kinds of action, in no particular order.
const (
	Nothing     Kind = iota // leave an existing issue as it is
	Create                  // open a new issue
	Update                  // change an open issue's fields, with an optional note first
	Reopen                  // reopen a closed issue, with a note first
	Close                   // close an open issue, with a note first
	Note                    // post a note only (with bookkeeping in Edit, if any)
	Acknowledge             // report an issue a person closed while still owed; no write
)

var kindNames = [...]string{
	Nothing: "nothing", Create: "create", Update: "update", Reopen: "reopen",
	Close: "close", Note: "note", Acknowledge: "acknowledged",
}

// String is the word the action lines start with.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// StateEvent changes an issue's state.
type StateEvent string

// The state events of an edit.
const (
	CloseIssue  StateEvent = "close"
	ReopenIssue StateEvent = "reopen"
)

// Edit is a change to an existing issue; only the fields set are written.
type Edit struct {
	State        StateEvent // "" leaves the state
	Title        *string
	Description  *string
	AddLabels    []string
	RemoveLabels []string
	SetDue       bool          // write Due; a zero Due removes the due date
	Due          calendar.Date //
	MilestoneID  int64         // 0 leaves the milestone
}

// IsZero reports whether the edit changes nothing.
func (e Edit) IsZero() bool {
	return e.State == "" && e.Title == nil && e.Description == nil && len(e.AddLabels) == 0 &&
		len(e.RemoveLabels) == 0 && !e.SetDue && e.MilestoneID == 0
}

// Draft is a new issue.
type Draft struct {
	Title, Description string
	Labels             []string
	Due                calendar.Date // zero: no due date
	MilestoneID        int64         // 0: no milestone
	Confidential       bool
	Assignees          []int64
}

// Action is one thing keepup does, or would do in a dry run, to an issue.
type Action struct {
	Kind        Kind
	Fingerprint string
	IID         int64 // 0 for Create
	URL         string
	Title       string
	Labels      []string // the labels the issue should have, shown in the action line
	Detail      string   // what changes, or, for Note, the note
	// Note is posted before the edit, unless it already is keepup's
	// newest note on the issue.
	Note  string
	Edit  Edit   // for Update, Reopen, Close and Note
	Draft *Draft // for Create
}

// String is the action's line for people: "close #12 "title": resolved: ...".
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

// Report lists actions as people read them, one line each: a change
// followed by the note it posts. Nothing actions are left out.
func Report(actions []Action) []Action {
	var out []Action
	for _, a := range actions {
		switch {
		case a.Kind == Nothing:
			continue
		case a.Kind == Note || a.Note == "":
			out = append(out, a)
		default:
			out = append(out, a, Action{Kind: Note, Fingerprint: a.Fingerprint, IID: a.IID, URL: a.URL, Title: a.Title, Detail: a.Note, Note: a.Note})
		}
	}
	return out
}

// Link is the issue that tracks a finding.
type Link struct {
	URL   string
	IID   int64
	State string // opened, closed, acknowledged (closed by a person while still owed), or planned
}

// The states of a link.
const (
	LinkOpened       = "opened"
	LinkClosed       = "closed"
	LinkAcknowledged = "acknowledged"
	LinkPlanned      = "planned"
)

// Plan is what a sync does: the actions in the order to apply them, the
// issue that tracks each fingerprint once they are applied, and the
// findings whose issue could not be rendered.
type Plan struct {
	Actions []Action
	Links   map[string]Link
	Errors  []error
}

// add adds an action, unless what it would write exceeds GitLab's limits:
// then the plan gets an error instead.
func (p *Plan) add(a Action) {
	if err := a.tooLong(); err != nil {
		p.Errors = append(p.Errors, err)
		return
	}
	p.Actions = append(p.Actions, a)
}

// tooLong says which text of the action exceeds GitLab's limits, if any.
func (a Action) tooLong() error {
	check := func(what, s string, limit int) error {
		if n := utf8.RuneCountInString(s); n > limit {
			return fmt.Errorf("%s for %s would be %d characters; GitLab takes at most %d", what, a.Fingerprint, n, limit)
		}
		return nil
	}
	var errs []error
	errs = append(errs, check("the note", a.Note, MaxNote))
	if a.Edit.Title != nil {
		errs = append(errs, check("the issue title", *a.Edit.Title, MaxTitle))
	}
	if a.Edit.Description != nil {
		errs = append(errs, check("the issue description (people's text and keepup's section)", *a.Edit.Description, MaxDescription))
	}
	if a.Draft != nil {
		errs = append(errs, check("the issue title", a.Draft.Title, MaxTitle), check("the issue description", a.Draft.Description, MaxDescription))
	}
	return errors.Join(errs...)
}

func (p *Plan) link(fp string, iss Issue, state string) {
	p.Links[fp] = Link{URL: iss.WebURL, IID: iss.IID, State: state}
}

// Planner plans the syncs of one run with one policy's options.
type Planner struct {
	opts Options
	r    *renderer
}

// New checks the policy's issue templates (a template naming an unknown
// field is a *config.Error naming the key) and returns a planner.
func New(opts Options) (*Planner, error) {
	r, err := newRenderer(opts.Issues)
	if err != nil {
		return nil, err
	}
	return &Planner{opts: opts, r: r}, nil
}

// Fingerprint is the identity of a finding's issue: namespace/target/release.
// An issue to drop a release (drop_after_eol) is not the issue that asked
// to support it: its fingerprint ends in /drop.
func Fingerprint(namespace string, f checks.Finding) string {
	fp := namespace + "/" + markerText(f.Target) + "/" + markerText(f.Release)
	if f.Kind == checks.Drop {
		fp += "/drop"
	}
	return fp
}

// TargetFingerprint is the identity of a target's issue with issues.group:
// target, which tracks every release the target owes: namespace/target.
// It cannot be a release's fingerprint, which has a part more (target
// names have no slash), nor the red branch's (no target name starts with
// "_").
func TargetFingerprint(namespace, target string) string {
	return namespace + "/" + markerText(target)
}

// Fingerprints returns, for each finding, the fingerprint of the issue
// that tracks it: its own (Fingerprint), except with issues.group: target,
// where the releases a target owes are tracked by the target's issue
// (TargetFingerprint), and so is the first supported release of a target
// that owes nothing, whose support closed that issue.
func Fingerprints(is config.Issues, findings []checks.Finding) []string {
	settled := settledTargets(findings, is.Namespace)
	fps := make([]string, len(findings))
	for i, f := range findings {
		fps[i] = Fingerprint(is.Namespace, f)
		tfp := TargetFingerprint(is.Namespace, f.Target)
		if s, ok := settled[tfp]; is.Group == GroupTarget && (f.Owed() || ok && s == i) {
			fps[i] = tfp
		}
	}
	return fps
}

// GroupTarget is the issues.group value that keeps one issue per target.
const GroupTarget = "target"

// RedMainFingerprint is the identity of the "default branch is red" issue.
// Its "_red-main" part can be no target's name.
func RedMainFingerprint(namespace, branch string) string {
	return namespace + "/_red-main/" + markerText(branch)
}

// markerText is a name as it can go into a fingerprint marker: neutralized,
// and unable to end the marker's comment.
func markerText(s string) string {
	return strings.ReplaceAll(Neutralize(s), "-->", "--&gt;")
}

// reserved reports whether a fingerprint belongs to an issue that tracks
// no finding, such as the red default branch's: its target part starts
// with "_", which no target name can.
func reserved(fp, namespace string) bool {
	return strings.HasPrefix(strings.TrimPrefix(fp, namespace+"/"), "_")
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

package checks

import (
	"fmt"
	"slices"
	"strings"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/upstream"
)

// Finding is the evaluation of one release of one target.
type Finding struct {
	Target   string
	Product  string
	Release  string
	Released calendar.Date // zero when the data does not know the release
	Due      calendar.Date // zero when there is no deadline
	// EOL is the release's upstream end of life (endoflife.date's eolFrom),
	// past or future; zero when the data gives none.
	EOL    calendar.Date
	Status Status
	// Kind says what the finding asks of the project: to support a
	// release, or to drop one supported too long after its end of life.
	Kind Kind
	// DaysLeft is the number of days until Due (negative when late); nil
	// without a due date.
	DaysLeft *int
	Rule     string     // the rule that gave Due: "3 months after release"
	Pos      config.Pos // the target in the policy
	Reason   string     // one line: why this status
	Issue    string     // link to the GitLab issue tracking it, when there is one
	// IssueState is that issue's state: opened, closed, acknowledged (closed
	// by a person while still owed) or planned (in a dry run).
	IssueState string
	// ClearedBy is, for an owed release older than the newest owed one of
	// its target (of its major line, on a target with filter minor), that
	// newest release: supporting it makes this one not required. It is
	// empty for every other finding.
	ClearedBy string
	Why       Derivation // how Due was computed, step by step
}

// Owed reports whether f is a release the project owes support for: a
// required release, pending, due-soon, overdue, snoozed, or an error when
// its due date could not be computed. A release to drop is not owed.
func (f Finding) Owed() bool {
	switch f.Status {
	case Pending, DueSoon, Overdue, Snoozed, Error:
		return f.Kind == Support
	}
	return false
}

// Kind is what a finding asks of the project.
type Kind int

// The kinds of finding.
const (
	// Support: a release the project must start supporting (or supports).
	Support Kind = iota
	// Drop: a release the project supports too long after its end of life
	// (drop_after_eol): its deadline counts from the end of life.
	Drop
)

func (k Kind) String() string {
	if k == Drop {
		return "drop"
	}
	return "support"
}

// Derivation records how a finding's due date was computed, for explain,
// the JUnit failure text and issue bodies.
type Derivation struct {
	ReleaseSource  string               // where the release date came from
	From           calendar.Date        // the date the window counts from
	FromWhat       string               // "release" or "end of life"
	Window         calendar.Window      // the window applied
	CalendarSource string               // for milestone windows
	Counted        []calendar.Milestone // for milestone windows, in order
	Warn           calendar.Date        // when the warn window ends, if set
	WarnWindow     calendar.Window
	SoonFrom       calendar.Date // when due-soon starts by due_soon
	Snooze         *config.Ignore
	Problem        string // why no due date could be computed
	// Unknown says how a supported minor the data does not know was
	// placed among the known ones (see lagging); empty otherwise.
	Unknown string
}

// Input is everything an evaluation reads.
type Input struct {
	Policy   *config.Policy
	Catalog  upstream.Catalog
	Calendar *calendar.Calendar
	Now      calendar.Date
	// All lists releases that are not required too (status not-required),
	// and in calendar mode every release rather than the last 12 months'.
	All bool
}

// Result is an evaluation: findings in policy order (targets as listed,
// releases newest first) and notes for the person reading.
type Result struct {
	Findings []Finding
	// Notes are things to fix in the policy that are not findings, such as
	// ignore entries that expired or match nothing.
	Notes []string
}

// Counts returns the number of findings of each status.
func (r *Result) Counts() map[Status]int {
	c := map[Status]int{}
	for _, f := range r.Findings {
		c[f.Status]++
	}
	return c
}

// Evaluate computes every target's findings. It fails on a policy problem
// that the data reveals, such as a supported release the product never
// had (a *config.Error), or when the catalog cannot give a product.
func Evaluate(in Input) (*Result, error) {
	products := make([]*upstream.Product, len(in.Policy.Targets))
	most := 0 // at most one finding per release of each target
	var notes []string
	for i, t := range in.Policy.Targets {
		p, err := targetProduct(in.Catalog, t)
		if err != nil {
			return nil, fmt.Errorf("target %s: %w", t.Name, err)
		}
		products[i], notes = withListed(p, t, i, notes)
		most += len(products[i].Releases)
	}
	res := &Result{Findings: make([]Finding, 0, most), Notes: notes}
	used := make([]bool, len(in.Policy.Ignore))
	for i, t := range in.Policy.Targets {
		e := evaluator{in: in, t: t, p: products[i], used: used, out: &res.Findings, notes: &res.Notes, rule: ruleText(t.Warn, t.Window, "release"), byLine: hasMinors(products[i])}
		start := len(res.Findings)
		if err := e.target(i); err != nil {
			return nil, err
		}
		e.clear(res.Findings[start:])
	}
	for i, ig := range in.Policy.Ignore {
		switch {
		case ig.Until.Before(in.Now):
			res.Notes = append(res.Notes, fmt.Sprintf("%s: ignore[%d] for %s %s expired on %s (%s): remove it, or extend until if the reason still holds", ig.Pos, i, ig.Target, ig.Release, ig.Until, ig.Reason))
		case !used[i]:
			res.Notes = append(res.Notes, fmt.Sprintf("%s: ignore[%d] for %s %s matches no required release: remove it", ig.Pos, i, ig.Target, ig.Release))
		}
	}
	return res, nil
}

type evaluator struct {
	in    Input
	t     config.Target
	p     *upstream.Product
	used  []bool // ignore entries that covered or would have covered a finding
	out   *[]Finding
	notes *[]string
	rule  string // the target's rule in words, for every required release
	// byLine tells that the target's releases are minors within major
	// release lines (filter minor on RHEL, Debian): owed line by line.
	byLine bool

	// What the supported releases make owed (see notRequired):
	newest upstream.Release  // the newest supported release
	lines  map[string]*line  // with byLine: what is supported of each major line
	latest map[string]string // with byLine: each major line's newest release by now
}

// target appends the target's findings to e.out.
func (e *evaluator) target(index int) error {
	if e.t.Filter != "" && !slices.ContainsFunc(e.p.Releases, e.passes) {
		*e.notes = append(*e.notes, fmt.Sprintf("%s: targets[%d]: filter %s matches no release of %s in the %s, so the target can never owe anything", e.t.Pos, index, e.t.Filter, e.p.Name, e.p.Source))
	}
	if len(e.t.Supported) == 0 {
		e.calendarMode()
		return nil
	}
	var supported map[string]bool
	var err error
	if e.byLine {
		supported, err = e.resolveLines(index)
	} else {
		supported, err = e.resolve(index)
	}
	if err != nil {
		return err
	}
	for _, r := range e.p.Releases {
		why := ""
		switch {
		case supported[r.Name]:
			*e.out = append(*e.out, e.supportedFinding(r))
			continue
		case !e.passes(r):
			why = fmt.Sprintf("not a %s release", e.t.Filter)
		case r.Released.After(e.in.Now):
			why = fmt.Sprintf("not released yet on %s", e.in.Now)
		default:
			if why = e.notRequired(r); why == "" {
				*e.out = append(*e.out, e.required(r))
				continue
			}
		}
		if e.in.All {
			f := e.finding(r)
			f.Status, f.Reason = NotRequired, why
			*e.out = append(*e.out, f)
		}
	}
	return nil
}

// clear sets ClearedBy on the target's findings fs: each owed release but
// the newest is cleared by the newest, which is newest by release date, as
// notRequired compares. On a minor target it is done line by line, newest
// by version, as notRequiredInLine compares: supporting 9.6 clears 9.5,
// and nothing of line 8.
func (e *evaluator) clear(fs []Finding) {
	newest := map[string]int{} // by major line ("" for the whole target): the index of its newest owed release
	for i, f := range fs {
		if !f.Owed() {
			continue
		}
		if j, seen := newest[e.line(f)]; !seen || e.newer(f, fs[j]) {
			newest[e.line(f)] = i
		}
	}
	for i, f := range fs {
		if j := newest[e.line(f)]; f.Owed() && j != i {
			fs[i].ClearedBy = fs[j].Release
		}
	}
}

// line is the major line f is owed in: its major part on a minor target,
// "" (the whole target) on any other.
func (e *evaluator) line(f Finding) string {
	if e.byLine {
		return majorPart(f.Release)
	}
	return ""
}

// newer reports whether a's release is newer than b's, as the target
// compares them: by version on a minor target, else by release date.
func (e *evaluator) newer(a, b Finding) bool {
	if e.byLine {
		return newerVersion(a.Release, b.Release)
	}
	return a.Released.After(b.Released)
}

// resolve resolves the target's supported releases against the product:
// each must be one the data or the policy's releases know.
func (e *evaluator) resolve(index int) (names map[string]bool, err error) {
	names = map[string]bool{}
	for j, s := range e.t.Supported {
		r, ok := e.p.Release(s.Name)
		if !ok {
			return nil, e.unknownSupported(index, j)
		}
		names[r.Name] = true
		if r.Released.After(e.newest.Released) {
			e.newest = r
		}
	}
	return names, nil
}

// notRequired says why r, a released release that passes the filter and
// is not supported, is not required; "" when it is. A release is owed when
// it was released after the newest supported one. Minor targets owe line
// by line (notRequiredInLine).
func (e *evaluator) notRequired(r upstream.Release) string {
	switch {
	case e.byLine:
		return e.notRequiredInLine(r)
	case !r.Released.After(e.newest.Released):
		return fmt.Sprintf("released before %s, the newest supported release", e.newest.Name)
	}
	return ""
}

// passes reports whether r passes the target's filter.
func (e *evaluator) passes(r upstream.Release) bool {
	switch e.t.Filter {
	case "lts":
		return r.LTS
	case "major":
		return isMajor(r.Name)
	case "minor":
		return !isMajor(r.Name)
	}
	return true
}

// isMajor reports whether a release name is a major version: every
// dot-separated part after the first is zero ("13", "16.0"). A name that is
// no version ("bookworm") counts as major.
func isMajor(name string) bool {
	_, rest, _ := strings.Cut(name, ".")
	return strings.Trim(rest, "0.") == ""
}

func (e *evaluator) finding(r upstream.Release) Finding {
	source := e.p.Source
	if r.Source != "" {
		source = r.Source
	}
	return Finding{
		Target: e.t.Name, Product: e.p.Name, Release: r.Name, Released: r.Released, EOL: r.EOL, Pos: e.t.Pos,
		Why: Derivation{ReleaseSource: source},
	}
}

// calendarMode lists recent releases with their due dates, never a breach.
func (e *evaluator) calendarMode() {
	since := e.in.Now.AddMonths(-12)
	for _, r := range e.p.Releases {
		if !e.passes(r) && e.in.All {
			f := e.finding(r)
			f.Status, f.Reason = NotRequired, fmt.Sprintf("not a %s release", e.t.Filter)
			*e.out = append(*e.out, f)
		}
		if e.passes(r) && e.in.All && r.Released.After(e.in.Now) {
			// As for a target with supported releases: listed, not owed.
			f := e.finding(r)
			f.Status, f.Reason = NotRequired, fmt.Sprintf("not released yet on %s", e.in.Now)
			*e.out = append(*e.out, f)
		}
		if !e.passes(r) || (!e.in.All && r.Released.Before(since)) || r.Released.After(e.in.Now) {
			continue
		}
		f := e.finding(r)
		f.Rule = e.rule
		e.deadline(&f, r.Released, "release", e.t.Window)
		f.Status = Untracked
		f.Reason = "calendar mode: the target lists no supported releases"
		if f.Why.Problem != "" {
			f.Reason += "; " + f.Why.Problem
		}
		*e.out = append(*e.out, f)
	}
}

// required evaluates a release the project owes support for.
func (e *evaluator) required(r upstream.Release) Finding {
	f := e.finding(r)
	f.Rule = e.rule
	if !e.deadline(&f, r.Released, "release", e.t.Window) {
		f.Status = Error
		f.Reason = "no due date: " + f.Why.Problem
		e.ignoreFor(f) // an ignore entry for it is not stale
		return f
	}
	if !e.t.Warn.IsZero() {
		f.Why.WarnWindow = e.t.Warn
		if warn, _, err := e.t.Warn.Apply(e.in.Calendar, r.Released); err == nil {
			f.Why.Warn = warn
		}
	}
	left := *f.DaysLeft
	switch {
	case left < 0:
		f.Status = Overdue
		f.Reason = fmt.Sprintf("not supported, due %s: %s late", f.Due, days(-left))
	case !e.in.Now.Before(f.Why.SoonFrom):
		f.Status = DueSoon
		f.Reason = fmt.Sprintf("not supported, due %s: %s left", f.Due, days(left))
	case !f.Why.Warn.IsZero() && !e.in.Now.Before(f.Why.Warn):
		f.Status = DueSoon
		f.Reason = fmt.Sprintf("not supported, past the warn window (%s, %s); due %s: %s left", e.t.Warn, f.Why.Warn, f.Due, days(left))
	default:
		f.Status = Pending
		f.Reason = fmt.Sprintf("not supported, due %s: %s left", f.Due, days(left))
	}
	e.snooze(&f)
	return f
}

// supportedFinding evaluates a release the project supports: supported, or
// eol once upstream end of life has passed, or overdue when drop_after_eol
// says it should have been dropped.
func (e *evaluator) supportedFinding(r upstream.Release) Finding {
	f := e.finding(r)
	f.Status = Supported
	f.Reason = e.supportedReason(r.Name)
	if r.EOL.IsZero() || e.in.Now.Before(r.EOL) {
		return f
	}
	f.Status = EOL
	f.Reason = fmt.Sprintf("supported, but upstream end of life was %s: drop it per policy", r.EOL)
	if e.t.DropAfterEOL.IsZero() {
		return f
	}
	f.Kind = Drop
	f.Rule = ruleText(calendar.Window{}, e.t.DropAfterEOL, "end of life")
	if !e.deadline(&f, r.EOL, "end of life", e.t.DropAfterEOL) {
		f.Status = Error
		f.Reason = "no drop date: " + f.Why.Problem
		return f
	}
	if left := *f.DaysLeft; left < 0 {
		f.Status = Overdue
		f.Reason = fmt.Sprintf("still supported %s after upstream end of life (%s); drop it: due %s, %s late", e.t.DropAfterEOL, r.EOL, f.Due, days(-left))
		e.snooze(&f)
	} else {
		f.Reason = fmt.Sprintf("supported, but upstream end of life was %s: drop it by %s, %s left", r.EOL, f.Due, days(left))
	}
	return f
}

// deadline sets f's due date, days left and derivation from a window
// counted from a date. It reports false, with Why.Problem set, when the
// window cannot be applied.
func (e *evaluator) deadline(f *Finding, from calendar.Date, what string, w calendar.Window) bool {
	f.Why.From, f.Why.FromWhat, f.Why.Window = from, what, w
	if w.Unit == calendar.Milestones {
		f.Why.CalendarSource = e.in.Calendar.Source()
	}
	due, counted, err := w.Apply(e.in.Calendar, from)
	if err != nil {
		f.Why.Problem = err.Error()
		return false
	}
	left := e.in.Now.DaysUntil(due)
	f.Due, f.DaysLeft, f.Why.Counted = due, &left, counted
	f.Why.SoonFrom, err = e.in.Policy.DueSoon.Before(due)
	if err != nil {
		f.Why.SoonFrom = due // config rejects milestone due_soon windows; be safe
	}
	return true
}

// ignoreFor returns the ignore entry that names f's target and release
// (config allows one at most) and marks it used, so it is not reported as
// stale.
func (e *evaluator) ignoreFor(f Finding) (*config.Ignore, bool) {
	for i, ig := range e.in.Policy.Ignore {
		if ig.Target == f.Target && ig.Release == f.Release {
			e.used[i] = true
			return &e.in.Policy.Ignore[i], true
		}
	}
	return nil, false
}

// snooze applies f's ignore entry, unless it expired.
func (e *evaluator) snooze(f *Finding) {
	ig, ok := e.ignoreFor(*f)
	switch {
	case !ok:
	case ig.Until.Before(e.in.Now):
		f.Reason += fmt.Sprintf("; ignore entry expired on %s", ig.Until)
	default:
		f.Why.Snooze = ig
		f.Reason = fmt.Sprintf("would be %s (%s); ignored until %s: %s", f.Status, f.Reason, ig.Until, ig.Reason)
		f.Status = Snoozed
	}
}

func ruleText(warn, due calendar.Window, from string) string {
	if warn.IsZero() {
		return fmt.Sprintf("%s after %s", due, from)
	}
	return fmt.Sprintf("warn %s, due %s after %s", warn, due, from)
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

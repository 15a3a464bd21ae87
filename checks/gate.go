package checks

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
)

// Pipeline is one pipeline of the default branch, as the gate sees it.
type Pipeline struct {
	ID      int64
	Status  string // success, failed, canceled, skipped
	URL     string
	Created time.Time
}

// Job is a failed job of a pipeline.
type Job struct {
	Name  string
	Stage string
	URL   string
}

// BranchState is what GitLab says about the default branch: its latest
// finished pipeline and, when that failed, how long the branch has been red.
type BranchState struct {
	Branch string
	// Latest is the newest finished pipeline that counts (canceled and
	// skipped ones are passed over unless counted); nil when there is none.
	Latest     *Pipeline
	FailedJobs []Job
	// FirstRed is the oldest failed pipeline after the last success: the
	// branch has been red since it. When the walk back stopped before a
	// success, Bounded is set and FirstRed is the oldest failure seen.
	FirstRed *Pipeline
	Bounded  bool
	Walked   int // pipelines looked at
}

// Red reports whether the default branch is red.
func (b BranchState) Red() bool { return b.Latest != nil && b.Latest.Status != "success" }

// Describe says in one line what state the branch is in.
func (b BranchState) Describe(now time.Time) string {
	switch {
	case b.Latest == nil:
		return fmt.Sprintf("the default branch %s has no finished pipeline yet", b.Branch)
	case b.Red():
		return fmt.Sprintf("the default branch %s is %s: pipeline #%d %s (%s)", b.Branch, b.RedFor(now), b.Latest.ID, b.Latest.Status, b.Latest.URL)
	}
	return fmt.Sprintf("the default branch %s is green: pipeline #%d succeeded", b.Branch, b.Latest.ID)
}

// RedSince says since when the branch has been red, in words that do not
// change with the time of day.
func (b BranchState) RedSince() string {
	if !b.Red() || b.FirstRed == nil {
		return ""
	}
	since := b.FirstRed.Created.UTC().Format("2006-01-02 15:04 UTC")
	if b.Bounded {
		return fmt.Sprintf("red since at least %s: the last %d finished pipelines all failed", since, b.Walked)
	}
	return fmt.Sprintf("red since %s, first failed pipeline #%d", since, b.FirstRed.ID)
}

// RedFor says how long the branch has been red as of now, in words.
func (b BranchState) RedFor(now time.Time) string {
	if !b.Red() || b.FirstRed == nil {
		return ""
	}
	since := b.FirstRed.Created
	d := now.Sub(since).Round(time.Minute)
	s := fmt.Sprintf("red since %s (%s, first failed pipeline #%d)", since.UTC().Format("2006-01-02 15:04 UTC"), duration(d), b.FirstRed.ID)
	if b.Bounded {
		s = fmt.Sprintf("red for at least %s: the last %d finished pipelines all failed, since %s", duration(d), b.Walked, since.UTC().Format("2006-01-02 15:04 UTC"))
	}
	return s
}

func duration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}

// GateCheck is the result of one gate.
type GateCheck struct {
	Name    string // "red-main" or "labels"
	Passed  bool
	Summary string   // one line
	Details []string // what failed and how to fix it
}

// GateResult is every gate's result.
type GateResult struct {
	Checks []GateCheck
	// PolicySource says which policy the gate used: the default branch's or the work tree's.
	PolicySource string
}

// Passed reports whether every gate passed.
func (r GateResult) Passed() bool {
	return !slices.ContainsFunc(r.Checks, func(c GateCheck) bool { return !c.Passed })
}

// RedMainGate fails while the default branch is red, unless the merge
// request carries one of the allow labels: fixing a red main branch comes
// first, so only the merge requests that fix it may pass.
func RedMainGate(b BranchState, mrLabels []string, cfg config.RedMain, now time.Time) GateCheck {
	c := GateCheck{Name: "red-main", Passed: true}
	switch {
	case b.Latest == nil:
		c.Summary = b.Describe(now) + ": nothing to hold back"
		return c
	case !b.Red():
		c.Summary = b.Describe(now)
		return c
	}
	c.Details = append(c.Details, fmt.Sprintf("pipeline #%d %s: %s", b.Latest.ID, b.Latest.Status, b.Latest.URL))
	for _, j := range b.FailedJobs {
		c.Details = append(c.Details, fmt.Sprintf("failed job %s (stage %s): %s", j.Name, j.Stage, j.URL))
	}
	// Since when, and for how many days as of now's date, not hours: the
	// merge-request note stays the same from one pipeline to the next
	// while nothing changes that day.
	if s := b.RedSince(); s != "" {
		if n := calendar.Of(b.FirstRed.Created).DaysUntil(calendar.Of(now)); n >= 0 {
			s += fmt.Sprintf(" (%s as of %s)", days(n), calendar.Of(now))
		}
		c.Details = append(c.Details, s)
	}
	if i := slices.IndexFunc(mrLabels, func(l string) bool { return slices.Contains(cfg.AllowLabels, l) }); i >= 0 {
		c.Summary = fmt.Sprintf("the default branch %s is red, but this merge request carries %s: it may pass to fix it", b.Branch, code(mrLabels[i]))
		return c
	}
	c.Passed = false
	c.Summary = fmt.Sprintf("the default branch %s is red (pipeline #%d %s): fixing it comes first", b.Branch, b.Latest.ID, b.Latest.Status)
	c.Details = append(c.Details, fmt.Sprintf("fix: merge the fix first; a merge request that fixes the branch passes with one of the labels %s", strings.Join(cfg.AllowLabels, ", ")))
	return c
}

// LabelsGate checks the labels every merge request needs. A required entry
// is a label, or a scope ending in "::" that needs exactly one label of that
// scope ("group::distribution::" needs one "group::distribution::<subgroup>").
func LabelsGate(mrLabels, required []string) GateCheck {
	c := GateCheck{Name: "labels", Passed: true}
	for _, req := range required {
		if !strings.HasSuffix(req, "::") {
			if !slices.Contains(mrLabels, req) {
				c.Details = append(c.Details, fmt.Sprintf("missing label %s: add it", req))
			}
			continue
		}
		var in []string
		for _, l := range mrLabels {
			if strings.HasPrefix(l, req) && !strings.Contains(l[len(req):], "::") && len(l) > len(req) {
				in = append(in, code(l))
			}
		}
		switch len(in) {
		case 0:
			c.Details = append(c.Details, fmt.Sprintf("missing a %s label: add exactly one %s<name> label", req, req))
		case 1:
		default:
			c.Details = append(c.Details, fmt.Sprintf("conflicting %s labels %s: keep exactly one", req, strings.Join(in, ", ")))
		}
	}
	if len(c.Details) > 0 {
		c.Passed = false
		c.Summary = "the merge request's labels do not meet gate.labels.required"
		return c
	}
	if len(required) == 0 {
		c.Summary = "no labels are required (gate.labels.required)"
	} else {
		c.Summary = "the required labels are present: " + strings.Join(required, ", ")
	}
	return c
}

// code shows a merge request's label, which anyone who can label the merge
// request chose, as markdown inline code in gate results, which go into
// merge-request notes: control characters dropped, so that no line break
// can start a quick action, and a fence longer than any run of backticks
// in it.
func code(label string) string {
	label = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, label)
	fence := "`"
	for strings.Contains(label, fence) {
		fence += "`"
	}
	if strings.HasPrefix(label, "`") || strings.HasSuffix(label, "`") {
		label = " " + label + " "
	}
	return fence + label + fence
}

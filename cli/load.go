package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/report"
	"gitlab.com/keepup/keepup/upstream"
)

// staleAfter is how old, in days, the embedded data may get before keepup warns.
const staleAfter = 90

// clock is a run's now: the date evaluated as of, and the instant
// red-branch durations are counted to.
type clock struct {
	today   calendar.Date
	instant time.Time
}

// clock returns the run's now: the app's clock reading, or the date of
// --now. A date stands for the end of that day, so that everything dated
// on it has happened; when it is today, it stands for the clock reading.
func (a *App) clock(date calendar.Date) clock {
	today := calendar.Of(a.Now)
	if date.IsZero() || date == today {
		return clock{today, a.Now}
	}
	return clock{date, date.AddDays(1).Time().Add(-time.Second)}
}

// evaluation is a policy evaluated: what check, explain and gate report on.
type evaluation struct {
	in    checks.Input
	res   *checks.Result
	meta  report.Meta
	clock clock
}

// policyText is a policy read from elsewhere than the work tree: a branch.
type policyText struct {
	name string // as reports name it: main:.keepup.yml
	data []byte
}

// evaluate loads the data, the policy (text, or else the work tree's),
// the calendar and the date, and evaluates the policy.
func (c *common) evaluate(ctx context.Context, a *App, text *policyText) (*evaluation, error) {
	clk := a.clock(c.date)
	data := upstream.Embedded()
	if age := data.Date().DaysUntil(clk.today); age > staleAfter {
		a.Log.Warn(fmt.Sprintf("the embedded endoflife.date data is from %s, %d days before %s: releases since then are missing; update keepup", data.Date(), age, clk.today))
	}
	var policy *config.Policy
	var err error
	unenforced := ""
	switch {
	case text != nil:
		policy, err = config.Parse(text.data, text.name, data.Names())
	default:
		policy, unenforced, err = c.loadPolicy(a, data.Names())
	}
	if err != nil {
		return nil, err
	}
	cal, err := policy.Calendar.Milestones(ctx, c.gitlab.milestones(a))
	if err != nil {
		return nil, err
	}
	a.Log.Debug(fmt.Sprintf("evaluating %s as of %s with endoflife.date data of %s", policy.File, clk.today, data.Date()))
	in := checks.Input{Policy: policy, Catalog: data, Calendar: cal, Now: clk.today, All: c.all}
	res, err := checks.Evaluate(in)
	if err != nil {
		return nil, err
	}
	return &evaluation{
		in: in, res: res, clock: clk,
		meta: report.Meta{Policy: policy.File, DataSource: "endoflife.date snapshot", DataDate: data.Date(), Now: clk.today, GeneratedAt: a.generated, Unenforced: unenforced},
	}, nil
}

// loadPolicy reads the work tree's policy: the file named, or the one
// found from the working directory up to the repository root, or else the
// embedded default. In CI, a run on the default policy enforces nothing:
// it says so loudly, and returns why for the reports.
func (c *common) loadPolicy(a *App, products []string) (_ *config.Policy, unenforced string, err error) {
	var policy *config.Policy
	if c.policy != "" {
		policy, err = config.Load(c.policy, products)
		return policy, "", err
	}
	dir, err := os.Getwd()
	if err != nil {
		return nil, "", fmt.Errorf("looking for the policy: %w", err)
	}
	root := config.RepoRoot(dir, a.Env.ProjectDir)
	path, err := config.Find(dir, root)
	switch {
	case err != nil:
		return nil, "", err
	case path != "":
		policy, err = config.Load(path, products)
		return policy, "", err
	}
	where := "in " + dir
	if root != "" && root != dir {
		where = fmt.Sprintf("from %s up to the repository root %s", dir, root)
	}
	msg := fmt.Sprintf("no .keepup.yml or .keepup.yaml %s and no --policy: using the embedded default policy (calendar mode); 'keepup init' writes it to .keepup.yml to edit", where)
	if a.Env.InCI() {
		a.Log.Warn(msg)
		unenforced = nothingEnforced
	} else {
		a.Log.Info(msg)
	}
	policy, err = config.Default(products)
	return policy, unenforced, err
}

// nothingEnforced says that a CI job on the embedded default policy enforces nothing.
const nothingEnforced = "no policy file (.keepup.yml or .keepup.yaml) was found, so the embedded default policy applies: it lists no supported releases and enforces nothing, and this job cannot fail on a release; run 'keepup init', add supported: lists and commit .keepup.yml"

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

// clock returns the run's now: the app's clock reading, or --now DATE.
// DATE stands for the end of that day, so that everything dated on it has
// happened; when it is today, it stands for the clock reading itself.
func (a *App) clock(now string) (clock, error) {
	today := calendar.Of(a.Now)
	if now == "" {
		return clock{today, a.Now}, nil
	}
	d, err := calendar.ParseDate(now)
	if err != nil {
		return clock{}, fmt.Errorf("--now (or KEEPUP_NOW): %w", err)
	}
	if d == today {
		return clock{d, a.Now}, nil
	}
	return clock{d, d.AddDays(1).Time().Add(-time.Second)}, nil
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
	clk, err := a.clock(c.now)
	if err != nil {
		return nil, err
	}
	data := upstream.Embedded()
	if age := data.Date().DaysUntil(clk.today); age > staleAfter {
		a.Log.Warn(fmt.Sprintf("the embedded endoflife.date data is from %s, %d days before %s: releases since then are missing; update keepup", data.Date(), age, clk.today))
	}
	var policy *config.Policy
	switch {
	case text != nil:
		policy, err = config.Parse(text.data, text.name, data.Names())
	default:
		policy, err = c.loadPolicy(a, data.Names())
	}
	if err != nil {
		return nil, err
	}
	if err := detectSupported(a, policy, data, text); err != nil {
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
		meta: report.Meta{Policy: policy.File, DataSource: "endoflife.date snapshot", DataDate: data.Date(), Now: clk.today, GeneratedAt: a.generated},
	}, nil
}

// loadPolicy reads the work tree's policy: the file named, or the one
// found, or else the embedded default.
func (c *common) loadPolicy(a *App, products []string) (*config.Policy, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("finding the policy: %w", err)
	}
	path := config.Find(c.policy, dir)
	if path == "" {
		a.Log.Info("no .keepup.yml here and no --policy given: using the embedded default policy (calendar mode); 'keepup init' writes it to .keepup.yml to edit")
		return config.Default(products)
	}
	return config.Load(path, products)
}

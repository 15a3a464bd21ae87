package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/plan"
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
	mode, err := upstream.ParseMode(c.data)
	if err != nil {
		return nil, err
	}
	client := dataClient(a, mode)
	names, err := upstream.KnownNames(ctx, mode, client)
	if err != nil {
		return nil, err
	}
	products := config.Products{Names: names.Products, Aliases: names.Aliases}
	var policy *config.Policy
	unenforced := ""
	switch {
	case text != nil:
		policy, err = products.Parse(text.data, text.name)
	default:
		policy, unenforced, err = c.loadPolicy(a, products)
	}
	if err != nil {
		return nil, err
	}
	if err := plan.CheckTemplates(policy.Issues); err != nil {
		return nil, err
	}
	data, err := upstream.Load(ctx, mode, policy.Products(), client)
	if err != nil {
		return nil, fmt.Errorf("loading the release data (--data %s): %w", mode, err)
	}
	if mode == upstream.ModeEmbedded {
		if snap := upstream.Embedded().Date(); snap.DaysUntil(clk.today) > staleAfter {
			a.Log.Warn(fmt.Sprintf("the embedded endoflife.date data is from %s, %d days before %s: releases since then are missing", snap, snap.DaysUntil(clk.today), clk.today),
				hint("use --data auto or live, or update keepup"))
		}
	}
	if err := detectSupported(a, policy, data, text); err != nil {
		return nil, err
	}
	cal, err := policy.Calendar.Milestones(ctx, c.gitlab.milestones(a))
	if err != nil {
		return nil, err
	}
	source, date := data.Summary()
	a.Log.Debug(fmt.Sprintf("evaluating %s as of %s with %s data of %s", policy.File, clk.today, source, date))
	in := checks.Input{Policy: policy, Catalog: data, Calendar: cal, Now: clk.today, All: c.all}
	res, err := checks.Evaluate(in)
	if err != nil {
		return nil, err
	}
	meta := report.Meta{Policy: policy.File, DataSource: source, DataDate: date, Now: clk.today, GeneratedAt: a.generated, Unenforced: unenforced,
		ProductData: map[string]report.DataOrigin{}}
	for _, name := range data.Names() {
		if o, ok := data.Origin(name); ok {
			meta.ProductData[name] = report.DataOrigin{Source: o.Source, Date: o.Date}
		}
	}
	return &evaluation{in: in, res: res, clock: clk, meta: meta}, nil
}

// dataClient returns the endoflife.date client of --data live and auto:
// KEEPUP_ENDOFLIFE_URL or the public API, the cache directory of the
// environment, and a progress line on stderr when it is a terminal and
// the log is for people. It returns nil for --data embedded, which never
// touches the network.
func dataClient(a *App, mode upstream.Mode) *upstream.Client {
	if mode == upstream.ModeEmbedded {
		return nil
	}
	return &upstream.Client{
		BaseURL:  a.Env.EndoflifeURL,
		CacheDir: upstream.DefaultCacheDir(a.environ),
		Version:  a.Build.Version,
		Log:      a.Log,
		Progress: a.IO.Err,
		Terminal: a.IO.ErrTerminal && a.logFormat != logJSON,
	}
}

// loadPolicy reads the work tree's policy: the file named, or the one
// found from the working directory up to the repository root, or else the
// embedded default. In CI, a run on the default policy enforces nothing:
// it says so loudly, and returns why for the reports.
func (c *common) loadPolicy(a *App, products config.Products) (_ *config.Policy, unenforced string, err error) {
	var policy *config.Policy
	if c.policy != "" {
		policy, err = products.Load(c.policy)
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
		policy, err = products.Load(path)
		return policy, "", err
	}
	where := "in " + dir
	if root != "" && root != dir {
		where = fmt.Sprintf("from %s up to the repository root %s", dir, root)
	}
	msg := fmt.Sprintf("no .keepup.yml or .keepup.yaml %s and no --policy: using the embedded default policy (calendar mode)", where)
	how := hint("'keepup init' writes it to .keepup.yml to edit")
	if a.Env.InCI() {
		a.Log.Warn(msg, how)
		unenforced = nothingEnforced
	} else {
		a.Log.Info(msg, how)
	}
	policy, err = products.Default()
	return policy, unenforced, err
}

// nothingEnforced says that a CI job on the embedded default policy enforces nothing.
const nothingEnforced = "no policy file (.keepup.yml or .keepup.yaml) was found, so the embedded default policy applies: it lists no supported releases and enforces nothing, and this job cannot fail on a release; run 'keepup init', add supported: lists and commit .keepup.yml"

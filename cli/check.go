package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/gitlab"
	"gitlab.com/keepup/keepup/report"
)

const checkSynopsis = `Usage: keepup check [flags]

Evaluates every target of the policy against the upstream release data and
prints a table, most urgent first: one row per target that is behind, with the
release to support (--by-release: one row per release). Each release the
project owes support for is pending, due-soon or overdue; overdue is a breach.

Examples:
  keepup check                                 # .keepup.yml or the default policy
  keepup check --policy ci/keepup.yml --junit keepup.xml
  keepup check --now 2026-01-01 --fail-on due-soon --json -
  keepup check --issues --red-main --junit keepup.xml   # nightly: keep issues current

With --issues (or --red-main), the GitLab token comes from KEEPUP_GITLAB_TOKEN
or GITLAB_TOKEN, or from the variable KEEPUP_TOKEN_VARIABLE names: a project
access token with the api scope (CI_JOB_TOKEN cannot use the Issues API).

Exit codes: 0 nothing at or above --fail-on, 1 a finding at or above it,
2 keepup could not do its job (the reports that could be made are written).
`

func (c *checkCmd) run(ctx context.Context, a *App) int {
	ev, err := c.evaluate(ctx, a, nil)
	if err != nil {
		return a.fail(err)
	}
	res := ev.res
	r := report.Report{Meta: ev.meta, Result: res}

	// The table and the issue actions go to stdout, or to stderr when a
	// report claims stdout.
	results := a.IO.Out
	if c.reports.onStdout {
		results = a.IO.Err
	}
	code := exitOK
	var issueOut strings.Builder
	var tracker *gitlab.Tracker // one listing of the managed issues for both syncs
	if c.issues {
		tracker, err = openTracker(ctx, a, &c.gitlab, c.dryRun, ev.in.Policy)
		if err == nil {
			err = syncIssues(ctx, tracker, ev.in.Policy.Issues, c.dryRun, res, &issueOut)
		}
		if err != nil {
			code = reportProblem(&r, a.Log, "gitlab issues", err)
		}
	}
	if c.redMain {
		if err := c.checkRedMain(ctx, a, ev, tracker, &issueOut); err != nil {
			code = reportProblem(&r, a.Log, "red main", err)
		}
	}
	// In a GitLab job log the table and the issue actions are sections,
	// the table open when it shows a failure; in GitHub Actions, they run
	// no workflow command.
	jl, gh := a.jobLog(results, c.reports.onStdout), a.github(results)
	if err := gh.stopCommands(); err != nil {
		code = reportProblem(&r, a.Log, "github actions", err)
	}
	fails := slices.ContainsFunc(res.Findings, func(f checks.Finding) bool { return failing(f, c.threshold) })
	jl.section(sectionFindings, "keepup: "+report.Summary(r), !fails, func() {
		table := report.TextOptions{Color: a.IO.Color(results), Width: a.IO.Width(results), ByRelease: c.all || c.byRelease}
		if err := report.Text(results, r, table); err != nil {
			code = a.fail(fmt.Errorf("writing the table: %w", err))
		}
	})
	if issueOut.Len() > 0 {
		jl.section(sectionIssues, "keepup: GitLab issues", true, func() { io.WriteString(results, issueOut.String()) })
	}
	if err := gh.resumeCommands(); err != nil {
		code = reportProblem(&r, a.Log, "github actions", err)
	}
	written, ok := c.reports.write(r, a)
	if !ok {
		code = exitError
	}
	if err := gh.publish(r, written); err != nil {
		a.Log.Error(err.Error())
		code = exitError
	}
	for _, f := range res.Findings {
		switch {
		case f.Status == checks.Error:
			a.Log.Error(fmt.Sprintf("%s %s: %s", f.Target, f.Release, f.Reason))
			code = exitError
		case c.threshold.Fails(f.Status) && code == exitOK:
			code = exitBreach
		}
	}
	if code == exitBreach {
		a.Log.Info(fmt.Sprintf("failing: %s (--fail-on %s)", report.SummaryOf(r, c.threshold.Fails), c.threshold), hint("'keepup explain TARGET RELEASE' shows how a due date was computed"))
	}
	jl.verdict(checkVerdict(r, c.threshold, code))
	return code
}

// checkRedMain notes how long the default branch has been red and, given
// a tracker (--issues), keeps the "default branch is red" issue.
func (c *checkCmd) checkRedMain(ctx context.Context, a *App, ev *evaluation, t *gitlab.Tracker, w io.Writer) error {
	api, err := c.gitlab.client(a)
	if err != nil {
		return fmt.Errorf("--red-main: %w", err)
	}
	st, err := api.DefaultBranch(ctx, c.branch, ev.in.Policy.Gate.RedMain)
	if err != nil {
		return err
	}
	ev.res.Notes = append(ev.res.Notes, st.Describe(ev.clock.instant))
	if t == nil {
		return nil
	}
	return syncRedMain(ctx, t, st, c.dryRun, w)
}

// reportProblem logs a failure that does not stop the run, adds it to the
// reports, and returns the exit code it calls for.
func reportProblem(r *report.Report, log *slog.Logger, name string, err error) int {
	log.Error(err.Error())
	r.Problems = append(r.Problems, report.Problem{Name: name, Message: err.Error()})
	return exitError
}

// write writes each report asked for, each whole or not at all, and
// reports whether all were written. written gives the path of each report
// written to a file by its name: junit, json, markdown.
func (f *reportFlags) write(r report.Report, a *App) (written map[string]string, ok bool) {
	ok, written = true, map[string]string{}
	for _, out := range []struct {
		name, path string
		write      func(io.Writer, report.Report) error
	}{{"junit", f.junit, report.JUnit}, {"json", f.json, report.JSON}, {"markdown", f.markdown, report.Markdown}} {
		if out.path == "" {
			continue
		}
		if err := report.WriteFile(out.path, a.IO.Out, func(w io.Writer) error { return out.write(w, r) }); err != nil {
			a.Log.Error(err.Error())
			ok = false
		} else if out.path != "-" {
			written[out.name] = out.path
		}
	}
	return written, ok
}

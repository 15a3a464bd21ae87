package cli

// This file holds every call to gitlab's issue tracker API (Track,
// SyncFindings, SyncRedMain, Action), so that a change of that API is
// adapted to here alone.

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/gitlab"
	"gitlab.com/keepup/keepup/plan"
)

// openTracker lists the project's managed issues for this run's syncs.
func openTracker(ctx context.Context, a *App, g *gitlabFlags, dryRun bool, policy *config.Policy) (*gitlab.Tracker, error) {
	api, err := g.client(a)
	if err != nil {
		return nil, fmt.Errorf("--issues: %w", err)
	}
	e := a.Env
	opts := gitlab.IssueOptions{Issues: policy.Issues, JobURL: e.JobURL, DryRun: dryRun}
	if e.ProjectURL != "" && e.DefaultBranch != "" && policy.File != config.DefaultName {
		if dir, err := os.Getwd(); err == nil {
			if path, err := config.RepoPath(policy.File, dir, e.ProjectDir); err == nil {
				opts.PolicyURL = fmt.Sprintf("%s/-/blob/%s/%s", e.ProjectURL, e.DefaultBranch, path)
			}
		}
	}
	mode := ""
	if dryRun {
		mode = " (dry run: no changes are sent)"
	}
	a.Log.Info(fmt.Sprintf("syncing issues with GitLab project %s%s", g.project, mode))
	return api.Track(ctx, opts)
}

// syncIssues syncs the findings' issues and links each finding to its
// issue. It prints what it did, or would do, to w.
func syncIssues(ctx context.Context, t *gitlab.Tracker, is config.Issues, dryRun bool, res *checks.Result, w io.Writer) error {
	out, err := t.SyncFindings(ctx, res.Findings)
	if out != nil {
		link(res, is, out.Links)
		printActions(w, out.Actions, dryRun)
		if !slices.ContainsFunc(out.Actions, func(a plan.Action) bool { return a.Kind != plan.Acknowledge }) {
			fmt.Fprintln(w, "issues: nothing to change")
		}
	}
	return err
}

// link sets each finding's issue from links, which are by fingerprint
// (a target's, with issues.group: target).
func link(res *checks.Result, is config.Issues, links map[string]plan.Link) {
	fps := plan.Fingerprints(is, res.Findings)
	for i := range res.Findings {
		if l, ok := links[fps[i]]; ok {
			res.Findings[i].Issue, res.Findings[i].IssueState = l.URL, l.State
		}
	}
}

// linkExisting links the findings to the issues that track them now,
// without changing any: for the gate's note and reports, which a check
// job earlier in the same pipeline may have opened issues for. It needs
// read access to the project's issues; without it the findings keep no
// link, and it says so.
func linkExisting(ctx context.Context, a *App, api *gitlab.Client, policy *config.Policy, res *checks.Result) {
	t, err := api.Track(ctx, gitlab.IssueOptions{Issues: policy.Issues, DryRun: true})
	if err != nil {
		a.Log.Warn(fmt.Sprintf("gate: the report links no issues: %v", err))
		return
	}
	link(res, policy.Issues, t.Existing(res.Findings))
}

// syncRedMain keeps the "default branch is red" issue.
func syncRedMain(ctx context.Context, t *gitlab.Tracker, st checks.BranchState, dryRun bool, w io.Writer) error {
	out, err := t.SyncRedMain(ctx, st)
	if out != nil {
		printActions(w, out.Actions, dryRun)
	}
	return err
}

// printActions says what an issue sync did, or would do in a dry run.
func printActions(w io.Writer, actions []plan.Action, dryRun bool) {
	verb := "issues:"
	if dryRun {
		verb = "issues (dry run, would):"
	}
	for _, a := range actions {
		if a.Kind == plan.Acknowledge { // a finding, not a change: the same in a dry run
			fmt.Fprintf(w, "issues: %s\n", a)
			continue
		}
		fmt.Fprintf(w, "%s %s\n", verb, a)
	}
}

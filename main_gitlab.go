package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/gitlab"
	"gitlab.com/keepup/keepup/plan"
)

// gitlabFlags are the connection flags of the commands that talk to GitLab.
type gitlabFlags struct {
	url     string
	project string
	timeout time.Duration

	env config.Env
	api *gitlab.Client
}

func (g *gitlabFlags) register(fs *flag.FlagSet, e config.Env) {
	g.env = e
	fs.StringVar(&g.url, "gitlab-url", e.APIURL, "GitLab API `URL` (env CI_API_V4_URL), e.g. https://gitlab.com/api/v4")
	fs.StringVar(&g.project, "project", e.Project(), "GitLab project `ID or path` (env CI_PROJECT_ID, CI_PROJECT_PATH)")
	fs.DurationVar(&g.timeout, "gitlab-timeout", or(e.GitLabTimeout, 30*time.Second), "give up on a GitLab request after `DURATION` (env KEEPUP_GITLAB_TIMEOUT)")
}

// client returns the GitLab client, made on first use. The token comes
// from the environment only: a flag would show in process listings.
func (g *gitlabFlags) client() (*gitlab.Client, error) {
	if g.api != nil {
		return g.api, nil
	}
	token := g.env.APIToken()
	if token == "" {
		if g.env.JobToken != "" {
			return nil, errors.New("only CI_JOB_TOKEN is set, and it cannot use GitLab's Issues, Notes, Milestones or Pipelines APIs: create a project access token (Reporter role, api scope) and store it as the masked CI/CD variable KEEPUP_GITLAB_TOKEN")
		}
		return nil, errors.New("no GitLab token: set KEEPUP_GITLAB_TOKEN (or GITLAB_TOKEN) to a project access token with the api scope")
	}
	api, err := gitlab.New(gitlab.Config{BaseURL: g.url, Token: token, Project: g.project, Timeout: g.timeout,
		RetryWaitMin: g.env.RetryWait, RetryWaitMax: 20 * g.env.RetryWait})
	if err != nil {
		return nil, err
	}
	g.api = api
	return api, nil
}

// gitlabCalendar reads the policy's milestone calendar from GitLab.
func (g *gitlabFlags) gitlabCalendar(ctx context.Context, c config.Calendar, log *slog.Logger) (*calendar.Calendar, error) {
	api, err := g.client()
	if err != nil {
		return nil, fmt.Errorf("%s: calendar: source: gitlab: %w", c.Pos, err)
	}
	where := "group " + c.Group
	if c.Group == "" {
		where = "project " + c.Project
	}
	log.Info("reading the milestone calendar from GitLab " + where)
	cal, undated, err := api.Milestones(ctx, c.Group, c.Project)
	if len(undated) > 0 {
		log.Warn(fmt.Sprintf("milestones without a due date are skipped: %s", strings.Join(undated, ", ")))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: calendar: %w", c.Pos, err)
	}
	return cal, nil
}

// issueFlags are check's flags for issues.
type issueFlags struct {
	enabled bool
	dryRun  bool
}

func (f *issueFlags) register(fs *flag.FlagSet, e config.Env) {
	fs.BoolVar(&f.enabled, "issues", e.Issues, "open, update and close one GitLab issue per finding at or above issues.open_on (env KEEPUP_ISSUES)")
	dry := e.PipelineSource == "merge_request_event"
	if e.DryRun != nil {
		dry = *e.DryRun
	}
	fs.BoolVar(&f.dryRun, "dry-run", dry, "with --issues, print the planned changes and send no write request (env KEEPUP_DRY_RUN; default true in merge-request pipelines)")
}

// openTracker lists the project's managed issues for this run's syncs.
func openTracker(ctx context.Context, g *gitlabFlags, dryRun bool, policy *config.Policy, log *slog.Logger) (*gitlab.Tracker, error) {
	api, err := g.client()
	if err != nil {
		return nil, fmt.Errorf("--issues: %w", err)
	}
	opts := gitlab.IssueOptions{Issues: policy.Issues, JobURL: g.env.JobURL, DryRun: dryRun}
	if g.env.ProjectURL != "" && g.env.DefaultBranch != "" && policy.File != config.DefaultName {
		opts.PolicyURL = fmt.Sprintf("%s/-/blob/%s/%s", g.env.ProjectURL, g.env.DefaultBranch, repoPath(policy.File, g.env.ProjectDir))
	}
	mode := ""
	if dryRun {
		mode = " (dry run: no changes are sent)"
	}
	log.Info(fmt.Sprintf("syncing issues with GitLab project %s%s", g.project, mode))
	return api.Track(ctx, opts)
}

// syncIssues syncs the findings' issues and links each finding to its
// issue. It prints what it did, or would do, to w.
func syncIssues(ctx context.Context, t *gitlab.Tracker, namespace string, dryRun bool, res *checks.Result, w io.Writer) error {
	out, err := t.SyncFindings(ctx, res.Findings)
	if out != nil {
		for i, f := range res.Findings {
			if l, ok := out.Links[plan.Fingerprint(namespace, f)]; ok {
				res.Findings[i].Issue, res.Findings[i].IssueState = l.URL, l.State
			}
		}
		printActions(w, out.Actions, dryRun)
		if !slices.ContainsFunc(out.Actions, func(a plan.Action) bool { return a.Kind != plan.Acknowledge }) {
			fmt.Fprintln(w, "issues: nothing to change")
		}
	}
	return err
}

// checkRedMain notes how long the default branch has been red and, given a
// tracker (--issues), keeps the "default branch is red" issue.
func checkRedMain(ctx context.Context, g *gitlabFlags, branch string, t *gitlab.Tracker, dryRun bool, s *setup, res *checks.Result, w io.Writer) error {
	api, err := g.client()
	if err != nil {
		return fmt.Errorf("--red-main: %w", err)
	}
	st, err := api.DefaultBranch(ctx, branch, s.in.Policy.Gate.RedMain)
	if err != nil {
		return err
	}
	res.Notes = append(res.Notes, st.Describe(time.Now()))
	if t == nil {
		return nil
	}
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

// repoPath returns the policy's path relative to the repository root.
func repoPath(file, projectDir string) string {
	if abs, err := filepath.Abs(file); err == nil && projectDir != "" {
		if rel, err := filepath.Rel(projectDir, abs); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filepath.Clean(file))
}

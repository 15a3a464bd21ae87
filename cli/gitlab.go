package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/gitlab"
)

// client returns the GitLab client, made on first use, logging to the
// run's log. The token comes from the environment only: a flag would show
// in process listings.
func (g *gitlabFlags) client(a *App) (*gitlab.Client, error) {
	if g.api != nil {
		return g.api, nil
	}
	e := a.Env
	token := e.APIToken()
	if token == "" {
		if e.JobToken != "" && e.TokenVariable == "" {
			return nil, errors.New("only CI_JOB_TOKEN is set, and it cannot use GitLab's Issues, Notes, Milestones or Pipelines APIs: create a project access token (Reporter role, api scope) and store it as the masked CI/CD variable KEEPUP_GITLAB_TOKEN")
		}
		return nil, errors.New(e.NoTokenHint())
	}
	api, err := gitlab.New(gitlab.Config{BaseURL: g.url, Token: token, Project: g.project, Timeout: g.timeout,
		RetryWaitMin: e.RetryWait, RetryWaitMax: 20 * e.RetryWait, Log: a.Log})
	if err != nil {
		return nil, err
	}
	g.api = api
	return api, nil
}

// milestones returns the reader of a policy's milestone calendar from
// GitLab (calendar: source: gitlab).
func (g *gitlabFlags) milestones(a *App) config.MilestoneReader {
	return func(ctx context.Context, group, project string) (*calendar.Calendar, error) {
		api, err := g.client(a)
		if err != nil {
			return nil, fmt.Errorf("source: gitlab: %w", err)
		}
		where := "group " + group
		if group == "" {
			where = "project " + project
		}
		a.Log.Info("reading the milestone calendar from GitLab " + where)
		cal, undated, err := api.Milestones(ctx, group, project)
		if len(undated) > 0 {
			a.Log.Warn(fmt.Sprintf("milestones without a due date are skipped: %s", strings.Join(undated, ", ")))
		}
		return cal, err
	}
}

// branchFiles reads the files of a branch of the project.
func branchFiles(api *gitlab.Client, branch string) config.ReadFunc {
	return func(ctx context.Context, path string) ([]byte, bool, error) {
		return api.File(ctx, path, branch)
	}
}

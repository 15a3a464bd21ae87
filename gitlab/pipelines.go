package gitlab

import (
	"context"
	"slices"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// Bounds of the walk back through a red branch's pipelines.
const (
	pipelinesPerPage = 50
	maxPipelinePages = 4
)

// DefaultBranch reads the state of a branch's pipelines: the newest
// finished pipeline (one request when it succeeded), and when it failed,
// its failed jobs and the walk back to the last success, page by page, at
// most 200 pipelines. Canceled and skipped pipelines are passed over unless
// cfg.CountCanceled, and so are pipelines from cfg.IgnoreSources.
func (c *Client) DefaultBranch(ctx context.Context, branch string, cfg config.RedMain) (checks.BranchState, error) {
	st := checks.BranchState{Branch: branch}
	opt := &gl.ListProjectPipelinesOptions{
		ListOptions: gl.ListOptions{PerPage: pipelinesPerPage},
		Ref:         &branch,
		Scope:       gl.Ptr("finished"),
		OrderBy:     gl.Ptr("id"),
		Sort:        gl.Ptr("desc"),
	}
	for page := int64(1); page <= maxPipelinePages; page++ {
		opt.Page = page
		list, resp, err := c.api.Pipelines.ListProjectPipelines(c.project, opt, gl.WithContext(ctx))
		if err != nil {
			return st, c.wrap(err, "listing the finished pipelines of %s", branch)
		}
		for _, p := range list {
			if (!cfg.CountCanceled && (p.Status == "canceled" || p.Status == "skipped")) || slices.Contains(cfg.IgnoreSources, p.Source) {
				continue
			}
			st.Walked++
			pl := &checks.Pipeline{ID: p.ID, Status: p.Status, URL: p.WebURL, Created: timeOf(p.CreatedAt)}
			if st.Latest == nil {
				st.Latest = pl
				if p.Status == "success" {
					return st, nil // green: one request
				}
				if st.FailedJobs, err = c.failedJobs(ctx, p.ID); err != nil {
					return st, err
				}
			}
			if p.Status == "success" {
				return st, nil // the last success ends the red spell
			}
			st.FirstRed = pl
		}
		if resp.NextPage == 0 {
			return st, nil // never green: red since the first pipeline
		}
	}
	st.Bounded = st.Latest != nil
	return st, nil
}

func (c *Client) failedJobs(ctx context.Context, pipeline int64) ([]checks.Job, error) {
	opt := &gl.ListJobsOptions{ListOptions: gl.ListOptions{PerPage: 100}, Scope: &[]gl.BuildStateValue{gl.Failed}}
	list, err := pages(func(page int64) ([]*gl.Job, *gl.Response, error) {
		opt.Page = page
		return c.api.Jobs.ListPipelineJobs(c.project, pipeline, opt, gl.WithContext(ctx))
	})
	if err != nil {
		return nil, c.wrap(err, "listing the failed jobs of pipeline %d", pipeline)
	}
	jobs := make([]checks.Job, 0, len(list))
	for _, j := range list {
		jobs = append(jobs, checks.Job{Name: j.Name, Stage: j.Stage, URL: j.WebURL})
	}
	return jobs, nil
}

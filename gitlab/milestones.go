package gitlab

import (
	"context"
	"fmt"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/calendar"
)

// Milestones reads the milestones of a group (or, when group is empty, of
// a project and its ancestor groups) with one paginated list and returns
// them as a milestone calendar: each milestone's due date is its release
// day. Milestones without a due date cannot be counted; their titles are
// returned so the caller can name them.
func (c *Client) Milestones(ctx context.Context, group, project string) (cal *calendar.Calendar, undated []string, err error) {
	var ms []calendar.Milestone
	seen := map[calendar.Date]bool{}
	add := func(id int64, title string, due *gl.ISOTime) {
		if due == nil {
			undated = append(undated, title)
			return
		}
		d := calendar.Of(time.Time(*due))
		if !seen[d] { // a group's and a project's milestone for one release: count the day once
			seen[d] = true
			ms = append(ms, calendar.Milestone{ID: id, Title: title, Date: d})
		}
	}
	source := "milestones of GitLab group " + group
	if group != "" {
		opt := &gl.ListGroupMilestonesOptions{ListOptions: gl.ListOptions{PerPage: 100}}
		list, err := pages(func(page int64) ([]*gl.GroupMilestone, *gl.Response, error) {
			opt.Page = page
			return c.api.GroupMilestones.ListGroupMilestones(group, opt, gl.WithContext(ctx))
		})
		if err != nil {
			return nil, nil, c.wrap(err, "listing the milestones of group %s", group)
		}
		for _, m := range list {
			add(m.ID, m.Title, m.DueDate)
		}
	} else {
		source = "milestones of GitLab project " + project
		opt := &gl.ListMilestonesOptions{ListOptions: gl.ListOptions{PerPage: 100}, IncludeAncestors: gl.Ptr(true)}
		list, err := pages(func(page int64) ([]*gl.Milestone, *gl.Response, error) {
			opt.Page = page
			return c.api.Milestones.ListMilestones(project, opt, gl.WithContext(ctx))
		})
		if err != nil {
			return nil, nil, c.wrap(err, "listing the milestones of project %s", project)
		}
		for _, m := range list {
			add(m.ID, m.Title, m.DueDate)
		}
	}
	if len(ms) == 0 {
		return nil, undated, fmt.Errorf("the %s have no due dates to count", source)
	}
	cal, err = calendar.FromDates(source, ms)
	if err != nil {
		return nil, undated, fmt.Errorf("%s: %w", source, err)
	}
	return cal, undated, nil
}

// pages calls fetch for page 1, 2, ... until the response names no next
// page, and returns everything fetched.
func pages[T any](fetch func(page int64) ([]T, *gl.Response, error)) ([]T, error) {
	var all []T
	for page := int64(1); ; {
		items, resp, err := fetch(page)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if resp == nil || resp.NextPage == 0 || resp.NextPage <= page {
			return all, nil
		}
		page = resp.NextPage
	}
}

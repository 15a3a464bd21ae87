package config

import (
	"context"
	"fmt"

	"gitlab.com/keepup/keepup/calendar"
)

// MilestoneReader reads the milestones of a GitLab group, or of a project
// when group is "", as a milestone calendar.
type MilestoneReader func(ctx context.Context, group, project string) (*calendar.Calendar, error)

// Milestones returns the milestone calendar the policy asks for: the dates
// it lists, the milestones read from GitLab with read (source: gitlab), or
// else GitLab's release cadence. read is called only for source: gitlab.
// Errors name the calendar's position in the policy.
func (c Calendar) Milestones(ctx context.Context, read MilestoneReader) (*calendar.Calendar, error) {
	switch {
	case c.Source == "gitlab":
		if read == nil {
			return nil, fmt.Errorf("%s: calendar: source: gitlab: no GitLab to read the milestones from", c.Pos)
		}
		cal, err := read(ctx, c.Group, c.Project)
		if err != nil {
			return nil, fmt.Errorf("%s: calendar: %w", c.Pos, err)
		}
		return cal, nil
	case len(c.Dates) > 0:
		ms := make([]calendar.Milestone, len(c.Dates))
		for i, d := range c.Dates {
			ms[i] = calendar.Milestone{Date: d}
		}
		cal, err := calendar.FromDates("calendar.dates in "+c.Pos.String(), ms)
		if err != nil {
			return nil, fmt.Errorf("%s: calendar.dates: %w", c.Pos, err)
		}
		return cal, nil
	}
	return calendar.GitLab(), nil
}

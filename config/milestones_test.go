package config

import (
	"context"
	"errors"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
)

func TestCalendarMilestones(t *testing.T) {
	ctx := context.Background()
	pos := Pos{File: "p.yml", Line: 2, Col: 3}
	var asked []string
	gitlabCal, err := calendar.FromDates("milestones of GitLab group g", []calendar.Milestone{{Title: "19.0", Date: calendar.MustParseDate("2026-05-21")}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(_ context.Context, group, project string) (*calendar.Calendar, error) {
		asked = append(asked, group+"|"+project)
		if project == "broken" {
			return nil, errors.New("listing the milestones of project broken: 500")
		}
		return gitlabCal, nil
	}

	// No calendar: GitLab's cadence, and GitLab is not asked.
	cal, err := Calendar{Pos: pos}.Milestones(ctx, read)
	if err != nil || cal != calendar.GitLab() {
		t.Errorf("no calendar: %v, %v; want GitLab's cadence", cal.Source(), err)
	}
	// Dates: a calendar of them, named by where they were listed.
	cal, err = Calendar{Dates: []calendar.Date{calendar.MustParseDate("2026-05-01"), calendar.MustParseDate("2026-04-01")}, Pos: pos}.Milestones(ctx, read)
	if err != nil {
		t.Fatal(err)
	}
	if first, last := cal.Span(); cal.Source() != "calendar.dates in p.yml:2:3" || first.String() != "2026-04-01" || last.String() != "2026-05-01" {
		t.Errorf("dates: %s from %s to %s", cal.Source(), first, last)
	}
	// source: gitlab: the reader's calendar, for the group or project.
	if cal, err = (Calendar{Source: "gitlab", Group: "g", Pos: pos}).Milestones(ctx, read); err != nil || cal != gitlabCal {
		t.Errorf("source: gitlab, group g: %v, %v", cal, err)
	}
	if _, err = (Calendar{Source: "gitlab", Project: "broken", Pos: pos}).Milestones(ctx, read); err == nil || err.Error() != "p.yml:2:3: calendar: listing the milestones of project broken: 500" {
		t.Errorf("reader error: %v", err)
	}
	if len(asked) != 2 || asked[0] != "g|" || asked[1] != "|broken" {
		t.Errorf("GitLab asked for %q, want the group g, then the project broken", asked)
	}
	if _, err = (Calendar{Source: "gitlab", Group: "g", Pos: pos}).Milestones(ctx, nil); err == nil || err.Error() != "p.yml:2:3: calendar: source: gitlab: no GitLab to read the milestones from" {
		t.Errorf("no reader: %v", err)
	}
}

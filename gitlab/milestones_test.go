package gitlab_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

// thirdThursday is GitLab's release day of a month.
func thirdThursday(y int, m time.Month) time.Time {
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Thursday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 14)
}

func isoDate(t time.Time) *gl.ISOTime {
	d := gl.ISOTime(t)
	return &d
}

// seedMilestones adds n monthly group milestones from January 2020, titled
// "m<i>", and returns their IDs by release day.
func seedMilestones(srv *gitlabtest.Server, n int) map[string]int64 {
	ids := map[string]int64{}
	for i := range n {
		day := thirdThursday(2020+i/12, time.Month(i%12+1))
		ids[day.Format(calendar.DateLayout)] = srv.AddGroupMilestone("group", gl.GroupMilestone{
			Title: fmt.Sprintf("m%d", i), DueDate: isoDate(day),
		})
	}
	return ids
}

// Group milestones become a calendar of the dated ones, read in one
// paginated walk; undated ones are named.
func TestMilestones(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ids := seedMilestones(srv, 150)
	srv.AddGroupMilestone("group", gl.GroupMilestone{Title: "Backlog"})
	srv.AddGroupMilestone("group", gl.GroupMilestone{Title: "Awaiting further demand", State: "closed"})

	cal, undated, err := c.Milestones(context.Background(), "group", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Awaiting further demand", "Backlog"}; !slices.Equal(undated, want) {
		t.Errorf("undated %v, want %v", undated, want)
	}
	first, last := cal.Span()
	if first.String() != "2020-01-16" || last.String() != thirdThursday(2032, time.June).Format(calendar.DateLayout) {
		t.Errorf("span %s..%s", first, last)
	}
	if !strings.Contains(cal.Source(), "group") {
		t.Errorf("source %q does not name the group", cal.Source())
	}
	ms, err := cal.After(calendar.MustParseDate("2026-04-22"), 2)
	if err != nil {
		t.Fatal(err)
	}
	if ms[0].Date.String() != "2026-05-21" || ms[1].Date.String() != "2026-06-18" || ms[1].ID != ids["2026-06-18"] || ms[1].Title != "m77" {
		t.Errorf("two milestones after 2026-04-22: %+v", ms)
	}
	if n := len(ids); n != 150 {
		t.Fatalf("seeded %d dated milestones", n)
	}

	reqs := srv.Requests()
	var pages []string
	for _, r := range reqs {
		if r.Method != http.MethodGet || r.Path != "/groups/group/milestones" || r.Query.Get("per_page") != "100" {
			t.Errorf("unexpected request %s %s?%s", r.Method, r.Path, r.Query.Encode())
		}
		pages = append(pages, r.Query.Get("page"))
	}
	if !slices.Equal(pages, []string{"1", "2"}) {
		t.Errorf("pages %v, want [1 2]%s", pages, logOf(reqs))
	}
	t.Logf("152 milestones read in %d requests", len(reqs))
}

// A project's milestones include its groups'; a group's and a project's
// milestone on one day count once.
func TestMilestonesOfProject(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	srv.AddGroupMilestone("group", gl.GroupMilestone{Title: "19.0", DueDate: isoDate(thirdThursday(2026, time.May))})
	srv.AddGroupMilestone("group", gl.GroupMilestone{Title: "19.1", DueDate: isoDate(thirdThursday(2026, time.June))})
	srv.AddMilestone(proj, gl.Milestone{Title: "app 19.1", DueDate: isoDate(thirdThursday(2026, time.June))})
	srv.AddMilestone(proj, gl.Milestone{Title: "app 19.2", DueDate: isoDate(thirdThursday(2026, time.July))})
	srv.AddMilestone(proj, gl.Milestone{Title: "later"})

	cal, undated, err := c.Milestones(context.Background(), "", proj)
	if err != nil {
		t.Fatal(err)
	}
	if first, last := cal.Span(); first.String() != "2026-05-21" || last.String() != "2026-07-16" {
		t.Errorf("span %s..%s, want the group's 2026-05-21 to the project's 2026-07-16", first, last)
	}
	ms, err := cal.After(calendar.MustParseDate("2026-05-21"), 2)
	if err != nil {
		t.Fatalf("%v (source %s)", err, cal.Source())
	}
	var days []string
	for _, m := range ms {
		days = append(days, m.Date.String())
	}
	if want := []string{"2026-06-18", "2026-07-16"}; !slices.Equal(days, want) || !slices.Equal(undated, []string{"later"}) {
		t.Errorf("days %v, undated %v", days, undated)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Query.Get("include_ancestors") != "true" {
		t.Errorf("want one list with include_ancestors%s", logOf(reqs))
	}
}

// Milestones that all lack due dates cannot make a calendar: the error says
// so, and their titles come back.
func TestMilestonesUndatedOnly(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	srv.AddGroupMilestone("group", gl.GroupMilestone{Title: "Backlog"})
	cal, undated, err := c.Milestones(context.Background(), "group", "")
	if err == nil || cal != nil || !strings.Contains(err.Error(), "no due dates") {
		t.Errorf("cal %v, err %v; want an error", cal, err)
	}
	if !slices.Equal(undated, []string{"Backlog"}) {
		t.Errorf("undated %v", undated)
	}

	srv.Fail(http.MethodGet, "/groups/*/milestones", gitlabtest.Fault{Status: http.StatusNotFound}, 1)
	if _, _, err := c.Milestones(context.Background(), "group", ""); err == nil || !strings.Contains(err.Error(), "listing the milestones of group group") {
		t.Errorf("failed list: %v", err)
	}
}

// A finding on a milestone window counted on GitLab's milestones opens its
// issue in the milestone it is due in.
func TestSyncMilestoneWindow(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	ids := seedMilestones(srv, 150)
	cal, _, err := c.Milestones(context.Background(), "group", "")
	if err != nil {
		t.Fatal(err)
	}

	p := parse(t, "version: 1\ntargets:\n  - name: kubernetes\n    product: kubernetes\n    window: 2 milestones\n    supported: [\"1.35\"]\n")
	findings := evaluate(t, p, "2026-08-25", cal)
	f := findings[0]
	if f.Release != "1.36" || f.Status != checks.Overdue || f.Due.String() != "2026-06-18" || len(f.Why.Counted) != 2 {
		t.Fatalf("finding %+v", f)
	}

	srv.ResetRequests()
	if _, err := c.SyncIssues(context.Background(), findings, options(p)); err != nil {
		t.Fatal(err)
	}
	is := only(t, srv, "default/kubernetes/1.36")
	if is.Milestone == nil || is.Milestone.ID != ids["2026-06-18"] || is.Milestone.Title != "m77" {
		t.Errorf("milestone %+v, want m77 (%d)", is.Milestone, ids["2026-06-18"])
	}
	if is.DueDate == nil || is.DueDate.String() != "2026-06-18" {
		t.Errorf("due %v", is.DueDate)
	}
	if !strings.Contains(is.Description, "milestone") {
		t.Errorf("description does not show the milestones counted:\n%s", is.Description)
	}

	// Unchanged: no write. Moved out of its milestone by a person: it
	// stays where the person put it, run after run.
	srv.ResetRequests()
	if _, err := c.SyncIssues(context.Background(), findings, options(p)); err != nil || srv.Writes() != 0 {
		t.Errorf("unchanged run: %v%s", err, logOf(srv.Requests()))
	}
	if _, _, err := srv.Client(t).Issues.UpdateIssue(proj, is.IID, &gl.UpdateIssueOptions{MilestoneID: gl.Ptr(ids["2026-05-21"])}); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	for run := range 3 {
		out, err := c.SyncIssues(context.Background(), findings, options(p))
		if err != nil {
			t.Fatal(err)
		}
		if got := only(t, srv, "default/kubernetes/1.36"); got.Milestone == nil || got.Milestone.ID != ids["2026-05-21"] {
			t.Errorf("run %d: milestone %+v, want the person's (%d)", run, got.Milestone, ids["2026-05-21"])
		}
		if len(out.Actions) != 0 || srv.Writes() != 0 {
			t.Errorf("run %d: actions %v%s", run, out.Actions, logOf(srv.Requests()))
		}
	}
}

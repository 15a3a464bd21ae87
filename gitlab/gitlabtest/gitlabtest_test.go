package gitlabtest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

const proj = "group/sub/app"

func newServer(t *testing.T) *gitlabtest.Server {
	s := gitlabtest.New(t)
	s.AddGroup("group")
	s.AddProject(proj)
	return s
}

// statuses lists the statuses of the logged requests.
func statuses(s *gitlabtest.Server) []int {
	var out []int
	for _, r := range s.Requests() {
		out = append(out, r.Status)
	}
	return out
}

func TestIssueRoundTrip(t *testing.T) {
	s := newServer(t)
	c := s.Client(t)
	ms := s.AddGroupMilestone("group", gitlab.GroupMilestone{Title: "2025.1"})
	due, _ := gitlab.ParseISOTime("2025-03-01")

	created, resp, err := c.Issues.CreateIssue(proj, &gitlab.CreateIssueOptions{
		Title:       gitlab.Ptr("Go 1.22 is out of support"),
		Description: gitlab.Ptr("details"),
		Labels:      &gitlab.LabelOptions{"keepup", "eol"},
		DueDate:     &due,
		MilestoneID: gitlab.Ptr(ms),
		AssigneeIDs: &[]int64{42},
	})
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("CreateIssue: %v (%v)", err, resp)
	}
	if created.IID != 1 || created.State != "opened" || created.Author.Username != gitlabtest.APIUsername ||
		!slices.Equal(created.Labels, gitlab.Labels{"eol", "keepup"}) || created.Milestone.ID != ms ||
		created.DueDate.String() != "2025-03-01" || created.Assignees[0].ID != 42 {
		t.Fatalf("created issue = %+v", created)
	}
	human := s.AddIssue(proj, gitlab.Issue{Title: "filed by hand", Labels: gitlab.Labels{"keepup"}})
	s.CloseIssue(proj, human)

	list := func(opt *gitlab.ListProjectIssuesOptions) []int64 {
		t.Helper()
		issues, _, err := c.Issues.ListProjectIssues(proj, opt)
		if err != nil {
			t.Fatalf("ListProjectIssues: %v", err)
		}
		var iids []int64
		for _, is := range issues {
			iids = append(iids, is.IID)
		}
		return iids
	}
	if got := list(&gitlab.ListProjectIssuesOptions{Labels: &gitlab.LabelOptions{"keepup"}}); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("labels=keepup: got %v, want newest first [2 1]", got)
	}
	if got := list(&gitlab.ListProjectIssuesOptions{Labels: &gitlab.LabelOptions{"keepup", "eol"}, State: gitlab.Ptr("opened")}); !slices.Equal(got, []int64{1}) {
		t.Errorf("labels=keepup,eol state=opened: got %v", got)
	}
	if got := list(&gitlab.ListProjectIssuesOptions{OrderBy: gitlab.Ptr("created_at"), Sort: gitlab.Ptr("asc")}); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("sort=asc: got %v", got)
	}

	updated, _, err := c.Issues.UpdateIssue(proj, 1, &gitlab.UpdateIssueOptions{
		AddLabels:        &gitlab.LabelOptions{"breach"},
		RemoveLabels:     &gitlab.LabelOptions{"eol"},
		StateEvent:       gitlab.Ptr("close"),
		ResetDueDate:     true,
		ResetMilestoneID: true,
	})
	if err != nil {
		t.Fatalf("UpdateIssue: %v", err)
	}
	if updated.State != "closed" || updated.ClosedAt == nil || updated.DueDate != nil || updated.Milestone != nil ||
		!slices.Equal(updated.Labels, gitlab.Labels{"breach", "keepup"}) || !updated.UpdatedAt.After(*updated.CreatedAt) {
		t.Fatalf("updated issue = %+v", updated)
	}

	if _, _, err := c.Notes.CreateIssueNote(proj, 1, &gitlab.CreateIssueNoteOptions{Body: gitlab.Ptr("first")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Notes.CreateIssueNote(proj, 1, &gitlab.CreateIssueNoteOptions{Body: gitlab.Ptr("second")}); err != nil {
		t.Fatal(err)
	}
	notes, _, err := c.Notes.ListIssueNotes(proj, 1, nil)
	if err != nil || len(notes) != 2 || notes[0].Body != "second" || notes[0].NoteableType != "Issue" {
		t.Fatalf("ListIssueNotes = %v, %v; want newest first", notes, err)
	}
	if got := s.IssueNotes(proj, 1); len(got) != 2 || got[0].Body != "first" {
		t.Errorf("IssueNotes = %+v; want oldest first", got)
	}

	got := s.Issues(proj)
	if len(got) != 2 || got[0].UserNotesCount != 2 || got[1].Author.Username != gitlabtest.PersonUsername ||
		got[1].State != "closed" || got[1].ClosedBy.Username != gitlabtest.PersonUsername {
		t.Errorf("Issues = %+v", got)
	}
	if s.Count(http.MethodPost) != 3 || s.Count(http.MethodPut) != 1 || s.Writes() != 4 {
		t.Errorf("POST %d, PUT %d, writes %d; want 3, 1, 4", s.Count(http.MethodPost), s.Count(http.MethodPut), s.Writes())
	}
}

func TestValidationAndNotFound(t *testing.T) {
	s := newServer(t)
	c := s.Client(t)
	if _, _, err := c.Issues.CreateIssue(proj, &gitlab.CreateIssueOptions{Description: gitlab.Ptr("no title")}); !gitlab.HasStatusCode(err, 400) {
		t.Errorf("create without title: %v, want 400", err)
	}
	if _, _, err := c.Issues.CreateIssue(proj, &gitlab.CreateIssueOptions{Title: gitlab.Ptr("x"), MilestoneID: gitlab.Ptr[int64](999)}); !gitlab.HasStatusCode(err, 400) {
		t.Errorf("create with unknown milestone: %v, want 400", err)
	}
	if _, _, err := c.Issues.ListProjectIssues(proj, &gitlab.ListProjectIssuesOptions{State: gitlab.Ptr("open")}); !gitlab.HasStatusCode(err, 400) {
		t.Errorf("state=open: %v, want 400", err)
	}
	if _, _, err := c.Issues.ListProjectIssues("group/missing", nil); !errors.Is(err, gitlab.ErrNotFound) {
		t.Errorf("unknown project: %v, want 404", err)
	}
	if _, _, err := c.Issues.UpdateIssue(proj, 7, &gitlab.UpdateIssueOptions{Title: gitlab.Ptr("x")}); !errors.Is(err, gitlab.ErrNotFound) {
		t.Errorf("unknown issue: %v, want 404", err)
	}
	if len(s.Issues(proj)) != 0 {
		t.Errorf("failed requests changed state: %+v", s.Issues(proj))
	}

	req, _ := http.NewRequest(http.MethodDelete, s.URL()+"/projects/1/issues/1", nil)
	req.Header.Set("PRIVATE-TOKEN", s.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 404 || string(body) != `{"message":"404 Not Found"}` {
		t.Errorf("unknown route: %d %s", resp.StatusCode, body)
	}
}

func TestPagination(t *testing.T) {
	s := newServer(t)
	c := s.Client(t)
	for i := range 5 {
		s.AddIssue(proj, gitlab.Issue{Title: fmt.Sprint("issue ", i), Labels: gitlab.Labels{"a", "b"}})
	}
	opt := &gitlab.ListProjectIssuesOptions{ListOptions: gitlab.ListOptions{PerPage: 2}, Labels: &gitlab.LabelOptions{"a", "b"}}

	// Walk the pages by hand, checking GitLab's headers.
	var seen []int64
	for page := int64(1); page != 0; {
		opt.Page = page
		issues, resp, err := c.Issues.ListProjectIssues(proj, opt)
		if err != nil {
			t.Fatal(err)
		}
		h := resp.Header
		want := map[string]string{
			"X-Page": strconv.FormatInt(page, 10), "X-Per-Page": "2", "X-Total": "5", "X-Total-Pages": "3",
			"X-Next-Page": map[int64]string{1: "2", 2: "3", 3: ""}[page],
			"X-Prev-Page": map[int64]string{1: "", 2: "1", 3: "2"}[page],
		}
		for k, v := range want {
			if h.Get(k) != v {
				t.Errorf("page %d: %s = %q, want %q", page, k, h.Get(k), v)
			}
		}
		if !strings.Contains(resp.LastLink, "labels=a%2Cb") || !strings.Contains(resp.LastLink, "page=3") || !strings.Contains(resp.FirstLink, "page=1") {
			t.Errorf("page %d: Link = %q", page, h.Get("Link"))
		}
		if (page < 3) != (resp.NextLink != "") || (page > 1) != (resp.PreviousLink != "") {
			t.Errorf("page %d: Link = %q", page, h.Get("Link"))
		}
		for _, is := range issues {
			seen = append(seen, is.IID)
		}
		page = resp.NextPage
	}
	if !slices.Equal(seen, []int64{5, 4, 3, 2, 1}) {
		t.Errorf("walked %v", seen)
	}
	if n := s.Count(http.MethodGet); n != 3 {
		t.Errorf("%d GETs, want 3", n)
	}

	// The client's iterator follows the Link header.
	s.ResetRequests()
	all, err := gitlab.ScanAndCollect(func(p gitlab.PaginationOptionFunc) ([]*gitlab.Issue, *gitlab.Response, error) {
		return c.Issues.ListProjectIssues(proj, &gitlab.ListProjectIssuesOptions{ListOptions: gitlab.ListOptions{PerPage: 2}}, p)
	})
	if err != nil || len(all) != 5 {
		t.Fatalf("ScanAndCollect: %d issues, %v", len(all), err)
	}
	if reqs := s.Requests(); len(reqs) != 3 || reqs[2].Query.Get("page") != "3" {
		t.Errorf("ScanAndCollect requests: %+v", reqs)
	}

	// Past the end: empty page, no next page.
	issues, resp, err := c.Issues.ListProjectIssues(proj, &gitlab.ListProjectIssuesOptions{ListOptions: gitlab.ListOptions{Page: 9, PerPage: 2}})
	if err != nil || len(issues) != 0 || resp.NextPage != 0 || resp.TotalPages != 3 {
		t.Errorf("page 9: %v issues, %+v, %v", len(issues), resp, err)
	}
}

func TestRateLimitRetried(t *testing.T) {
	t.Run("default backoff ignores Retry-After", func(t *testing.T) {
		s := newServer(t)
		s.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Status: 429, RetryAfter: "30"}, 2)
		start := time.Now()
		if _, _, err := s.Client(t).Issues.ListProjectIssues(proj, nil); err != nil {
			t.Fatal(err)
		}
		if got := statuses(s); !slices.Equal(got, []int{429, 429, 200}) {
			t.Errorf("statuses %v", got)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
	})
	t.Run("backoff honouring Retry-After", func(t *testing.T) {
		s := newServer(t)
		s.Fail(http.MethodPost, "/projects/*/issues", gitlabtest.Fault{Status: 429, RetryAfter: "1"}, 1)
		retryAfter := func(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
			if n, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil {
				return time.Duration(n) * time.Second
			}
			return min
		}
		c := s.Client(t, gitlab.WithOnlyIdempotentRetries(), gitlab.WithCustomBackoff(retryAfter))
		if _, _, err := c.Issues.CreateIssue(proj, &gitlab.CreateIssueOptions{Title: gitlab.Ptr("x")}); err != nil {
			t.Fatal(err)
		}
		reqs := s.Requests()
		if got := statuses(s); !slices.Equal(got, []int{429, 201}) {
			t.Fatalf("statuses %v; a 429 POST is retried even with WithOnlyIdempotentRetries", got)
		}
		if gap := reqs[1].Time.Sub(reqs[0].Time); gap < time.Second {
			t.Errorf("retried after %v, want >= 1s", gap)
		}
		if n := len(s.Issues(proj)); n != 1 {
			t.Errorf("%d issues, want 1", n)
		}
	})
}

func TestFailedPostNotRetried(t *testing.T) {
	fast := gitlab.WithCustomBackoff(func(time.Duration, time.Duration, int, *http.Response) time.Duration { return time.Millisecond })
	create := &gitlab.CreateIssueOptions{Title: gitlab.Ptr("x")}

	s := newServer(t)
	s.Fail(http.MethodPost, "/projects/*/issues", gitlabtest.Fault{Status: 500, AfterApply: true}, 1)
	_, _, err := s.Client(t, gitlab.WithOnlyIdempotentRetries(), fast).Issues.CreateIssue(proj, create)
	if !gitlab.HasStatusCode(err, 500) {
		t.Fatalf("err = %v, want 500", err)
	}
	if n := s.Count(http.MethodPost); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	if n := len(s.Issues(proj)); n != 1 {
		t.Errorf("%d issues, want 1: the write was applied", n)
	}

	// Without the option the client retries the POST and duplicates it.
	s = newServer(t)
	s.Fail(http.MethodPost, "/projects/*/issues", gitlabtest.Fault{Status: 502, AfterApply: true}, 1)
	if _, _, err := s.Client(t, fast).Issues.CreateIssue(proj, create); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Issues(proj)); n != 2 || s.Count(http.MethodPost) != 2 {
		t.Errorf("%d issues from %d POSTs, want 2 from 2", n, s.Count(http.MethodPost))
	}
}

func TestToken(t *testing.T) {
	s := gitlabtest.New(t, gitlabtest.WithToken("s3cret-token"))
	s.AddProject(proj)
	if _, _, err := s.Client(t).Issues.ListProjectIssues(proj, nil); err != nil {
		t.Fatalf("with token: %v", err)
	}
	bad, err := gitlab.NewClient("wrong", gitlab.WithBaseURL(s.URL()))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = bad.Issues.ListProjectIssues(proj, nil)
	var e *gitlab.ErrorResponse
	if !errors.As(err, &e) || e.StatusCode != 401 || string(e.Body) != `{"message":"401 Unauthorized"}` {
		t.Errorf("wrong token: %v", err)
	}
	resp, err := http.Get(s.URL() + "/projects/1/issues?private_token=" + s.Token())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	reqs := s.Requests()
	if got := statuses(s); !slices.Equal(got, []int{200, 401, 401}) || reqs[2].Query.Get("private_token") != "REDACTED" {
		t.Errorf("statuses %v, log %+v", got, reqs)
	}
	if log := fmt.Sprintf("%+v", reqs); strings.Contains(log, s.Token()) {
		t.Errorf("token in request log: %s", log)
	}
}

func TestDelayHonoursContext(t *testing.T) {
	s := newServer(t)
	s.Fail("", "/projects/*/issues", gitlabtest.Fault{Delay: time.Minute}, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := s.Client(t).Issues.ListProjectIssues(proj, nil, gitlab.WithContext(ctx))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want deadline exceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Status != 0 || reqs[0].Path != "/projects/group/sub/app/issues" || reqs[0].RawPath != "/projects/group%2Fsub%2Fapp/issues" {
		t.Errorf("log = %+v", reqs)
	}
	// A delay alone answers normally afterwards.
	s.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Delay: 10 * time.Millisecond}, 1)
	if _, _, err := s.Client(t).Issues.ListProjectIssues(proj, nil); err != nil {
		t.Error(err)
	}
}

func TestMilestones(t *testing.T) {
	s := newServer(t)
	c := s.Client(t)
	d := func(s string) *gitlab.ISOTime { t, _ := gitlab.ParseISOTime(s); return &t }
	s.AddMilestone(proj, gitlab.Milestone{Title: "later", DueDate: d("2025-06-01")})
	s.AddMilestone(proj, gitlab.Milestone{Title: "undated"})
	s.AddMilestone(proj, gitlab.Milestone{Title: "sooner", DueDate: d("2025-02-01")})
	s.AddMilestone(proj, gitlab.Milestone{Title: "done", State: "closed"})
	s.AddGroupMilestone("group", gitlab.GroupMilestone{Title: "group", DueDate: d("2025-04-01")})

	titles := func(ms []*gitlab.Milestone, err error) string {
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range ms {
			out = append(out, m.Title)
		}
		return strings.Join(out, ",")
	}
	ms, _, err := c.Milestones.ListMilestones(proj, &gitlab.ListMilestonesOptions{State: gitlab.Ptr("active")})
	if got := titles(ms, err); got != "sooner,later,undated" {
		t.Errorf("active project milestones: %s", got)
	}
	ms, _, err = c.Milestones.ListMilestones(proj, &gitlab.ListMilestonesOptions{IncludeAncestors: gitlab.Ptr(true), Title: gitlab.Ptr("group")})
	if got := titles(ms, err); got != "group" || ms[0].GroupID == 0 {
		t.Errorf("with ancestors: %s", got)
	}
	gms, resp, err := c.GroupMilestones.ListGroupMilestones("group", nil)
	if err != nil || len(gms) != 1 || gms[0].DueDate.String() != "2025-04-01" || resp.TotalItems != 1 {
		t.Errorf("group milestones: %v, %v", gms, err)
	}
}

func TestPipelinesAndJobs(t *testing.T) {
	s := newServer(t)
	c := s.Client(t)
	at := func(h int) *time.Time { t := time.Date(2025, 1, 1, h, 0, 0, 0, time.UTC); return &t }
	s.AddPipeline(proj, gitlab.PipelineInfo{Status: "success", Ref: "main", Source: "schedule", CreatedAt: at(1), UpdatedAt: at(2)})
	failed := s.AddPipeline(proj, gitlab.PipelineInfo{Status: "failed", Ref: "main", Source: "schedule", CreatedAt: at(3), UpdatedAt: at(4)},
		gitlab.Job{Name: "build", Stage: "build", Status: "success"},
		gitlab.Job{Name: "test", Stage: "test", Status: "failed"})
	s.AddPipeline(proj, gitlab.PipelineInfo{Status: "running", Ref: "main"})
	s.AddPipeline(proj, gitlab.PipelineInfo{Status: "success", Ref: "feature"})

	pls, _, err := c.Pipelines.ListProjectPipelines(proj, &gitlab.ListProjectPipelinesOptions{
		Ref: gitlab.Ptr("main"), Scope: gitlab.Ptr("finished"), ListOptions: gitlab.ListOptions{PerPage: 1},
	})
	if err != nil || len(pls) != 1 || pls[0].ID != failed || !pls[0].UpdatedAt.Equal(*at(4)) || pls[0].WebURL == "" {
		t.Fatalf("latest finished main pipeline: %+v, %v", pls, err)
	}
	pls, _, err = c.Pipelines.ListProjectPipelines(proj, &gitlab.ListProjectPipelinesOptions{Status: gitlab.Ptr(gitlab.Success), Sort: gitlab.Ptr("asc")})
	if err != nil || len(pls) != 2 || pls[0].Ref != "main" {
		t.Fatalf("successful pipelines: %+v, %v", pls, err)
	}
	jobs, _, err := c.Jobs.ListPipelineJobs(proj, failed, &gitlab.ListJobsOptions{Scope: &[]gitlab.BuildStateValue{gitlab.Failed}})
	if err != nil || len(jobs) != 1 || jobs[0].Name != "test" || jobs[0].Pipeline.ID != failed || jobs[0].Ref != "main" {
		t.Fatalf("failed jobs: %+v, %v", jobs, err)
	}
	if _, _, err := c.Jobs.ListPipelineJobs(proj, 12345, nil); !errors.Is(err, gitlab.ErrNotFound) {
		t.Errorf("unknown pipeline: %v", err)
	}
}

func TestMergeRequestNotes(t *testing.T) {
	s := newServer(t)
	c := s.Client(t)
	iid := s.SetMergeRequest(proj, gitlab.MergeRequest{BasicMergeRequest: gitlab.BasicMergeRequest{
		IID: 7, Labels: gitlab.Labels{"deps"}, SourceBranch: "bump", TargetBranch: "main",
	}})
	mr, _, err := c.MergeRequests.GetMergeRequest(proj, iid, nil)
	if err != nil || mr.IID != 7 || mr.SourceBranch != "bump" || mr.Labels[0] != "deps" {
		t.Fatalf("GetMergeRequest: %+v, %v", mr, err)
	}
	n, _, err := c.Notes.CreateMergeRequestNote(proj, iid, &gitlab.CreateMergeRequestNoteOptions{Body: gitlab.Ptr("gate: fail")})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Notes.UpdateMergeRequestNote(proj, iid, n.ID, &gitlab.UpdateMergeRequestNoteOptions{Body: gitlab.Ptr("gate: pass")}); err != nil {
		t.Fatal(err)
	}
	notes, _, err := c.Notes.ListMergeRequestNotes(proj, iid, nil)
	if err != nil || len(notes) != 1 || notes[0].Body != "gate: pass" || notes[0].NoteableType != "MergeRequest" {
		t.Fatalf("ListMergeRequestNotes: %+v, %v", notes, err)
	}
	if got := s.MergeRequestNotes(proj, iid); len(got) != 1 || got[0].Author.Username != gitlabtest.APIUsername {
		t.Errorf("MergeRequestNotes = %+v", got)
	}
	if _, _, err := c.Notes.UpdateMergeRequestNote(proj, iid, 999, &gitlab.UpdateMergeRequestNoteOptions{Body: gitlab.Ptr("x")}); !errors.Is(err, gitlab.ErrNotFound) {
		t.Errorf("unknown note: %v", err)
	}
}

func TestRawFile(t *testing.T) {
	s := newServer(t)
	c := s.Client(t)
	s.PutFile(proj, "main", "config/keepup.v1.yml", []byte("on main"))
	s.PutFile(proj, "v2", "config/keepup.v1.yml", []byte("on v2"))
	for ref, want := range map[string]string{"": "on main", "v2": "on v2"} {
		var opt *gitlab.GetRawFileOptions
		if ref != "" {
			opt = &gitlab.GetRawFileOptions{Ref: gitlab.Ptr(ref)}
		}
		b, _, err := c.RepositoryFiles.GetRawFile(proj, "config/keepup.v1.yml", opt)
		if err != nil || string(b) != want {
			t.Errorf("ref %q: %q, %v", ref, b, err)
		}
	}
	if _, _, err := c.RepositoryFiles.GetRawFile(proj, "missing.yml", nil); !errors.Is(err, gitlab.ErrNotFound) {
		t.Errorf("missing file: %v", err)
	}
}

// A state event that does not change the state is a no-op, as in GitLab:
// closing a closed issue keeps who closed it and when.
func TestStateEventNoop(t *testing.T) {
	s := newServer(t)
	c := s.Client(t)
	iid := s.AddIssue(proj, gitlab.Issue{Title: "x"})
	s.CloseIssue(proj, iid)
	before := s.Issues(proj)[0]
	if _, _, err := c.Issues.UpdateIssue(proj, iid, &gitlab.UpdateIssueOptions{StateEvent: gitlab.Ptr("close")}); err != nil {
		t.Fatal(err)
	}
	after := s.Issues(proj)[0]
	if after.State != "closed" || after.ClosedBy.Username != gitlabtest.PersonUsername || !after.ClosedAt.Equal(*before.ClosedAt) {
		t.Errorf("closing again: closed by %v at %v, want %s at %v", after.ClosedBy, after.ClosedAt, gitlabtest.PersonUsername, before.ClosedAt)
	}
	if _, _, err := c.Issues.UpdateIssue(proj, iid, &gitlab.UpdateIssueOptions{StateEvent: gitlab.Ptr("reopen")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Issues.UpdateIssue(proj, iid, &gitlab.UpdateIssueOptions{StateEvent: gitlab.Ptr("reopen")}); err != nil {
		t.Fatal(err)
	}
	if got := s.Issues(proj)[0]; got.State != "opened" || got.ClosedBy != nil {
		t.Errorf("reopened twice: %s, closed by %v", got.State, got.ClosedBy)
	}
}

// Reset drops the connection; Body answers a page instead; neither
// changes state. Then runs between two requests: InsertIssue shifts the
// pages of a list sorted by creation time.
func TestFaultsResetBodyThen(t *testing.T) {
	s := newServer(t)
	c := s.Client(t, gitlab.WithoutRetries())
	s.Fail(http.MethodPost, "/projects/*/issues", gitlabtest.Fault{Reset: true}, 1)
	if _, _, err := c.Issues.CreateIssue(proj, &gitlab.CreateIssueOptions{Title: gitlab.Ptr("x")}); err == nil {
		t.Error("reset: no error")
	}
	s.Fail(http.MethodPost, "/projects/*/issues", gitlabtest.Fault{Body: "<html>sign in</html>"}, 1)
	req, _ := http.NewRequest(http.MethodPost, s.URL()+"/projects/1/issues", strings.NewReader(`{"title":"y"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" || string(body) != "<html>sign in</html>" {
		t.Errorf("body fault: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if len(s.Issues(proj)) != 0 || !slices.Equal(statuses(s), []int{0, 200}) {
		t.Errorf("issues %v, statuses %v", s.Issues(proj), statuses(s))
	}

	for i := range 4 {
		s.AddIssue(proj, gitlab.Issue{Title: fmt.Sprint(i), Labels: gitlab.Labels{"k"}})
	}
	s.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Then: s.InsertIssue(proj, gitlab.Issue{Title: "inserted", Labels: gitlab.Labels{"k"}})}, 1)
	opt := &gitlab.ListProjectIssuesOptions{ListOptions: gitlab.ListOptions{PerPage: 2}, OrderBy: gitlab.Ptr("created_at"), Sort: gitlab.Ptr("asc")}
	var titles []string
	for page := int64(1); page <= 3; page++ {
		opt.Page = page
		issues, _, err := c.Issues.ListProjectIssues(proj, opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range issues {
			titles = append(titles, is.Title)
		}
	}
	if want := []string{"0", "1", "1", "2", "3"}; !slices.Equal(titles, want) {
		t.Errorf("paged %v, want %v (page 2 shifted by the insert)", titles, want)
	}
}

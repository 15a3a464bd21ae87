package gitlab_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/gitlab"
	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

// manyFindings is n overdue releases of one target.
func manyFindings(n int) []checks.Finding {
	fs := make([]checks.Finding, n)
	for i := range fs {
		fs[i] = checks.Finding{
			Target: "many", Product: "product", Release: fmt.Sprintf("1.%d", i), Status: checks.Overdue,
			Released: calendar.MustParseDate("2026-01-01"), Due: calendar.MustParseDate("2026-04-01"),
			Rule: "3 months after release", Pos: config.Pos{File: ".keepup.yml", Line: 3, Col: 5},
		}
	}
	return fs
}

func defaultOptions() gitlab.IssueOptions {
	return gitlab.IssueOptions{Issues: config.DefaultIssues(), JobURL: jobURL}
}

// openByFP counts the open issues of each fingerprint.
func openByFP(srv *gitlabtest.Server) map[string]int {
	open := map[string]int{}
	for _, is := range srv.Issues(proj) {
		if is.State == "opened" {
			open[fingerprintOf(is)]++
		}
	}
	return open
}

// An issue that appears while keepup reads the second page of the list
// shifts that page by one, so one issue shows on both pages: it is still
// one issue, never a duplicate of itself.
func TestSyncListShiftsBetweenPages(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	findings := manyFindings(128)
	if _, err := c.SyncIssues(context.Background(), findings, defaultOptions()); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Issues(proj)); n != 128 {
		t.Fatalf("%d issues, want 128", n)
	}

	srv.ResetRequests()
	srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{
		Then: srv.InsertIssue(proj, gl.Issue{Title: "labelled keepup by a person", Labels: gl.Labels{"keepup"}}),
	}, 1)
	out, err := c.SyncIssues(context.Background(), findings, defaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	reads, writes := counts(reqs)
	t.Logf("128 findings, an issue inserted between the page reads: %d reads (list pages %v), %d writes", reads, listPages(t, reqs), writes)
	if writes != 0 || len(out.Actions) != 0 || !slices.Equal(listPages(t, reqs), []string{"1", "2"}) {
		t.Errorf("%d writes, actions %v%s", writes, out.Actions, logOf(reqs))
	}
	for fp, n := range openByFP(srv) {
		if n != 1 && fp != "" {
			t.Errorf("%s: %d open issues", fp, n)
		}
	}
	if n := len(openByFP(srv)); n != 128+1 { // and the inserted issue, without one
		t.Errorf("%d fingerprints with open issues", n)
	}
	for _, is := range srv.Issues(proj) {
		if is.State != "opened" {
			t.Errorf("#%d %s was closed", is.IID, fingerprintOf(is))
		}
	}
	// The page did shift: the second page starts with the first page's
	// last issue.
	list := func(page int64) []int64 {
		issues, _, err := srv.Client(t).Issues.ListProjectIssues(proj, &gl.ListProjectIssuesOptions{
			ListOptions: gl.ListOptions{Page: page, PerPage: 100}, State: gl.Ptr("all"), OrderBy: gl.Ptr("created_at"), Sort: gl.Ptr("asc"),
		})
		if err != nil {
			t.Fatal(err)
		}
		var iids []int64
		for _, is := range issues {
			iids = append(iids, is.IID)
		}
		return iids
	}
	if p2 := list(2); len(p2) != 29 || p2[0] != 100 {
		t.Errorf("page 2 after the insert: %v, want #100 first", p2)
	}
}

// What a person changes stands, run after run, while keepup updates what
// is its own: a due date, a title, a label in keepup's scope, a
// fiscal-looking label, a label keepup set and a person removed, text
// after keepup's section that quotes its end marker.
func TestSyncPeoplesEditsSurvive(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	const fp = "default/kubernetes/1.36"
	policy := k8s(`"1.35"`, "open_on: due-soon", "fiscal_label: true", `labels: ["type::maintenance"]`)
	mustSync(t, c, policy, "2026-07-01") // due-soon
	is := only(t, srv, fp)
	if !strings.Contains(is.Description, "<!-- keepup:set due=2026-07-22 labels=keepup,keepup::due-soon,type::maintenance,FY27::Q2 title=Support%20kubernetes%201.36%20(kubernetes) -->") {
		t.Fatalf("no record of what keepup set:\n%s", is.Description)
	}
	tail := "\n\nPerson: we quote keepup's marker " + "<!-- keepup:end -->" + " here, and keep talking.\n/not a command, just text"
	due, _ := gl.ParseISOTime("2026-09-30")
	if _, _, err := srv.Client(t).Issues.UpdateIssue(proj, is.IID, &gl.UpdateIssueOptions{
		DueDate: &due, AddLabels: &gl.LabelOptions{"FYI::Question", "keepup::wontfix"}, RemoveLabels: &gl.LabelOptions{"type::maintenance"},
		Title: gl.Ptr("Chart: move to 1.36"), Description: gl.Ptr(is.Description + tail),
	}); err != nil {
		t.Fatal(err)
	}

	for run, now := range []string{"2026-08-25", "2026-08-26", "2026-09-01"} {
		srv.ResetRequests()
		mustSync(t, c, policy, now)
		got := only(t, srv, fp)
		if got.DueDate == nil || got.DueDate.String() != "2026-09-30" {
			t.Errorf("run %d: due date %v, want the person's 2026-09-30", run+1, got.DueDate)
		}
		for _, l := range []string{"FYI::Question", "keepup::wontfix", "keepup::overdue", "FY27::Q2", "keepup"} {
			if !slices.Contains(labelsOf(got), l) {
				t.Errorf("run %d: labels %v lack %s", run+1, got.Labels, l)
			}
		}
		if slices.Contains(labelsOf(got), "keepup::due-soon") {
			t.Errorf("run %d: keepup's old status label stayed: %v", run+1, got.Labels)
		}
		if slices.Contains(labelsOf(got), "type::maintenance") {
			t.Errorf("run %d: a label the person removed is back: %v", run+1, got.Labels)
		}
		if got.Title != "Chart: move to 1.36" {
			t.Errorf("run %d: title %q, want the person's", run+1, got.Title)
		}
		if !strings.HasSuffix(got.Description, tail) || !strings.Contains(got.Description, "**overdue**") {
			t.Errorf("run %d: description:\n%s", run+1, got.Description)
		}
		if w := srv.Writes(); run == 0 && w != 2 || run > 0 && w != 0 {
			t.Errorf("run %d: %d writes (want an escalation note and an update, then nothing)%s", run+1, w, logOf(srv.Requests()))
		}
	}
	if notes := srv.IssueNotes(proj, is.IID); len(notes) != 1 || !strings.Contains(notes[0].Body, "now overdue") {
		t.Errorf("notes %v", notes)
	}
}

// A person reopens an issue keepup closed as resolved: keepup says so once
// and leaves it open.
func TestSyncReopenRespected(t *testing.T) {
	const fp = "default/kubernetes/1.36"
	srv, c, is := openedIssue(t)
	mustSync(t, c, k8s(`"1.35", "1.36"`), "2026-08-25") // closed as resolved
	if _, _, err := srv.Client(t).Issues.UpdateIssue(proj, is.IID, &gl.UpdateIssueOptions{StateEvent: gl.Ptr("reopen")}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.Client(t).Notes.CreateIssueNote(proj, is.IID, &gl.CreateIssueNoteOptions{Body: gl.Ptr("Reopened: the chart still pins 1.35.")}); err != nil {
		t.Fatal(err)
	}
	for run := 1; run <= 3; run++ {
		srv.ResetRequests()
		out := mustSync(t, c, k8s(`"1.35", "1.36"`), fmt.Sprintf("2026-08-2%d", 5+run))
		got := only(t, srv, fp)
		if got.State != "opened" {
			t.Fatalf("run %d: the person's reopen was undone: %s", run, got.State)
		}
		if l := out.Links[fp]; l.State != "opened" || l.IID != is.IID {
			t.Errorf("run %d: link %+v", run, l)
		}
		if run > 1 && (srv.Writes() != 0 || len(out.Actions) != 0) {
			t.Errorf("run %d: %v%s", run, out.Actions, logOf(srv.Requests()))
		}
	}
	var keepups []string
	for _, n := range srv.IssueNotes(proj, is.IID) {
		if strings.HasPrefix(n.Body, "keepup:") {
			keepups = append(keepups, n.Body)
		}
	}
	if len(keepups) != 2 || !strings.Contains(keepups[1], "keepup leaves it open") {
		t.Errorf("keepup's notes: %q, want the close and one saying it leaves the issue open", keepups)
	}
	if got := only(t, srv, fp); !slices.Equal(labelsOf(got), []string{"keepup", "keepup::reopened"}) {
		t.Errorf("labels %v", got.Labels)
	}
}

// Three runs started at the same moment all create; they converge on one
// open issue per fingerprint, and each duplicate is closed once, with one
// note, by the run that created it.
func TestSyncConcurrentRunsNoteOnce(t *testing.T) {
	srv := newServer(t)
	target, err := url.Parse(strings.TrimSuffix(srv.URL(), "/api/v4"))
	if err != nil {
		t.Fatal(err)
	}
	const runs = 3
	b := &barrier{t: t, n: runs, all: make(chan struct{})}
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(target) }, Transport: b})
	t.Cleanup(proxy.Close)

	findings := manyFindings(4)
	var wg sync.WaitGroup
	errs := make([]error, runs)
	for i := range runs {
		c := connect(t, proxy.URL+"/api/v4", srv.Token(), 10*time.Second)
		wg.Go(func() { _, errs[i] = c.SyncIssues(context.Background(), findings, defaultOptions()) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("run %d: %v", i, err)
		}
	}
	if n := srv.Count(http.MethodPost); n < runs*len(findings) {
		t.Fatalf("%d POSTs: the runs did not overlap", n)
	}
	for fp, issues := range issuesByFP(srv) {
		open := 0
		for _, is := range issues {
			notes := srv.IssueNotes(proj, is.IID)
			if is.State == "opened" {
				open++
				if len(notes) != 0 {
					t.Errorf("%s: the kept #%d has notes %v", fp, is.IID, notes)
				}
				continue
			}
			if len(notes) != 1 || !strings.Contains(notes[0].Body, "duplicate") {
				t.Errorf("%s: duplicate #%d has %d notes, want 1: %v", fp, is.IID, len(notes), notes)
			}
		}
		if open != 1 || len(issues) != runs {
			t.Errorf("%s: %d open of %d issues, want 1 of %d", fp, open, len(issues), runs)
		}
	}
}

// Names from outside the policy that try to start a line with a quick
// action never do, in anything keepup posts.
func TestSyncNeutralizesNames(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	fs := manyFindings(2)
	fs[0].Release, fs[0].Product = "1.0\n/close", "k8s\n/label ~evil"
	fs[0].Why = checks.Derivation{ReleaseSource: "data\n/close", CalendarSource: "GitLab\n/close", Window: calendar.Window{N: 1, Unit: calendar.Milestones},
		Counted: []calendar.Milestone{{Title: "\n/close", Date: calendar.MustParseDate("2026-04-01")}}}
	opts := defaultOptions()
	opts.Labels = []string{"team::a"}
	if _, err := c.SyncIssues(context.Background(), fs, opts); err != nil {
		t.Fatal(err)
	}
	tr, err := c.Track(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	st := checks.BranchState{Branch: "main\n/close", Latest: &checks.Pipeline{ID: 9, Status: "failed\n/close", URL: "https://x\n/close"},
		FailedJobs: []checks.Job{{Name: "\n/close", Stage: "\n/reopen", URL: "\n/close"}}}
	if _, err := tr.SyncRedMain(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	// Support lands for the first, and the red branch is green: notes.
	fs[0].Status, fs[1].Status = checks.Supported, checks.Supported
	if _, err := c.SyncIssues(context.Background(), fs, opts); err != nil {
		t.Fatal(err)
	}
	tr, _ = c.Track(context.Background(), opts)
	if _, err := tr.SyncRedMain(context.Background(), checks.BranchState{Branch: "main\n/close", Latest: &checks.Pipeline{ID: 10, Status: "success", URL: "\n/close"}}); err != nil {
		t.Fatal(err)
	}
	slash := regexp.MustCompile(`(?m)^[ \t]*/`)
	posted := 0
	for _, is := range srv.Issues(proj) {
		texts := []string{is.Title, is.Description}
		for _, n := range srv.IssueNotes(proj, is.IID) {
			texts = append(texts, n.Body)
		}
		for _, s := range texts {
			posted++
			if slash.MatchString(s) {
				t.Errorf("#%d: a line starts with a slash:\n%s", is.IID, s)
			}
		}
	}
	if posted < 8 {
		t.Errorf("only %d texts posted", posted)
	}
}

// A run posts its note and fails before the change; a person comments;
// the next run makes the change without saying the same again.
func TestSyncNoteOnceAfterAComment(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	mustSync(t, c, k8s(`"1.35"`), "2026-08-25")
	srv.Fail(http.MethodPut, "/projects/*/issues/*", gitlabtest.Fault{Status: 500}, 5)
	if _, err := syncAt(t, c, k8s(`"1.35", "1.36"`), "2026-08-25"); err == nil {
		t.Fatal("the failed run returned no error")
	}
	is := only(t, srv, "default/kubernetes/1.36")
	if _, _, err := srv.Client(t).Notes.CreateIssueNote(proj, is.IID, &gl.CreateIssueNoteOptions{Body: gl.Ptr("Thanks, merging the chart bump now.")}); err != nil {
		t.Fatal(err)
	}
	mustSync(t, c, k8s(`"1.35", "1.36"`), "2026-08-25")
	is = only(t, srv, "default/kubernetes/1.36")
	notes := srv.IssueNotes(proj, is.IID)
	if is.State != "closed" || len(notes) != 2 || !strings.Contains(notes[0].Body, "is supported now") {
		t.Errorf("issue %s, notes %v; want closed, one closing note and the person's", is.State, notes)
	}
}

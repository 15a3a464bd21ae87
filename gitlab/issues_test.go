package gitlab_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/gitlab"
	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
	"gitlab.com/keepup/keepup/plan"
	"gitlab.com/keepup/keepup/upstream"
)

const (
	proj      = "group/app"
	jobURL    = "https://gitlab.example/job/1"
	policyURL = "https://gitlab.example/group/app/-/blob/main/.keepup.yml"
	secret    = "glpat-SECRET-do-not-print"
)

// newServer starts a fake GitLab with group "group" and project "group/app".
func newServer(t *testing.T, opts ...gitlabtest.Option) *gitlabtest.Server {
	t.Helper()
	srv := gitlabtest.New(t, opts...)
	srv.AddGroup("group")
	srv.AddProject(proj)
	return srv
}

// connect returns a real client for a GitLab API at baseURL, with short
// retry waits.
func connect(t *testing.T, baseURL, token string, timeout time.Duration) *gitlab.Client {
	t.Helper()
	c, err := gitlab.New(gitlab.Config{
		BaseURL: baseURL, Token: token, Project: proj, Timeout: timeout,
		RetryWaitMin: 10 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newClient(t *testing.T, srv *gitlabtest.Server) *gitlab.Client {
	t.Helper()
	return connect(t, srv.URL(), srv.Token(), 10*time.Second)
}

// k8s is a policy with one kubernetes target (window 3 months) supporting
// the given releases, and the given lines under issues:.
func k8s(supported string, issues ...string) string {
	y := "version: 1\ntargets:\n  - name: kubernetes\n    product: kubernetes\n    window: 3 months\n    supported: [" + supported + "]\n"
	if len(issues) > 0 {
		y += "issues:\n  " + strings.Join(issues, "\n  ") + "\n"
	}
	return y
}

func parse(t *testing.T, yaml string) *config.Policy {
	t.Helper()
	p, err := config.Parse([]byte(yaml), ".keepup.yml", upstream.Embedded().Names())
	if err != nil {
		t.Fatalf("policy: %v\n%s", err, yaml)
	}
	return p
}

// evaluate evaluates a policy as of now, on GitLab's cadence when cal is nil.
func evaluate(t *testing.T, p *config.Policy, now string, cal *calendar.Calendar) []checks.Finding {
	t.Helper()
	if cal == nil {
		cal = calendar.GitLab()
	}
	res, err := checks.Evaluate(checks.Input{Policy: p, Catalog: upstream.Embedded(), Calendar: cal, Now: calendar.MustParseDate(now)})
	if err != nil {
		t.Fatal(err)
	}
	return res.Findings
}

func options(p *config.Policy) gitlab.IssueOptions {
	return gitlab.IssueOptions{Issues: p.Issues, JobURL: jobURL, PolicyURL: policyURL}
}

// syncAt evaluates the policy as of now and syncs its findings.
func syncAt(t *testing.T, c *gitlab.Client, yaml, now string) (*gitlab.Outcome, error) {
	t.Helper()
	p := parse(t, yaml)
	return c.SyncIssues(context.Background(), evaluate(t, p, now, nil), options(p))
}

func mustSync(t *testing.T, c *gitlab.Client, yaml, now string) *gitlab.Outcome {
	t.Helper()
	out, err := syncAt(t, c, yaml, now)
	if err != nil {
		t.Fatalf("SyncIssues as of %s: %v", now, err)
	}
	return out
}

// fingerprintOf reads the fingerprint marker of an issue.
func fingerprintOf(is gl.Issue) string {
	_, rest, ok := strings.Cut(is.Description, "<!-- keepup:fingerprint ")
	if !ok {
		return ""
	}
	fp, _, _ := strings.Cut(rest, " -->")
	return fp
}

// issuesByFP groups the project's issues by fingerprint, in IID order.
func issuesByFP(srv *gitlabtest.Server) map[string][]gl.Issue {
	by := map[string][]gl.Issue{}
	for _, is := range srv.Issues(proj) {
		by[fingerprintOf(is)] = append(by[fingerprintOf(is)], is)
	}
	return by
}

// only returns the single issue of a fingerprint, failing otherwise.
func only(t *testing.T, srv *gitlabtest.Server, fp string) gl.Issue {
	t.Helper()
	got := issuesByFP(srv)[fp]
	if len(got) != 1 {
		t.Fatalf("%d issues for %s, want 1; issues by fingerprint: %v", len(got), fp, fpSummary(srv))
	}
	return got[0]
}

// openedIssue starts a fake GitLab and a client and runs keepup once with
// kubernetes 1.35 supported on 2026-08-25, returning the issue it opened
// for the owed 1.36 (fingerprint default/kubernetes/1.36).
func openedIssue(t *testing.T) (*gitlabtest.Server, *gitlab.Client, gl.Issue) {
	t.Helper()
	srv := newServer(t)
	c := newClient(t, srv)
	mustSync(t, c, k8s(`"1.35"`), "2026-08-25")
	return srv, c, only(t, srv, "default/kubernetes/1.36")
}

func fpSummary(srv *gitlabtest.Server) string {
	var out []string
	for _, is := range srv.Issues(proj) {
		out = append(out, fmt.Sprintf("#%d %s %s %v", is.IID, is.State, fingerprintOf(is), is.Labels))
	}
	return strings.Join(out, "; ")
}

// logOf renders the request log for failure messages.
func logOf(reqs []gitlabtest.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "\n  %s %s?%s -> %d", r.Method, r.Path, r.Query.Encode(), r.Status)
	}
	return b.String()
}

func counts(reqs []gitlabtest.Request) (reads, writes int) {
	for _, r := range reqs {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			reads++
		} else {
			writes++
		}
	}
	return reads, writes
}

// listPages returns the page numbers of the issue list calls in the log,
// failing if any other read was made.
func listPages(t *testing.T, reqs []gitlabtest.Request) []string {
	t.Helper()
	var pages []string
	for _, r := range reqs {
		if r.Method != http.MethodGet {
			continue
		}
		if r.Path != "/projects/"+proj+"/issues" {
			t.Errorf("unexpected read %s %s", r.Method, r.Path)
			continue
		}
		q := r.Query
		if q.Get("labels") != "keepup" || q.Get("state") != "all" || q.Get("per_page") != "100" {
			t.Errorf("list query %s: want labels=keepup, state=all, per_page=100", q.Encode())
		}
		pages = append(pages, q.Get("page"))
	}
	return pages
}

func labelsOf(is gl.Issue) []string { return []string(is.Labels) }

// TestFindings pins the evaluations the other tests build on, so that a
// change in the data shows here rather than as a puzzling sync failure.
func TestFindings(t *testing.T) {
	for _, tc := range []struct {
		yaml, now string
		want      string
	}{
		{k8s(`"1.33"`), "2026-08-25", "1.36 overdue 2026-07-22, 1.35 overdue 2026-03-17, 1.34 overdue 2025-11-27, 1.33 eol "},
		{k8s(`"1.35"`), "2026-07-01", "1.36 due-soon 2026-07-22, 1.35 supported "},
		{k8s(`"1.35"`), "2026-06-01", "1.36 pending 2026-07-22, 1.35 supported "},
	} {
		var got []string
		for _, f := range evaluate(t, parse(t, tc.yaml), tc.now, nil) {
			got = append(got, fmt.Sprintf("%s %s %s", f.Release, f.Status, f.Due))
		}
		if s := strings.Join(got, ", "); s != tc.want {
			t.Errorf("as of %s:\n got %s\nwant %s", tc.now, s, tc.want)
		}
	}
}

// Ten runs with the same findings keep one issue per finding; after the
// first, a run reads one page and writes nothing, even though each run is a
// new job.
func TestSyncIdempotent(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	p := parse(t, k8s(`"1.33"`))
	findings := evaluate(t, p, "2026-08-25", nil)
	want := []string{"default/kubernetes/1.34", "default/kubernetes/1.35", "default/kubernetes/1.36"}

	for run := 1; run <= 10; run++ {
		srv.ResetRequests()
		opts := options(p)
		opts.JobURL = fmt.Sprintf("https://gitlab.example/job/%d", run)
		out, err := c.SyncIssues(context.Background(), findings, opts)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		reqs := srv.Requests()
		reads, writes := counts(reqs)
		if run == 1 {
			t.Logf("run 1 (creating %d): %d reads, %d writes", len(want), reads, writes)
			if writes != len(want) || len(out.Actions) != len(want) {
				t.Errorf("run 1: %d writes, actions %v; want %d creates%s", writes, out.Actions, len(want), logOf(reqs))
			}
		} else {
			if writes != 0 || len(out.Actions) != 0 {
				t.Errorf("run %d: %d writes, actions %v; want none%s", run, writes, out.Actions, logOf(reqs))
			}
			if pages := listPages(t, reqs); !slices.Equal(pages, []string{"1"}) {
				t.Errorf("run %d: list pages %v, want [1]%s", run, pages, logOf(reqs))
			}
		}
		for _, fp := range want {
			if l := out.Links[fp]; l.State != "opened" || l.IID == 0 || l.URL == "" {
				t.Errorf("run %d: link %s = %+v", run, fp, l)
			}
		}
	}
	by := issuesByFP(srv)
	if len(srv.Issues(proj)) != len(want) || len(by) != len(want) {
		t.Fatalf("issues: %s; want one for each of %v", fpSummary(srv), want)
	}
	for _, fp := range want {
		is := only(t, srv, fp)
		if is.State != "opened" || !slices.Equal(labelsOf(is), []string{"keepup", "keepup::overdue"}) || is.Author.Username != gitlabtest.APIUsername {
			t.Errorf("%s: %+v", fp, is)
		}
		if is.Title != "Support kubernetes "+strings.TrimPrefix(fp, "default/kubernetes/")+" (kubernetes)" {
			t.Errorf("%s: title %q", fp, is.Title)
		}
		if !strings.Contains(is.Description, "job/1)") {
			t.Errorf("%s: description rewritten by a later job alone:\n%s", fp, is.Description)
		}
	}
	i136 := only(t, srv, "default/kubernetes/1.36")
	if i136.DueDate == nil || i136.DueDate.String() != "2026-07-22" {
		t.Errorf("1.36 due date %v, want 2026-07-22", i136.DueDate)
	}
	if !strings.Contains(i136.Description, policyURL+"#L3") {
		t.Errorf("1.36 description does not link the policy line:\n%s", i136.Description)
	}
}

// A release going from due-soon to overdue updates its issue: status label,
// description, one note; no new issue.
func TestSyncStatusChange(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	const fp = "default/kubernetes/1.36"
	policy := k8s(`"1.35"`, "open_on: due-soon")

	mustSync(t, c, policy, "2026-07-01")
	before := only(t, srv, fp)
	if !slices.Equal(labelsOf(before), []string{"keepup", "keepup::due-soon"}) || !strings.Contains(before.Description, "**due-soon**") {
		t.Fatalf("due-soon issue: labels %v\n%s", before.Labels, before.Description)
	}

	srv.ResetRequests()
	out := mustSync(t, c, policy, "2026-08-25")
	after := only(t, srv, fp)
	if after.IID != before.IID || after.State != "opened" {
		t.Fatalf("issue #%d %s after escalation, want #%d opened", after.IID, after.State, before.IID)
	}
	if !slices.Equal(labelsOf(after), []string{"keepup", "keepup::overdue"}) {
		t.Errorf("labels %v, want keepup, keepup::overdue", after.Labels)
	}
	if !strings.Contains(after.Description, "| Status | overdue |") || strings.Contains(after.Description, "**due-soon**") {
		t.Errorf("description not updated:\n%s", after.Description)
	}
	if reqs := srv.Requests(); srv.Count(http.MethodPut) != 1 || srv.Count(http.MethodPost) != 1 {
		t.Errorf("want one PUT and one note POST%s", logOf(reqs))
	}
	if l := out.Links[fp]; l.IID != before.IID || l.State != "opened" {
		t.Errorf("link %+v", l)
	}

	// Later runs note nothing more, even when they update the issue.
	mustSync(t, c, policy, "2026-08-26")
	mustSync(t, c, policy, "2026-09-30")
	srv.ResetRequests()
	mustSync(t, c, k8s(`"1.35"`, "open_on: due-soon", `labels: ["type::maintenance"]`), "2026-09-30")
	if srv.Count(http.MethodPut) != 1 || srv.Count(http.MethodPost) != 0 {
		t.Errorf("want one label update and no note%s", logOf(srv.Requests()))
	}
	notes := srv.IssueNotes(proj, before.IID)
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "now overdue") || !strings.Contains(notes[0].Body, "2026-07-22") {
		t.Errorf("notes %+v, want one escalation note", notes)
	}
	if n := len(srv.Issues(proj)); n != 1 {
		t.Errorf("%d issues, want 1", n)
	}
}

// Support landing closes the issue with a note saying so.
func TestSyncSupportLands(t *testing.T) {
	const fp = "default/kubernetes/1.36"
	srv, c, is := openedIssue(t)

	out := mustSync(t, c, k8s(`"1.35", "1.36"`), "2026-08-25")
	is = only(t, srv, fp)
	if is.State != "closed" || is.ClosedBy.Username != gitlabtest.APIUsername {
		t.Fatalf("issue %s by %v, want closed by keepup", is.State, is.ClosedBy)
	}
	notes := srv.IssueNotes(proj, is.IID)
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "kubernetes 1.36 is supported now") {
		t.Errorf("notes %+v, want one saying 1.36 is supported", notes)
	}
	if l := out.Links[fp]; l.State != "closed" || l.IID != is.IID {
		t.Errorf("link %+v", l)
	}

	srv.ResetRequests()
	mustSync(t, c, k8s(`"1.35", "1.36"`), "2026-08-26")
	if srv.Writes() != 0 || len(srv.IssueNotes(proj, is.IID)) != 1 {
		t.Errorf("a closed issue was written again%s", logOf(srv.Requests()))
	}
}

// An issue a person closed stays closed while the release is still owed,
// unless issues.reopen is set.
func TestSyncPersonClosed(t *testing.T) {
	const fp = "default/kubernetes/1.36"
	srv, c, is := openedIssue(t)
	srv.CloseIssue(proj, is.IID)

	for _, now := range []string{"2026-08-25", "2026-08-26"} {
		srv.ResetRequests()
		out := mustSync(t, c, k8s(`"1.35"`), now)
		if srv.Writes() != 0 || len(out.Actions) != 1 || out.Actions[0].Kind != plan.Acknowledge {
			t.Errorf("%s: writes to a person-closed issue: %v%s", now, out.Actions, logOf(srv.Requests()))
		}
		if l := out.Links[fp]; l.State != "acknowledged" || l.IID != is.IID || l.URL != is.WebURL {
			t.Errorf("%s: link %+v, want acknowledged #%d", now, l, is.IID)
		}
	}
	if got := only(t, srv, fp); got.State != "closed" || got.ClosedBy.Username != gitlabtest.PersonUsername {
		t.Fatalf("issue %s by %v", got.State, got.ClosedBy)
	}

	srv.ResetRequests()
	out := mustSync(t, c, k8s(`"1.35"`, "reopen: true"), "2026-08-27")
	got := only(t, srv, fp)
	if got.State != "opened" || got.IID != is.IID {
		t.Fatalf("issue #%d %s, want #%d reopened", got.IID, got.State, is.IID)
	}
	notes := srv.IssueNotes(proj, is.IID)
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "reopening") || !strings.Contains(notes[0].Body, "issues.reopen") {
		t.Errorf("notes %+v, want one reopening note", notes)
	}
	if srv.Count(http.MethodPut) != 1 || srv.Count(http.MethodPost) != 1 {
		t.Errorf("want one PUT and one note%s", logOf(srv.Requests()))
	}
	if l := out.Links[fp]; l.State != "opened" {
		t.Errorf("link %+v", l)
	}
}

// Labels and text people add survive keepup's updates; keepup's own stale
// labels do not.
func TestSyncKeepsPeoplesLabels(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	const fp = "default/kubernetes/1.36"
	policy := k8s(`"1.35"`, "open_on: due-soon")
	mustSync(t, c, policy, "2026-07-01")
	is := only(t, srv, fp)

	human := srv.Client(t)
	if _, _, err := human.Issues.UpdateIssue(proj, is.IID, &gl.UpdateIssueOptions{
		AddLabels:   &gl.LabelOptions{"team::distribution", "priority::1"},
		Description: gl.Ptr("Triage: we plan this for 19.4.\n\n" + is.Description + "\n\nSee also #42."),
	}); err != nil {
		t.Fatal(err)
	}

	srv.ResetRequests()
	mustSync(t, c, policy, "2026-08-25") // due-soon -> overdue: an update
	if srv.Count(http.MethodPut) != 1 {
		t.Fatalf("want one update%s", logOf(srv.Requests()))
	}
	got := only(t, srv, fp)
	if want := []string{"keepup", "keepup::overdue", "priority::1", "team::distribution"}; !slices.Equal(labelsOf(got), want) {
		t.Errorf("labels %v, want %v", got.Labels, want)
	}
	if !strings.HasPrefix(got.Description, "Triage: we plan this for 19.4.") || !strings.HasSuffix(got.Description, "See also #42.") ||
		!strings.Contains(got.Description, "**overdue**") {
		t.Errorf("description:\n%s", got.Description)
	}

	srv.ResetRequests()
	mustSync(t, c, policy, "2026-08-26")
	if srv.Writes() != 0 {
		t.Errorf("people's labels or text cause rewrites%s", logOf(srv.Requests()))
	}
}

// barrier is a transport that holds the answers to the first n issue lists
// until all n have been answered by the server, so that n concurrent runs
// all list before any of them creates.
type barrier struct {
	t    *testing.T
	n    int32
	seen atomic.Int32
	all  chan struct{}
	once sync.Once
}

func (b *barrier) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/issues") {
		if k := b.seen.Add(1); k <= b.n {
			if k == b.n {
				b.once.Do(func() { close(b.all) })
			}
			select {
			case <-b.all:
			case <-time.After(5 * time.Second):
				b.t.Errorf("barrier: only %d of %d lists arrived", b.seen.Load(), b.n)
			}
		}
	}
	return resp, err
}

// Two runs started at the same moment both see no issue and both create;
// they converge on one open issue per fingerprint, the oldest, and the
// newer is closed with a note linking it.
func TestSyncConcurrentRuns(t *testing.T) {
	srv := newServer(t)
	target, err := url.Parse(strings.TrimSuffix(srv.URL(), "/api/v4"))
	if err != nil {
		t.Fatal(err)
	}
	b := &barrier{t: t, n: 2, all: make(chan struct{})}
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite:   func(r *httputil.ProxyRequest) { r.SetURL(target) },
		Transport: b,
	})
	t.Cleanup(proxy.Close)

	p := parse(t, k8s(`"1.33"`))
	findings := evaluate(t, p, "2026-08-25", nil)
	want := []string{"default/kubernetes/1.34", "default/kubernetes/1.35", "default/kubernetes/1.36"}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	outs := make([]*gitlab.Outcome, 2)
	for i := range errs {
		c := connect(t, proxy.URL+"/api/v4", srv.Token(), 10*time.Second)
		wg.Go(func() {
			outs[i], errs[i] = c.SyncIssues(context.Background(), findings, options(p))
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("run %d: %v", i, err)
		}
	}
	if n := srv.Count(http.MethodPost); n < 2*len(want) {
		t.Fatalf("%d POSTs: the runs did not overlap%s", n, logOf(srv.Requests()))
	}

	by := issuesByFP(srv)
	for _, fp := range want {
		issues := by[fp]
		if len(issues) != 2 {
			t.Errorf("%s: %d issues, want 2 (one per run)", fp, len(issues))
			continue
		}
		oldest := issues[0]
		if issues[1].CreatedAt.Before(*oldest.CreatedAt) {
			oldest = issues[1]
		}
		for i, out := range outs {
			if l := out.Links[fp]; l.IID != oldest.IID || l.State != "opened" {
				t.Errorf("%s: run %d links %+v, want the kept #%d", fp, i, l, oldest.IID)
			}
		}
		for _, is := range issues {
			if is.IID == oldest.IID {
				if is.State != "opened" {
					t.Errorf("%s: the oldest #%d is %s, want opened", fp, is.IID, is.State)
				}
				continue
			}
			if is.State != "closed" {
				t.Errorf("%s: the duplicate #%d is %s, want closed", fp, is.IID, is.State)
			}
			notes := srv.IssueNotes(proj, is.IID)
			if len(notes) == 0 {
				t.Errorf("%s: no note on the duplicate #%d", fp, is.IID)
			}
			for _, n := range notes {
				if !strings.Contains(n.Body, "duplicate") || !strings.Contains(n.Body, oldest.WebURL) || !strings.Contains(n.Body, fmt.Sprintf("#%d", oldest.IID)) {
					t.Errorf("%s: note on #%d does not link #%d: %q", fp, is.IID, oldest.IID, n.Body)
				}
			}
		}
	}

	// A later run, straight to GitLab, finds nothing to do.
	srv.ResetRequests()
	out, err := newClient(t, srv).SyncIssues(context.Background(), findings, options(p))
	if err != nil || srv.Writes() != 0 {
		t.Errorf("converged run: %v, actions %v%s", err, out.Actions, logOf(srv.Requests()))
	}
}

// A create that fails after GitLab applied it is not retried, and the next
// run finds the issue instead of creating another.
func TestSyncCreateFailsAfterApply(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	const fp = "default/kubernetes/1.36"
	srv.Fail(http.MethodPost, "/projects/*/issues", gitlabtest.Fault{Status: 500, AfterApply: true}, 1)

	out, err := syncAt(t, c, k8s(`"1.35"`), "2026-08-25")
	if err == nil || !strings.Contains(err.Error(), "creating the issue for "+fp) || !strings.Contains(err.Error(), "500") {
		t.Errorf("err = %v, want the failed create", err)
	}
	if out == nil {
		t.Fatal("no outcome from a sync that failed after listing")
	}
	if n := srv.Count(http.MethodPost); n != 1 {
		t.Errorf("%d POSTs, want exactly 1 (a failed POST must not be retried)%s", n, logOf(srv.Requests()))
	}
	only(t, srv, fp) // the write happened

	srv.ResetRequests()
	out = mustSync(t, c, k8s(`"1.35"`), "2026-08-25")
	if srv.Writes() != 0 {
		t.Errorf("second run writes%s", logOf(srv.Requests()))
	}
	is := only(t, srv, fp)
	if l := out.Links[fp]; l.IID != is.IID || l.State != "opened" {
		t.Errorf("link %+v, want #%d", l, is.IID)
	}
}

// A 429 on the list is retried after Retry-After.
func TestSyncRateLimitedList(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	mustSync(t, c, k8s(`"1.35"`), "2026-08-25")
	srv.ResetRequests()
	srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Status: 429, RetryAfter: "1"}, 1)

	mustSync(t, c, k8s(`"1.35"`), "2026-08-25")
	reqs := srv.Requests()
	if len(reqs) != 2 || reqs[0].Method != http.MethodGet || reqs[0].Status != 429 || reqs[1].Method != http.MethodGet || reqs[1].Status != 200 {
		t.Fatalf("want GET 429, GET 200%s", logOf(reqs))
	}
	if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After's 1s", gap)
	}
	t.Logf("request log:%s", logOf(reqs))
}

// When the list fails, nothing is created.
func TestSyncListFails(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	srv.Fail(http.MethodGet, "/projects/*/issues", gitlabtest.Fault{Status: 500}, 20)

	out, err := syncAt(t, c, k8s(`"1.33"`), "2026-08-25")
	if err == nil || !strings.Contains(err.Error(), "listing the issues labelled keepup") {
		t.Errorf("err = %v, want the failed list", err)
	}
	if out != nil {
		t.Errorf("outcome %+v from a failed list", out)
	}
	reqs := srv.Requests()
	if srv.Writes() != 0 || len(srv.Issues(proj)) != 0 {
		t.Errorf("writes after a failed list%s", logOf(reqs))
	}
	for _, r := range reqs {
		if r.Status != 500 {
			t.Errorf("unexpected request%s", logOf(reqs))
			break
		}
	}
	if len(reqs) < 2 {
		t.Errorf("the list was not retried%s", logOf(reqs))
	}
	t.Logf("%d list attempts before giving up", len(reqs))
}

// A GitLab that does not answer within Config.Timeout fails the sync
// promptly, saying so.
func TestSyncTimeout(t *testing.T) {
	srv := newServer(t)
	c := connect(t, srv.URL(), srv.Token(), 200*time.Millisecond)
	srv.Fail("", "/projects/*/issues", gitlabtest.Fault{Delay: time.Minute}, 10)

	start := time.Now()
	_, err := syncAt(t, c, k8s(`"1.33"`), "2026-08-25")
	elapsed := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "GitLab did not answer in time") {
		t.Errorf("err = %v, want one saying GitLab did not answer in time", err)
	}
	if elapsed > 3*time.Second {
		t.Errorf("took %v with a 200ms timeout", elapsed)
	}
	if srv.Writes() != 0 {
		t.Errorf("writes after a failed list%s", logOf(srv.Requests()))
	}
	t.Logf("gave up after %v, %d attempts: %v", elapsed.Round(time.Millisecond), len(srv.Requests()), err)
}

// The token never shows in errors or actions.
func TestSyncTokenNeverShown(t *testing.T) {
	check := func(t *testing.T, err error, out *gitlab.Outcome, hint string) {
		t.Helper()
		if err == nil {
			t.Fatal("no error")
		}
		texts := []string{err.Error(), fmt.Sprintf("%v %+v %#v", err, err, err)}
		if out != nil {
			for _, a := range out.Actions {
				texts = append(texts, a.String(), fmt.Sprintf("%+v", a))
			}
		}
		for _, s := range texts {
			if strings.Contains(s, "SECRET") {
				t.Errorf("token in %q", s)
			}
		}
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("error %q does not say %q", err, hint)
		}
	}

	t.Run("wrong token", func(t *testing.T) {
		srv := newServer(t, gitlabtest.WithToken(secret))
		c := connect(t, srv.URL(), "glpat-SECRET-wrong-one", 10*time.Second)
		out, err := syncAt(t, c, k8s(`"1.33"`), "2026-08-25")
		check(t, err, out, "the token is invalid or expired")
		if srv.Writes() != 0 {
			t.Errorf("writes%s", logOf(srv.Requests()))
		}
	})
	t.Run("forbidden create", func(t *testing.T) {
		srv := newServer(t, gitlabtest.WithToken(secret))
		srv.Fail(http.MethodPost, "/projects/*/issues", gitlabtest.Fault{Status: 403}, 10)
		c := connect(t, srv.URL(), secret, 10*time.Second)
		out, err := syncAt(t, c, k8s(`"1.33"`), "2026-08-25")
		check(t, err, out, "api scope")
		if n := srv.Count(http.MethodPost); n != 3 {
			t.Errorf("%d POSTs, want 3 (one per finding, none retried)", n)
		}
	})
	t.Run("echoed by the server", func(t *testing.T) {
		// A proxy or server that repeats the token back must not get it
		// printed either.
		echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"message": "token %s is not valid here"}`, r.Header.Get("PRIVATE-TOKEN"))
		}))
		t.Cleanup(echo.Close)
		c := connect(t, echo.URL+"/api/v4", secret, 10*time.Second)
		out, err := syncAt(t, c, k8s(`"1.33"`), "2026-08-25")
		check(t, err, out, "[MASKED]")
	})
}

// A dry run only reads, and plans creates and closes with their titles
// and labels.
func TestSyncDryRun(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	mustSync(t, c, k8s(`"1.33"`), "2026-06-01") // 1.35 and 1.34 overdue
	before := srv.Issues(proj)
	if len(before) != 2 {
		t.Fatalf("issues: %s", fpSummary(srv))
	}

	srv.ResetRequests()
	p := parse(t, k8s(`"1.35"`)) // 1.35 supported, 1.34 no longer required, 1.36 overdue
	opts := options(p)
	opts.DryRun = true
	out, err := c.SyncIssues(context.Background(), evaluate(t, p, "2026-08-25", nil), opts)
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodGet {
		t.Errorf("a dry run made other requests than one list%s", logOf(reqs))
	}
	if after := srv.Issues(proj); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a dry run changed issues")
	}

	var kinds []string
	for _, a := range out.Actions {
		kinds = append(kinds, a.Kind.String()+" "+a.Fingerprint)
		t.Logf("planned: %s", a)
	}
	want := []string{
		"create default/kubernetes/1.36",
		"close default/kubernetes/1.35", "note default/kubernetes/1.35",
		"close default/kubernetes/1.34", "note default/kubernetes/1.34",
	}
	if !slices.Equal(kinds, want) {
		t.Fatalf("actions %v, want %v", kinds, want)
	}
	create := out.Actions[0]
	if create.Title != "Support kubernetes 1.36 (kubernetes)" || !slices.Equal(create.Labels, []string{"keepup", "keepup::overdue"}) ||
		create.IID != 0 || !strings.Contains(create.String(), `create new issue "Support kubernetes 1.36 (kubernetes)" labels keepup,keepup::overdue`) {
		t.Errorf("create action %+v: %s", create, create)
	}
	for _, a := range out.Actions[1:] {
		if a.IID == 0 || a.Title == "" || a.URL == "" || !strings.Contains(a.String(), a.Title) {
			t.Errorf("action %+v does not name its issue", a)
		}
	}
	if !strings.Contains(out.Actions[2].Detail, "kubernetes 1.35 is supported now") ||
		!strings.Contains(out.Actions[4].Detail, "the policy no longer requires it") {
		t.Errorf("close reasons: %q, %q", out.Actions[2].Detail, out.Actions[4].Detail)
	}
	if l := out.Links["default/kubernetes/1.36"]; l.State != "planned" {
		t.Errorf("link of the planned issue %+v", l)
	}
}

// A policy with many findings and nothing changed costs one read per list
// page and no write.
func TestSyncRequestCounts(t *testing.T) {
	fifty := "version: 1\nissues:\n  open_on: pending\ntargets:\n" +
		"  - name: gitlab\n    product: gitlab\n    window: 3 months\n    supported: [\"15.1\"]\n"
	many := fifty + "  - name: kubernetes\n    product: kubernetes\n    window: 3 months\n    supported: [\"1.16\"]\n" +
		"  - name: postgresql\n    product: postgresql\n    window: 12 months\n    supported: [\"6.3\"]\n" +
		"  - name: redis\n    product: redis\n    window: 12 months\n    supported: [\"5.0\"]\n"
	for _, tc := range []struct {
		name, yaml string
		issues     int // findings that open issues
		pages      []string
	}{
		{"50 findings", fifty, 50, []string{"1"}},
		{"more than 100 findings", many, 0, []string{"1", "2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			c := newClient(t, srv)
			p := parse(t, tc.yaml)
			findings := evaluate(t, p, "2026-08-25", nil)
			opening := 0
			for _, f := range findings {
				switch f.Status {
				case checks.Overdue, checks.DueSoon, checks.Pending:
					opening++
				}
			}
			if tc.issues != 0 && opening != tc.issues || tc.issues == 0 && opening <= 100 {
				t.Fatalf("%d findings open issues", opening)
			}

			out, err := c.SyncIssues(context.Background(), findings, options(p))
			if err != nil {
				t.Fatal(err)
			}
			reads, writes := counts(srv.Requests())
			t.Logf("first run, creating %d issues: %d reads (list pages %v), %d writes", opening, reads, listPages(t, srv.Requests()), writes)
			if writes != opening || srv.Count(http.MethodPost) != opening || len(out.Actions) != opening {
				t.Errorf("first run: %d writes, want %d creates", writes, opening)
			}
			if n := len(srv.Issues(proj)); n != opening {
				t.Errorf("%d issues, want %d", n, opening)
			}

			for run := 2; run <= 3; run++ {
				srv.ResetRequests()
				out, err = c.SyncIssues(context.Background(), findings, options(p))
				if err != nil {
					t.Fatal(err)
				}
				reqs := srv.Requests()
				reads, writes := counts(reqs)
				pages := listPages(t, reqs)
				t.Logf("run %d, %d findings unchanged: %d reads (list pages %v), %d writes", run, opening, reads, pages, writes)
				if writes != 0 || len(out.Actions) != 0 || !slices.Equal(pages, tc.pages) || reads != len(tc.pages) {
					t.Errorf("run %d: %d reads (pages %v), %d writes; want %d reads (pages %v), 0 writes%s",
						run, reads, pages, writes, len(tc.pages), tc.pages, logOf(reqs))
				}
				if len(out.Links) != opening {
					t.Errorf("%d links, want %d", len(out.Links), opening)
				}
			}
		})
	}
}

// The fiscal label of the due date is set once (plan.FiscalLabel has its
// own table test).
func TestFiscalLabel(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	mustSync(t, c, k8s(`"1.35"`, "fiscal_label: true", "labels: [\"type::maintenance\"]"), "2026-08-25")
	is := only(t, srv, "default/kubernetes/1.36") // due 2026-07-22
	if want := []string{"FY27::Q2", "keepup", "keepup::overdue", "type::maintenance"}; !slices.Equal(labelsOf(is), want) {
		t.Errorf("labels %v, want %v", is.Labels, want)
	}
	srv.ResetRequests()
	mustSync(t, c, k8s(`"1.35"`, "fiscal_label: true", "labels: [\"type::maintenance\"]"), "2026-08-26")
	if srv.Writes() != 0 {
		t.Errorf("rewrites with fiscal labels%s", logOf(srv.Requests()))
	}
}

// Two policies with different namespaces share a project and its label
// without touching each other's issues.
func TestSyncNamespaces(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	a := k8s(`"1.35"`, "namespace: charts")
	b := "version: 1\nissues:\n  namespace: omnibus\ntargets:\n" +
		"  - name: kubernetes\n    product: kubernetes\n    window: 3 months\n    supported: [\"1.36\"]\n" +
		"  - name: postgresql\n    product: postgresql\n    window: 3 months\n    supported: [\"17\"]\n"

	mustSync(t, c, a, "2026-08-25") // charts/kubernetes/1.36
	mustSync(t, c, b, "2026-08-25") // omnibus/postgresql/18; omnibus supports kubernetes 1.36
	want := map[string]string{"charts/kubernetes/1.36": "opened", "omnibus/postgresql/18": "opened"}
	check := func(when string) {
		t.Helper()
		got := map[string]string{}
		for fp, issues := range issuesByFP(srv) {
			for _, is := range issues {
				got[fp] += is.State
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: issues %v, want %v", when, got, want)
		}
	}
	check("after both")

	srv.ResetRequests()
	mustSync(t, c, a, "2026-08-26")
	mustSync(t, c, b, "2026-08-26")
	if srv.Writes() != 0 {
		t.Errorf("the policies write to each other's issues%s", logOf(srv.Requests()))
	}
	check("after both again")

	// Each namespace closes its own issues only.
	mustSync(t, c, k8s(`"1.36"`, "namespace: charts"), "2026-08-27")
	want["charts/kubernetes/1.36"] = "closed"
	check("after charts supports 1.36")
}

// A custom title template is used; a template naming an unknown field
// fails before any request, naming the policy key.
func TestSyncTemplates(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	mustSync(t, c, k8s(`"1.35"`, `title: "[keepup] {{.Product}} {{.Release}} due {{.Due}} ({{.Fingerprint}})"`), "2026-08-25")
	is := only(t, srv, "default/kubernetes/1.36")
	if is.Title != "[keepup] kubernetes 1.36 due 2026-07-22 (default/kubernetes/1.36)" {
		t.Errorf("title %q", is.Title)
	}

	srv.ResetRequests()
	for _, key := range []string{"title", "body"} {
		out, err := syncAt(t, c, k8s(`"1.35"`, key+`: "Support {{.Nope}}"`), "2026-08-25")
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Key != "issues."+key || ce.Pos.File != ".keepup.yml" || ce.Pos.Line != 8 {
			t.Errorf("%s: err = %#v (%v), want a *config.Error for issues.%s at .keepup.yml:8", key, err, err, key)
		} else if !strings.Contains(err.Error(), "Nope") || !strings.HasPrefix(err.Error(), ".keepup.yml:8:") {
			t.Errorf("%s: error %q", key, err)
		}
		if out != nil {
			t.Errorf("%s: outcome %+v", key, out)
		}
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("requests before the template error:%s", logOf(reqs))
	}
}

func TestNewNeedsTokenURLAndProject(t *testing.T) {
	full := gitlab.Config{BaseURL: "https://gitlab.example/api/v4", Token: secret, Project: proj}
	if _, err := gitlab.New(full); err != nil {
		t.Fatal(err)
	}
	noToken := full
	noToken.Token = ""
	if _, err := gitlab.New(noToken); !errors.Is(err, gitlab.ErrNoToken) {
		t.Errorf("no token: %v", err)
	}
	noURL := full
	noURL.BaseURL = ""
	if _, err := gitlab.New(noURL); err == nil || !strings.Contains(err.Error(), "CI_API_V4_URL") {
		t.Errorf("no URL: %v", err)
	}
	noProject := full
	noProject.Project = ""
	if _, err := gitlab.New(noProject); err == nil || !strings.Contains(err.Error(), "CI_PROJECT_ID") {
		t.Errorf("no project: %v", err)
	}
}

// An issue keepup closed as resolved is keepup's to reopen when its release
// is owed again (the release was dropped from supported); one it closed as
// a duplicate never stands for the finding.
func TestSyncKeepupClosedIssues(t *testing.T) {
	const fp = "default/kubernetes/1.36"
	srv, c, is := openedIssue(t)
	mustSync(t, c, k8s(`"1.35", "1.36"`), "2026-08-25") // support lands: closed as resolved
	if got := only(t, srv, fp); got.State != "closed" || !slices.Contains(labelsOf(got), "keepup::resolved") || slices.Contains(labelsOf(got), "keepup::overdue") {
		t.Fatalf("after support landed: %s %v, want closed with keepup::resolved only", got.State, labelsOf(got))
	}
	out := mustSync(t, c, k8s(`"1.35"`), "2026-08-26") // support dropped again
	got := only(t, srv, fp)
	if got.IID != is.IID || got.State != "opened" || !slices.Contains(labelsOf(got), "keepup::overdue") || slices.Contains(labelsOf(got), "keepup::resolved") {
		t.Fatalf("owed again: #%d %s %v, want #%d reopened and overdue", got.IID, got.State, labelsOf(got), is.IID)
	}
	if l := out.Links[fp]; l.State != "opened" || l.IID != is.IID {
		t.Errorf("link %+v", l)
	}

	// A duplicate keepup closed, then a person closes the kept issue: the
	// person's close is what counts.
	dup := srv.AddIssue(proj, gl.Issue{Title: "dup", Description: got.Description, Labels: gl.Labels{"keepup", "keepup::overdue"}})
	mustSync(t, c, k8s(`"1.35"`), "2026-08-26")
	if d := srv.Issues(proj)[len(srv.Issues(proj))-1]; d.IID != dup || d.State != "closed" || !slices.Contains(labelsOf(d), "keepup::duplicate") {
		t.Fatalf("duplicate #%d: %s %v", d.IID, d.State, labelsOf(d))
	}
	srv.CloseIssue(proj, is.IID)
	out = mustSync(t, c, k8s(`"1.35"`), "2026-08-27")
	if l := out.Links[fp]; l.State != "acknowledged" || l.IID != is.IID {
		t.Errorf("link %+v, want the person-closed #%d acknowledged, not the duplicate", l, is.IID)
	}
}

// A run that fails between a note and its update, or while posting the
// note, leaves work the next run finishes: the issue gets its change and
// exactly one note.
func TestSyncNotesSurviveFailures(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault func(*gitlabtest.Server)
	}{
		{"update fails after the note", func(srv *gitlabtest.Server) {
			srv.Fail(http.MethodPut, "/projects/*/issues/*", gitlabtest.Fault{Status: 500}, 5) // every retry
		}},
		{"note fails", func(srv *gitlabtest.Server) {
			srv.Fail(http.MethodPost, "/projects/*/issues/*/notes", gitlabtest.Fault{Status: 500}, 1)
		}},
		{"note applied, then fails", func(srv *gitlabtest.Server) {
			srv.Fail(http.MethodPost, "/projects/*/issues/*/notes", gitlabtest.Fault{Status: 500, AfterApply: true}, 1)
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			c := newClient(t, srv)
			mustSync(t, c, k8s(`"1.35"`), "2026-08-25")
			tt.fault(srv)
			if _, err := syncAt(t, c, k8s(`"1.35", "1.36"`), "2026-08-25"); err == nil {
				t.Fatal("the failed run returned no error")
			}
			srv.ResetRequests()
			for range 2 { // the next run finishes; the one after finds nothing to do
				srv.ResetRequests()
				mustSync(t, c, k8s(`"1.35", "1.36"`), "2026-08-25")
			}
			is := only(t, srv, "default/kubernetes/1.36")
			notes := srv.IssueNotes(proj, is.IID)
			if is.State != "closed" || len(notes) != 1 || !strings.Contains(notes[0].Body, "is supported now") {
				t.Errorf("issue %s with notes %v, want closed with one closing note", is.State, notes)
			}
			if srv.Writes() != 0 {
				t.Errorf("the third run still wrote%s", logOf(srv.Requests()))
			}
		})
	}
}

// A release supported too long after its end of life gets an issue that
// says to drop it, not to support it.
func TestSyncDropAfterEOL(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	p := strings.Replace(k8s(`"1.33", "1.36"`), "window: 3 months", "window: 3 months\n    drop_after_eol: 1 month", 1)
	mustSync(t, c, p, "2026-08-25") // 1.33 reached end of life on 2026-06-28: drop by 2026-07-28
	is := only(t, srv, "default/kubernetes/1.33/drop")
	if is.Title != "Drop kubernetes 1.33 (kubernetes)" || !strings.Contains(is.Description, "Remove `1.33` from the `supported` list") ||
		strings.Contains(is.Description, "not supported yet") {
		t.Errorf("drop issue %q:\n%s", is.Title, is.Description)
	}
}

// The issue that asked to support a release and the one that asks to drop
// it are two issues: the support issue is not reopened for the drop.
func TestSyncSupportThenDrop(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	drop := "    drop_after_eol: 1 month\n"
	withDrop := func(supported string) string {
		return strings.Replace(k8s(supported), "window: 3 months\n", "window: 3 months\n"+drop, 1)
	}
	mustSync(t, c, withDrop(`"1.32"`), "2025-09-01")                                 // 1.33 owed: a support issue
	mustSync(t, c, withDrop(`"1.32", "1.33", "1.34", "1.35", "1.36"`), "2025-09-02") // supported: closed
	out := mustSync(t, c, withDrop(`"1.33", "1.34", "1.35", "1.36"`), "2026-08-25")  // 1.33 past EOL + 1 month
	support := only(t, srv, "default/kubernetes/1.33")
	dropIssue := only(t, srv, "default/kubernetes/1.33/drop")
	if support.State != "closed" || dropIssue.State != "opened" || dropIssue.Title != "Drop kubernetes 1.33 (kubernetes)" {
		t.Errorf("support #%d %s, drop #%d %s %q", support.IID, support.State, dropIssue.IID, dropIssue.State, dropIssue.Title)
	}
	for _, a := range out.Actions {
		if a.Kind == plan.Reopen {
			t.Errorf("reopened an issue: %s", a)
		}
	}
	// Dropping the release closes the drop issue.
	mustSync(t, c, withDrop(`"1.34", "1.35", "1.36"`), "2026-08-26")
	if got := only(t, srv, "default/kubernetes/1.33/drop"); got.State != "closed" {
		t.Errorf("drop issue %s after the release was dropped", got.State)
	}
	notes := srv.IssueNotes(proj, dropIssue.IID)
	if len(notes) != 1 || !strings.Contains(notes[0].Body, "dropped") {
		t.Errorf("drop issue notes %v", notes)
	}
}

// With issues.group: target, one issue tracks every release the target
// owes: named for the newest, listing the releases it clears, due on the
// oldest due date; closed once the newest is supported.
func TestSyncGroupTarget(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv)
	const fp = "default/kubernetes"
	out := mustSync(t, c, k8s(`"1.33"`, "group: target"), "2026-08-25")
	is := only(t, srv, fp)
	if n := len(srv.Issues(proj)); n != 1 || srv.Count(http.MethodPost) != 1 {
		t.Fatalf("%d issues, want 1%s", n, logOf(srv.Requests()))
	}
	if is.Title != "Support kubernetes 1.36 in kubernetes (+2 older)" || is.DueDate == nil || is.DueDate.String() != "2025-11-27" ||
		!slices.Equal(labelsOf(is), []string{"keepup", "keepup::overdue"}) {
		t.Errorf("issue %q due %v labels %v", is.Title, is.DueDate, is.Labels)
	}
	for _, row := range []string{"| 1.36 | 2026-04-22 | 2026-07-22 | overdue | - |", "| 1.35 | 2025-12-17 | 2026-03-17 | overdue | 1.36 |", "| 1.34 | 2025-08-27 | 2025-11-27 | overdue | 1.36 |"} {
		if !strings.Contains(is.Description, row) {
			t.Errorf("the description lacks %s:\n%s", row, is.Description)
		}
	}
	if l := out.Links[fp]; l.State != "opened" || l.IID != is.IID {
		t.Errorf("link %+v", l)
	}

	srv.ResetRequests()
	out = mustSync(t, c, k8s(`"1.33", "1.36"`, "group: target"), "2026-08-25")
	is = only(t, srv, fp)
	if is.State != "closed" || !slices.Contains(labelsOf(is), "keepup::resolved") {
		t.Fatalf("issue %s %v, want closed as resolved", is.State, is.Labels)
	}
	notes := srv.IssueNotes(proj, is.IID)
	if len(notes) != 1 || notes[0].Body != "keepup: closing: target kubernetes owes nothing now: kubernetes 1.36 is supported." {
		t.Errorf("notes %+v", notes)
	}
	if l := out.Links[fp]; l.State != "closed" || l.IID != is.IID {
		t.Errorf("link %+v", l)
	}
}

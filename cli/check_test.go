package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

const secret = "glpat-SECRET-token-do-not-print"

const issuesPolicy = `version: 1
targets:
  - name: kubernetes
    product: kubernetes
    window: 3 months
    supported: ["1.34"]
issues:
  labels: [group::distribution]
`

// keepupRun runs the command line in a fresh directory holding the policy,
// against a fake GitLab, and returns the exit code, stdout and stderr.
func keepupRun(t *testing.T, srv *gitlabtest.Server, env map[string]string, args ...string) (int, string, string, string) {
	t.Helper()
	return keepupCheck(t, srv, env, append([]string{"--now", "2026-08-25"}, args...)...)
}

// keepupCheck is keepupRun without its --now.
func keepupCheck(t *testing.T, srv *gitlabtest.Server, env map[string]string, args ...string) (int, string, string, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".keepup.yml"), []byte(issuesPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	environ := map[string]string{
		"CI_API_V4_URL": srv.URL(), "CI_PROJECT_PATH": "group/app", "CI_PROJECT_URL": "https://gitlab.example/group/app",
		"CI_DEFAULT_BRANCH": "main", "CI_JOB_URL": "https://gitlab.example/group/app/-/jobs/7",
		"KEEPUP_GITLAB_TOKEN": secret, "KEEPUP_GITLAB_TIMEOUT": "2s", "KEEPUP_GITLAB_RETRY_WAIT": "10ms",
	}
	for k, v := range env {
		if v == "" {
			delete(environ, k)
		} else {
			environ[k] = v
		}
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"check", "--json", "out.json", "--junit", "out.xml"}, args...), &stdout, &stderr, environ)
	reports := ""
	for _, f := range []string{"out.json", "out.xml"} {
		b, _ := os.ReadFile(f)
		reports += string(b)
	}
	for name, s := range map[string]string{"stdout": stdout.String(), "stderr": stderr.String(), "reports": reports} {
		if strings.Contains(s, secret) || strings.Contains(s, "SECRET") {
			t.Errorf("the token appears in %s:\n%s", name, s)
		}
	}
	return code, stdout.String(), stderr.String(), reports
}

func newFake(t *testing.T) *gitlabtest.Server {
	srv := gitlabtest.New(t, gitlabtest.WithToken(secret))
	srv.AddProject("group/app")
	return srv
}

func TestCheckIssues(t *testing.T) {
	srv := newFake(t)
	code, stdout, _, _ := keepupRun(t, srv, nil, "--issues")
	if code != exitBreach {
		t.Fatalf("exit %d, want 1 (overdue findings)\n%s", code, stdout)
	}
	issues := srv.Issues("group/app")
	if len(issues) != 2 { // 1.35 and 1.36 are overdue
		t.Fatalf("%d issues, want 2: %+v", len(issues), issues)
	}
	if !strings.Contains(stdout, `issues: create new issue "Support kubernetes 1.36 (kubernetes)" labels keepup,keepup::overdue,group::distribution`) {
		t.Errorf("stdout does not say what was created:\n%s", stdout)
	}
	if !strings.Contains(issues[0].Description, "[.keepup.yml:3](https://gitlab.example/group/app/-/blob/main/.keepup.yml#L3)") ||
		!strings.Contains(issues[0].Description, "https://gitlab.example/group/app/-/jobs/7") {
		t.Errorf("the body does not link the policy line and the job:\n%s", issues[0].Description)
	}
	var report struct {
		Findings []struct {
			Release string  `json:"release"`
			Issue   *string `json:"issue"`
		} `json:"findings"`
	}
	b, _ := os.ReadFile("out.json")
	if err := json.Unmarshal(b, &report); err != nil {
		t.Fatal(err)
	}
	linked := 0
	for _, f := range report.Findings {
		if f.Issue != nil && strings.Contains(*f.Issue, "/issues/") {
			linked++
		}
	}
	if linked != 2 {
		t.Errorf("%d findings link their issue in the JSON report, want 2: %s", linked, b)
	}

	// A second run changes nothing.
	writes := srv.Writes()
	if code, stdout, _, _ := keepupRun(t, srv, nil, "--issues"); code != exitBreach || !strings.Contains(stdout, "issues: nothing to change") {
		t.Errorf("second run: exit %d\n%s", code, stdout)
	}
	if srv.Writes() != writes {
		t.Errorf("second run sent %d writes, want 0", srv.Writes()-writes)
	}
}

func TestCheckIssuesDryRunInMergeRequests(t *testing.T) {
	srv := newFake(t)
	code, stdout, _, _ := keepupRun(t, srv, map[string]string{"CI_PIPELINE_SOURCE": "merge_request_event", "KEEPUP_ISSUES": "true"})
	if code != exitBreach || srv.Writes() != 0 || len(srv.Issues("group/app")) != 0 {
		t.Errorf("exit %d, %d writes, %d issues; want 1, 0, 0", code, srv.Writes(), len(srv.Issues("group/app")))
	}
	if !strings.Contains(stdout, `issues (dry run, would): create new issue "Support kubernetes 1.35 (kubernetes)"`) {
		t.Errorf("dry run does not print the plan:\n%s", stdout)
	}
	// --dry-run=false overrides the merge-request default.
	if code, _, _, _ := keepupRun(t, srv, map[string]string{"CI_PIPELINE_SOURCE": "merge_request_event"}, "--issues", "--dry-run=false"); code != exitBreach || len(srv.Issues("group/app")) != 2 {
		t.Errorf("--dry-run=false: exit %d, %d issues", code, len(srv.Issues("group/app")))
	}
}

func TestCheckIssuesFailures(t *testing.T) {
	t.Run("list fails", func(t *testing.T) {
		srv := newFake(t)
		srv.Fail("GET", "/projects/*/issues", gitlabtest.Fault{Status: 500}, 100)
		code, _, stderr, reports := keepupRun(t, srv, nil, "--issues")
		if code != exitError || srv.Writes() != 0 {
			t.Errorf("exit %d, %d writes; want 2 and none", code, srv.Writes())
		}
		if !strings.Contains(stderr, "listing the issues labelled keepup in project group/app") {
			t.Errorf("stderr does not say what failed:\n%s", stderr)
		}
		if !strings.Contains(reports, `"schema": "keepup/v1"`) || !strings.Contains(reports, "<testsuites") {
			t.Error("the reports were not written")
		}
		if !strings.Contains(reports, `<testcase name="gitlab issues" classname="keepup errors"`) || !strings.Contains(reports, `<error type="error" message="listing the issues labelled keepup`) ||
			!strings.Contains(reports, `"name": "gitlab issues",`) {
			t.Errorf("the reports do not show the failure as an error:\n%s", reports)
		}
	})
	t.Run("wrong token", func(t *testing.T) {
		srv := gitlabtest.New(t)
		srv.AddProject("group/app")
		code, _, stderr, _ := keepupRun(t, srv, nil, "--issues")
		if code != exitError || !strings.Contains(stderr, "the token is invalid or expired") {
			t.Errorf("exit %d:\n%s", code, stderr)
		}
	})
	t.Run("job token only", func(t *testing.T) {
		srv := newFake(t)
		code, _, stderr, _ := keepupRun(t, srv, map[string]string{"KEEPUP_GITLAB_TOKEN": "", "CI_JOB_TOKEN": secret}, "--issues")
		if code != exitError || !strings.Contains(stderr, "only CI_JOB_TOKEN is set, and it cannot use GitLab's Issues") || len(srv.Requests()) != 0 {
			t.Errorf("exit %d, %d requests:\n%s", code, len(srv.Requests()), stderr)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		srv := newFake(t)
		srv.Fail("GET", "/projects/*/issues", gitlabtest.Fault{Delay: 5 * time.Second}, 100)
		start := time.Now()
		code, _, stderr, reports := keepupRun(t, srv, map[string]string{"KEEPUP_GITLAB_TIMEOUT": "100ms"}, "--issues")
		if code != exitError || !strings.Contains(stderr, "GitLab did not answer in time") || srv.Writes() != 0 {
			t.Errorf("exit %d, %d writes:\n%s", code, srv.Writes(), stderr)
		}
		if !strings.Contains(reports, "<testsuites") {
			t.Error("the reports were not written")
		}
		if d := time.Since(start); d > 4*time.Second {
			t.Errorf("gave up after %s, want about five attempts of 100ms", d)
		}
	})
	t.Run("create fails", func(t *testing.T) {
		srv := newFake(t)
		srv.Fail("POST", "/projects/*/issues", gitlabtest.Fault{Status: 500, AfterApply: true}, 1)
		code, _, _, reports := keepupRun(t, srv, nil, "--issues")
		if !strings.Contains(reports, `"name": "gitlab issues"`) {
			t.Errorf("the reports do not name the failed create:\n%s", reports)
		}
		if code != exitError || srv.Count("POST") != 2 {
			t.Errorf("exit %d, %d POSTs; want 2 and exactly one POST per finding (no retried POST)", code, srv.Count("POST"))
		}
		if code, _, _, _ := keepupRun(t, srv, nil, "--issues"); code != exitBreach || len(srv.Issues("group/app")) != 2 || srv.Count("POST") != 2 {
			t.Errorf("next run: exit %d, %d issues, %d POSTs; want 1, 2, 2 (converged, no duplicate)", code, len(srv.Issues("group/app")), srv.Count("POST"))
		}
	})
}

func TestCalendarFromGitLab(t *testing.T) {
	srv := newFake(t)
	srv.AddGroup("group")
	for _, m := range []struct{ title, due string }{{"18.11", "2026-04-16"}, {"19.0", "2026-05-21"}, {"19.1", "2026-06-18"}, {"19.2", "2026-07-16"}, {"Backlog", ""}} {
		gm := gl.GroupMilestone{Title: m.title}
		if m.due != "" {
			d, _ := gl.ParseISOTime(m.due)
			gm.DueDate = &d
		}
		srv.AddGroupMilestone("group", gm)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	policy := "version: 1\ncalendar:\n  source: gitlab\n  group: group\ntargets:\n  - name: ubuntu\n    product: ubuntu\n    filter: lts\n    window: 2 milestones\n    supported: [\"24.04\"]\n"
	if err := os.WriteFile(".keepup.yml", []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"explain", "--now", "2026-08-25", "ubuntu", "26.04"}, &stdout, &stderr, map[string]string{
		"CI_API_V4_URL": srv.URL(), "CI_PROJECT_PATH": "group/app", "KEEPUP_GITLAB_TOKEN": secret,
	})
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "milestone 19.1 released 2026-06-18") || !strings.Contains(stderr.String(), "milestones without a due date are skipped: Backlog") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	if srv.Count("GET") != 1 {
		t.Errorf("%d GETs, want one paginated list of milestones", srv.Count("GET"))
	}
}

// The CI/CD components name the variable that holds the token
// (KEEPUP_TOKEN_VARIABLE), as their image has no shell to copy it.
func TestCheckIssuesTokenVariable(t *testing.T) {
	srv := newFake(t)
	code, _, stderr, reports := keepupRun(t, srv, map[string]string{"KEEPUP_GITLAB_TOKEN": "", "KEEPUP_TOKEN_VARIABLE": "TEAM_BOT_TOKEN", "TEAM_BOT_TOKEN": secret}, "--issues")
	if code != exitBreach || len(srv.Issues("group/app")) != 2 {
		t.Errorf("exit %d, %d issues; want 1 and 2 issues:\n%s", code, len(srv.Issues("group/app")), stderr)
	}
	code, _, stderr, reports2 := keepupRun(t, srv, map[string]string{"KEEPUP_GITLAB_TOKEN": secret, "KEEPUP_TOKEN_VARIABLE": "TEAM_BOT_TOKEN"}, "--issues")
	if code != exitError || !strings.Contains(stderr, "KEEPUP_TOKEN_VARIABLE names TEAM_BOT_TOKEN, which is not set") {
		t.Errorf("named variable unset: exit %d, want 2 naming it:\n%s", code, stderr)
	}
	if strings.Contains(stderr+reports+reports2, secret) {
		t.Error("the token was printed")
	}
}

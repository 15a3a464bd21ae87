package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

// The job-log markers at testNow (2026-08-25 12:00 UTC = 1787659200).
func sectionStart(name, header string, collapsed bool) string {
	opts := ""
	if collapsed {
		opts = "[collapsed=true]"
	}
	return "\x1b[0Ksection_start:1787659200:" + name + opts + "\r\x1b[0K" + header + "\n"
}

func sectionEnd(name string) string {
	return "\x1b[0Ksection_end:1787659200:" + name + "\r\x1b[0K\n"
}

// tableRE is the table of githubPolicy at 2026-08-25 with its summary line.
var tableRE = regexp.MustCompile(`^STATUS +TARGET .*\n(?:(?:overdue|due-soon|eol|ok) .*\n){3}2 targets behind, 3 releases owed · 2 overdue, 1 due-soon, 1 eol, 2 supported\npolicy .keepup.yml · .*\n$`)

// In a GitLab job log, check's table is a section, collapsed unless the
// run fails, and the last line says how the run ended; never with a report
// on stdout, nor outside GitLab CI.
func TestJobLogCheck(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".keepup.yml"), []byte(githubPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"GITLAB_CI": "true", "CI": "true"}
	const header = "keepup: 2 overdue, 1 due-soon, 1 eol, 2 supported"
	for _, tt := range []struct {
		failOn    string
		code      int
		collapsed bool
		verdict   string
	}{
		{"overdue", exitBreach, false, "keepup: FAILED: 2 overdue (kubernetes 1.35, kubernetes 1.36) · fail-on overdue\n"},
		{"due-soon", exitBreach, false, "keepup: FAILED: 2 overdue (kubernetes 1.35, kubernetes 1.36), 1 due-soon (nginx 1.31), 1 eol (kubernetes 1.33) · fail-on due-soon\n"},
		{"never", exitOK, true, "keepup: passed: 2 overdue, 1 due-soon, 1 eol, 2 supported · fail-on never\n"},
	} {
		code, stdout, stderr := runIn(t, dir, env, "check", "--now", "2026-08-25", "--fail-on", tt.failOn)
		start, end := sectionStart(sectionFindings, header, tt.collapsed), sectionEnd(sectionFindings)
		table, rest, ok := strings.Cut(strings.TrimPrefix(stdout, start), end)
		if code != tt.code || !strings.HasPrefix(stdout, start) || !ok || !tableRE.MatchString(table) || rest != tt.verdict {
			t.Errorf("--fail-on %s: exit %d, want %d; stdout:\n%q\nwant the table between\n%q and\n%q, then\n%q\nstderr:\n%s", tt.failOn, code, tt.code, stdout, start, end, tt.verdict, stderr)
		}
		if strings.Contains(stderr, "section_") {
			t.Errorf("markers on stderr:\n%s", stderr)
		}
	}

	// A report on stdout is the report alone; the table on stderr has no sections.
	_, stdout, stderr := runIn(t, dir, env, "check", "--now", "2026-08-25", "--json", "-")
	if strings.Contains(stdout+stderr, "section_") || strings.Contains(stdout+stderr, "keepup: FAILED") || !strings.HasPrefix(stdout, "{") {
		t.Errorf("job-log markup with a report on stdout:\n%s\n%s", stdout, stderr)
	}
	delete(env, "GITLAB_CI")
	_, stdout, _ = runIn(t, dir, env, "check", "--now", "2026-08-25")
	if strings.Contains(stdout, "section_") || strings.Contains(stdout, "keepup: FAILED") {
		t.Errorf("job-log markup outside GitLab CI:\n%s", stdout)
	}
}

// The issue actions are a collapsed section after the table's; a failed
// GitLab request makes the verdict an error.
func TestJobLogIssues(t *testing.T) {
	srv := gitlabtest.New(t, gitlabtest.WithToken(secret))
	srv.AddProject("group/app")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".keepup.yml"), []byte(githubPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"GITLAB_CI": "true", "CI_API_V4_URL": srv.URL(), "CI_PROJECT_PATH": "group/app",
		"KEEPUP_GITLAB_TOKEN": secret, "KEEPUP_GITLAB_RETRY_WAIT": "10ms",
	}
	code, stdout, stderr := runIn(t, dir, env, "check", "--now", "2026-08-25", "--issues", "--dry-run")
	issues := sectionStart(sectionIssues, "keepup: GitLab issues", true) +
		"issues (dry run, would): create new issue \"Support kubernetes 1.36 (k8s)\" labels keepup,keepup::overdue: due 2026-07-22\n" +
		"issues (dry run, would): create new issue \"Support kubernetes 1.35 (k8s)\" labels keepup,keepup::overdue: due 2026-03-17\n" +
		sectionEnd(sectionIssues) +
		"keepup: FAILED: 2 overdue (kubernetes 1.35, kubernetes 1.36) · fail-on overdue\n"
	if code != exitBreach || !strings.Contains(stdout, sectionEnd(sectionFindings)+issues) || !strings.HasSuffix(stdout, issues) {
		t.Errorf("exit %d; stdout:\n%q\nwant it to end in\n%q\nstderr:\n%s", code, stdout, issues, stderr)
	}

	srv.Fail("GET", "/projects/group%2Fapp/issues", gitlabtest.Fault{Status: 403}, 1)
	code, stdout, _ = runIn(t, dir, env, "check", "--now", "2026-08-25", "--issues", "--dry-run")
	if want := "\nkeepup: ERROR: 2 overdue (kubernetes 1.35, kubernetes 1.36), gitlab issues failed · fail-on overdue\n"; code != exitError || !strings.HasSuffix(stdout, want) || strings.Contains(stdout, sectionIssues) {
		t.Errorf("exit %d; stdout:\n%s\nwant it to end in %q", code, stdout, want)
	}
}

// The gate's checks are a section, open when the gate fails, and the last
// line is the gate's verdict.
func TestJobLogGate(t *testing.T) {
	srv := gitlabtest.New(t, gitlabtest.WithToken(secret))
	srv.AddProject("group/app")
	srv.PutFile("group/app", "main", ".keepup.yml", []byte(mainPolicy))
	srv.SetMergeRequest("group/app", gl.MergeRequest{BasicMergeRequest: gl.BasicMergeRequest{IID: 5}})
	srv.AddPipeline("group/app", gl.PipelineInfo{Ref: "main", Status: "failed", CreatedAt: &t0})
	env := map[string]string{
		"GITLAB_CI": "true", "CI_API_V4_URL": srv.URL(), "CI_PROJECT_ID": "group/app", "CI_DEFAULT_BRANCH": "main",
		"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "5", "CI_MERGE_REQUEST_LABELS": "type::bug",
		"KEEPUP_GITLAB_TOKEN": secret, "KEEPUP_GITLAB_RETRY_WAIT": "10ms",
	}
	dir := t.TempDir()
	code, stdout, stderr := runIn(t, dir, env, "gate")
	start := sectionStart(sectionGate, "keepup gate: FAIL red-main, FAIL labels", false)
	checks, verdict, ok := strings.Cut(strings.TrimPrefix(stdout, start), sectionEnd(sectionGate))
	if code != exitBreach || !strings.HasPrefix(stdout, start) || !ok || !strings.HasPrefix(checks, "policy: .keepup.yml from the default branch main") ||
		!strings.Contains(checks, "\nFAIL labels: ") || verdict != "keepup gate: FAILED: red-main, labels\n" {
		t.Errorf("exit %d; stdout:\n%q\nstderr:\n%s", code, stdout, stderr)
	}

	srv.AddPipeline("group/app", gl.PipelineInfo{Ref: "main", Status: "success"})
	env["CI_MERGE_REQUEST_LABELS"] = "group::distribution,group::distribution::build,type::bug"
	code, stdout, _ = runIn(t, dir, env, "gate")
	if code != exitOK || !strings.HasPrefix(stdout, sectionStart(sectionGate, "keepup gate: PASS red-main, PASS labels", true)) ||
		!strings.HasSuffix(stdout, sectionEnd(sectionGate)+"keepup gate: passed: red-main, labels\n") {
		t.Errorf("exit %d; stdout:\n%q", code, stdout)
	}
}

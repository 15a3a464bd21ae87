package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

// The default branch's policy requires labels; the work tree's, as a merge
// request might change it, requires none.
const (
	mainPolicy = `version: 1
targets:
  - name: kubernetes
    product: kubernetes
    window: 3 months
gate:
  labels:
    required: [group::distribution, "group::distribution::", "type::"]
`
	weakPolicy = `version: 1
targets:
  - name: kubernetes
    product: kubernetes
    window: 3 months
gate:
  red_main:
    enabled: false
`
)

// gateFake is a fake GitLab with the project, its default branch policy
// and merge request !5.
func gateFake(t *testing.T) *gitlabtest.Server {
	srv := newFake(t)
	srv.PutFile("group/app", "main", ".keepup.yml", []byte(mainPolicy))
	srv.SetMergeRequest("group/app", gl.MergeRequest{BasicMergeRequest: gl.BasicMergeRequest{IID: 5, Title: "Support 1.36"}})
	return srv
}

var t0 = time.Date(2026, 8, 20, 10, 0, 0, 0, time.UTC)

func pipeline(srv *gitlabtest.Server, status string, hoursAfter int, jobs ...gl.Job) int64 {
	created := t0.Add(time.Duration(hoursAfter) * time.Hour)
	return srv.AddPipeline("group/app", gl.PipelineInfo{Ref: "main", Status: status, CreatedAt: &created}, jobs...)
}

// gate runs keepup gate in a merge-request pipeline for !5 and returns the
// exit code, stdout and stderr.
func gate(t *testing.T, srv *gitlabtest.Server, labels string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return gateIn(t, srv, weakPolicy, labels, env, args...)
}

// gateIn is gate with a given work-tree policy; "" means none.
func gateIn(t *testing.T, srv *gitlabtest.Server, worktreePolicy, labels string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	if worktreePolicy != "" {
		if err := os.WriteFile(".keepup.yml", []byte(worktreePolicy), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	environ := map[string]string{
		"CI_API_V4_URL": srv.URL(), "CI_PROJECT_ID": "group/app", "CI_DEFAULT_BRANCH": "main",
		"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "5", "CI_MERGE_REQUEST_LABELS": labels,
		"KEEPUP_GITLAB_TOKEN": secret, "KEEPUP_GITLAB_RETRY_WAIT": "10ms",
	}
	for k, v := range env {
		environ[k] = v
	}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"gate"}, args...), &stdout, &stderr, environ)
	if strings.Contains(stdout.String()+stderr.String(), secret) {
		t.Error("the token was printed")
	}
	return code, stdout.String(), stderr.String()
}

const goodLabels = "group::distribution,group::distribution::deploy,type::maintenance"

func TestGateRedMain(t *testing.T) {
	failedJob := gl.Job{Name: "rspec 3/4", Stage: "test", Status: "failed"}
	tests := []struct {
		name     string
		setup    func(*gitlabtest.Server)
		labels   string
		env      map[string]string
		code     int
		want     []string
		requests int // 0: not checked; a green gate reads .keepup.yml and .keepup.yaml (two would be an error) and one page of pipelines
	}{
		{"green", func(s *gitlabtest.Server) { pipeline(s, "failed", 0); pipeline(s, "success", 1) }, goodLabels, nil, 0,
			[]string{"PASS red-main: the default branch main is green: pipeline #", "PASS labels"}, 3},
		{"red", func(s *gitlabtest.Server) {
			pipeline(s, "success", 0)
			pipeline(s, "failed", 2)
			pipeline(s, "failed", 26, failedJob, gl.Job{Name: "lint", Stage: "test", Status: "success"})
		}, goodLabels, nil, 1, []string{
			"FAIL red-main: the default branch main is red (pipeline #",
			"/-/pipelines/", "failed job rspec 3/4 (stage test): ", "red since 2026-08-20 12:00 UTC",
			"fix: merge the fix first; a merge request that fixes the branch passes with one of the labels pipeline::expedited, main:broken, master:broken",
		}, 0},
		{"running then red", func(s *gitlabtest.Server) {
			pipeline(s, "success", 0)
			pipeline(s, "failed", 1, failedJob)
			pipeline(s, "running", 2)
		}, goodLabels, nil, 1,
			[]string{"FAIL red-main", "failed job rspec 3/4"}, 0},
		{"never run", func(*gitlabtest.Server) {}, goodLabels, nil, 0,
			[]string{"PASS red-main: the default branch main has no finished pipeline yet"}, 3},
		{"canceled is passed over", func(s *gitlabtest.Server) { pipeline(s, "success", 0); pipeline(s, "canceled", 1) }, goodLabels, nil, 0,
			[]string{"PASS red-main: the default branch main is green"}, 3},
		{"skipped is passed over", func(s *gitlabtest.Server) { pipeline(s, "failed", 0); pipeline(s, "skipped", 1) }, goodLabels, nil, 1,
			[]string{"FAIL red-main: the default branch main is red (pipeline #"}, 0},
		{"red, but the merge request fixes it", func(s *gitlabtest.Server) { pipeline(s, "failed", 0, failedJob) }, goodLabels + ",main:broken", nil, 0,
			[]string{"PASS red-main: the default branch main is red, but this merge request carries `main:broken`: it may pass to fix it", "failed job rspec 3/4"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := gateFake(t)
			tt.setup(srv)
			srv.ResetRequests()
			code, stdout, stderr := gate(t, srv, tt.labels, tt.env)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if tt.requests != 0 && len(srv.Requests()) != tt.requests {
				t.Errorf("%d requests, want %d: %v", len(srv.Requests()), tt.requests, srv.Requests())
			}
			t.Logf("%s: %d requests", tt.name, len(srv.Requests()))
		})
	}
}

func TestGateCountCanceled(t *testing.T) {
	srv := gateFake(t)
	srv.PutFile("group/app", "main", ".keepup.yml", []byte(strings.Replace(mainPolicy, "gate:\n", "gate:\n  red_main:\n    count_canceled: true\n", 1)))
	pipeline(srv, "success", 0)
	pipeline(srv, "canceled", 1)
	if code, stdout, _ := gate(t, srv, goodLabels, nil); code != 1 || !strings.Contains(stdout, "pipeline #") || !strings.Contains(stdout, "canceled") {
		t.Errorf("count_canceled: exit %d\n%s", code, stdout)
	}
}

func TestGateLabels(t *testing.T) {
	tests := []struct {
		labels string
		code   int
		want   string
	}{
		{goodLabels, 0, "PASS labels: the required labels are present: group::distribution, group::distribution::, type::"},
		{"group::distribution::deploy,type::bug", 1, "missing label group::distribution: add it"},
		{"group::distribution,type::bug", 1, "missing a group::distribution:: label: add exactly one group::distribution::<name> label"},
		{"group::distribution,group::distribution::deploy,group::distribution::build,type::bug", 1, "conflicting group::distribution:: labels `group::distribution::deploy`, `group::distribution::build`: keep exactly one"},
		{"group::distribution,group::distribution::deploy", 1, "missing a type:: label"},
		{"group::distribution, group::distribution::deploy, type::bug", 0, "PASS labels"}, // typed by hand
	}
	for _, tt := range tests {
		srv := gateFake(t)
		pipeline(srv, "success", 0)
		code, stdout, _ := gate(t, srv, tt.labels, nil)
		if code != tt.code || !strings.Contains(stdout, tt.want) {
			t.Errorf("labels %s: exit %d, want %d and %q:\n%s", tt.labels, code, tt.code, tt.want, stdout)
		}
	}
}

func TestGatePolicyFromDefaultBranch(t *testing.T) {
	srv := gateFake(t)
	pipeline(srv, "failed", 0)
	// The work tree's policy turns red_main off and requires no labels; the
	// default branch's does not, and wins.
	code, stdout, _ := gate(t, srv, "", nil)
	if code != 1 || !strings.Contains(stdout, "policy: .keepup.yml from the default branch main") || !strings.Contains(stdout, "FAIL red-main") || !strings.Contains(stdout, "FAIL labels") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	code, stdout, _ = gate(t, srv, "", nil, "--policy-from", "worktree")
	if code != 0 || !strings.Contains(stdout, "policy: the work tree's .keepup.yml") || strings.Contains(stdout, "red-main") {
		t.Errorf("--policy-from worktree: exit %d:\n%s", code, stdout)
	}
	if _, stdout, _ := gateIn(t, srv, "", "", nil, "--policy-from", "worktree"); !strings.Contains(stdout, "policy: the embedded default policy: the work tree has no .keepup.yml") {
		t.Errorf("--policy-from worktree without a policy:\n%s", stdout)
	}
	// A default branch without a policy: the embedded default's gate.
	srv2 := newFake(t)
	pipeline(srv2, "success", 0)
	code, stdout, _ = gate(t, srv2, "", nil)
	if code != 0 || !strings.Contains(stdout, "policy: the embedded default policy: the default branch main has no .keepup.yml") {
		t.Errorf("no policy on main: exit %d:\n%s", code, stdout)
	}
}

func TestGateNoteEditedInPlace(t *testing.T) {
	srv := gateFake(t)
	pipeline(srv, "failed", 0)
	srv.ResetRequests()
	for i, labels := range []string{"", "group::distribution", goodLabels + ",main:broken"} {
		code, _, stderr := gate(t, srv, labels, nil, "--mr-note")
		notes := srv.MergeRequestNotes("group/app", 5)
		if len(notes) != 1 {
			t.Fatalf("run %d: %d notes, want 1\n%s", i+1, len(notes), stderr)
		}
		if !strings.HasPrefix(notes[0].Body, "<!-- keepup:mr-note -->\n") || !strings.Contains(notes[0].Body, "### keepup gate:") || !strings.Contains(notes[0].Body, "### keepup: ") {
			t.Errorf("run %d: note body:\n%s", i+1, notes[0].Body)
		}
		wantCode := 1
		if i == 2 {
			wantCode = 0
			if !strings.Contains(notes[0].Body, ":white_check_mark: passed") {
				t.Errorf("the note was not edited to the passing gate:\n%s", notes[0].Body)
			}
		}
		if code != wantCode {
			t.Errorf("run %d: exit %d, want %d", i+1, code, wantCode)
		}
	}
	if srv.Count("POST") != 1 || srv.Count("PUT") != 2 {
		t.Errorf("%d POSTs and %d PUTs, want one note created and edited twice", srv.Count("POST"), srv.Count("PUT"))
	}
	// A fourth run with nothing changed writes nothing.
	writes := srv.Writes()
	gate(t, srv, goodLabels+",main:broken", nil, "--mr-note")
	if srv.Writes() != writes {
		t.Errorf("an unchanged note was written again")
	}
}

func TestGateBadInput(t *testing.T) {
	srv := gateFake(t)
	code, _, stderr := gate(t, srv, "a,,b", nil)
	if code != 2 || !strings.Contains(stderr, `keepup: error: CI_MERGE_REQUEST_LABELS="a,,b": label 2 is empty; expected labels separated by single commas`) {
		t.Errorf("malformed labels: exit %d:\n%s", code, stderr)
	}
	code, _, stderr = gate(t, srv, "", map[string]string{"CI_MERGE_REQUEST_IID": ""})
	if code != 2 || !strings.Contains(stderr, "this is a merge-request pipeline, but CI_MERGE_REQUEST_IID is not set") {
		t.Errorf("no IID: exit %d:\n%s", code, stderr)
	}
	code, _, stderr = gate(t, srv, "", map[string]string{"CI_MERGE_REQUEST_IID": "five"})
	if code != 2 || !strings.Contains(stderr, `keepup: error: CI_MERGE_REQUEST_IID="five": expected a merge request IID, a positive number`) {
		t.Errorf("bad IID: exit %d:\n%s", code, stderr)
	}
	if len(srv.Requests()) != 0 {
		t.Errorf("bad input still sent %d requests", len(srv.Requests()))
	}
	srv.Fail("GET", "/projects/*/pipelines", gitlabtest.Fault{Status: 500}, 100)
	code, _, stderr = gate(t, srv, goodLabels, nil, "--junit", "gate.xml", "--json", "gate.json")
	if code != 2 || !strings.Contains(stderr, "listing the finished pipelines of main") {
		t.Errorf("API failure: exit %d:\n%s", code, stderr)
	}
	// The reports are still written, with the failure as an error.
	x, _ := os.ReadFile("gate.xml")
	j, _ := os.ReadFile("gate.json")
	if !strings.Contains(string(x), `<testcase name="red main" classname="keepup errors"`) || !strings.Contains(string(j), `"name": "red main"`) {
		t.Errorf("reports after an API failure:\n%s\n%s", x, j)
	}
}

func TestGateReports(t *testing.T) {
	srv := gateFake(t)
	pipeline(srv, "failed", 0)
	code, _, _ := gate(t, srv, "", nil, "--junit", "gate.xml", "--json", "gate.json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	x, _ := os.ReadFile("gate.xml")
	j, _ := os.ReadFile("gate.json")
	if !strings.Contains(string(x), `<testsuite name="keepup gate" tests="2" failures="2"`) || !strings.Contains(string(x), `<testcase name="red-main" classname="keepup gate"`) {
		t.Errorf("JUnit:\n%s", x)
	}
	if !strings.Contains(string(j), `"gate": {`) || !strings.Contains(string(j), `"passed": false`) || !strings.Contains(string(j), `"name": "labels"`) {
		t.Errorf("JSON:\n%s", j)
	}
}

func TestCheckRedMainIssue(t *testing.T) {
	srv := newFake(t)
	pipeline(srv, "success", 0)
	pipeline(srv, "failed", 1, gl.Job{Name: "build", Stage: "build", Status: "failed"})
	env := map[string]string{"CI_DEFAULT_BRANCH": "main"}
	code, stdout, _, _ := keepupRun(t, srv, env, "--red-main", "--issues")
	if code != exitBreach || !strings.Contains(stdout, "note: the default branch main is red since 2026-08-20 11:00 UTC") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	red := findIssue(t, srv, "_red-main")
	if red == nil || red.State != "opened" || !strings.Contains(strings.Join(red.Labels, ","), "priority::1") || !strings.Contains(red.Description, "build") {
		t.Fatalf("red-main issue: %+v", red)
	}
	// Still red, same pipeline: nothing written, and the issues were listed once.
	srv.ResetRequests()
	keepupRun(t, srv, env, "--red-main", "--issues")
	if srv.Writes() != 0 {
		t.Errorf("an unchanged red branch wrote %d times", srv.Writes())
	}
	lists := 0
	for _, r := range srv.Requests() {
		if r.Method == "GET" && strings.HasSuffix(r.Path, "/issues") {
			lists++
		}
	}
	if lists != 1 {
		t.Errorf("%d issue lists in one run, want 1: %v", lists, srv.Requests())
	}
	// Green again: the issue is closed with a note.
	pipeline(srv, "success", 3)
	keepupRun(t, srv, env, "--red-main", "--issues")
	red = findIssue(t, srv, "_red-main")
	if red.State != "closed" {
		t.Errorf("red-main issue still %s after the branch turned green", red.State)
	}
	notes := srv.IssueNotes("group/app", red.IID)
	if len(notes) == 0 || !strings.Contains(notes[len(notes)-1].Body, "green again") {
		t.Errorf("no closing note: %+v", notes)
	}

	// A new red spell gets a new issue; a person closing it during that
	// spell is respected.
	pipeline(srv, "failed", 4)
	keepupRun(t, srv, env, "--red-main", "--issues")
	spell := findIssue(t, srv, "_red-main")
	if spell.IID == red.IID || spell.State != "opened" {
		t.Fatalf("new red spell: issue #%d %s, want a new open issue", spell.IID, spell.State)
	}
	srv.CloseIssue("group/app", spell.IID)
	pipeline(srv, "failed", 5)
	code, stdout, _, _ = keepupRun(t, srv, env, "--red-main", "--issues")
	if got := findIssue(t, srv, "_red-main"); code != exitBreach || got.IID != spell.IID || got.State != "closed" || !strings.Contains(stdout, "issues: acknowledged #") {
		t.Errorf("person-closed in the same spell: newest red issue #%d %s; stdout:\n%s", got.IID, got.State, stdout)
	}
}

// findIssue returns the newest issue whose fingerprint starts with fpPart.
func findIssue(t *testing.T, srv *gitlabtest.Server, fpPart string) *gl.Issue {
	t.Helper()
	var found *gl.Issue
	for _, iss := range srv.Issues("group/app") {
		if strings.Contains(iss.Description, "keepup:fingerprint default/"+fpPart) {
			found = &iss
		}
	}
	return found
}

// keepup's own nightly job fails on an overdue release; that is no broken
// default branch, so scheduled pipelines are passed over by default.
func TestGateIgnoresScheduledPipelines(t *testing.T) {
	srv := gateFake(t)
	pipeline(srv, "success", 0)
	nightly := t0.Add(3 * time.Hour)
	srv.AddPipeline("group/app", gl.PipelineInfo{Ref: "main", Status: "failed", Source: "schedule", CreatedAt: &nightly})
	if code, stdout, _ := gate(t, srv, goodLabels, nil); code != 0 || !strings.Contains(stdout, "PASS red-main: the default branch main is green") {
		t.Errorf("a failed scheduled pipeline: exit %d\n%s", code, stdout)
	}
	srv.PutFile("group/app", "main", ".keepup.yml", []byte(strings.Replace(mainPolicy, "gate:\n", "gate:\n  red_main:\n    ignore_sources: []\n", 1)))
	if code, stdout, _ := gate(t, srv, goodLabels, nil); code != 1 || !strings.Contains(stdout, "FAIL red-main") {
		t.Errorf("ignore_sources: [] counts it: exit %d\n%s", code, stdout)
	}
}

// A policy named outside the repository cannot be read from the default
// branch: refused before any request. One inside it is read by its path
// from the repository root.
func TestGatePolicyOutsideRepository(t *testing.T) {
	srv := gateFake(t)
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--policy", "../elsewhere.yml"}, nil, "keepup: error: --policy ../elsewhere.yml is outside the repository ("},
		{nil, map[string]string{"KEEPUP_POLICY": "/etc/keepup.yml"}, "keepup: error: KEEPUP_POLICY=/etc/keepup.yml is outside the repository ("},
		{[]string{"--policy", "/etc/keepup.yml"}, map[string]string{"CI_PROJECT_DIR": "/srv/repo"}, "keepup: error: --policy /etc/keepup.yml is outside the repository (/srv/repo), so it cannot be read from the default branch\nkeepup: hint: use --policy-from worktree\n"},
	} {
		srv.ResetRequests()
		code, stdout, stderr := gate(t, srv, goodLabels, tt.env, tt.args...)
		if code != exitError || !strings.Contains(stderr, tt.want) || stdout != "" {
			t.Errorf("%v %v: exit %d, want 2 and %q:\n%s%s", tt.args, tt.env, code, tt.want, stdout, stderr)
		}
		if n := len(srv.Requests()); n != 0 {
			t.Errorf("%v: %d requests, want none", tt.args, n)
		}
	}
	srv.PutFile("group/app", "main", "ci/keepup.yml", []byte(weakPolicy))
	code, stdout, stderr := gate(t, srv, "", nil, "--policy", "ci/keepup.yml")
	if code != exitOK || !strings.Contains(stdout, "policy: ci/keepup.yml from the default branch main") {
		t.Errorf("--policy ci/keepup.yml: exit %d\n%s%s", code, stdout, stderr)
	}
}

// The gate reads its policy from the default branch: a named policy must
// be there, never replaced by the embedded default; without a name,
// .keepup.yml or .keepup.yaml is found there as in the work tree.
func TestGateBranchPolicy(t *testing.T) {
	srv := newFake(t)
	pipeline(srv, "success", 0)
	srv.SetMergeRequest("group/app", gl.MergeRequest{BasicMergeRequest: gl.BasicMergeRequest{IID: 5}})
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--policy", "ci/keepup.yml"}, nil, "keepup: error: --policy ci/keepup.yml: the default branch main has no ci/keepup.yml\nkeepup: hint: merge the policy there first"},
		{nil, map[string]string{"KEEPUP_POLICY": "ci/keepup.yml"}, "keepup: error: KEEPUP_POLICY=ci/keepup.yml: the default branch main has no ci/keepup.yml\nkeepup: hint: merge"},
	} {
		code, stdout, stderr := gate(t, srv, "", tt.env, tt.args...)
		if code != exitError || !strings.HasPrefix(stderr, tt.want) || stdout != "" {
			t.Errorf("%v %v: exit %d, want 2 and %q:\n%s%s", tt.args, tt.env, code, tt.want, stdout, stderr)
		}
	}
	// No name, no policy there: the embedded default, and the output says so.
	code, stdout, _ := gate(t, srv, "", nil)
	if code != exitOK || !strings.Contains(stdout, "policy: the embedded default policy: the default branch main has no .keepup.yml or .keepup.yaml\n") {
		t.Errorf("no policy on main: exit %d\n%s", code, stdout)
	}
	srv.PutFile("group/app", "main", ".keepup.yaml", []byte(mainPolicy))
	code, stdout, _ = gate(t, srv, "", nil)
	if code != exitBreach || !strings.Contains(stdout, "policy: .keepup.yaml from the default branch main") || !strings.Contains(stdout, "FAIL labels") {
		t.Errorf(".keepup.yaml on main: exit %d\n%s", code, stdout)
	}
	srv.PutFile("group/app", "main", ".keepup.yml", []byte(mainPolicy))
	code, stdout, stderr := gate(t, srv, "", nil)
	if code != exitError || stderr != "keepup: error: reading the policy from the default branch main: both .keepup.yml and .keepup.yaml exist: keep one policy file\n" {
		t.Errorf("both on main: exit %d\n%s%s", code, stdout, stderr)
	}
}

// Label names from the merge request reach the note only as inline code
// without control characters: a label "x\n/close" cannot put a quick action
// at the start of a line of the note.
func TestGateNoteNeutralisesLabels(t *testing.T) {
	srv := gateFake(t)
	pipeline(srv, "success", 0)
	labels := "group::distribution,group::distribution::deploy,type::bug,type::x\n/close,type::y\r\n/label ~\"pwned\""
	code, stdout, stderr := gate(t, srv, labels, nil, "--mr-note")
	if code != exitBreach {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	notes := srv.MergeRequestNotes("group/app", 5)
	if len(notes) != 1 {
		t.Fatalf("%d notes, want 1", len(notes))
	}
	body := notes[0].Body
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "/") {
			t.Errorf("a line of the note starts a quick action: %q\n%s", line, body)
		}
	}
	if want := "conflicting type:: labels `type::bug`, `type::x/close`, `type::y/label ~\"pwned\"`: keep exactly one"; !strings.Contains(body, want) {
		t.Errorf("the note lacks %q:\n%s", want, body)
	}
}

// TestGateLinksIssues: the gate's note and reports link the issues a check
// job earlier in the same pipeline opened, and a gate that cannot list the
// issues still gates, with unlinked findings and a warning.
func TestGateLinksIssues(t *testing.T) {
	srv := gateFake(t)
	pipeline(srv, "success", 0)
	if code, stdout, _, _ := keepupRun(t, srv, nil, "--issues"); code != exitBreach {
		t.Fatalf("check --issues: exit %d\n%s", code, stdout)
	}
	opened := srv.Issues("group/app")
	if len(opened) == 0 {
		t.Fatal("the check opened no issue")
	}
	env := map[string]string{"KEEPUP_NOW": "2026-08-25"}
	code, _, stderr := gate(t, srv, goodLabels, env, "--mr-note", "--json", "gate.json")
	if code != 0 {
		t.Fatalf("gate: exit %d\n%s", code, stderr)
	}
	note := srv.MergeRequestNotes("group/app", 5)[0].Body
	j, _ := os.ReadFile("gate.json")
	for _, iss := range opened {
		if !strings.Contains(note, iss.WebURL) || !strings.Contains(string(j), `"issue": "`+iss.WebURL+`"`) {
			t.Errorf("issue %s is not linked:\nnote:\n%s\nJSON:\n%s", iss.WebURL, note, j)
		}
	}
	if got := strings.Count(string(j), `"issue_state": "opened"`); got != len(opened) {
		t.Errorf("%d findings linked to open issues, want %d", got, len(opened))
	}

	srv.Fail("GET", "/projects/*/issues", gitlabtest.Fault{Status: 500}, 100)
	code, _, stderr = gate(t, srv, goodLabels, env, "--mr-note")
	note = srv.MergeRequestNotes("group/app", 5)[0].Body
	if code != 0 || !strings.Contains(stderr, "keepup: warning: gate: the report links no issues:") || strings.Contains(note, opened[0].WebURL) {
		t.Errorf("issues unreadable: exit %d\n%s\nnote:\n%s", code, stderr, note)
	}
}

// TestGateNotePerPolicy: the gate of a second policy, with its own issues
// namespace, keeps a note of its own instead of overwriting the first's.
func TestGateNotePerPolicy(t *testing.T) {
	srv := gateFake(t)
	pipeline(srv, "success", 0)
	srv.PutFile("group/app", "main", "charts.keepup.yml", []byte(mainPolicy+"issues:\n  namespace: charts\n"))
	for range 2 { // the second round changes nothing
		if code, _, stderr := gate(t, srv, goodLabels, nil, "--mr-note"); code != 0 {
			t.Fatalf("gate: exit %d\n%s", code, stderr)
		}
		if code, _, stderr := gate(t, srv, goodLabels, nil, "--mr-note", "--policy", "charts.keepup.yml"); code != 0 {
			t.Fatalf("gate of charts.keepup.yml: exit %d\n%s", code, stderr)
		}
	}
	notes := srv.MergeRequestNotes("group/app", 5)
	if len(notes) != 2 {
		t.Fatalf("%d notes, want one per policy", len(notes))
	}
	if !strings.HasPrefix(notes[0].Body, "<!-- keepup:mr-note -->\n") || !strings.HasPrefix(notes[1].Body, "<!-- keepup:mr-note charts -->\n") ||
		!strings.Contains(notes[1].Body, "charts.keepup.yml") {
		t.Errorf("notes:\n%s\n---\n%s", notes[0].Body, notes[1].Body)
	}
	if srv.Count("PUT") != 0 {
		t.Errorf("%d note edits, want none: the two notes are each written once", srv.Count("PUT"))
	}
}

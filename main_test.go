package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	gl "gitlab.com/gitlab-org/api/client-go/v2"

	"gitlab.com/keepup/keepup/gitlab/gitlabtest"
)

// TestMain lets the test binary run as the keepup command in scripts, so the
// end-to-end tests run the real command line, flags, exit codes and all.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"keepup": main})
}

// TestScript runs the end-to-end scripts in testdata/script. Each runs the
// keepup binary in a fresh directory; $SCHEMAS holds the JSON and XML
// schemas the outputs must validate against, $SNAPSHOT the embedded
// snapshot's files. A fake GitLab serves them all,
// each script in a project of its own (e2e/<script>), set up in the CI
// variables keepup reads; the gitlab command seeds and inspects it.
func TestScript(t *testing.T) {
	schemas, err := filepath.Abs("testdata/schemas")
	if err != nil {
		t.Fatal(err)
	}
	snapshot, err := filepath.Abs("upstream/data")
	if err != nil {
		t.Fatal(err)
	}
	srv := gitlabtest.New(t, gitlabtest.WithToken(scriptToken))
	// Each script has an endoflife.date stand-in of its own, so that one
	// script's "eol down" and request counts do not reach another's.
	var eolMu sync.Mutex
	eols := map[string]*eolServer{} // by the script's $WORK
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SCHEMAS", schemas)
			env.Setenv("SNAPSHOT", snapshot)              // the embedded snapshot's files, to compare with
			env.Setenv("SOURCE_DATE_EPOCH", "1787659200") // 2026-08-25T12:00:00Z
			env.Setenv("KEEPUP_DATA", "embedded")         // scripts reach no network; live_data.txtar sets its own
			project := scriptProject(env.WorkDir)
			srv.AddProject(project)
			env.Setenv("GITLAB_URL", srv.URL())
			env.Setenv("PROJECT", project)
			env.Setenv("TOKEN", scriptToken)
			eol := newEOLServer(t)
			eolMu.Lock()
			eols[env.WorkDir] = eol
			eolMu.Unlock()
			env.Setenv("EOL_URL", eol.URL)
			return nil
		},
		RequireExplicitExec: true,
		// UPDATE_SCRIPTS=1 go test . rewrites the scripts' expected files from the real output.
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") != "",
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":        exits,
			"junit-schema": junitSchema,
			"eol": func(ts *testscript.TestScript, neg bool, args []string) {
				eolMu.Lock()
				eol := eols[ts.Getenv("WORK")]
				eolMu.Unlock()
				eol.command(ts, neg, args)
			},
			"gitlab": func(ts *testscript.TestScript, neg bool, args []string) { fakeGitLab(ts, neg, args, srv) },
		},
	})
}

// scriptToken is the fake GitLab's token in scripts; they check it is never printed.
const scriptToken = "glpat-SCRIPT-token-never-printed"

func scriptProject(workDir string) string {
	return "e2e/" + strings.TrimPrefix(filepath.Base(workDir), "script-")
}

// fakeGitLab is the scripts' gitlab command, on the script's project:
//
//	gitlab issues               list issues: #IID STATE TITLE [LABELS]
//	gitlab issue IID            print an issue's due date ("due DATE") and description
//	gitlab notes IID            print the notes of an issue
//	gitlab close IID            close an issue as a person would
//	gitlab pipeline STATUS [JOB] add a pipeline of main, with a failed job
//	gitlab file PATH            put a work-tree file on the default branch
//	gitlab mr IID               add a merge request
//	gitlab mrnotes IID          print the notes of a merge request
//	gitlab fail METHOD PATH STATUS N  answer the next N matching requests with STATUS
func fakeGitLab(ts *testscript.TestScript, neg bool, args []string, srv *gitlabtest.Server) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: gitlab issues|issue|notes|close|pipeline|file|mr|mrnotes ...")
	}
	project := scriptProject(ts.Getenv("WORK"))
	arg := func(i int) string {
		if len(args) <= i {
			ts.Fatalf("gitlab %s: missing argument", args[0])
		}
		return args[i]
	}
	iid := func() int64 {
		n, err := strconv.ParseInt(arg(1), 10, 64)
		ts.Check(err)
		return n
	}
	out := ts.Stdout()
	switch args[0] {
	case "issues":
		for _, is := range srv.Issues(project) {
			fmt.Fprintf(out, "#%d %s %s [%s]\n", is.IID, is.State, is.Title, strings.Join(is.Labels, ","))
		}
	case "issue":
		n := iid()
		for _, is := range srv.Issues(project) {
			if is.IID == n {
				fmt.Fprintf(out, "due %v\n%s\n", is.DueDate, is.Description)
			}
		}
	case "notes":
		for _, n := range srv.IssueNotes(project, iid()) {
			fmt.Fprintln(out, n.Body)
		}
	case "close":
		srv.CloseIssue(project, iid())
	case "pipeline":
		var jobs []gl.Job
		if len(args) > 2 {
			jobs = append(jobs, gl.Job{Name: args[2], Stage: "test", Status: "failed"})
		}
		srv.AddPipeline(project, gl.PipelineInfo{Ref: "main", Status: arg(1)}, jobs...)
	case "file":
		data, err := os.ReadFile(ts.MkAbs(arg(1)))
		ts.Check(err)
		srv.PutFile(project, "main", arg(1), data)
	case "mr":
		srv.SetMergeRequest(project, gl.MergeRequest{BasicMergeRequest: gl.BasicMergeRequest{IID: iid()}})
	case "mrnotes":
		for _, n := range srv.MergeRequestNotes(project, iid()) {
			fmt.Fprintln(out, n.Body)
		}
	case "fail":
		status, err := strconv.Atoi(arg(3))
		ts.Check(err)
		times, err := strconv.Atoi(arg(4))
		ts.Check(err)
		srv.Fail(arg(1), "/projects/"+url.PathEscape(project)+arg(2), gitlabtest.Fault{Status: status}, times)
	default:
		ts.Fatalf("gitlab: unknown subcommand %q", args[0])
	}
}

// junitSchema is the scripts' junit-schema command: "junit-schema FILE"
// validates the JUnit report FILE against $SCHEMAS/junit.xsd with xmllint.
// Without xmllint the check is skipped, saying what to install, unless
// the tests run with CI=true, where it fails: CI must validate.
func junitSchema(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: junit-schema FILE")
	}
	xmllint, missing, fatal := findXmllint(exec.LookPath, os.Getenv("CI"))
	switch {
	case fatal:
		ts.Fatalf("%s", missing)
	case missing != "":
		ts.Logf("%s: skipping the JUnit schema check of %s", missing, args[0])
		return
	}
	ts.Check(ts.Exec(xmllint, "--noout", "--schema", filepath.Join(ts.Getenv("SCHEMAS"), "junit.xsd"), args[0]))
}

// findXmllint returns the path of xmllint; or, when lookPath finds none,
// what to install, and whether that fails the run: it does with CI=true
// (the value of CI), where the schema checks must not be skipped.
func findXmllint(lookPath func(string) (string, error), ci string) (path, missing string, fatal bool) {
	path, err := lookPath("xmllint")
	if err == nil {
		return path, "", false
	}
	missing = "xmllint not found: install libxml2-utils (apt-get install libxml2-utils on Debian and Ubuntu) to validate JUnit reports"
	if ci == "true" {
		return "", missing + "; with CI=true the JUnit schema checks cannot be skipped", true
	}
	return "", missing, false
}

// TestXmllint says, as a skip, that the scripts' JUnit schema checks are
// skipped for want of xmllint, or fails with CI=true.
func TestXmllint(t *testing.T) {
	// What each case says; lookPath stands in for a machine without xmllint.
	none := func(string) (string, error) { return "", exec.ErrNotFound }
	if path, missing, fatal := findXmllint(none, ""); path != "" || fatal || !strings.Contains(missing, "install libxml2-utils") {
		t.Errorf("without xmllint, outside CI: %q, %q, %v; want a skip saying what to install", path, missing, fatal)
	}
	if _, missing, fatal := findXmllint(none, "true"); !fatal || !strings.Contains(missing, "install libxml2-utils") || !strings.Contains(missing, "CI=true") {
		t.Errorf("without xmllint, in CI: %q, %v; want a failure", missing, fatal)
	}
	if path, missing, fatal := findXmllint(func(string) (string, error) { return "/usr/bin/xmllint", nil }, "true"); path != "/usr/bin/xmllint" || missing != "" || fatal {
		t.Errorf("with xmllint: %q, %q, %v", path, missing, fatal)
	}

	_, missing, fatal := findXmllint(exec.LookPath, os.Getenv("CI"))
	switch {
	case fatal:
		t.Fatal(missing)
	case missing != "":
		t.Skip(missing + ": the scripts skip their JUnit schema checks")
	}
}

// exits runs a command like exec and asserts its exit code:
// "exits 2 keepup check" passes when keepup exits with status 2. Its
// stdout and stderr are there for the stdout and stderr commands after.
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: %q is not an exit code", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// TestSignals runs the real keepup and sends it SIGTERM or SIGINT while it
// waits: for a slow GitLab request, and for a slow endoflife.date. It ends
// with exit 2, saying it was cancelled, after finishing what it was
// writing. README: ### Cancellation.
func TestSignals(t *testing.T) {
	bin, err := exec.LookPath("keepup")
	if err != nil {
		t.Fatal(err)
	}
	start := func(t *testing.T, dir string, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}, env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd, &stderr
	}
	// waitFor waits until cond holds: it says keepup got where the test
	// sends its signal.
	waitFor := func(t *testing.T, what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("keepup never got to %s", what)
			}
		}
	}
	exitCode := func(t *testing.T, cmd *exec.Cmd) int {
		t.Helper()
		var ee *exec.ExitError
		if err := cmd.Wait(); !errors.As(err, &ee) {
			t.Fatalf("keepup: %v, want an exit status", err)
		}
		return ee.ExitCode()
	}

	t.Run("SIGTERM during a GitLab request", func(t *testing.T) {
		srv := gitlabtest.New(t, gitlabtest.WithToken(scriptToken))
		srv.AddProject("group/app")
		srv.Fail("GET", "/projects/*/pipelines", gitlabtest.Fault{Delay: time.Hour}, 1)
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ".keepup.yml"), []byte("version: 1\ntargets:\n  - name: k8s\n    product: kubernetes\n    window: 3 months\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd, stderr := start(t, dir, []string{"CI_API_V4_URL=" + srv.URL(), "CI_PROJECT_PATH=group/app", "KEEPUP_GITLAB_TOKEN=" + scriptToken, "KEEPUP_GITLAB_TIMEOUT=1h"},
			"check", "--now", "2026-08-25", "--red-main", "--junit", "out.xml")
		waitFor(t, "the pipelines request", func() bool {
			return slices.ContainsFunc(srv.Requests(), func(r gitlabtest.Request) bool { return strings.HasSuffix(r.Path, "/pipelines") })
		})
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		if code := exitCode(t, cmd); code != 2 || !strings.HasSuffix(stderr.String(), "\nkeepup: error: cancelled by SIGTERM\n") {
			t.Errorf("exit %d, want 2 and the cancellation last:\n%s", code, stderr)
		}
		// The cancelled request is an error of the run, and the report was written whole.
		x, err := os.ReadFile(filepath.Join(dir, "out.xml"))
		if err != nil || !strings.Contains(string(x), `<testcase name="red main" classname="keepup errors"`) || !strings.HasSuffix(string(x), "</testsuites>\n") {
			t.Errorf("the report: %v\n%s", err, x)
		}
	})

	t.Run("SIGINT while fetching release data", func(t *testing.T) {
		eol := newEOLServer(t)
		eol.hold = make(chan struct{})
		t.Cleanup(func() { close(eol.hold) })
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ".keepup.yml"), []byte("version: 1\ntargets:\n  - name: k8s\n    product: kubernetes\n    window: 3 months\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd, stderr := start(t, dir, []string{"KEEPUP_DATA=live", "KEEPUP_ENDOFLIFE_URL=" + eol.URL}, "check", "--now", "2026-08-25", "--json", "out.json")
		waitFor(t, "the endoflife.date request", func() bool {
			eol.mu.Lock()
			defer eol.mu.Unlock()
			return eol.started > 0
		})
		if err := cmd.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		if code := exitCode(t, cmd); code != 2 || !strings.HasSuffix(stderr.String(), "keepup: error: cancelled by SIGINT\n") {
			t.Errorf("exit %d, want 2 and the cancellation:\n%s", code, stderr)
		}
		// Cancelled before it had findings: no report, not a partial one.
		if _, err := os.Stat(filepath.Join(dir, "out.json")); !os.IsNotExist(err) {
			t.Errorf("out.json: %v, want none", err)
		}
	})
}

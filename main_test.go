package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
// schemas the outputs must validate against. A fake GitLab serves them all,
// each script in a project of its own (e2e/<script>), set up in the CI
// variables keepup reads; the gitlab command seeds and inspects it.
func TestScript(t *testing.T) {
	schemas, err := filepath.Abs("testdata/schemas")
	if err != nil {
		t.Fatal(err)
	}
	srv := gitlabtest.New(t, gitlabtest.WithToken(scriptToken))
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SCHEMAS", schemas)
			env.Setenv("SOURCE_DATE_EPOCH", "1787659200") // 2026-08-25T12:00:00Z
			project := scriptProject(env.WorkDir)
			srv.AddProject(project)
			env.Setenv("GITLAB_URL", srv.URL())
			env.Setenv("PROJECT", project)
			env.Setenv("TOKEN", scriptToken)
			return nil
		},
		RequireExplicitExec: true,
		Cmds: map[string]func(*testscript.TestScript, bool, []string){
			"exits":  exits,
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
//	gitlab notes IID            print the notes of an issue
//	gitlab close IID            close an issue as a person would
//	gitlab pipeline STATUS [JOB] add a pipeline of main, with a failed job
//	gitlab file PATH            put a work-tree file on the default branch
//	gitlab mr IID               add a merge request
//	gitlab mrnotes IID          print the notes of a merge request
//	gitlab fail METHOD PATH STATUS N  answer the next N matching requests with STATUS
func fakeGitLab(ts *testscript.TestScript, neg bool, args []string, srv *gitlabtest.Server) {
	if neg || len(args) == 0 {
		ts.Fatalf("usage: gitlab issues|notes|close|pipeline|file|mr|mrnotes ...")
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

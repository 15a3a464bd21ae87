package cli

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/report"
)

// workflowCommand is a workflow command as GitHub's runner reads it.
type workflowCommand struct {
	Name  string
	Props map[string]string
	Msg   string
}

func (c workflowCommand) String() string {
	keys := make([]string, 0, len(c.Props))
	for k := range c.Props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var props []string
	for _, k := range keys {
		props = append(props, k+"="+c.Props[k])
	}
	return fmt.Sprintf("%s[%s] %q", c.Name, strings.Join(props, ","), c.Msg)
}

// runnerCommands reads the workflow commands in out as GitHub's runner
// does (ActionCommand.TryParseV2): a line that starts with "::" is
// "::name k=v,k=v::message", values unescaped; after ::stop-commands::T
// no command runs until the line ::T::.
func runnerCommands(out string) []workflowCommand {
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	var cmds []workflowCommand
	stopped := ""
	for line := range strings.Lines(out) {
		line = strings.TrimSpace(line)
		if stopped != "" {
			if line == "::"+stopped+"::" {
				stopped = ""
			}
			continue
		}
		rest, ok := strings.CutPrefix(line, "::")
		if !ok {
			continue
		}
		info, msg, ok := strings.Cut(rest, "::")
		if !ok {
			continue
		}
		name, props, _ := strings.Cut(info, " ")
		c := workflowCommand{Name: name, Props: map[string]string{}, Msg: unescape.Replace(msg)}
		for kv := range strings.SplitSeq(props, ",") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				c.Props[k] = unescape.Replace(v)
			}
		}
		if name == "stop-commands" {
			stopped = c.Msg
			continue
		}
		cmds = append(cmds, c)
	}
	return cmds
}

// githubEnv is a GitHub Actions step's environment, with its output and
// summary files in dir.
func githubEnv(dir string) map[string]string {
	return map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir,
		"GITHUB_OUTPUT": filepath.Join(dir, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
	}
}

const githubPolicy = `version: 1
targets:
  - name: k8s
    product: kubernetes
    window: 3 months
    supported: ["1.33", "1.34"]
  - name: nginx
    product: nginx
    window: 4 months
    supported: ["1.30"]
`

// In GitHub Actions, check annotates the policy's target lines (paths
// from the workspace), writes the markdown report as the step summary and
// the counts and report paths as outputs; the table runs no command.
func TestGitHubStep(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "ci"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ci", "keepup.yml"), []byte(githubPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	env := githubEnv(dir)
	code, stdout, stderr := runIn(t, filepath.Join(dir, "ci"), env, "check", "--now", "2026-08-25", "--policy", "keepup.yml", "--markdown", "report.md", "--json", "-")
	if code != exitBreach {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "{\n") || strings.Contains(stdout, "::") {
		t.Errorf("the JSON report on stdout is not alone:\n%s", stdout)
	}
	got := runnerCommands(stderr) // with a report on stdout, commands go with the table
	want := []workflowCommand{
		{"error", map[string]string{"file": "ci/keepup.yml", "line": "3"}, "kubernetes 1.35 is overdue (target k8s): not supported, due 2026-03-17: 161 days late"},
		{"error", map[string]string{"file": "ci/keepup.yml", "line": "3"}, "kubernetes 1.36 is overdue (target k8s): not supported, due 2026-07-22: 34 days late"},
		{"warning", map[string]string{"file": "ci/keepup.yml", "line": "7"}, "nginx 1.31 is due-soon (target nginx): not supported, due 2026-09-13: 19 days left"},
		{"warning", map[string]string{"file": "ci/keepup.yml", "line": "3"}, "kubernetes 1.33 is eol (target k8s): supported, but upstream end of life was 2026-06-28: drop it per policy"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("commands:\n%v\nwant:\n%v\nstderr:\n%s", got, want, stderr)
	}
	if !regexp.MustCompile(`(?m)^overdue +k8s +1\.36 `).MatchString(stderr) {
		t.Errorf("no table on stderr:\n%s", stderr)
	}
	out, err := os.ReadFile(env["GITHUB_OUTPUT"])
	const delim = "_GitHubActionsFileCommandDelimeter_"
	wantOut := ""
	for _, kv := range [][2]string{{"overdue", "2"}, {"due_soon", "1"}, {"eol", "1"}, {"markdown", "report.md"}} {
		wantOut += kv[0] + "<<" + delim + "\n" + kv[1] + "\n" + delim + "\n"
	}
	if err != nil || string(out) != wantOut {
		t.Errorf("outputs %v:\n%s\nwant:\n%s", err, out, wantOut)
	}
	summary, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	md, _ := os.ReadFile(filepath.Join(dir, "ci", "report.md"))
	if err != nil || string(summary) != string(md)+"\n" || !strings.Contains(string(md), "```mermaid\ngantt\n") {
		t.Errorf("summary %v:\n%s\nwant the markdown report:\n%s", err, summary, md)
	}

	// Outside GitHub Actions, none of it.
	delete(env, "GITHUB_ACTIONS")
	os.Remove(env["GITHUB_OUTPUT"])
	_, stdout, _ = runIn(t, filepath.Join(dir, "ci"), env, "check", "--now", "2026-08-25", "--policy", "keepup.yml")
	if strings.Contains(stdout, "::") {
		t.Errorf("workflow commands outside GitHub Actions:\n%s", stdout)
	}
	if _, err := os.Stat(env["GITHUB_OUTPUT"]); !os.IsNotExist(err) {
		t.Errorf("outputs outside GitHub Actions: %v", err)
	}
}

// Release names from endoflife.date reach the table and the annotations:
// one with a line break is refused with the document; the others run no
// command of theirs. The table is in a stop-commands stretch; the
// annotations are escaped and read back as written.
func TestGitHubHostileReleaseNames(t *testing.T) {
	products, err := os.ReadFile("../upstream/testdata/products.json")
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, names ...string) (int, string, string) {
		t.Helper()
		var rels []string
		for i, name := range append([]string{"1.0"}, names...) {
			q := fmt.Sprintf("%q", name)
			rels = append(rels, fmt.Sprintf(`{"name": %s, "releaseDate": "2025-0%d-01"}`, q, i+1))
		}
		doc := `{"result": {"name": "nginx", "releases": [` + strings.Join(rels, ",") + `]}}`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/api/v1/products/":
				w.Write(products)
			case "/api/v1/products/nginx/":
				w.Write([]byte(doc))
			default:
				http.NotFound(w, r)
			}
		}))
		defer srv.Close()
		dir := t.TempDir()
		policy := "version: 1\ntargets:\n  - name: web\n    product: nginx\n    window: 1 month\n    supported: [\"1.0\"]\n"
		if err := os.WriteFile(filepath.Join(dir, ".keepup.yml"), []byte(policy), 0o644); err != nil {
			t.Fatal(err)
		}
		env := githubEnv(dir)
		env["KEEPUP_DATA"], env["KEEPUP_ENDOFLIFE_URL"], env["XDG_CACHE_HOME"] = "live", srv.URL, filepath.Join(dir, "cache")
		return runIn(t, dir, env, "check", "--by-release", "--now", "2026-08-25")
	}
	for _, name := range []string{"2.0\n::error file=evil.yml,line=1::forged", "4.0\r\n::add-mask::everything"} {
		code, stdout, stderr := check(t, name)
		if code != exitError || !strings.Contains(stderr, `releases[1].name `) || !strings.Contains(stderr, "holds white space") {
			t.Errorf("release %q: exit %d, want 2 naming the release; stderr:\n%s", name, code, stderr)
		}
		if len(runnerCommands(stdout)) != 0 || strings.Contains(stdout, "\n::") {
			t.Errorf("release %q: the runner reads commands:\n%s", name, stdout)
		}
	}
	hostile := []string{"3.0%0A::warning::50%", "5.0::add-mask::everything"}
	code, stdout, stderr := check(t, hostile...)
	if code != exitBreach {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "5.0::add-mask::everything") {
		t.Fatalf("the test lost its point: the table does not carry the release names:\n%s", stdout)
	}
	var want []workflowCommand
	for i := range hostile { // most overdue (oldest) first
		due := fmt.Sprintf("2025-0%d-01", i+3)
		late := calendar.MustParseDate(due).DaysUntil(calendar.MustParseDate("2026-08-25"))
		want = append(want, workflowCommand{"error", map[string]string{"file": ".keepup.yml", "line": "3"},
			fmt.Sprintf("nginx %s is overdue (target web): not supported, due %s: %d days late", hostile[i], due, late)})
	}
	if got := runnerCommands(stdout); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("commands as the runner reads them:\n%v\nwant:\n%v\nstdout:\n%s", got, want, stdout)
	}
}

// Annotation properties are escaped too: a policy path with , and : stays
// one property. GitHub shows ten annotations of a level per step: keepup
// writes nine and counts the rest in the tenth.
func TestGitHubAnnotationLimitAndPath(t *testing.T) {
	var findings []checks.Finding
	for i := range 12 {
		findings = append(findings, checks.Finding{Target: "t", Product: "p", Release: fmt.Sprint(i), Status: checks.Overdue,
			DaysLeft: new(-100 + i), Reason: "r", Pos: config.Pos{File: "a,b:c.yml", Line: 2}})
	}
	findings = append(findings, checks.Finding{Target: "t", Product: "p", Release: "w", Status: checks.DueSoon, Reason: "soon", Pos: config.Pos{File: config.DefaultName, Line: 2}})
	dir := t.TempDir()
	t.Chdir(dir)
	var out bytes.Buffer
	a := NewApp(NewStreams(&out, &out, nil), map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir}, testNow, Build{})
	if err := a.github(&out).publish(report.Report{Result: &checks.Result{Findings: findings}}, nil); err != nil {
		t.Fatal(err)
	}
	got := runnerCommands(out.String())
	if len(got) != 11 {
		t.Fatalf("%d commands, want 10 errors and a warning:\n%s", len(got), out.String())
	}
	for i, c := range got[:9] {
		if want := fmt.Sprintf("p %d is overdue (target t): r", i); c.Name != "error" || c.Props["file"] != "a,b:c.yml" || c.Props["line"] != "2" || c.Msg != want {
			t.Errorf("annotation %d: %v, want %q at a,b:c.yml:2", i, c, want)
		}
	}
	if c := got[9]; c.Name != "error" || len(c.Props) != 0 || c.Msg != "3 more findings at this level: the step summary lists them all" {
		t.Errorf("the tenth: %v", c)
	}
	// The embedded default policy is no file of the workspace.
	if c := got[10]; c.Name != "warning" || len(c.Props) != 0 || c.Msg != "p w is due-soon (target t): soon" {
		t.Errorf("the warning: %v", c)
	}
}

// Writing to GitHub's files can fail: keepup says so and exits 2, without
// a panic. A report path with a line break is no output.
func TestGitHubStepFailures(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".keepup.yml"), []byte(githubPolicy), 0o644); err != nil {
		t.Fatal(err)
	}
	env := githubEnv(dir)
	env["GITHUB_OUTPUT"] = dir // a directory: cannot be appended to
	code, _, stderr := runIn(t, dir, env, "check", "--now", "2026-08-25", "--fail-on", "never")
	if code != exitError || !strings.Contains(stderr, "GitHub Actions: writing the step output overdue: ") {
		t.Errorf("exit %d, want 2 and the failure:\n%s", code, stderr)
	}
	if b, err := os.ReadFile(env["GITHUB_STEP_SUMMARY"]); err != nil || !strings.HasPrefix(string(b), "### keepup: ") {
		t.Errorf("the summary is written all the same: %v\n%s", err, b)
	}

	env = githubEnv(dir)
	code, _, stderr = runIn(t, dir, env, "check", "--now", "2026-08-25", "--fail-on", "never", "--junit", "a\nb.xml")
	if code != exitError || !strings.Contains(stderr, `step output junit: the path "a\nb.xml" has a line break`) {
		t.Errorf("exit %d, want 2 and the refusal:\n%s", code, stderr)
	}
	if b, _ := os.ReadFile(env["GITHUB_OUTPUT"]); strings.Contains(string(b), "junit") || !strings.Contains(string(b), "eol<<") {
		t.Errorf("outputs:\n%s", b)
	}

	// Without the files (a runner that does not set them), no summary and
	// no outputs, and no failure.
	delete(env, "GITHUB_OUTPUT")
	delete(env, "GITHUB_STEP_SUMMARY")
	if code, stdout, stderr := runIn(t, dir, env, "check", "--now", "2026-08-25", "--fail-on", "never"); code != exitOK || !strings.Contains(stdout, "\n::warning file=.keepup.yml,line=7::nginx 1.31 is due-soon") {
		t.Errorf("exit %d, want 0 and the annotations:\n%s\n%s", code, stdout, stderr)
	}
}

package cli

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// parseCmd parses a command line the way Run does, with the environment
// read from environ, and returns the filled options struct.
func parseCmd(t *testing.T, environ map[string]string, args ...string) (command, error) {
	t.Helper()
	e, err := config.ReadEnv(environ)
	if err != nil {
		t.Fatal(err)
	}
	sp := lookup(args[0])
	if sp == nil {
		t.Fatalf("no command %q", args[0])
	}
	return parse(sp, args[1:], e)
}

func mustParse(t *testing.T, environ map[string]string, args ...string) command {
	t.Helper()
	cmd, err := parseCmd(t, environ, args...)
	if err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return cmd
}

func commonOf(cmd command) *common {
	switch c := cmd.(type) {
	case *checkCmd:
		return &c.common
	case *explainCmd:
		return &c.common
	case *gateCmd:
		return &c.common
	}
	return nil
}

// setting is one flag with its environment variable: the flag beats the
// environment, which beats the default.
type setting struct {
	flag     string
	env      string // "" when the flag has no environment variable
	envValue string
	flagArgs []string // the flag given, to a value other than envValue's
	def      string   // get's result with neither
	fromEnv  string   // get's result with the environment variable set
	fromFlag string   // get's result with the flag (and the variable) set
	get      func(command) string
}

var commonSettings = []setting{
	{"policy", "KEEPUP_POLICY", "env.yml", []string{"--policy", "flag.yml"}, "", "env.yml", "flag.yml",
		func(c command) string { return commonOf(c).policy }},
	{"now", "KEEPUP_NOW", "2026-01-01", []string{"--now=2026-02-02"}, "", "2026-01-01", "2026-02-02",
		func(c command) string { return commonOf(c).now }},
	{"gitlab-url", "CI_API_V4_URL", "https://env.example/api/v4", []string{"--gitlab-url", "https://flag.example/api/v4"}, "", "https://env.example/api/v4", "https://flag.example/api/v4",
		func(c command) string { return commonOf(c).gitlab.url }},
	{"project", "CI_PROJECT_PATH", "env/app", []string{"--project", "flag/app"}, "", "env/app", "flag/app",
		func(c command) string { return commonOf(c).gitlab.project }},
	{"project", "CI_PROJECT_ID", "42", []string{"--project", "43"}, "", "42", "43",
		func(c command) string { return commonOf(c).gitlab.project }},
	{"gitlab-timeout", "KEEPUP_GITLAB_TIMEOUT", "5s", []string{"--gitlab-timeout", "7s"}, "30s", "5s", "7s",
		func(c command) string { return commonOf(c).gitlab.timeout.String() }},
}

var allSetting = setting{"all", "KEEPUP_ALL", "true", []string{"--all=false"}, "false", "true", "false",
	func(c command) string { return fmt.Sprint(commonOf(c).all) }}

func reportSettings(reports func(command) *reportFlags) []setting {
	return []setting{
		{"junit", "KEEPUP_JUNIT", "env.xml", []string{"--junit", "flag.xml"}, "", "env.xml", "flag.xml",
			func(c command) string { return reports(c).junit }},
		{"json", "KEEPUP_JSON", "env.json", []string{"--json", "-"}, "", "env.json", "-",
			func(c command) string { return reports(c).json }},
		{"markdown", "KEEPUP_MARKDOWN", "env.md", []string{"--markdown=flag.md"}, "", "env.md", "flag.md",
			func(c command) string { return reports(c).markdown }},
	}
}

func checkOf(c command) *checkCmd { return c.(*checkCmd) }
func gateOf(c command) *gateCmd   { return c.(*gateCmd) }

var checkSettings = append(append(append([]setting{allSetting}, commonSettings...), reportSettings(func(c command) *reportFlags { return &checkOf(c).reports })...),
	setting{"issues", "KEEPUP_ISSUES", "true", []string{"--issues=false"}, "false", "true", "false",
		func(c command) string { return fmt.Sprint(checkOf(c).issues) }},
	setting{"dry-run", "KEEPUP_DRY_RUN", "true", []string{"--dry-run=false"}, "false", "true", "false",
		func(c command) string { return fmt.Sprint(checkOf(c).dryRun) }},
	setting{"red-main", "KEEPUP_RED_MAIN", "true", []string{"--red-main=false"}, "false", "true", "false",
		func(c command) string { return fmt.Sprint(checkOf(c).redMain) }},
	setting{"default-branch", "CI_DEFAULT_BRANCH", "trunk", []string{"--default-branch", "dev"}, "main", "trunk", "dev",
		func(c command) string { return checkOf(c).branch }},
	setting{"fail-on", "KEEPUP_FAIL_ON", "never", []string{"--fail-on", "due-soon"}, "overdue", "never", "due-soon",
		func(c command) string { return string(checkOf(c).threshold) }},
	setting{"by-release", "", "", []string{"--by-release"}, "false", "false", "true",
		func(c command) string { return fmt.Sprint(checkOf(c).byRelease) }},
)

var gateSettings = append(append(slices.Clone(commonSettings), reportSettings(func(c command) *reportFlags { return &gateOf(c).reports })...),
	setting{"mr", "CI_MERGE_REQUEST_IID", "7", []string{"--mr", "9"}, "0", "7", "9",
		func(c command) string { return fmt.Sprint(gateOf(c).iid) }},
	setting{"labels", "CI_MERGE_REQUEST_LABELS", "a, b", []string{"--labels", "c"}, "[]", "[a b]", "[c]",
		func(c command) string { return fmt.Sprint(gateOf(c).labels) }},
	setting{"default-branch", "CI_DEFAULT_BRANCH", "trunk", []string{"--default-branch", "dev"}, "main", "trunk", "dev",
		func(c command) string { return gateOf(c).branch }},
	setting{"mr-note", "", "", []string{"--mr-note", "--mr", "3"}, "false", "false", "true",
		func(c command) string { return fmt.Sprint(gateOf(c).note) }},
	setting{"policy-from", "", "", []string{"--policy-from", "default-branch"}, "worktree", "worktree", "default-branch",
		func(c command) string { return gateOf(c).policyFrom }},
)

// TestPrecedence checks every flag of check, explain and gate: with neither
// flag nor environment variable it has its default, the environment
// variable sets it, and the flag beats the variable.
func TestPrecedence(t *testing.T) {
	for _, cmd := range []struct {
		args     []string
		settings []setting
	}{
		{[]string{"check"}, checkSettings},
		{[]string{"explain", "k8s"}, commonSettings},
		{[]string{"gate"}, gateSettings},
	} {
		for _, s := range cmd.settings {
			t.Run(cmd.args[0]+" "+s.flag+" "+s.env, func(t *testing.T) {
				env := map[string]string{}
				if got := s.get(mustParse(t, env, cmd.args...)); got != s.def {
					t.Errorf("default %q, want %q", got, s.def)
				}
				if s.env != "" {
					env[s.env] = s.envValue
				}
				if got := s.get(mustParse(t, env, cmd.args...)); got != s.fromEnv {
					t.Errorf("with %s=%s: %q, want %q", s.env, s.envValue, got, s.fromEnv)
				}
				if got := s.get(mustParse(t, env, append(slices.Clone(cmd.args), s.flagArgs...)...)); got != s.fromFlag {
					t.Errorf("with %s=%s and %s: %q, want %q", s.env, s.envValue, s.flagArgs, got, s.fromFlag)
				}
			})
		}
	}
}

// Defaults that depend on other variables: the project ID beats its path,
// dry runs in merge-request pipelines, the gate's policy from the default
// branch there.
func TestDerivedDefaults(t *testing.T) {
	both := map[string]string{"CI_PROJECT_ID": "42", "CI_PROJECT_PATH": "group/app"}
	if got := commonOf(mustParse(t, both, "check")).gitlab.project; got != "42" {
		t.Errorf("CI_PROJECT_ID and CI_PROJECT_PATH: project %q, want the ID", got)
	}
	mrPipeline := map[string]string{"CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_IID": "5"}
	if !checkOf(mustParse(t, mrPipeline, "check")).dryRun {
		t.Error("check in a merge-request pipeline: no dry run by default")
	}
	if checkOf(mustParse(t, map[string]string{"CI_PIPELINE_SOURCE": "push"}, "check")).dryRun {
		t.Error("check in a push pipeline: a dry run by default")
	}
	mrPipeline["KEEPUP_DRY_RUN"] = "false"
	if checkOf(mustParse(t, mrPipeline, "check")).dryRun {
		t.Error("KEEPUP_DRY_RUN=false in a merge-request pipeline: still a dry run")
	}
	if got := gateOf(mustParse(t, mrPipeline, "gate")).policyFrom; got != "default-branch" {
		t.Errorf("gate in a merge-request pipeline: policy from %q, want default-branch", got)
	}
	if got := gateOf(mustParse(t, map[string]string{"CI_MERGE_REQUEST_IID": "5"}, "gate")).policyFrom; got != "default-branch" {
		t.Errorf("gate with a merge request IID: policy from %q, want default-branch", got)
	}
	if got := gateOf(mustParse(t, mrPipeline, "gate", "--policy-from", "worktree")).policyFrom; got != "worktree" {
		t.Errorf("--policy-from worktree in a merge-request pipeline: %q", got)
	}
	if got := checkOf(mustParse(t, nil, "check", "--fail-on", " Due-Soon ")).threshold; got != checks.FailOnDueSoon {
		t.Errorf("--fail-on ' Due-Soon ': %q", got)
	}
}

func TestArguments(t *testing.T) {
	tests := []struct {
		args []string
		want string // the parsed arguments and flags, as described by describe
	}{
		// Flags after arguments, before them, and between.
		{[]string{"explain", "kubernetes", "1.36", "--now", "2026-01-01"}, "kubernetes/1.36 now=2026-01-01"},
		{[]string{"explain", "--now", "2026-01-01", "kubernetes", "1.36"}, "kubernetes/1.36 now=2026-01-01"},
		{[]string{"explain", "kubernetes", "--policy=p.yml", "1.36"}, "kubernetes/1.36 policy=p.yml"},
		{[]string{"explain", "-now", "2026-01-01", "kubernetes"}, "kubernetes/ now=2026-01-01"},
		// A bool flag takes no next argument; a value flag takes the next
		// one whatever it looks like.
		{[]string{"explain", "--all", "kubernetes"}, "kubernetes/"},
		{[]string{"explain", "kubernetes", "--policy", "-p.yml"}, "kubernetes/ policy=-p.yml"},
		{[]string{"explain", "kubernetes", "--policy", "--"}, "kubernetes/ policy=--"},
		// After "--", everything is an argument.
		{[]string{"explain", "kubernetes", "--", "--now"}, "kubernetes/--now"},
		{[]string{"explain", "--", "-k8s", "--policy"}, "-k8s/--policy"},
		{[]string{"explain", "--now", "2026-01-01", "--", "k8s", "--", "x"}, "error: want TARGET and optionally RELEASE"},
		{[]string{"explain", "-", "1.36"}, "-/1.36"},
		{[]string{"init", "--", "-odd.yml"}, "init -odd.yml"},
		{[]string{"init", "-"}, "init -"},
		{[]string{"init"}, "init .keepup.yml"},
		{[]string{"init", "ci/keepup.yml"}, "init ci/keepup.yml"},
		{[]string{"init", "--force"}, "init .keepup.yml --force"},
		{[]string{"init", "ci/keepup.yml", "--force"}, "init ci/keepup.yml --force"},
		{[]string{"init", "--", "--force"}, "init --force"},
		{[]string{"help", "gate"}, "help gate"},
		{[]string{"help"}, "help "},
		{[]string{"version"}, "version"},
		{[]string{"check", "--", "extra"}, `error: unexpected argument "extra"; see keepup check --help`},
		// Errors.
		{[]string{"explain"}, "error: want TARGET and optionally RELEASE; see keepup explain --help"},
		{[]string{"explain", "a", "b", "c"}, "error: want TARGET and optionally RELEASE"},
		{[]string{"explain", "k8s", "--now"}, "error: flag needs an argument: -now; see 'keepup explain --help'"},
		{[]string{"check", "--no-such-flag"}, "error: flag provided but not defined: -no-such-flag; see 'keepup check --help'"},
		{[]string{"check", "extra"}, `error: unexpected argument "extra"; see keepup check --help`},
		{[]string{"check", "--gitlab-timeout", "soon"}, `error: invalid value "soon" for flag -gitlab-timeout: parse error; see 'keepup check --help'`},
		{[]string{"check", "--all=maybe"}, `error: invalid boolean value "maybe" for -all: parse error; see 'keepup check --help'`},
		{[]string{"check", "---all"}, "error: bad flag syntax: ---all; see 'keepup check --help'"},
		{[]string{"gate", "x"}, `error: unexpected argument "x"; see keepup gate --help`},
		{[]string{"init", "a", "b"}, "error: usage: keepup init [--force] [FILE]   (default .keepup.yml)"},
		{[]string{"init", "-x"}, "error: flag provided but not defined: -x; see 'keepup init --help'"},
		{[]string{"version", "x"}, `error: unexpected argument "x"; see keepup version --help`},
		{[]string{"help", "check", "x"}, `error: unexpected argument "x"; see keepup help`},
		{[]string{"data", "products", "extra"}, `error: unexpected argument "extra"; see keepup data products --help`},
		{[]string{"data", "update", "--data", "live"}, "error: --data is for data show and data products: data update always fetches from endoflife.date"},
		{[]string{"data", "products", "--out", "snap"}, "error: --out is for data update"},
		{[]string{"data", "products", "--data", "cache"}, `error: --data "cache": expected auto, live or embedded`},
	}
	for _, tt := range tests {
		cmd, err := parseCmd(t, nil, tt.args...)
		got := describe(cmd, err)
		if tt.args[0] == "explain" && strings.HasPrefix(tt.want, "error: want") {
			got = got[:min(len(got), len(tt.want))]
		}
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s", tt.args, got, tt.want)
		}
	}
}

// describe says what a parse gave, for TestArguments.
func describe(cmd command, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	switch c := cmd.(type) {
	case *explainCmd:
		s := c.target + "/" + c.release
		if c.now != "" {
			s += " now=" + c.now
		}
		if c.policy != "" {
			s += " policy=" + c.policy
		}
		if !c.all {
			s += " (all unset)"
		}
		return s
	case *initCmd:
		if c.force {
			return "init " + c.path + " --force"
		}
		return "init " + c.path
	case *helpCmd:
		return "help " + c.topic
	case versionCmd:
		return "version"
	}
	return fmt.Sprintf("%T", cmd)
}

func TestHelpFlag(t *testing.T) {
	for _, name := range []string{"check", "explain", "gate", "init", "version", "help"} {
		for _, h := range []string{"-h", "-help", "--help"} {
			if _, err := parseCmd(t, nil, name, h); !errors.Is(err, flag.ErrHelp) {
				t.Errorf("%s %s: %v, want flag.ErrHelp", name, h, err)
			}
		}
	}
	// --help after a bad argument count is still help.
	if _, err := parseCmd(t, nil, "explain", "a", "b", "c", "--help"); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("explain a b c --help: %v", err)
	}
}

func TestReportsOnStdout(t *testing.T) {
	if c := checkOf(mustParse(t, nil, "check", "--junit", "x.xml", "--markdown", "x.md")); c.reports.onStdout {
		t.Error("no report on stdout, but onStdout")
	}
	for _, f := range []string{"--junit", "--json", "--markdown"} {
		if c := checkOf(mustParse(t, nil, "check", f, "-")); !c.reports.onStdout {
			t.Errorf("%s -: not on stdout", f)
		}
		if c := gateOf(mustParse(t, nil, "gate", f, "-")); !c.reports.onStdout {
			t.Errorf("gate %s -: not on stdout", f)
		}
	}
	for _, cmd := range []string{"check", "gate"} {
		_, err := parseCmd(t, nil, cmd, "--json", "-", "--markdown", "-")
		if err == nil || err.Error() != "only one of --junit, --json and --markdown can write to stdout (-): write the others to files" {
			t.Errorf("%s with two reports on stdout: %v", cmd, err)
		}
	}
	if _, err := parseCmd(t, map[string]string{"KEEPUP_JUNIT": "-"}, "check", "--json", "-"); err == nil {
		t.Error("KEEPUP_JUNIT=- and --json -: no error")
	}
}

func TestValueErrors(t *testing.T) {
	mr := map[string]string{"CI_PIPELINE_SOURCE": "merge_request_event"}
	env := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	// Each bad value is named with where it came from: the flag, or the
	// environment variable.
	tests := []struct {
		environ map[string]string
		args    []string
		want    string
	}{
		{nil, []string{"check", "--fail-on", "sometimes"}, `--fail-on "sometimes": expected overdue, due-soon or never`},
		{env("KEEPUP_FAIL_ON", "bogus"), []string{"check"}, `KEEPUP_FAIL_ON="bogus": expected overdue, due-soon or never`},
		{env("KEEPUP_FAIL_ON", "never"), []string{"check", "--fail-on", "bogus"}, `--fail-on "bogus": expected overdue, due-soon or never`},
		{nil, []string{"check", "--now", "2026-13-01"}, `--now "2026-13-01": expected a date of the form YYYY-MM-DD`},
		{env("KEEPUP_NOW", "tomorrow"), []string{"explain", "k8s"}, `KEEPUP_NOW="tomorrow": expected a date of the form YYYY-MM-DD`},
		{env("KEEPUP_NOW", "2026-01-01"), []string{"gate", "--now=26-01-01"}, `--now "26-01-01": expected a date of the form YYYY-MM-DD`},
		{nil, []string{"check", "--gitlab-timeout", "-5s"}, `--gitlab-timeout "-5s": expected a positive duration such as 30s`},
		{nil, []string{"gate", "--gitlab-timeout", "0s"}, `--gitlab-timeout "0s": expected a positive duration such as 30s`},
		{env("KEEPUP_GITLAB_TIMEOUT", "-5s"), []string{"explain", "k8s"}, `KEEPUP_GITLAB_TIMEOUT="-5s": expected a positive duration such as 30s`},
		{env("KEEPUP_GITLAB_TIMEOUT", "0"), []string{"check"}, `KEEPUP_GITLAB_TIMEOUT="0s": expected a positive duration such as 30s`},
		{nil, []string{"gate", "--labels", "a,,b"}, `--labels "a,,b": label 2 is empty; expected labels separated by single commas`},
		{env("CI_MERGE_REQUEST_LABELS", ",a"), []string{"gate"}, `CI_MERGE_REQUEST_LABELS=",a": label 1 is empty; expected labels separated by single commas`},
		{env("CI_MERGE_REQUEST_LABELS", "a,\n,b"), []string{"gate"}, `label 2 is empty`},
		{nil, []string{"gate", "--mr", "five"}, `--mr "five": expected a merge request IID, a positive number`},
		{nil, []string{"gate", "--mr", "0"}, `--mr "0": expected a merge request IID, a positive number`},
		{env("CI_MERGE_REQUEST_IID", "-3"), []string{"gate"}, `CI_MERGE_REQUEST_IID="-3": expected a merge request IID, a positive number`},
		{mr, []string{"gate"}, "this is a merge-request pipeline, but CI_MERGE_REQUEST_IID is not set"},
		{nil, []string{"gate", "--mr-note"}, "--mr-note needs a merge request: --mr IID or CI_MERGE_REQUEST_IID"},
		{nil, []string{"gate", "--policy-from", "elsewhere"}, `--policy-from "elsewhere": expected default-branch or worktree`},
	}
	for _, tt := range tests {
		_, err := parseCmd(t, tt.environ, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v %q: %v, want %q", tt.environ, tt.args, err, tt.want)
		}
	}
	// What is fine: a bad variable that a flag overrides is not used.
	for _, tt := range []struct {
		environ map[string]string
		args    []string
	}{
		{nil, []string{"gate", "--mr", "1"}},
		{nil, []string{"gate", "--mr", "1", "--mr-note"}},
		{nil, []string{"gate", "--labels", " "}},
		{nil, []string{"gate", "--policy-from", "worktree"}},
		{nil, []string{"gate", "--policy-from", "default-branch"}},
		{env("KEEPUP_FAIL_ON", "bogus"), []string{"check", "--fail-on", "never"}},
		{env("KEEPUP_GITLAB_TIMEOUT", "-5s"), []string{"check", "--gitlab-timeout", "1ns"}},
		{env("KEEPUP_NOW", "bogus"), []string{"explain", "k8s", "--now", "2026-01-01"}},
		{env("CI_MERGE_REQUEST_IID", "x"), []string{"gate", "--mr", "2"}},
	} {
		if _, err := parseCmd(t, tt.environ, tt.args...); err != nil {
			t.Errorf("%v %q: %v", tt.environ, tt.args, err)
		}
	}
	if got := gateOf(mustParse(t, mr, "gate", "--mr", "12")).iid; got != 12 {
		t.Errorf("--mr 12 in a merge-request pipeline without an IID: %d", got)
	}
	if got := commonOf(mustParse(t, nil, "check", "--now", "2026-02-28")).date; got.String() != "2026-02-28" {
		t.Errorf("--now 2026-02-28: date %s", got)
	}
	if got := commonOf(mustParse(t, nil, "check")).date; !got.IsZero() {
		t.Errorf("no --now: date %s, want none (today)", got)
	}
}

// Labels lose the spaces around them and their control characters: a
// label name goes into merge-request notes.
func TestLabelsNeutralised(t *testing.T) {
	got := gateOf(mustParse(t, map[string]string{"CI_MERGE_REQUEST_LABELS": " type::a\n/close ,x\ty, \x1b[31mred"}, "gate")).labels
	if want := []string{"type::a/close", "xy", "[31mred"}; !slices.Equal(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
}

// How the policy's path was given prefixes it in messages.
func TestPolicyVia(t *testing.T) {
	for _, tt := range []struct {
		environ map[string]string
		args    []string
		want    string
	}{
		{nil, []string{"gate", "--policy", "p.yml"}, "--policy "},
		{map[string]string{"KEEPUP_POLICY": "p.yml"}, []string{"gate"}, "KEEPUP_POLICY="},
		{map[string]string{"KEEPUP_POLICY": "p.yml"}, []string{"check", "--policy", "q.yml"}, "--policy "},
	} {
		if got := commonOf(mustParse(t, tt.environ, tt.args...)).policyVia; got != tt.want {
			t.Errorf("%v %q: %q, want %q", tt.environ, tt.args, got, tt.want)
		}
	}
}

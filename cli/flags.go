package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/gitlab"
	"gitlab.com/keepup/keepup/suggest"
	"gitlab.com/keepup/keepup/upstream"
)

// This file is the command line's parsing: each command's flags, with
// their defaults from the environment, and the checks of their values.
// Nothing here runs a command.

// newFlagSet returns a flag set that reports its errors to its caller
// instead of printing them.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse fills a new options struct of the command from args, without
// running it. Flags and arguments may come in any order ("explain
// kubernetes 1.36 --now 2026-01-01"); "--" ends the flags, so that what
// follows it is arguments even when it looks like a flag. It returns
// flag.ErrHelp for -h, -help and --help.
func parse(sp *spec, args []string, e config.Env) (command, error) {
	cmd := sp.new()
	fs := newFlagSet(sp.name)
	cmd.flags(fs, e)
	var flags, pos []string
	unknown := "" // the first flag the command does not have
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil && unknown == "" && name != "h" && name != "help" {
			unknown = name
		}
		// A flag that takes a value takes the next argument, whatever it looks like.
		if f != nil && !hasValue && !isBool(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		if hint := flagHint(fs, unknown); hint != "" && strings.HasSuffix(err.Error(), " -"+unknown) {
			return nil, fmt.Errorf("%v (%s); see 'keepup %s --help'", err, hint, sp.name)
		}
		return nil, fmt.Errorf("%v; see 'keepup %s --help'", err, sp.name)
	}
	given := origin{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if err := cmd.args(pos, given); err != nil {
		return nil, err
	}
	return cmd, nil
}

// flagHint returns "did you mean --policy?" for a flag name fs does not
// have, naming its closest flags; "" when none is close.
func flagHint(fs *flag.FlagSet, name string) string {
	if name == "" {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	return suggest.DidYouMean(name, names, func(n string) string { return "--" + n })
}

// origin records the flags given on the command line, to name where a bad
// value came from: the flag, or else its environment variable.
type origin map[string]bool

// name names the source of a flag's value: "--flag", or env when the flag
// was not given and has an environment variable.
func (o origin) name(flag, env string) string {
	if o[flag] || env == "" {
		return "--" + flag
	}
	return env
}

// value names a flag's value with where it came from: --flag "value", or
// ENV="value" when it came from the environment variable env.
func (o origin) value(flag, env, value string) string {
	if n := o.name(flag, env); n != env {
		return fmt.Sprintf("%s %q", n, value)
	}
	return fmt.Sprintf("%s=%q", env, value)
}

// bad is the error for a value that is not what a flag expects.
func (o origin) bad(flag, env, value, expected string) error {
	return fmt.Errorf("%s: expected %s", o.value(flag, env, value), expected)
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// noArgs is the args of commands that take no arguments.
func noArgs(name string, pos []string) error {
	if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q; see keepup %s --help", pos[0], name)
	}
	return nil
}

// common holds the flags check, explain and gate share.
type common struct {
	policy string
	now    string
	all    bool
	data   string
	gitlab gitlabFlags

	date calendar.Date // --now parsed; zero for today
	// policyVia says how the policy's path was given, to prefix it in
	// messages: "--policy " or "KEEPUP_POLICY=".
	policyVia string
}

func (c *common) register(fs *flag.FlagSet, e config.Env) {
	c.gitlab.register(fs, e)
	fs.StringVar(&c.policy, "policy", e.Policy, "policy `FILE` (env KEEPUP_POLICY; default .keepup.yml or .keepup.yaml from here up to the repository root, else the embedded default)")
	fs.StringVar(&c.now, "now", e.Now, "evaluate as of `DATE` (YYYY-MM-DD) instead of today (env KEEPUP_NOW)")
	fs.BoolVar(&c.all, "all", e.All, "also list releases that are not required, and every release in calendar mode (env KEEPUP_ALL)")
	fs.StringVar(&c.data, "data", or(e.Data, string(upstream.ModeAuto)), "release data `SOURCE`: auto (endoflife.date, else the cache, else the embedded snapshot), live or embedded (env KEEPUP_DATA)")
}

// check checks the shared flags' values.
func (c *common) check(given origin) error {
	c.policyVia = "--policy "
	if given.name("policy", "KEEPUP_POLICY") != "--policy" {
		c.policyVia = "KEEPUP_POLICY="
	}
	if c.now != "" {
		d, err := calendar.ParseDate(c.now)
		if err != nil {
			return given.bad("now", "KEEPUP_NOW", c.now, "a date of the form YYYY-MM-DD")
		}
		c.date = d
	}
	if _, err := upstream.ParseMode(c.data); err != nil {
		return given.bad("data", "KEEPUP_DATA", c.data, "auto, live or embedded")
	}
	if c.gitlab.timeout <= 0 {
		return given.bad("gitlab-timeout", "KEEPUP_GITLAB_TIMEOUT", c.gitlab.timeout.String(), "a positive duration such as 30s")
	}
	return nil
}

// gitlabFlags are the connection flags of the commands that talk to GitLab.
type gitlabFlags struct {
	url     string
	project string
	timeout time.Duration

	api *gitlab.Client // made on first use
}

func (g *gitlabFlags) register(fs *flag.FlagSet, e config.Env) {
	fs.StringVar(&g.url, "gitlab-url", e.APIURL, "GitLab API `URL` (env CI_API_V4_URL), e.g. https://gitlab.com/api/v4")
	fs.StringVar(&g.project, "project", e.Project(), "GitLab project `ID or path` (env CI_PROJECT_ID, CI_PROJECT_PATH)")
	timeout := 30 * time.Second
	if e.GitLabTimeout != nil {
		timeout = *e.GitLabTimeout
	}
	fs.DurationVar(&g.timeout, "gitlab-timeout", timeout, "give up on a GitLab request after `DURATION` (env KEEPUP_GITLAB_TIMEOUT)")
}

// reportFlags are the report files of check and gate: --junit, --json and
// --markdown, each a path, or "-" for stdout.
type reportFlags struct {
	junit, json, markdown string
	// onStdout is set when a report goes to stdout: the table goes to stderr then.
	onStdout bool
}

func (f *reportFlags) register(fs *flag.FlagSet, e config.Env) {
	fs.StringVar(&f.junit, "junit", e.JUnit, "write a JUnit report to `FILE` for GitLab, or - for stdout (env KEEPUP_JUNIT)")
	fs.StringVar(&f.json, "json", e.JSON, "write the JSON report to `FILE`, or - for stdout (env KEEPUP_JSON)")
	fs.StringVar(&f.markdown, "markdown", e.Markdown, "write a markdown report to `FILE`, or - for stdout (env KEEPUP_MARKDOWN)")
}

// check sets onStdout; two reports on stdout, which would mix them, are
// an error.
func (f *reportFlags) check() error {
	n := 0
	for _, p := range []string{f.junit, f.json, f.markdown} {
		if p == "-" {
			n++
		}
	}
	if n > 1 {
		return errors.New("only one of --junit, --json and --markdown can write to stdout (-): write the others to files")
	}
	f.onStdout = n == 1
	return nil
}

// checkCmd is keepup check: evaluate the policy, print the table, write
// the reports, and with --issues and --red-main keep GitLab issues.
type checkCmd struct {
	common
	issues  bool
	dryRun  bool
	redMain bool
	branch  string
	failOn  string
	reports reportFlags
	// byRelease lists every release on a row of its own, as --all does.
	byRelease bool

	threshold checks.FailOn
}

func (c *checkCmd) flags(fs *flag.FlagSet, e config.Env) {
	c.register(fs, e)
	fs.BoolVar(&c.issues, "issues", e.Issues, "open, update and close one GitLab issue per finding at or above issues.open_on (env KEEPUP_ISSUES)")
	dry := e.PipelineSource == "merge_request_event"
	if e.DryRun != nil {
		dry = *e.DryRun
	}
	fs.BoolVar(&c.dryRun, "dry-run", dry, "with --issues, print the planned changes and send no write request (env KEEPUP_DRY_RUN; default true in merge-request pipelines)")
	fs.BoolVar(&c.redMain, "red-main", e.RedMain, "also report how long the default branch has been red; with --issues keep one \"default branch is red\" issue (env KEEPUP_RED_MAIN)")
	fs.StringVar(&c.branch, "default-branch", or(e.DefaultBranch, "main"), "the default `BRANCH`, for --red-main (env CI_DEFAULT_BRANCH)")
	fs.StringVar(&c.failOn, "fail-on", or(e.FailOn, "overdue"), "exit 1 on findings at or above `LEVEL`: overdue, due-soon or never (env KEEPUP_FAIL_ON)")
	fs.BoolVar(&c.byRelease, "by-release", false, "list every owed release on a row of its own, not one row per target (--all does too)")
	c.reports.register(fs, e)
}

func (c *checkCmd) args(pos []string, given origin) error {
	if err := checkReporting("check", pos, &c.common, &c.reports, given); err != nil {
		return err
	}
	var err error
	if c.threshold, err = checks.ParseFailOn(c.failOn); err != nil {
		return given.bad("fail-on", "KEEPUP_FAIL_ON", c.failOn, "overdue, due-soon or never")
	}
	return nil
}

// checkReporting checks what check and gate share: no arguments, the
// report flags and the common flags.
func checkReporting(name string, pos []string, c *common, r *reportFlags, given origin) error {
	if err := noArgs(name, pos); err != nil {
		return err
	}
	if err := r.check(); err != nil {
		return err
	}
	return c.check(given)
}

// explainCmd is keepup explain: how the due dates of a target's releases
// were computed.
type explainCmd struct {
	common
	target, release string
}

func (c *explainCmd) flags(fs *flag.FlagSet, e config.Env) { c.register(fs, e) }

func (c *explainCmd) args(pos []string, given origin) error {
	if len(pos) < 1 || len(pos) > 2 {
		return errors.New("want TARGET and optionally RELEASE; see keepup explain --help")
	}
	if err := c.common.check(given); err != nil {
		return err
	}
	c.target = pos[0]
	if len(pos) == 2 {
		c.release = pos[1]
	}
	c.all = true // explain any release asked about, required or not
	return nil
}

// gateCmd is keepup gate: the merge-request gate.
type gateCmd struct {
	common
	mr         string
	labelsFlag string
	branch     string
	policyFrom string
	note       bool
	reports    reportFlags

	pipelineSource string
	labels         []string
	iid            int64
}

func (c *gateCmd) flags(fs *flag.FlagSet, e config.Env) {
	c.register(fs, e)
	c.pipelineSource = e.PipelineSource
	fs.StringVar(&c.mr, "mr", e.MergeRequestIID, "merge request `IID` (env CI_MERGE_REQUEST_IID)")
	fs.StringVar(&c.labelsFlag, "labels", e.MergeRequestLabels, "the merge request's `LABELS`, comma-separated (env CI_MERGE_REQUEST_LABELS)")
	fs.StringVar(&c.branch, "default-branch", or(e.DefaultBranch, "main"), "the default `BRANCH` (env CI_DEFAULT_BRANCH)")
	from := "worktree"
	if e.PipelineSource == "merge_request_event" || e.MergeRequestIID != "" {
		from = "default-branch"
	}
	fs.StringVar(&c.policyFrom, "policy-from", from, "read the policy from `SOURCE`: default-branch (the default in merge-request pipelines) or worktree")
	fs.BoolVar(&c.note, "mr-note", false, "create or update one keepup note on the merge request with the gate's and check's summary")
	c.reports.register(fs, e)
}

func (c *gateCmd) args(pos []string, given origin) error {
	if err := checkReporting("gate", pos, &c.common, &c.reports, given); err != nil {
		return err
	}
	var err error
	if c.labels, err = parseLabels(c.labelsFlag); err != nil {
		return fmt.Errorf("%s: %v; expected labels separated by single commas", given.value("labels", "CI_MERGE_REQUEST_LABELS", c.labelsFlag), err)
	}
	if c.mr != "" {
		if c.iid, err = strconv.ParseInt(c.mr, 10, 64); err != nil || c.iid <= 0 {
			return given.bad("mr", "CI_MERGE_REQUEST_IID", c.mr, "a merge request IID, a positive number")
		}
	} else if c.pipelineSource == "merge_request_event" {
		return errors.New("this is a merge-request pipeline, but CI_MERGE_REQUEST_IID is not set: is the job limited to merge request pipelines with 'rules: - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"'?")
	} else if c.note {
		return errors.New("--mr-note needs a merge request: --mr IID or CI_MERGE_REQUEST_IID")
	}
	if c.policyFrom != "default-branch" && c.policyFrom != "worktree" {
		return fmt.Errorf("--policy-from %q: expected default-branch or worktree", c.policyFrom)
	}
	return nil
}

// parseLabels splits CI_MERGE_REQUEST_LABELS: labels separated by commas,
// none empty. Spaces around a label and control characters in it are
// dropped: a label name goes into notes, where a line break could start a
// quick action.
func parseLabels(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	labels := strings.Split(s, ",")
	for i, l := range labels {
		labels[i] = strings.TrimSpace(strings.Map(dropControl, l)) // "a, b" as typed by hand
		if labels[i] == "" {
			return nil, fmt.Errorf("label %d is empty", i+1)
		}
	}
	return labels, nil
}

func dropControl(r rune) rune {
	if unicode.IsControl(r) {
		return -1
	}
	return r
}

// initCmd is keepup init: write a starter policy to a new file.
type initCmd struct {
	path  string
	force bool
}

func (c *initCmd) flags(fs *flag.FlagSet, _ config.Env) {
	fs.BoolVar(&c.force, "force", false, "overwrite FILE if it exists")
}

func (c *initCmd) args(pos []string, _ origin) error {
	if len(pos) > 1 {
		return errors.New("usage: keepup init [--force] [FILE]   (default .keepup.yml)")
	}
	c.path = config.FileName
	if len(pos) == 1 {
		c.path = pos[0]
	}
	return nil
}

// dataCmd is keepup data: the release data keepup knows (show PRODUCT,
// products), and the refresh of the snapshot it embeds (update).
type dataCmd struct {
	sub     string // show, products or update
	product string // of show
	data    string
	out     string

	mode   upstream.Mode
	outSet bool // --out was given
}

func (c *dataCmd) flags(fs *flag.FlagSet, e config.Env) {
	fs.StringVar(&c.data, "data", or(e.Data, string(upstream.ModeAuto)), "with show and products: release data `SOURCE`, auto (endoflife.date, else the cache, else the embedded snapshot), live or embedded (env KEEPUP_DATA)")
	fs.StringVar(&c.out, "out", defaultSnapshotDir, "with update: write the snapshot to `DIR`; the build embeds upstream/data")
}

func (c *dataCmd) args(pos []string, given origin) error {
	if len(pos) == 0 {
		return errors.New("want show PRODUCT, products or update; see keepup data --help")
	}
	c.sub, c.outSet = pos[0], given["out"]
	switch c.sub {
	case "show":
		if len(pos) != 2 {
			return errors.New("want data show PRODUCT; see keepup data --help")
		}
		c.product = pos[1]
	case "products", "update":
		if err := noArgs("data "+c.sub, pos[1:]); err != nil {
			return err
		}
	default:
		return fmt.Errorf("data %s: want show PRODUCT, products or update; see keepup data --help", c.sub)
	}
	if c.sub == "update" {
		if given["data"] {
			return errors.New("--data is for data show and data products: data update always fetches from endoflife.date")
		}
		return nil
	}
	if c.outSet {
		return errors.New("--out is for data update")
	}
	var err error
	if c.mode, err = upstream.ParseMode(c.data); err != nil {
		return given.bad("data", "KEEPUP_DATA", c.data, "auto, live or embedded")
	}
	return nil
}

// versionCmd is keepup version.
type versionCmd struct{}

func (versionCmd) flags(*flag.FlagSet, config.Env)   {}
func (versionCmd) args(pos []string, _ origin) error { return noArgs("version", pos) }

// helpCmd is keepup help [COMMAND].
type helpCmd struct {
	topic string
}

func (c *helpCmd) flags(*flag.FlagSet, config.Env) {}

func (c *helpCmd) args(pos []string, _ origin) error {
	if len(pos) > 1 {
		return fmt.Errorf("unexpected argument %q; see keepup help", pos[1])
	}
	if len(pos) == 1 {
		c.topic = pos[0]
	}
	return nil
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

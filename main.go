// Command keepup holds a project to its support policy for upstream
// releases: Kubernetes, OS and dependency releases must be supported within
// a window of their release. It runs as a CI job, prints a table, writes
// JUnit, JSON and markdown reports, and exits non-zero on a breach.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/caarlos0/env/v11"
	"golang.org/x/term"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/gitlab"
	"gitlab.com/keepup/keepup/report"
	"gitlab.com/keepup/keepup/upstream"
)

// Exit codes, per design.md section 4.
const (
	exitOK     = 0 // nothing at or above --fail-on
	exitBreach = 1 // a finding at or above --fail-on
	exitError  = 2 // keepup could not do its job
)

// version and commitID are set at build time:
// -ldflags "-X main.version=v1.2.3 -X main.commitID=$(git rev-parse HEAD)".
// Without commitID, the commit comes from the Go build's VCS stamp.
var (
	version  = "dev"
	commitID = ""
)

// staleAfter is how old the embedded data may get before keepup warns.
const staleAfter = 90

const usage = `keepup holds a project to its support policy for upstream releases.

Usage:
  keepup check   [flags]            evaluate the policy; print a table, write reports
  keepup explain [flags] TARGET [RELEASE]
                                    show how each due date was computed
  keepup gate    [flags]            the merge-request gate: red default branch, required labels
  keepup init    [FILE]             write the default policy to .keepup.yml (or FILE) to edit
  keepup version                    print version, commit and data snapshot date
  keepup help [COMMAND]             show help

The policy is .keepup.yml in the current directory, the file named by --policy
or KEEPUP_POLICY, or else the embedded default policy (GitLab's Distribution
team support policy, in calendar mode). Run 'keepup help check' for flags.

Exit codes: 0 nothing at or above --fail-on, 1 a breach (or a failed gate),
2 keepup could not do its job (bad flags, policy or data, a GitLab request).
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, env.ToMap(os.Environ()))
	stop()
	os.Exit(code)
}

// run is keepup's command line: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, environ map[string]string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError
	}
	cmd, args := args[0], args[1:]
	commands := map[string]func(context.Context, []string, io.Writer, io.Writer, config.Env, map[string]string, *slog.Logger) int{
		"check": runCheck, "explain": runExplain, "gate": runGate,
	}
	if runCmd, ok := commands[cmd]; ok {
		// Only the commands that read the environment fail on a bad one.
		e, err := config.ReadEnv(environ)
		if err != nil {
			fmt.Fprintln(stderr, "keepup:", err)
			return exitError
		}
		log, err := newLogger(stderr, e.LogLevel)
		if err != nil {
			fmt.Fprintln(stderr, "keepup:", err)
			return exitError
		}
		return runCmd(ctx, args, stdout, stderr, e, environ, log)
	}
	switch cmd {
	case "init":
		return runInit(args, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "keepup %s (commit %s, data %s of %s)\n", version, commit(), "endoflife.date snapshot", upstream.Embedded().Date())
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 0 && (args[0] == "check" || args[0] == "explain" || args[0] == "gate") {
			return run(ctx, []string{args[0], "--help"}, stdout, stderr, environ)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "keepup: unknown command %q\n\n%s", cmd, usage)
	return exitError
}

// common holds the flags check, explain and gate share.
type common struct {
	policy string
	now    string
	all    bool
	gitlab gitlabFlags
	// policyData, when set, is the policy's text, read from elsewhere than
	// the work tree (the default branch); policyName names it.
	policyData []byte
	policyName string
}

func (c *common) register(fs *flag.FlagSet, e config.Env) {
	c.gitlab.register(fs, e)
	fs.StringVar(&c.policy, "policy", e.Policy, "policy `file` (env KEEPUP_POLICY; default .keepup.yml if present, else the embedded default)")
	fs.StringVar(&c.now, "now", e.Now, "evaluate as of `DATE` (YYYY-MM-DD) instead of today (env KEEPUP_NOW)")
	fs.BoolVar(&c.all, "all", e.All, "also list releases that are not required, and every release in calendar mode (env KEEPUP_ALL)")
}

// newFlagSet returns a flag set whose errors go to stderr and whose
// -help, written by parseFlags, goes to stdout.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), synopsis)
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, with flags and arguments in any order
// ("explain kubernetes 1.36 --now 2026-01-01"; "--" ends the flags), and
// returns the arguments. It returns an exit code when the command should
// stop: after -help, or on a bad flag.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (pos []string, code int, stop bool) {
	usage, stderr := fs.Usage, fs.Output()
	fs.Usage = func() {} // on errors, flag prints just the error
	defer func() { fs.Usage = usage }()
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fs.SetOutput(stdout)
			usage()
			return nil, exitOK, true
		case err != nil:
			fmt.Fprintf(stderr, "see 'keepup %s --help'\n", fs.Name())
			return nil, exitError, true
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, false
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), 0, false
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

// setup is what check and explain both need: the policy, data, calendar and date.
type setup struct {
	in   checks.Input
	meta report.Meta
}

func (c *common) load(ctx context.Context, environ map[string]string, log *slog.Logger) (*setup, error) {
	now := calendar.Of(time.Now())
	if c.now != "" {
		d, err := calendar.ParseDate(c.now)
		if err != nil {
			return nil, fmt.Errorf("--now (or KEEPUP_NOW): %w", err)
		}
		now = d
	}
	data := upstream.Embedded()
	if age := data.Date().DaysUntil(now); age > staleAfter {
		log.Warn(fmt.Sprintf("the embedded endoflife.date data is from %s, %d days before %s: releases since then are missing; update keepup", data.Date(), age, now))
	}
	var policy *config.Policy
	var err error
	if c.policyData != nil {
		policy, err = config.Parse(c.policyData, c.policyName, data.Names())
	} else {
		policy, err = loadPolicy(c.policy, data.Names(), log)
	}
	if err != nil {
		return nil, err
	}
	cal := calendar.GitLab()
	switch {
	case policy.Calendar.Source == "gitlab":
		if cal, err = c.gitlab.gitlabCalendar(ctx, policy.Calendar, log); err != nil {
			return nil, err
		}
	case len(policy.Calendar.Dates) > 0:
		ms := make([]calendar.Milestone, len(policy.Calendar.Dates))
		for i, d := range policy.Calendar.Dates {
			ms[i] = calendar.Milestone{Date: d}
		}
		if cal, err = calendar.FromDates("calendar.dates in "+policy.Calendar.Pos.String(), ms); err != nil {
			return nil, fmt.Errorf("%s: calendar.dates: %w", policy.Calendar.Pos, err)
		}
	}
	generated := time.Now()
	if s := environ["SOURCE_DATE_EPOCH"]; s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("SOURCE_DATE_EPOCH=%q: expected seconds since 1970", s)
		}
		generated = time.Unix(sec, 0)
	}
	log.Debug(fmt.Sprintf("evaluating %s as of %s with endoflife.date data of %s", policy.File, now, data.Date()))
	return &setup{
		in:   checks.Input{Policy: policy, Catalog: data, Calendar: cal, Now: now, All: c.all},
		meta: report.Meta{Policy: policy.File, DataSource: "endoflife.date snapshot", DataDate: data.Date(), Now: now, GeneratedAt: generated},
	}, nil
}

// evaluate loads the policy, data and calendar and evaluates the policy.
func (c *common) evaluate(ctx context.Context, environ map[string]string, log *slog.Logger) (*setup, *checks.Result, error) {
	s, err := c.load(ctx, environ, log)
	if err != nil {
		return nil, nil, err
	}
	res, err := checks.Evaluate(s.in)
	return s, res, err
}

// loadPolicy reads the named policy, or .keepup.yml, or the embedded default.
func loadPolicy(path string, products []string, log *slog.Logger) (*config.Policy, error) {
	if path == "" {
		if _, err := os.Stat(".keepup.yml"); err != nil {
			log.Info("no .keepup.yml here and no --policy given: using the embedded default policy (calendar mode); 'keepup init' writes it to .keepup.yml to edit")
			return config.Default(products)
		}
		path = ".keepup.yml"
	}
	return config.Load(path, products)
}

const checkSynopsis = `Usage: keepup check [flags]

Evaluates every target of the policy against the upstream release data and
prints a table, most urgent first. Each release the project owes support for
is pending, due-soon or overdue; overdue is a breach.

Examples:
  keepup check                                 # .keepup.yml or the default policy
  keepup check --policy ci/keepup.yml --junit keepup.xml
  keepup check --now 2026-01-01 --fail-on due-soon --json -
  keepup check --issues --red-main --junit keepup.xml   # nightly: keep issues current

With --issues (or --red-main), the GitLab token comes from KEEPUP_GITLAB_TOKEN
or GITLAB_TOKEN: a project access token with the api scope (CI_JOB_TOKEN
cannot use the Issues API).

Exit codes: 0 nothing at or above --fail-on, 1 a finding at or above it,
2 keepup could not do its job (the reports that could be made are written).
`

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer, e config.Env, environ map[string]string, log *slog.Logger) int {
	fs := newFlagSet("check", checkSynopsis, stderr)
	var c common
	c.register(fs, e)
	var iss issueFlags
	iss.register(fs, e)
	redMain := fs.Bool("red-main", e.RedMain, "also report how long the default branch has been red; with --issues keep one \"default branch is red\" issue (env KEEPUP_RED_MAIN)")
	branch := fs.String("default-branch", or(e.DefaultBranch, "main"), "the default `BRANCH`, for --red-main (env CI_DEFAULT_BRANCH)")
	failOn := fs.String("fail-on", or(e.FailOn, "overdue"), "exit 1 on findings at or above `LEVEL`: overdue, due-soon or never (env KEEPUP_FAIL_ON)")
	var reports reportFlags
	reports.register(fs, e)
	pos, code, stop := parseFlags(fs, args, stdout)
	if stop {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "keepup check: unexpected argument %q; see keepup check --help\n", pos[0])
		return exitError
	}
	claimed, err := reports.onStdout()
	if err != nil {
		fmt.Fprintln(stderr, "keepup check:", err)
		return exitError
	}
	threshold, err := checks.ParseFailOn(*failOn)
	if err != nil {
		fmt.Fprintln(stderr, "keepup check:", err)
		return exitError
	}
	s, res, err := c.evaluate(ctx, environ, log)
	if err != nil {
		fmt.Fprintln(stderr, "keepup:", err)
		return exitError
	}
	r := report.Report{Meta: s.meta, Result: res}

	// The table and the issue actions go to stdout, or to stderr when a
	// report claims stdout.
	results := stdout
	if claimed {
		results = stderr
	}
	code = exitOK
	var issueOut strings.Builder
	var tracker *gitlab.Tracker // one listing of the managed issues for both syncs
	if iss.enabled {
		tracker, err = openTracker(ctx, &c.gitlab, iss.dryRun, s.in.Policy, log)
		if err == nil {
			err = syncIssues(ctx, tracker, s.in.Policy.Issues.Namespace, iss.dryRun, res, &issueOut)
		}
		if err != nil {
			code = reportProblem(&r, log, "gitlab issues", err)
		}
	}
	if *redMain {
		if err := checkRedMain(ctx, &c.gitlab, *branch, tracker, iss.dryRun, s, res, &issueOut); err != nil {
			code = reportProblem(&r, log, "red main", err)
		}
	}
	if err := report.Text(results, r, useColor(results, e, environ)); err != nil {
		fmt.Fprintln(stderr, "keepup: writing the table:", err)
		code = exitError
	}
	io.WriteString(results, issueOut.String())
	if !reports.write(r, stdout, stderr) {
		code = exitError
	}
	for _, f := range res.Findings {
		switch {
		case f.Status == checks.Error:
			log.Error(fmt.Sprintf("%s %s: %s", f.Target, f.Release, f.Reason))
			code = exitError
		case threshold.Fails(f.Status) && code == exitOK:
			code = exitBreach
		}
	}
	if code == exitBreach {
		log.Info(fmt.Sprintf("failing: %s (--fail-on %s); 'keepup explain TARGET RELEASE' shows how a due date was computed", report.Summary(r), threshold))
	}
	return code
}

// reportProblem logs a failure that does not stop the run, adds it to the
// reports, and returns the exit code it calls for.
func reportProblem(r *report.Report, log *slog.Logger, name string, err error) int {
	log.Error(err.Error())
	r.Problems = append(r.Problems, report.Problem{Name: name, Message: err.Error()})
	return exitError
}

// reportFlags are the report files of check and gate: --junit, --json and
// --markdown, each a path, or "-" for stdout.
type reportFlags struct {
	junit, json, markdown string
}

func (f *reportFlags) register(fs *flag.FlagSet, e config.Env) {
	fs.StringVar(&f.junit, "junit", e.JUnit, "write a JUnit report to `FILE` for GitLab, or - for stdout (env KEEPUP_JUNIT)")
	fs.StringVar(&f.json, "json", e.JSON, "write the JSON report to `FILE`, or - for stdout (env KEEPUP_JSON)")
	fs.StringVar(&f.markdown, "markdown", e.Markdown, "write a markdown report to `FILE`, or - for stdout (env KEEPUP_MARKDOWN)")
}

// onStdout reports whether a report is written to stdout ("-"), in which
// case the table goes to stderr; two reports on stdout, which would mix
// them, are an error.
func (f *reportFlags) onStdout() (bool, error) {
	n := 0
	for _, p := range []string{f.junit, f.json, f.markdown} {
		if p == "-" {
			n++
		}
	}
	if n > 1 {
		return true, errors.New("only one of --junit, --json and --markdown can write to stdout (-): write the others to files")
	}
	return n == 1, nil
}

// write writes each report asked for, each whole or not at all, and
// reports whether all were written.
func (f *reportFlags) write(r report.Report, stdout, stderr io.Writer) bool {
	ok := true
	for _, out := range []struct {
		path  string
		write func(io.Writer, report.Report) error
	}{{f.junit, report.JUnit}, {f.json, report.JSON}, {f.markdown, report.Markdown}} {
		if out.path == "" {
			continue
		}
		if err := report.WriteFile(out.path, stdout, func(w io.Writer) error { return out.write(w, r) }); err != nil {
			fmt.Fprintln(stderr, "keepup:", err)
			ok = false
		}
	}
	return ok
}

const explainSynopsis = `Usage: keepup explain [flags] TARGET [RELEASE]

Shows how the due date of each release of TARGET (or of one RELEASE) was
computed: the release date and where it came from, the rule, each milestone
counted with its date, the due date, and the status and why.
`

func runExplain(ctx context.Context, args []string, stdout, stderr io.Writer, e config.Env, environ map[string]string, log *slog.Logger) int {
	fs := newFlagSet("explain", explainSynopsis, stderr)
	var c common
	c.register(fs, e)
	pos, code, stop := parseFlags(fs, args, stdout)
	if stop {
		return code
	}
	if len(pos) < 1 || len(pos) > 2 {
		fmt.Fprintln(stderr, "keepup explain: want TARGET and optionally RELEASE; see keepup explain --help")
		return exitError
	}
	target, release := pos[0], ""
	if len(pos) == 2 {
		release = pos[1]
	}
	c.all = true // explain any release asked about, required or not
	s, res, err := c.evaluate(ctx, environ, log)
	if err != nil {
		fmt.Fprintln(stderr, "keepup:", err)
		return exitError
	}
	if _, ok := s.in.Policy.Target(target); !ok {
		var names []string
		for _, t := range s.in.Policy.Targets {
			names = append(names, t.Name)
		}
		fmt.Fprintf(stderr, "keepup explain: %s has no target %q; targets: %s\n", s.in.Policy.File, target, strings.Join(names, ", "))
		return exitError
	}
	found := false
	for _, f := range res.Findings {
		if f.Target != target || (release != "" && f.Release != release) {
			continue
		}
		if found {
			fmt.Fprintln(stdout)
		}
		found = true
		fmt.Fprintf(stdout, "%s %s (target %s, %s)\n", f.Product, f.Release, f.Target, f.Status)
		for _, line := range f.Explain() {
			fmt.Fprintln(stdout, "  "+line)
		}
	}
	if !found {
		if release != "" {
			fmt.Fprintf(stderr, "keepup explain: target %s has no release %q in the data\n", target, release)
		} else {
			fmt.Fprintf(stderr, "keepup explain: target %s has no releases to explain\n", target)
		}
		return exitError
	}
	return exitOK
}

// runInit writes the embedded default policy to a new file.
func runInit(args []string, stdout, stderr io.Writer) int {
	if len(args) > 1 || (len(args) == 1 && strings.HasPrefix(args[0], "-")) {
		fmt.Fprintln(stderr, "usage: keepup init [FILE]   (default .keepup.yml)")
		return exitError
	}
	path := ".keepup.yml"
	if len(args) == 1 {
		path = args[0]
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		fmt.Fprintf(stderr, "keepup init: %v (keepup never overwrites a policy)\n", err)
		return exitError
	}
	_, err = f.Write(config.DefaultYAML())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		fmt.Fprintf(stderr, "keepup init: writing %s: %v\n", path, err)
		return exitError
	}
	fmt.Fprintf(stdout, "wrote %s: the default policy in calendar mode; add supported: lists to the targets you ship\n", path)
	return exitOK
}

// useColor reports whether w is a terminal that should get colors: not
// with NO_COLOR set (no-color.org) or TERM=dumb.
func useColor(w io.Writer, e config.Env, environ map[string]string) bool {
	f, ok := w.(*os.File)
	if !ok || e.NoColor != "" || environ["TERM"] == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// newLogger logs to stderr without timestamps: CI adds its own.
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(or(level, "info"))); err != nil {
		return nil, fmt.Errorf("KEEPUP_LOG_LEVEL=%q: expected debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}})), nil
}

// commit returns the VCS revision keepup was built from.
func commit() string {
	if commitID != "" {
		return commitID[:min(12, len(commitID))]
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				return s.Value[:min(12, len(s.Value))]
			}
		}
	}
	return "unknown"
}

func or[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

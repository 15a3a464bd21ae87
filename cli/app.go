// Package cli is keepup's command line. Each command (check, explain,
// gate, init, version, help) is an options struct filled by its flag set
// (flags.go), with a run method; App carries what every command runs with:
// the output streams, the environment, the logger and the clock.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"gitlab.com/keepup/keepup/config"
)

// Exit codes.
const (
	exitOK     = 0 // nothing at or above --fail-on
	exitBreach = 1 // a finding at or above --fail-on, or a failed gate
	exitError  = 2 // keepup could not do its job
)

// Build says which keepup this is.
type Build struct {
	Version string // v1.2.3, or dev
	Commit  string // the VCS revision, when the build was given it
}

// App is what every command runs with.
type App struct {
	IO  *Streams
	Env config.Env
	Log *slog.Logger
	// Now is the instant keepup started, read once. It gives today's date
	// and the instant red-branch durations are counted to, unless --now
	// says otherwise, and the reports' generated_at.
	Now   time.Time
	Build Build

	// generated is the reports' generated_at: Now, or SOURCE_DATE_EPOCH.
	generated time.Time
	// envErr is what is wrong with the environment; only the commands
	// that read it fail on it.
	envErr error
	// environ is the process's environment, for the few settings that
	// are not keepup's own (the cache directory's HOME, XDG_CACHE_HOME).
	environ map[string]string
}

// NewApp returns the App for the process's streams, environment (as
// env.ToMap(os.Environ()) gives it) and clock reading.
func NewApp(io *Streams, environ map[string]string, now time.Time, b Build) *App {
	a := &App{IO: io, Now: now, Build: b, generated: now, environ: environ, Log: slog.New(slog.DiscardHandler)}
	a.Env, a.envErr = config.ReadEnv(environ)
	if a.envErr != nil {
		return a
	}
	if a.Env.RetryWait < 0 {
		a.envErr = fmt.Errorf("KEEPUP_GITLAB_RETRY_WAIT=%q: expected a duration of zero or more", environ["KEEPUP_GITLAB_RETRY_WAIT"])
		return a
	}
	if s := a.Env.SourceDateEpoch; s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil || sec < 0 || sec > maxEpoch {
			a.envErr = fmt.Errorf("SOURCE_DATE_EPOCH=%q: expected seconds since 1970, in the years 1970 to 9999", s)
			return a
		}
		a.generated = time.Unix(sec, 0)
	}
	log, err := newLogger(io.Err, a.Env.LogLevel)
	if err != nil {
		a.envErr = err
		return a
	}
	a.Log = log
	return a
}

// maxEpoch is the last second of the year 9999, the last a report's
// generated_at can name.
var maxEpoch = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()

// command is one of keepup's commands: an options struct filled by its
// flag set, with a run method that returns the exit code.
type command interface {
	// flags registers the command's flags on fs, with their defaults from
	// the environment.
	flags(fs *flag.FlagSet, e config.Env)
	// args takes the arguments left after the flags and checks the values
	// the flags were given, or took from the environment.
	args(pos []string, given origin) error
	run(ctx context.Context, a *App) int
}

// spec describes a command for dispatch and help.
type spec struct {
	name     string
	synopsis string
	// env is set for the commands that read the environment: they, and
	// only they, fail on a bad one.
	env bool
	new func() command
}

var specs = []*spec{
	{"check", checkSynopsis, true, func() command { return &checkCmd{} }},
	{"explain", explainSynopsis, true, func() command { return &explainCmd{} }},
	{"gate", gateSynopsis, true, func() command { return &gateCmd{} }},
	{"init", initSynopsis, false, func() command { return &initCmd{} }},
	{"version", versionSynopsis, false, func() command { return versionCmd{} }},
	{"help", helpSynopsis, false, func() command { return &helpCmd{} }},
}

func lookup(name string) *spec {
	for _, sp := range specs {
		if sp.name == name {
			return sp
		}
	}
	return nil
}

const usage = `keepup holds a project to its support policy for upstream releases.

Usage:
  keepup check   [flags]            evaluate the policy; print a table, write reports
  keepup explain [flags] TARGET [RELEASE]
                                    show how each due date was computed
  keepup gate    [flags]            the merge-request gate: red default branch, required labels
  keepup init    [--force] [FILE]   write a starter policy from what the repository says
  keepup version                    print version, commit and data snapshot date
  keepup help [COMMAND]             show help

The policy is the file named by --policy or KEEPUP_POLICY, else .keepup.yml
or .keepup.yaml in the current directory or the nearest parent up to the
repository root, else the embedded default policy (GitLab's Distribution team
support policy, in calendar mode, which enforces nothing). Run 'keepup help
check' for flags.

Exit codes: 0 nothing at or above --fail-on, 1 a breach (or a failed gate),
2 keepup could not do its job (bad flags, policy or data, a GitLab request)
or was cancelled (SIGINT, SIGTERM).
`

// Run runs the command line args (without the program name) and returns
// the exit code.
func (a *App) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(a.IO.Err, usage)
		return exitError
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" {
		name = "help"
	}
	sp := lookup(name)
	if sp == nil {
		fmt.Fprintf(a.IO.Err, "keepup: unknown command %q\n\n%s", name, usage)
		return exitError
	}
	var e config.Env
	if sp.env {
		if a.envErr != nil {
			fmt.Fprintln(a.IO.Err, "keepup:", a.envErr)
			return exitError
		}
		e = a.Env
	}
	cmd, err := parse(sp, args[1:], e)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(a.IO.Out, helpText(sp, e))
		return exitOK
	case err != nil:
		fmt.Fprintf(a.IO.Err, "keepup %s: %v\n", sp.name, err)
		return exitError
	}
	return cmd.run(ctx, a)
}

// helpText is a command's synopsis and its flags with their defaults.
func helpText(sp *spec, e config.Env) string {
	fs := newFlagSet(sp.name)
	sp.new().flags(fs, e)
	var b strings.Builder
	b.WriteString(sp.synopsis)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		b.WriteString("\nFlags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
	}
	return b.String()
}

// newLogger logs to w without timestamps: CI adds its own.
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

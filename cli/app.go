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
	"log/slog"
	"strconv"
	"strings"
	"sync"
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
	// logFormat and logLevel are the log's settings from the environment,
	// or "" for the defaults when the environment's are bad.
	logFormat, logLevel string
	logMu               sync.Mutex // guards Log, for Logger
}

// NewApp returns the App for the process's streams, environment (as
// env.ToMap(os.Environ()) gives it) and clock reading.
func NewApp(io *Streams, environ map[string]string, now time.Time, b Build) *App {
	a := &App{IO: io, Now: now, Build: b, generated: now, environ: environ}
	a.Env, a.envErr = config.ReadEnv(environ)
	// The logger comes first: it reports what is wrong with the rest. A
	// bad level or format falls back to the default, and is an error of
	// the commands that read the environment.
	a.logFormat, a.logLevel = a.Env.LogFormat, a.Env.LogLevel
	log, err := newLogger(io.Err, a.logFormat, a.logLevel)
	if err != nil {
		if _, lerr := newLogger(io.Err, "", a.logLevel); lerr != nil {
			a.logLevel = ""
		}
		if _, ferr := newLogger(io.Err, a.logFormat, ""); ferr != nil {
			a.logFormat = ""
			err = fmt.Errorf("KEEPUP_LOG_FORMAT=%q: expected human or json", a.Env.LogFormat)
		}
		log, _ = newLogger(io.Err, a.logFormat, a.logLevel)
		if a.envErr == nil {
			a.envErr = err
		}
	}
	a.Log = log
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
	return a
}

// Logger returns the logger of the run, which --log-format may replace
// when the run starts; it is safe to call from another goroutine (the one
// that reports a cancellation).
func (a *App) Logger() *slog.Logger {
	a.logMu.Lock()
	defer a.logMu.Unlock()
	return a.Log
}

func (a *App) setLogger(l *slog.Logger) {
	a.logMu.Lock()
	defer a.logMu.Unlock()
	a.Log = l
}

// fail logs err as an error, with hints on lines of their own, and
// returns the exit code of a run that could not do its job.
func (a *App) fail(err error, hints ...string) int {
	args := make([]any, len(hints))
	for i, h := range hints {
		args[i] = hint(h)
	}
	a.Log.Error(err.Error(), args...)
	return exitError
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
	{"data", dataSynopsis, true, func() command { return &dataCmd{} }},
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
  keepup data    show PRODUCT | products | update [--out DIR]
                                    the release data keepup knows; refresh its snapshot
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
		return a.fail(fmt.Errorf("unknown command %q", name), commandList())
	}
	args, format, given := takeLogFormat(sp, args[1:])
	if given {
		log, err := newLogger(a.IO.Err, format, a.logLevel)
		if err != nil || format == "" {
			return a.fail(fmt.Errorf("--log-format %q: expected human or json", format), fmt.Sprintf("see 'keepup %s --help'", sp.name))
		}
		a.logFormat = format
		a.setLogger(log)
	}
	var e config.Env
	if sp.env {
		e = a.Env
	}
	cmd, err := parse(sp, args, e)
	switch {
	case errors.Is(err, flag.ErrHelp):
		// Help needs no good environment: it shows the defaults it could read.
		fmt.Fprint(a.IO.Out, helpText(sp, e))
		return exitOK
	case sp.env && a.envErr != nil:
		return a.fail(a.envErr)
	case err != nil:
		return a.fail(err)
	}
	return cmd.run(ctx, a)
}

// commandList is the hint that lists the commands.
func commandList() string {
	names := make([]string, len(specs))
	for i, sp := range specs {
		names[i] = sp.name
	}
	return fmt.Sprintf("the commands are %s and %s; 'keepup help' says what each does", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// helpText is a command's synopsis, its flags with their defaults, and
// the flags every command takes.
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
	b.WriteString("\nFlags of every command:\n")
	global := newFlagSet(sp.name)
	def := logHuman
	if e.LogFormat == logJSON {
		def = logJSON
	}
	global.String(logFormatFlag, def, "log `FORMAT` on stderr: human (keepup: warning: ...) or json, one object a line (env KEEPUP_LOG_FORMAT)")
	global.SetOutput(&b)
	global.PrintDefaults()
	return b.String()
}

// logFormatFlag is the flag every command takes: --log-format human|json.
const logFormatFlag = "log-format"

// takeLogFormat takes --log-format out of args, the flags and arguments
// of sp, as parse would read them: up to "--", as -log-format or
// --log-format, with its value after "=" or in the next argument, and
// skipping the value of any other flag that takes one. It returns the
// other arguments, the value of the last --log-format, and whether one was
// given.
func takeLogFormat(sp *spec, args []string) (rest []string, format string, given bool) {
	fs := newFlagSet(sp.name)
	sp.new().flags(fs, config.Env{})
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return append(rest, args[i:]...), format, given
		}
		if len(arg) < 2 || arg[0] != '-' {
			rest = append(rest, arg)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if name == logFormatFlag {
			given = true
			switch {
			case hasValue:
				format = value
			case i+1 < len(args):
				i++
				format = args[i]
			default:
				format = "" // no value: not a format, an error
			}
			continue
		}
		rest = append(rest, arg)
		if f := fs.Lookup(name); f != nil && !hasValue && !isBool(f) && i+1 < len(args) {
			i++
			rest = append(rest, args[i])
		}
	}
	return rest, format, given
}

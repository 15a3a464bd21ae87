package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/starter"
	"gitlab.com/keepup/keepup/upstream"
)

const initSynopsis = `Usage: keepup init [--force] [FILE]

Scans the repository for the places that say which releases it supports
(CI matrices and job names, Helm charts' kubeVersion, Dockerfiles' FROM
lines, .tool-versions, go.mod) and writes FILE (default .keepup.yml): the
default policy with detect rules for what it found, the targets it found
nothing for commented out; with nothing found, the default policy. It
prints what it found where, and what to check. It never overwrites a file
unless --force.
`

// run scans the repository and writes the starter policy.
func (c *initCmd) run(_ context.Context, a *App) int {
	if c.path == config.FileName {
		// .keepup.yml beside a .keepup.yaml would make two policies, an error.
		for _, other := range config.Names[1:] {
			if exists(other) {
				return a.fail(fmt.Errorf("%s exists: edit it, or replace it with 'keepup init --force %s'", other, other))
			}
		}
	}
	if dir := filepath.Dir(c.path); !exists(dir) {
		return a.fail(fmt.Errorf("cannot write %s: the directory %s does not exist", c.path, dir), fmt.Sprintf("create it first (mkdir -p %s): keepup init makes no directories", dir))
	}
	res, err := starter.Init(c.path, c.force, upstream.Embedded())
	if err != nil {
		return a.fail(err)
	}
	res.WriteSummary(a.IO.Out, c.path)
	return exitOK
}

const versionSynopsis = `Usage: keepup version

Prints keepup's version, the commit it was built from, and the date of the
endoflife.date snapshot it carries.
`

func (versionCmd) run(_ context.Context, a *App) int {
	fmt.Fprintf(a.IO.Out, "keepup %s (commit %s, data %s of %s)\n", a.Build.Version, a.Build.commit(), "endoflife.date snapshot", upstream.Embedded().Date())
	return exitOK
}

// commit returns the VCS revision keepup was built from: the one given at
// build time, else the Go build's VCS stamp.
func (b Build) commit() string {
	if b.Commit != "" {
		return b.Commit[:min(12, len(b.Commit))]
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

const helpSynopsis = `Usage: keepup help [COMMAND]

Shows what keepup does, or the usage and flags of COMMAND.
`

func (c *helpCmd) run(ctx context.Context, a *App) int {
	if c.topic == "" {
		fmt.Fprint(a.IO.Out, usage)
		return exitOK
	}
	sp := lookup(c.topic)
	if sp == nil {
		return a.fail(fmt.Errorf("no help for %q: it is no command", c.topic), commandList())
	}
	var e config.Env
	if sp.env {
		e = a.Env
	}
	fmt.Fprint(a.IO.Out, helpText(sp, e))
	return exitOK
}

// exists reports whether a file or directory exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

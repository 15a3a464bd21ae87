package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"

	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/upstream"
)

const initSynopsis = `Usage: keepup init [FILE]

Writes the embedded default policy to FILE (default .keepup.yml) to edit:
GitLab's Distribution team support policy, in calendar mode. It never
overwrites a file.
`

// run writes the embedded default policy to a new file.
func (c *initCmd) run(_ context.Context, a *App) int {
	if c.path == config.FileName {
		// .keepup.yml beside a .keepup.yaml would make two policies, an error.
		for _, other := range config.Names[1:] {
			if _, err := os.Stat(other); err == nil {
				return a.fail(fmt.Errorf("%s exists: edit it (keepup never overwrites a policy)", other))
			}
		}
	}
	f, err := os.OpenFile(c.path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	switch dir := filepath.Dir(c.path); {
	case errors.Is(err, fs.ErrExist):
		return a.fail(fmt.Errorf("%s exists: edit it (keepup never overwrites a policy)", c.path))
	case errors.Is(err, fs.ErrNotExist):
		if _, serr := os.Stat(dir); errors.Is(serr, fs.ErrNotExist) {
			return a.fail(fmt.Errorf("cannot write %s: the directory %s does not exist", c.path, dir), fmt.Sprintf("create it first (mkdir -p %s): keepup init makes no directories", dir))
		}
		return a.fail(fmt.Errorf("writing %s: %w", c.path, err))
	case err != nil:
		return a.fail(fmt.Errorf("writing %s: %w", c.path, err))
	}
	_, err = f.Write(config.DefaultYAML())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(c.path)
		return a.fail(fmt.Errorf("writing %s: %w", c.path, err))
	}
	fmt.Fprintf(a.IO.Out, "wrote %s: the default policy in calendar mode; add supported: lists to the targets you ship\n", c.path)
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

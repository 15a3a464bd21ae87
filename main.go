// Command keepup holds a project to its support policy for upstream
// releases: Kubernetes, OS and dependency releases must be supported within
// a window of their release. It runs as a CI job, prints a table, writes
// JUnit, JSON and markdown reports, and exits non-zero on a breach.
//
// This file is wiring only: the environment, the streams, the clock, and
// the dispatch to a command of package cli.
package main

import (
	"context"
	"os"
	"time"

	"github.com/caarlos0/env/v11"

	"gitlab.com/keepup/keepup/cli"
)

// version and commitID are set at build time:
// -ldflags "-X main.version=v1.2.3 -X main.commitID=$(git rev-parse HEAD)".
// Without commitID, the commit comes from the Go build's VCS stamp.
var (
	version  = "dev"
	commitID = ""
)

func main() {
	ctx, interrupts := cli.OnInterrupt(context.Background(), os.Stderr, os.Exit)
	environ := env.ToMap(os.Environ())
	streams := cli.NewStreams(os.Stdout, os.Stderr, environ)
	app := cli.NewApp(streams, environ, time.Now(), cli.Build{Version: version, Commit: commitID})
	interrupts.LogWith(app.Logger)
	interrupts.Exit(app.Run(ctx, os.Args[1:]))
}

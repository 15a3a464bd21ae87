package cli

// This file is keepup check's side of a GitHub Actions step
// (GITHUB_ACTIONS=true): annotations, the step summary and the step's
// outputs, through github.com/sethvargo/go-githubactions.

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/sethvargo/go-githubactions"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/report"
)

// maxAnnotations is how many annotations of one level GitHub shows for a
// step; keepup writes at most that many, the last one counting the rest.
const maxAnnotations = 10

// githubStep writes a check's results where GitHub Actions shows them. A
// nil *githubStep does nothing: keepup is not running in GitHub Actions.
type githubStep struct {
	act     *githubactions.Action
	environ map[string]string
	// token resumes workflow commands after stopCommands.
	token string
}

// github returns the GitHub Actions side of a check writing its results to
// w, or nil outside GitHub Actions. Workflow commands go to w: stdout, or
// stderr when a report has stdout (GitHub reads commands from both).
func (a *App) github(w io.Writer) *githubStep {
	if a.environ["GITHUB_ACTIONS"] != "true" {
		return nil
	}
	getenv := func(k string) string { return a.environ[k] }
	return &githubStep{act: githubactions.New(githubactions.WithWriter(w), githubactions.WithGetenv(getenv)), environ: a.environ}
}

// stopCommands makes GitHub run no workflow command in what keepup writes
// next (the table and the issue actions, which show release names from
// the upstream data) until resumeCommands: a line of that text that
// looks like "::command::" stays text.
func (g *githubStep) stopCommands() error {
	if g == nil {
		return nil
	}
	g.token = rand.Text()
	return g.issue(&githubactions.Command{Name: "stop-commands", Message: g.token})
}

// resumeCommands ends what stopCommands started.
func (g *githubStep) resumeCommands() error {
	if g == nil || g.token == "" {
		return nil
	}
	token := g.token
	g.token = ""
	return g.issue(&githubactions.Command{Name: token})
}

// publish writes the annotations (error for overdue and error findings,
// warning for due-soon and eol ones, each at its target in the policy),
// the markdown report as the step summary, and the step's outputs: the
// counts overdue, due_soon and eol, and the path of each report written
// to a file (written: junit, json, markdown). The summary and the outputs
// need GITHUB_STEP_SUMMARY and GITHUB_OUTPUT, which GitHub sets.
func (g *githubStep) publish(r report.Report, written map[string]string) error {
	if g == nil {
		return nil
	}
	errs := []error{g.annotate(r)}
	if g.environ["GITHUB_STEP_SUMMARY"] != "" {
		var md strings.Builder
		err := report.Markdown(&md, r)
		if err == nil {
			err = g.safely(func() { g.act.AddStepSummary(md.String()) })
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("writing the step summary: %w", err))
		}
	}
	if g.environ["GITHUB_OUTPUT"] != "" {
		counts := r.Counts()
		outputs := [][2]string{
			{"overdue", strconv.Itoa(counts[checks.Overdue])},
			{"due_soon", strconv.Itoa(counts[checks.DueSoon])},
			{"eol", strconv.Itoa(counts[checks.EOL])},
		}
		for _, name := range []string{"junit", "json", "markdown"} {
			if path, ok := written[name]; ok {
				outputs = append(outputs, [2]string{name, path})
			}
		}
		for _, o := range outputs {
			if strings.ContainsAny(o[1], "\r\n") {
				// The output file separates values by lines.
				errs = append(errs, fmt.Errorf("step output %s: the path %q has a line break", o[0], o[1]))
				continue
			}
			if err := g.safely(func() { g.act.SetOutput(o[0], o[1]) }); err != nil {
				errs = append(errs, fmt.Errorf("writing the step output %s: %w", o[0], err))
				break
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("GitHub Actions: %w", err)
	}
	return nil
}

// annotate writes one annotation per finding that needs attention, most
// urgent first, at most maxAnnotations of each level.
func (g *githubStep) annotate(r report.Report) error {
	type annotation struct {
		props   githubactions.CommandProperties
		message string
	}
	byLevel := map[string][]annotation{}
	for _, f := range r.ByUrgency() {
		level := ""
		switch f.Status {
		case checks.Overdue, checks.Error:
			level = "error"
		case checks.DueSoon, checks.EOL:
			level = "warning"
		default:
			continue
		}
		props := githubactions.CommandProperties{}
		if file := g.file(f.Pos.File); file != "" {
			props["file"] = file
			if f.Pos.Line > 0 {
				props["line"] = strconv.Itoa(f.Pos.Line)
			}
		}
		msg := fmt.Sprintf("%s %s is %s (target %s): %s", f.Product, f.Release, f.Status, f.Target, f.Reason)
		byLevel[level] = append(byLevel[level], annotation{props, msg})
	}
	for _, level := range []string{"error", "warning"} {
		list := byLevel[level]
		if len(list) > maxAnnotations {
			more := len(list) - (maxAnnotations - 1)
			list = append(list[:maxAnnotations-1], annotation{message: fmt.Sprintf("%d more findings at this level: the step summary lists them all", more)})
		}
		for _, an := range list {
			if err := g.issue(&githubactions.Command{Name: level, Properties: an.props, Message: an.message}); err != nil {
				return err
			}
		}
	}
	return nil
}

// file is the policy file as GitHub names files in annotations: relative
// to the workspace (GITHUB_WORKSPACE, else the working directory), or ""
// for the embedded default policy or a file outside the workspace.
func (g *githubStep) file(name string) string {
	if name == "" || name == config.DefaultName {
		return ""
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	rel, err := config.RepoPath(name, dir, g.environ["GITHUB_WORKSPACE"])
	if err != nil {
		return ""
	}
	return rel
}

// issue writes a workflow command.
func (g *githubStep) issue(cmd *githubactions.Command) error {
	if err := g.safely(func() { g.act.IssueCommand(cmd) }); err != nil {
		return fmt.Errorf("GitHub Actions: writing a workflow command: %w", err)
	}
	return nil
}

// safely runs a call of the githubactions package, which panics when it
// cannot write, and returns that failure as an error.
func (g *githubStep) safely(call func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if e, ok := p.(error); ok {
				err = e
				return
			}
			err = fmt.Errorf("%v", p)
		}
	}()
	call()
	return nil
}

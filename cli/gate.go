package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/report"
)

const gateSynopsis = `Usage: keepup gate [flags]

The merge-request gate. It fails (exit 1) while the default branch is red,
unless the merge request carries one of gate.red_main.allow_labels (the merge
requests that fix it), and when the merge request lacks a label that
gate.labels.required asks for. In merge-request pipelines the policy is read
from the default branch, so a merge request cannot weaken its own gate.

Examples:
  keepup gate                                  # in a merge-request pipeline
  keepup gate --mr-note --junit gate.xml
  keepup gate --gitlab-url https://gitlab.com/api/v4 --project group/app --mr 12 --labels 'group::distribution'
`

// mrNoteMarker marks the one note keepup keeps on a merge request.
const mrNoteMarker = "<!-- keepup:mr-note -->"

func (c *gateCmd) run(ctx context.Context, a *App) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(a.IO.Err, "keepup gate: "+format+"\n", args...)
		return exitError
	}
	api, err := c.gitlab.client(a.Env)
	if err != nil {
		return fail("%v", err)
	}
	var text *policyText
	source := "the work tree's " + or(c.policy, config.FileName)
	if c.policyFrom == "default-branch" {
		dir, err := os.Getwd()
		if err != nil {
			return fail("finding the policy: %v", err)
		}
		path, data, found, err := config.FindOnBranch(ctx, branchFiles(api, c.branch), c.policy, dir, a.Env.ProjectDir)
		var outside *config.OutsideError
		switch {
		case errors.As(err, &outside):
			return fail("--policy %v, so it cannot be read from the default branch; use --policy-from worktree", err)
		case err != nil:
			return fail("%v", err)
		case found:
			text = &policyText{name: c.branch + ":" + path, data: data}
			source = fmt.Sprintf("%s from the default branch %s (so this merge request cannot weaken its own gate)", path, c.branch)
		default:
			text = &policyText{name: config.DefaultName, data: config.DefaultYAML()}
			source = fmt.Sprintf("the embedded default policy: the default branch %s has no %s", c.branch, path)
		}
	}
	ev, err := c.evaluate(ctx, a, text)
	if err != nil {
		fmt.Fprintln(a.IO.Err, "keepup:", err)
		return exitError
	}
	if c.policyFrom == "worktree" && ev.in.Policy.File == config.DefaultName {
		source = "the embedded default policy: the work tree has no " + or(c.policy, config.FileName)
	}
	a.Log.Info("gate: using " + source)
	gate := &checks.GateResult{PolicySource: source}
	r := report.Report{Meta: ev.meta, Result: ev.res, Gate: gate}
	code := exitOK
	cfg := ev.in.Policy.Gate
	if cfg.RedMain.Enabled {
		a.Log.Info(fmt.Sprintf("gate: reading the finished pipelines of %s", c.branch))
		st, err := api.DefaultBranch(ctx, c.branch, cfg.RedMain)
		if err != nil {
			code = reportProblem(&r, a.Log, "red main", err)
		} else {
			gate.Checks = append(gate.Checks, checks.RedMainGate(st, c.labels, cfg.RedMain, ev.clock.instant))
		}
	}
	gate.Checks = append(gate.Checks, checks.LabelsGate(c.labels, cfg.Required))
	if !gate.Passed() && code == exitOK {
		code = exitBreach
	}
	out := a.IO.Out
	if c.reports.onStdout {
		out = a.IO.Err
	}
	if err := report.GateText(out, gate); err != nil {
		fmt.Fprintln(a.IO.Err, "keepup gate: writing the results:", err)
		code = exitError
	}
	if c.note {
		var md strings.Builder
		if err := report.Markdown(&md, r); err != nil {
			return fail("rendering the note: %v", err)
		}
		_, written, err := api.UpsertMergeRequestNote(ctx, c.iid, mrNoteMarker, md.String())
		switch {
		case err != nil:
			code = reportProblem(&r, a.Log, "merge request note", err)
		case written:
			a.Log.Info(fmt.Sprintf("gate: wrote the keepup note on merge request !%d", c.iid))
		default:
			a.Log.Info(fmt.Sprintf("gate: the keepup note on merge request !%d is up to date", c.iid))
		}
	}
	if !c.reports.write(r, a) {
		code = exitError
	}
	return code
}

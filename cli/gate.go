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
from the default branch, so a merge request cannot weaken its own gate: the
file --policy or KEEPUP_POLICY names, which must be there, else .keepup.yml
or .keepup.yaml found there as in the work tree, else the embedded default.

Examples:
  keepup gate                                  # in a merge-request pipeline
  keepup gate --mr-note --junit gate.xml
  keepup gate --gitlab-url https://gitlab.com/api/v4 --project group/app --mr 12 --labels 'group::distribution'
`

// mrNoteMarker marks the one note keepup keeps on a merge request for a
// policy: two policies in one project, told apart by their issues
// namespace (the gate component included twice), keep a note each.
func mrNoteMarker(namespace string) string {
	if namespace == config.DefaultIssues().Namespace {
		return "<!-- keepup:mr-note -->"
	}
	return "<!-- keepup:mr-note " + namespace + " -->"
}

// branchPolicy reads the policy from the default branch, so that a merge
// request cannot weaken its own gate: the file named by --policy or
// KEEPUP_POLICY, which must be there, or else the one discovery finds
// there. Only when none was named and none is found does the embedded
// default apply. It returns the policy, the words that say where it came
// from, and an exit code other than exitOK when the gate cannot go on.
func (c *gateCmd) branchPolicy(ctx context.Context, a *App, read config.ReadFunc) (*policyText, string, int) {
	fail := func(format string, args ...any) (*policyText, string, int) {
		return nil, "", a.fail(fmt.Errorf(format, args...))
	}
	dir, err := os.Getwd()
	if err != nil {
		return fail("looking for the policy: %v", err)
	}
	path, data, err := config.FindOnBranch(ctx, read, c.policy, dir, config.RepoRoot(dir, a.Env.ProjectDir))
	var outside *config.OutsideError
	var missing *config.MissingError
	switch {
	case errors.As(err, &outside):
		return nil, "", a.fail(fmt.Errorf("%s%v, so it cannot be read from the default branch", c.policyVia, err), "use --policy-from worktree")
	case errors.As(err, &missing):
		return nil, "", a.fail(fmt.Errorf("%s%s: the default branch %s has no %s", c.policyVia, c.policy, c.branch, missing.Path),
			"merge the policy there first (the gate reads it from there, so that a merge request cannot weaken its own gate), or use --policy-from worktree")
	case err != nil:
		return fail("reading the policy from the default branch %s: %v", c.branch, err)
	case path == "":
		return &policyText{name: config.DefaultName, data: config.DefaultYAML()},
			fmt.Sprintf("the embedded default policy: the default branch %s has no .keepup.yml or .keepup.yaml", c.branch), exitOK
	}
	return &policyText{name: c.branch + ":" + path, data: data},
		fmt.Sprintf("%s from the default branch %s (so this merge request cannot weaken its own gate)", path, c.branch), exitOK
}

func (c *gateCmd) run(ctx context.Context, a *App) int {
	fail := func(format string, args ...any) int {
		return a.fail(fmt.Errorf(format, args...))
	}
	api, err := c.gitlab.client(a)
	if err != nil {
		return fail("%v", err)
	}
	var text *policyText
	source := "the work tree's " + c.policy // --policy-from worktree --policy FILE
	if c.policyFrom == "default-branch" {
		var code int
		if text, source, code = c.branchPolicy(ctx, a, branchFiles(api, c.branch)); code != exitOK {
			return code
		}
	}
	ev, err := c.evaluate(ctx, a, text)
	if err != nil {
		return a.fail(err)
	}
	switch {
	case c.policyFrom != "worktree" || c.policy != "":
	case ev.in.Policy.File == config.DefaultName:
		source = "the embedded default policy: the work tree has no .keepup.yml or .keepup.yaml"
	default:
		source = "the work tree's " + ev.in.Policy.File
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
	if c.note || c.reports != (reportFlags{}) {
		linkExisting(ctx, a, api, ev.in.Policy, ev.res)
	}
	if !gate.Passed() && code == exitOK {
		code = exitBreach
	}
	out := a.IO.Out
	if c.reports.onStdout {
		out = a.IO.Err
	}
	jl := a.jobLog(out, c.reports.onStdout)
	jl.section(sectionGate, gateHeader(gate), gate.Passed(), func() {
		if err := report.GateText(out, gate); err != nil {
			code = a.fail(fmt.Errorf("writing the results: %w", err))
		}
	})
	if c.note {
		var md strings.Builder
		if err := report.Markdown(&md, r); err != nil {
			return fail("rendering the note: %v", err)
		}
		_, written, err := api.UpsertMergeRequestNote(ctx, c.iid, mrNoteMarker(ev.in.Policy.Issues.Namespace), md.String())
		switch {
		case err != nil:
			code = reportProblem(&r, a.Log, "merge request note", err)
		case written:
			a.Log.Info(fmt.Sprintf("gate: wrote the keepup note on merge request !%d", c.iid))
		default:
			a.Log.Info(fmt.Sprintf("gate: the keepup note on merge request !%d is up to date", c.iid))
		}
	}
	if _, ok := c.reports.write(r, a); !ok {
		code = exitError
	}
	jl.verdict(gateVerdict(r, code))
	return code
}

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"time"

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

func runGate(ctx context.Context, args []string, stdout, stderr io.Writer, e config.Env, environ map[string]string, log *slog.Logger) int {
	fs := newFlagSet("gate", gateSynopsis, stderr)
	var c common
	c.register(fs, e)
	mr := fs.String("mr", e.MergeRequestIID, "merge request `IID` (env CI_MERGE_REQUEST_IID)")
	labelsFlag := fs.String("labels", e.MergeRequestLabels, "the merge request's `LABELS`, comma-separated (env CI_MERGE_REQUEST_LABELS)")
	branch := fs.String("default-branch", or(e.DefaultBranch, "main"), "the default `BRANCH` (env CI_DEFAULT_BRANCH)")
	inMR := e.PipelineSource == "merge_request_event" || e.MergeRequestIID != ""
	policyFrom := fs.String("policy-from", map[bool]string{true: "default-branch", false: "worktree"}[inMR], "read the policy from the `default-branch` (default in merge-request pipelines) or the worktree")
	note := fs.Bool("mr-note", false, "create or update one keepup note on the merge request with the gate's and check's summary")
	var reports reportFlags
	reports.register(fs, e)
	pos, code, stop := parseFlags(fs, args, stdout)
	if stop {
		return code
	}
	fail := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "keepup gate: "+format+"\n", args...)
		return exitError
	}
	if len(pos) > 0 {
		return fail("unexpected argument %q; see keepup gate --help", pos[0])
	}
	claimed, err := reports.onStdout()
	if err != nil {
		return fail("%v", err)
	}
	labels, err := parseLabels(*labelsFlag)
	if err != nil {
		return fail("%v", err)
	}
	var iid int64
	switch {
	case *mr != "":
		if iid, err = strconv.ParseInt(*mr, 10, 64); err != nil || iid <= 0 {
			return fail("merge request IID %q (--mr or CI_MERGE_REQUEST_IID) is not a positive number", *mr)
		}
	case e.PipelineSource == "merge_request_event":
		return fail("this is a merge-request pipeline, but CI_MERGE_REQUEST_IID is not set: is the job limited to merge request pipelines with 'rules: - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"'?")
	case *note:
		return fail("--mr-note needs a merge request: --mr IID or CI_MERGE_REQUEST_IID")
	}
	if *policyFrom != "default-branch" && *policyFrom != "worktree" {
		return fail("--policy-from %q: expected default-branch or worktree", *policyFrom)
	}

	api, err := c.gitlab.client()
	if err != nil {
		return fail("%v", err)
	}
	source := "the work tree's " + or(c.policy, ".keepup.yml")
	if *policyFrom == "default-branch" {
		// The repository files API wants the path from the repository root.
		path := repoPath(or(c.policy, ".keepup.yml"), e.ProjectDir)
		if filepath.IsAbs(path) || strings.HasPrefix(path, "../") {
			return fail("--policy %s is outside the repository (CI_PROJECT_DIR), so it cannot be read from the default branch; use --policy-from worktree", c.policy)
		}
		data, found, err := api.File(ctx, path, *branch)
		if err != nil {
			return fail("%v", err)
		}
		if found {
			c.policyData, c.policyName = data, *branch+":"+path
			source = fmt.Sprintf("%s from the default branch %s (so this merge request cannot weaken its own gate)", path, *branch)
		} else {
			c.policyData, c.policyName = config.DefaultYAML(), config.DefaultName
			source = fmt.Sprintf("the embedded default policy: the default branch %s has no %s", *branch, path)
		}
	}
	s, res, err := c.evaluate(ctx, environ, log)
	if err != nil {
		fmt.Fprintln(stderr, "keepup:", err)
		return exitError
	}
	if *policyFrom == "worktree" && s.in.Policy.File == config.DefaultName {
		source = "the embedded default policy: the work tree has no " + or(c.policy, ".keepup.yml")
	}
	log.Info("gate: using " + source)
	gate := &checks.GateResult{PolicySource: source}
	r := report.Report{Meta: s.meta, Result: res, Gate: gate}
	code = exitOK
	cfg := s.in.Policy.Gate
	if cfg.RedMain.Enabled {
		log.Info(fmt.Sprintf("gate: reading the finished pipelines of %s", *branch))
		st, err := api.DefaultBranch(ctx, *branch, cfg.RedMain)
		if err != nil {
			code = reportProblem(&r, log, "red main", err)
		} else {
			gate.Checks = append(gate.Checks, checks.RedMainGate(st, labels, cfg.RedMain, time.Now()))
		}
	}
	gate.Checks = append(gate.Checks, checks.LabelsGate(labels, cfg.Required))
	if !gate.Passed() && code == exitOK {
		code = exitBreach
	}
	if claimed {
		printGate(stderr, gate)
	} else {
		printGate(stdout, gate)
	}
	if *note {
		var md strings.Builder
		if err := report.Markdown(&md, r); err != nil {
			return fail("rendering the note: %v", err)
		}
		_, written, err := api.UpsertMergeRequestNote(ctx, iid, mrNoteMarker, md.String())
		switch {
		case err != nil:
			code = reportProblem(&r, log, "merge request note", err)
		case written:
			log.Info(fmt.Sprintf("gate: wrote the keepup note on merge request !%d", iid))
		default:
			log.Info(fmt.Sprintf("gate: the keepup note on merge request !%d is up to date", iid))
		}
	}
	if !reports.write(r, stdout, stderr) {
		code = exitError
	}
	return code
}

// printGate writes each gate's verdict and details for people.
func printGate(w io.Writer, g *checks.GateResult) {
	fmt.Fprintf(w, "policy: %s\n", g.PolicySource)
	for _, c := range g.Checks {
		verdict := "PASS"
		if !c.Passed {
			verdict = "FAIL"
		}
		fmt.Fprintf(w, "%s %s: %s\n", verdict, c.Name, c.Summary)
		for _, d := range c.Details {
			fmt.Fprintf(w, "     %s\n", d)
		}
	}
}

// parseLabels splits CI_MERGE_REQUEST_LABELS: labels separated by commas,
// none empty; spaces around a label are dropped.
func parseLabels(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	labels := strings.Split(s, ",")
	for i, l := range labels {
		labels[i] = strings.TrimSpace(l) // "a, b" as typed by hand
		if labels[i] == "" {
			return nil, fmt.Errorf("labels %q (--labels or CI_MERGE_REQUEST_LABELS): label %d is empty; expected labels separated by single commas", s, i+1)
		}
	}
	return labels, nil
}

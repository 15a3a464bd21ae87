package cli

import (
	"context"
	"fmt"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/report"
)

const explainSynopsis = `Usage: keepup explain [flags] TARGET [RELEASE]

Shows how the due date of each release of TARGET (or of one RELEASE) was
computed: the release date and where it came from, the rule, each milestone
counted with its date, the due date, and the status and why.
`

func (c *explainCmd) run(ctx context.Context, a *App) int {
	ev, err := c.evaluate(ctx, a, nil)
	if err != nil {
		return a.fail(err)
	}
	policy := ev.in.Policy
	if _, err := policy.FindTarget(c.target); err != nil {
		return a.fail(err)
	}
	var found []checks.Finding
	for _, f := range ev.res.Findings {
		if f.Target == c.target && (c.release == "" || f.Release == c.release) {
			found = append(found, f)
		}
	}
	switch {
	case len(found) == 0 && c.release != "":
		return a.fail(fmt.Errorf("target %s has no release %q in the data", c.target, c.release), "'keepup data show PRODUCT' lists the releases keepup knows")
	case len(found) == 0:
		return a.fail(fmt.Errorf("target %s has no releases to explain", c.target))
	}
	if err := report.Explain(a.IO.Out, found); err != nil {
		return a.fail(fmt.Errorf("writing the explanation: %w", err))
	}
	return exitOK
}

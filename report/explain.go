package report

import (
	"io"
	"strings"

	"gitlab.com/keepup/keepup/checks"
)

// Explain writes, for each finding, how its due date was computed: a
// heading naming the release, its target and status, then the steps of
// the derivation indented; a blank line separates findings.
func Explain(w io.Writer, findings []checks.Finding) error {
	var b strings.Builder
	for i, f := range findings {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(f.Product + " " + f.Release + " (target " + f.Target + ", " + string(f.Status) + ")\n")
		for _, line := range f.Explain() {
			b.WriteString("  " + line + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// GateText writes the gate's results for people: the policy it used, then
// each gate's verdict (PASS or FAIL), name and summary, with its details
// indented below.
func GateText(w io.Writer, g *checks.GateResult) error {
	var b strings.Builder
	b.WriteString("policy: " + g.PolicySource + "\n")
	for _, c := range g.Checks {
		verdict := "PASS"
		if !c.Passed {
			verdict = "FAIL"
		}
		b.WriteString(verdict + " " + c.Name + ": " + c.Summary + "\n")
		for _, d := range c.Details {
			b.WriteString("     " + d + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

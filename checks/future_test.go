package checks

import (
	"slices"
	"testing"
)

// A release dated after now is never owed. With All (explain, --all) it is
// listed as not-required with its release date, in calendar mode as with
// supported releases; without All it is left out.
func TestReleaseAfterNow(t *testing.T) {
	for _, supported := range []string{"", "\n    supported: [\"1.31\"]"} {
		p := "version: 1\ntargets:\n  - name: k\n    product: k8s\n    window: 3 months" + supported + "\n"
		f := find(t, evaluate(t, p, "2025-01-01", true), "k", "1.33")
		if f.Status != NotRequired || f.Reason != "not released yet on 2025-01-01" || f.Released != d("2025-04-23") || !f.Due.IsZero() {
			t.Errorf("supported %q: %+v", supported, f)
		}
		if res := evaluate(t, p, "2025-01-01", false); slices.ContainsFunc(res.Findings, func(f Finding) bool { return f.Release == "1.33" }) {
			t.Errorf("supported %q: a release after now without All: %+v", supported, res.Findings)
		}
	}
	// Filtered out and after now: not a finding twice.
	p := "version: 1\ntargets:\n  - name: o\n    product: os\n    filter: lts\n    window: 3 months\n"
	res := evaluate(t, p, "2025-01-01", true)
	n := 0
	for _, f := range res.Findings {
		if f.Release == "16.0" {
			n++
		}
	}
	if f := find(t, res, "o", "16.0"); n != 1 || f.Reason != "not a lts release" {
		t.Errorf("16.0: %d findings, %+v", n, f)
	}
	if f := find(t, res, "o", "15.7"); f.Status != NotRequired || f.Reason != "not released yet on 2025-01-01" {
		t.Errorf("15.7: %+v", f)
	}
}

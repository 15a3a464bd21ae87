package checks

import (
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/upstream"
)

// cleared lists a result's findings as release=status, with >CLEARER for
// those a newer release clears, in policy order.
func cleared(res *Result) string {
	var parts []string
	for _, f := range res.Findings {
		s := f.Target + ":" + f.Release + "=" + string(f.Status)
		if f.ClearedBy != "" {
			s += ">" + f.ClearedBy
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

// Supporting the newest owed release clears the older owed ones, snoozed
// and errors included: they name it in ClearedBy; the newest, supported,
// eol and not-required releases name none.
func TestClearedBy(t *testing.T) {
	p := `version: 1
targets:
  - name: kubernetes
    product: k8s
    window: 3 months
    supported: ["1.31"]
  - name: os
    product: os
    window: 3 months
    supported: ["15.6"]
ignore:
  - target: os
    release: "15.7"
    until: 2026-12-31
    reason: waiting
`
	res := evaluate(t, p, "2025-11-01", true)
	want := "kubernetes:1.33=overdue kubernetes:1.32=overdue>1.33 kubernetes:1.31=eol " +
		"os:16.0=pending os:15.7=snoozed>16.0 os:15.6=supported"
	if got := cleared(res); got != want {
		t.Errorf("cleared:\n%s\nwant:\n%s", got, want)
	}
	// One owed release is cleared by none; nothing owed, nothing cleared.
	res = evaluate(t, strings.Replace(p, `["1.31"]`, `["1.32"]`, 1), "2025-11-01", true)
	if got := cleared(res); !strings.HasPrefix(got, "kubernetes:1.33=overdue kubernetes:1.32=supported kubernetes:1.31=not-required os:") {
		t.Errorf("supporting 1.32: %s", got)
	}
}

// The newest owed release is the newest by date, wherever the data lists
// it: supporting it is what clears the others.
func TestClearedByNewestByDate(t *testing.T) {
	cat := catalog{"el": {Name: "el", Source: "test data", Releases: []upstream.Release{
		{Name: "7.4", Released: d("2025-01-10")},
		{Name: "8.0", Released: d("2025-05-01")},
		{Name: "7.2", Released: d("2024-08-01")},
		{Name: "7.0", Released: d("2023-01-01")},
	}}}
	res := evaluateWith(t, cat, "    product: el\n    window: 3 months\n    supported: [\"7.0\"]\n", "2025-12-01", false)
	if got, want := cleared(res), "t:7.4=overdue>8.0 t:8.0=overdue t:7.2=overdue>8.0 t:7.0=supported"; got != want {
		t.Errorf("cleared:\n%s\nwant:\n%s", got, want)
	}
}

// On a minor target each major line has its own newest owed minor, newest
// by version as the line compares them, whatever the dates say.
func TestClearedByLine(t *testing.T) {
	target := "    product: el\n    filter: minor\n    window: 3 months\n    supported: [\"9.3\", \"8.9\"]\n"
	res := evaluateWith(t, elCatalog, target, "2025-06-01", false)
	if got, want := cleared(res), "t:9.6=pending t:9.5=overdue>9.6 t:8.10=overdue t:9.4=overdue>9.6 t:8.9=eol t:9.3=supported"; got != want {
		t.Errorf("cleared:\n%s\nwant:\n%s", got, want)
	}
	// 9.5 dated before 9.4 is still the newer minor: supporting it clears 9.4.
	res = evaluateWith(t, versionCatalog{catalog: catalog{"el": {Name: "el", Source: "test data", Releases: []upstream.Release{
		{Name: "9", Released: d("2022-05-18")},
	}}}, versions: map[string][]upstream.Version{"el": {
		{Name: "9.4", Released: d("2024-12-01")},
		{Name: "9.5", Released: d("2024-11-12")},
		{Name: "9.3", Released: d("2023-11-07")},
	}}}, strings.Replace(target, `"9.3", "8.9"`, `"9.3"`, 1), "2025-06-01", false)
	if got, want := cleared(res), "t:9.4=overdue>9.5 t:9.5=overdue t:9.3=supported"; got != want {
		t.Errorf("minors out of date order:\n%s\nwant:\n%s", got, want)
	}
}

// Owed is true of the required releases only: not of a release to drop,
// nor of a supported, eol, untracked or not-required one.
func TestOwed(t *testing.T) {
	owes := map[Status]bool{Overdue: true, Error: true, DueSoon: true, Pending: true, Snoozed: true}
	for _, s := range Statuses {
		if got := (Finding{Status: s, Kind: Support}).Owed(); got != owes[s] {
			t.Errorf("support %s: owed %v, want %v", s, got, owes[s])
		}
		if (Finding{Status: s, Kind: Drop}).Owed() {
			t.Errorf("drop %s: owed", s)
		}
	}
}

// A finding carries its release's end of life, past or future, or none.
func TestFindingEOL(t *testing.T) {
	res := evaluate(t, k8sPolicy, "2025-11-01", false)
	for release, eol := range map[string]string{"1.33": "2026-06-28", "1.32": "2026-02-28", "1.31": "2025-10-28"} {
		if f := find(t, res, "kubernetes", release); f.EOL != d(eol) {
			t.Errorf("%s: eol %s, want %s", release, f.EOL, eol)
		}
	}
	if f := find(t, evaluate(t, "version: 1\ntargets:\n  - name: os\n    product: os\n    window: 3 months\n    supported: [\"15.6\"]\n", "2025-11-01", false), "os", "16.0"); !f.EOL.IsZero() {
		t.Errorf("16.0 has no end of life in the data, got %s", f.EOL)
	}
}

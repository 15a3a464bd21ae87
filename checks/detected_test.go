package checks

import (
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
)

// A supported release says where it comes from: listed in the policy,
// found in the repository by detect rules, or both.
func TestSupportedReasonNamesWhereFound(t *testing.T) {
	p := policy(t, k8sPolicy) // supported: ["1.31"], in test.yml
	tg := &p.Targets[0]
	tg.Supported[0].Found = ".gitlab-ci.yml:9:24"
	chart := config.Pos{File: "charts/app/Chart.yaml", Line: 4, Col: 14}
	tg.Supported = append(tg.Supported,
		config.Release{Name: "1.32", Pos: chart, Found: "charts/app/Chart.yaml:4:14, .gitlab-ci.yml:9:34"},
		config.Release{Name: "1.33", Pos: config.Pos{File: "test.yml", Line: 6, Col: 18}})
	res, err := Evaluate(Input{Policy: p, Catalog: testCatalog, Calendar: calendar.GitLab(), Now: d("2025-06-01")})
	if err != nil {
		t.Fatal(err)
	}
	for release, want := range map[string]string{
		"1.31": "listed in supported; detected in .gitlab-ci.yml:9:24",
		"1.32": "detected in charts/app/Chart.yaml:4:14, .gitlab-ci.yml:9:34",
		"1.33": "listed in supported",
	} {
		if f := find(t, res, "kubernetes", release); f.Status != Supported || f.Reason != want {
			t.Errorf("%s: %s %q, want supported %q", release, f.Status, f.Reason, want)
		}
	}
}

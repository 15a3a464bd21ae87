package checks

import (
	"errors"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/upstream"
)

// A filter that matches some release of the product is no news: no note.
func TestFilterMatchingSomethingIsNoNote(t *testing.T) {
	for _, filter := range []string{"lts", "major", "minor"} {
		p := "version: 1\ntargets:\n  - name: os\n    product: os\n    filter: " + filter + "\n    window: 4 milestones\n    supported: [\"15.6\"]\n"
		if res := evaluate(t, p, "2025-12-01", false); len(res.Notes) != 0 {
			t.Errorf("filter %s: notes %v, want none", filter, res.Notes)
		}
	}
	p := "version: 1\ntargets:\n  - name: os\n    product: os\n    window: 4 milestones\n    supported: [\"15.6\"]\n"
	if res := evaluate(t, p, "2025-12-01", false); len(res.Notes) != 0 {
		t.Errorf("no filter: notes %v, want none", res.Notes)
	}
}

// A supported entry that is no version, or that a product without releases
// cannot know, is a policy error naming the entry, never a panic.
func TestUnknownSupportedNames(t *testing.T) {
	p := strings.Replace(k8sPolicy, `"1.31"`, `"bookworm"`, 1)
	_, err := Evaluate(Input{Policy: policy(t, p), Catalog: testCatalog, Calendar: calendar.GitLab(), Now: d("2025-06-01")})
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Key != "targets[0].supported[0]" || ce.Msg != `k8s has no release "bookworm" in the test data; known releases: 1.33, 1.32, 1.31. If it came out after that data, refresh the data (--data live), or list it under the target's releases with name and date.` {
		t.Errorf("bookworm: %v", err)
	}
	empty := catalog{"k8s": {Name: "k8s", Source: "empty data"}}
	p = strings.Replace(k8sPolicy, `"1.31"`, `"1.30"`, 1)
	_, err = Evaluate(Input{Policy: policy(t, p), Catalog: empty, Calendar: calendar.GitLab(), Now: d("2025-06-01")})
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Msg, `k8s has no release "1.30" in the empty data`) {
		t.Errorf("a product without releases: %v", err)
	}
}

// A target in calendar mode whose product has no releases has nothing to
// report, and no filter to complain about.
func TestProductWithoutReleases(t *testing.T) {
	empty := catalog{"k8s": {Name: "k8s", Source: "empty data", Releases: []upstream.Release{}}}
	p := "version: 1\ntargets:\n  - name: kubernetes\n    product: k8s\n    window: 3 months\n"
	res, err := Evaluate(Input{Policy: policy(t, p), Catalog: empty, Calendar: calendar.GitLab(), Now: d("2025-06-01"), All: true})
	if err != nil || len(res.Findings) != 0 || len(res.Notes) != 0 {
		t.Errorf("findings %v, notes %v, err %v; want nothing", res.Findings, res.Notes, err)
	}
}

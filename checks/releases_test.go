package checks

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/upstream"
)

// evaluateEmbedded evaluates a policy against the embedded snapshot.
func evaluateEmbedded(t *testing.T, yaml, now string) (*Result, error) {
	t.Helper()
	p, err := config.Parse([]byte(yaml), "test.yml", upstream.Embedded().Names())
	if err != nil {
		t.Fatal(err)
	}
	return Evaluate(Input{Policy: p, Catalog: upstream.Embedded(), Calendar: calendar.GitLab(), Now: d(now)})
}

// A typo in supported is an error naming the closest releases, where the
// data came from and the way out, not a release newer than the data that
// switches the target off.
func TestTypoInSupported(t *testing.T) {
	tests := []struct{ target, key, want string }{
		{`{name: k, product: kubernetes, window: 3 months, supported: ["1.32", "1.330"]}`, "targets[0].supported[1]",
			`kubernetes has no release "1.330" in the endoflife.date snapshot of 2026-08-22; did you mean 1.33 or 1.30? If it came out after that data, refresh the data (--data live), or list it under the target's releases with name and date.`},
		{`{name: r, product: rhel, window: 3 milestones, supported: ["9.99x"]}`, "targets[0].supported[0]",
			`rhel has no release "9.99x" in the endoflife.date snapshot of 2026-08-22; did you mean 9? If it came out after that data`},
		{`{name: r, product: rhel, filter: minor, window: 3 milestones, supported: ["9.99x"]}`, "targets[0].supported[0]",
			`rhel has no release "9.99x" in the endoflife.date snapshot of 2026-08-22; did you mean 9.8? If it came out after that data`},
	}
	for _, tt := range tests {
		_, err := evaluateEmbedded(t, "version: 1\ntargets:\n  - "+tt.target+"\n", "2026-08-25")
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Key != tt.key || !strings.HasPrefix(ce.Msg, tt.want) {
			t.Errorf("%s:\nerr  %v\nwant %s: %s", tt.target, err, tt.key, tt.want)
		}
	}
}

// A release listed under releases is known: supported with its date, and
// the rule counts from it.
func TestListedReleaseIsKnown(t *testing.T) {
	const policy = `version: 1
targets:
  - name: k
    product: kubernetes
    window: 3 months
    supported: ["1.36", "1.37"]
    releases:
      - {name: "1.37", date: 2026-08-19}
`
	res, err := evaluateEmbedded(t, policy, "2026-08-25")
	if err != nil {
		t.Fatal(err)
	}
	f := find(t, res, "k", "1.37")
	if f.Status != Supported || f.Released != d("2026-08-19") || f.Why.ReleaseSource != "the policy's releases, test.yml:8:10" || f.Product != "kubernetes" {
		t.Errorf("1.37: %+v", f)
	}
	if len(res.Notes) != 0 {
		t.Errorf("notes %v", res.Notes)
	}
	// Without supporting it, the listed release is owed from its date.
	res, err = evaluateEmbedded(t, strings.Replace(policy, `["1.36", "1.37"]`, `["1.36"]`, 1), "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	if f := find(t, res, "k", "1.37"); f.Status != Overdue || f.Due != d("2026-11-19") {
		t.Errorf("1.37 unsupported: %s due %s, want overdue, due 2026-11-19", f.Status, f.Due)
	}
	// Once the data knows it, the data's date counts, with a note.
	res, err = evaluateEmbedded(t, strings.Replace(policy, `"1.37"`, `"1.35"`, 2), "2026-08-25")
	if err != nil {
		t.Fatal(err)
	}
	if f := find(t, res, "k", "1.35"); f.Released != d("2025-12-17") {
		t.Errorf("1.35 listed and in the data: released %s, want the data's 2025-12-17", f.Released)
	}
	if want := "test.yml:8:10: targets[0].releases: kubernetes 1.35 is in the endoflife.date snapshot of 2026-08-22 now (released 2025-12-17): remove it from releases"; len(res.Notes) != 1 || res.Notes[0] != want {
		t.Errorf("notes %q, want %q", res.Notes, want)
	}
	// An unknown name says the target's releases were searched too.
	_, err = evaluateEmbedded(t, strings.Replace(policy, `["1.36", "1.37"]`, `["1.36", "1.38"]`, 1), "2026-08-25")
	var ce *config.Error
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Msg, `kubernetes has no release "1.38" in the endoflife.date snapshot of 2026-08-22 or the target's releases; did you mean 1.37, 1.36 or 1.35?`) {
		t.Errorf("1.38: %v", err)
	}
}

// A target without product has the releases it lists, and nothing else.
func TestTargetWithoutProduct(t *testing.T) {
	const policy = `version: 1
targets:
  - name: platform
    window: 3 months
    supported: ["2.0"]
    releases:
      - {name: "2.0", date: 2025-01-10, eol: 2026-01-10}
      - {name: "2.1", date: 2025-04-01}
      - {name: "1.9", date: 2024-10-01}
`
	res, err := evaluateEmbedded(t, policy, "2025-07-15")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Product+" "+f.Release+" "+string(f.Status))
	}
	if strings.Join(got, ", ") != "platform 2.1 overdue, platform 2.0 supported" {
		t.Errorf("findings: %s", strings.Join(got, ", "))
	}
	if f := find(t, res, "platform", "2.1"); f.Due != d("2025-07-01") || f.Why.ReleaseSource != "the policy's releases, test.yml:8:10" {
		t.Errorf("2.1: due %s, from %q", f.Due, f.Why.ReleaseSource)
	}
	res, err = evaluateEmbedded(t, policy, "2026-02-01")
	if err != nil {
		t.Fatal(err)
	}
	if f := find(t, res, "platform", "2.0"); f.Status != EOL {
		t.Errorf("2.0 after its eol: %s", f.Status)
	}
	_, err = evaluateEmbedded(t, strings.Replace(policy, `["2.0"]`, `["2.2"]`, 1), "2025-07-15")
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Msg != `platform has no release "2.2" in the releases the policy lists; did you mean 2.1 or 2.0? To add one, list it under the target's releases with name and date.` {
		t.Errorf("2.2: %v", err)
	}
	// Its filter sees its releases alone.
	res, err = evaluateEmbedded(t, strings.Replace(policy, "    window:", "    filter: lts\n    window:", 1), "2025-07-15")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "filter lts matches no release of platform in the releases the policy lists") {
		t.Errorf("notes %v", res.Notes)
	}
}

// With filter minor, a listed minor of a major cycle is a minor of its
// line, with the cycle's end of life unless it gives its own.
func TestListedMinor(t *testing.T) {
	target := "    product: el\n    filter: minor\n    window: 3 months\n    supported: [\"9.6\"]\n    releases:\n      - {name: \"9.7\", date: 2025-11-12}\n"
	res := evaluateWith(t, elCatalog, target, "2026-01-01", false)
	if owed(res) != "9.7" {
		t.Fatalf("owed %q, want 9.7", owed(res))
	}
	if f := find(t, res, "t", "9.7"); f.Due != d("2026-02-12") {
		t.Errorf("9.7 due %s", f.Due)
	}
	res = evaluateWith(t, elCatalog, target, "2033-01-01", false)
	if f := find(t, res, "t", "9.6"); f.Status != EOL {
		t.Errorf("9.6 in 2033: %s", f.Status)
	}
	// Supporting the listed minor clears the line.
	res = evaluateWith(t, elCatalog, strings.Replace(target, `["9.6"]`, `["9.7"]`, 1), "2033-01-01", false)
	if f := find(t, res, "t", "9.7"); f.Status != EOL || f.Released != d("2025-11-12") {
		t.Errorf("9.7 in 2033: %s, released %s; want eol (line 9's end of life, 2032-05-31)", f.Status, f.Released)
	}
	res = evaluateWith(t, elCatalog, strings.Replace(strings.Replace(target, `["9.6"]`, `["9.7"]`, 1), "2025-11-12}", "2025-11-12, eol: 2034-01-01}", 1), "2033-01-01", false)
	if f := find(t, res, "t", "9.7"); f.Status != Supported {
		t.Errorf("9.7 with its own eol in 2033: %s", f.Status)
	}
	// A listed name that is no version of numbers alone is no minor of a
	// line: it keeps its own end of life, none here.
	res = evaluateWith(t, elCatalog, strings.ReplaceAll(strings.Replace(target, `["9.6"]`, `["9.7"]`, 1), "9.7", "9.7-rc1"), "2033-01-01", false)
	if f := find(t, res, "t", "9.7-rc1"); f.Status != Supported || !f.EOL.IsZero() {
		t.Errorf("9.7-rc1 in 2033: %s, eol %s; want supported, no eol", f.Status, f.EOL)
	}
	// Without filter minor the listed release is one more release of the
	// product, owed like the others.
	res = evaluateWith(t, elCatalog, "    product: el\n    window: 3 months\n    supported: [\"9\"]\n    releases:\n      - {name: \"9.7\", date: 2025-11-12}\n", "2026-03-01", false)
	if owed(res) != "9.7 10" {
		t.Errorf("no filter: owed %q, want 9.7 10", owed(res))
	}
}

// liveCatalog is a catalog whose data is endoflife.date's own, this run.
type liveCatalog struct{ catalog }

func (liveCatalog) Origin(string) (upstream.Origin, bool) {
	return upstream.Origin{Kind: upstream.SourceLive}, true
}

// originCatalog is a catalog whose data came from where kind says.
type originCatalog struct {
	catalog
	kind upstream.SourceKind
}

func (c originCatalog) Origin(string) (upstream.Origin, bool) {
	return upstream.Origin{Kind: c.kind}, true
}

// With cached or embedded data the way out is a refresh first; with live
// data there is nothing to refresh.
func TestUnknownSupportedWayOut(t *testing.T) {
	p := policy(t, strings.Replace(k8sPolicy, `"1.31"`, `"1.34"`, 1))
	for kind, want := range map[upstream.SourceKind]string{
		upstream.SourceCache:    "? If it came out after that data, refresh the data (--data live), or list it under the target's releases with name and date.",
		upstream.SourceEmbedded: "? If it came out after that data, refresh the data (--data live), or list it under the target's releases with name and date.",
		upstream.SourceLive:     "? If endoflife.date does not know it yet, list it under the target's releases with name and date.",
	} {
		_, err := Evaluate(Input{Policy: p, Catalog: originCatalog{testCatalog, kind}, Calendar: calendar.GitLab(), Now: d("2025-06-01")})
		var ce *config.Error
		if !errors.As(err, &ce) || !strings.HasSuffix(ce.Msg, want) {
			t.Errorf("data of kind %d: err = %v, want it to end %q", kind, err, want)
		}
	}
}

// With live data there is nothing to refresh: the way out is releases.
func TestUnknownSupportedWithLiveData(t *testing.T) {
	p := policy(t, strings.Replace(k8sPolicy, `"1.31"`, `"1.34"`, 1))
	_, err := Evaluate(Input{Policy: p, Catalog: liveCatalog{testCatalog}, Calendar: calendar.GitLab(), Now: d("2025-06-01")})
	var ce *config.Error
	if !errors.As(err, &ce) || !strings.HasSuffix(ce.Msg, "? If endoflife.date does not know it yet, list it under the target's releases with name and date.") {
		t.Errorf("err = %v", err)
	}
}

// With up to maxKnown releases and none close, all are listed; with more,
// the newest maxKnown and how many older.
func TestUnknownSupportedListsAllUpToMax(t *testing.T) {
	for _, n := range []int{maxKnown, maxKnown + 1} {
		var listed, names []string
		for i := n; i > 0; i-- {
			name := fmt.Sprintf("1.%d", i)
			listed = append(listed, fmt.Sprintf("      - {name: %q, date: 2025-01-%02d}\n", name, i))
			names = append(names, name)
		}
		_, err := evaluateEmbedded(t, "version: 1\ntargets:\n  - name: p\n    window: 3 months\n    supported: [bookworm]\n    releases:\n"+strings.Join(listed, ""), "2025-06-01")
		want := "known releases: " + strings.Join(names, ", ") + ". To add one"
		if n > maxKnown {
			want = "known releases: " + strings.Join(names[:maxKnown], ", ") + " and 1 older. To add one"
		}
		var ce *config.Error
		if !errors.As(err, &ce) || !strings.Contains(ce.Msg, want) {
			t.Errorf("%d releases: err = %v, want %q", n, err, want)
		}
	}
}

// With many releases and none close, the newest are listed.
func TestUnknownSupportedListsTheNewest(t *testing.T) {
	_, err := evaluateEmbedded(t, "version: 1\ntargets:\n  - {name: k, product: kubernetes, window: 3 months, supported: [bookworm]}\n", "2026-08-25")
	var ce *config.Error
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "; known releases: 1.36, 1.35, 1.34, 1.33, 1.32, 1.31, 1.30, 1.29, 1.28, 1.27, 1.26, 1.25 and 9 older. If") {
		t.Errorf("err = %v", err)
	}
}

package checks

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/upstream"
)

// versionCatalog is a catalog with per-version data, as the embedded
// snapshot has.
type versionCatalog struct {
	catalog
	versions map[string][]upstream.Version
	err      error
}

func (c versionCatalog) Versions(name string) ([]upstream.Version, string, error) {
	return c.versions[name], "test release-data", c.err
}

// elCatalog: an enterprise Linux with major cycles 10, 9 and 8; its minors
// come from release-data (9.3 to 9.5, 8.9) and from each cycle's latest
// (10.1, 9.6, 8.10). 9.4 came out before 8.10.
var elCatalog = versionCatalog{
	catalog: catalog{"el": {Name: "el", Source: "test data", Releases: []upstream.Release{
		{Name: "10", Released: d("2025-05-20"), EOL: d("2035-05-31"), Latest: upstream.Version{Name: "10.1", Released: d("2025-11-12")}},
		{Name: "9", Released: d("2022-05-18"), EOL: d("2032-05-31"), Latest: upstream.Version{Name: "9.6", Released: d("2025-05-20")}},
		{Name: "8", Released: d("2019-05-07"), EOL: d("2025-06-01"), Latest: upstream.Version{Name: "8.10", Released: d("2024-05-22")}},
	}}},
	versions: map[string][]upstream.Version{"el": {
		{Name: "9.5", Released: d("2024-11-12")},
		{Name: "9.4", Released: d("2024-04-30")},
		{Name: "8.9", Released: d("2023-11-14")},
		{Name: "9.3", Released: d("2023-11-07")},
	}},
}

// evaluateWith evaluates a policy of one target with the given catalog.
func evaluateWith(t *testing.T, cat upstream.Catalog, target, now string, all bool) *Result {
	t.Helper()
	res, err := evaluateErr(t, cat, target, now, all)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func evaluateErr(t *testing.T, cat upstream.Catalog, target, now string, all bool) (*Result, error) {
	t.Helper()
	products := append([]string{"el"}, upstream.Embedded().Names()...)
	p, err := config.Parse([]byte("version: 1\ntargets:\n  - name: t\n"+target), "test.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	return Evaluate(Input{Policy: p, Catalog: cat, Calendar: calendar.GitLab(), Now: d(now), All: all})
}

// owed lists the releases of a result that are owed, newest first.
func owed(res *Result) string {
	var names []string
	for _, f := range res.Findings {
		switch f.Status {
		case Overdue, DueSoon, Pending, Snoozed, Error:
			names = append(names, f.Release)
		}
	}
	return strings.Join(names, " ")
}

const almaMinor = "    product: almalinux\n    filter: minor\n    window: 3 milestones\n    supported: [\"9.5\"]\n"

// AlmaLinux 9.6, released 2025-05-20, 3 milestones: due 2025-08-21; with
// 9.5 supported, due-soon on that day and overdue the day after.
func TestMinorWorkedExample(t *testing.T) {
	for now, status := range map[string]Status{"2025-08-21": DueSoon, "2025-08-22": Overdue} {
		res := evaluateWith(t, upstream.Embedded(), almaMinor, now, false)
		f := find(t, res, "t", "9.6")
		if f.Status != status || f.Released != d("2025-05-20") || f.Due != d("2025-08-21") || f.Why.ReleaseSource != "endoflife.date release-data of 2026-08-22" {
			t.Errorf("now %s: 9.6 %s released %s (%s) due %s; want %s, 2025-05-20 from release-data, due 2025-08-21", now, f.Status, f.Released, f.Why.ReleaseSource, f.Due, status)
		}
		if got := owed(res); got != "9.6" {
			t.Errorf("now %s: owed %q, want 9.6 alone", now, got)
		}
	}
	text := strings.Join(find(t, evaluateWith(t, upstream.Embedded(), almaMinor, "2025-08-22", false), "t", "9.6").Explain(), "\n")
	for _, want := range []string{
		"released   2025-05-20 (endoflife.date release-data of 2026-08-22)",
		"due        2025-08-21: the release day of milestone 3 after 2025-05-20",
		"status     overdue: not supported, due 2025-08-21: 1 day late",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q:\n%s", want, text)
		}
	}
}

// RHEL's release-data has no versions: its minors come from the latest of
// each cycle, and the minor filter matches them.
func TestMinorRHELLatest(t *testing.T) {
	target := "    product: rhel\n    filter: minor\n    window: 3 milestones\n    supported: [\"10\"]\n"
	res := evaluateWith(t, upstream.Embedded(), target, "2026-08-25", false)
	f := find(t, res, "t", "10.2")
	if f.Released != d("2026-05-20") || f.Status != Overdue || f.Due != d("2026-07-16") {
		t.Errorf("rhel 10.2: %s released %s due %s; want overdue, 2026-05-20, due 2026-07-16", f.Status, f.Released, f.Due)
	}
	if want := "released   2026-05-20 (latest of cycle 10 in the endoflife.date snapshot of 2026-08-22)"; f.Explain()[0] != want {
		t.Errorf("explain starts %q, want %q", f.Explain()[0], want)
	}
	if len(res.Notes) != 0 || owed(res) != "10.2" {
		t.Errorf("owed %q, notes %v; want 10.2 and no note", owed(res), res.Notes)
	}
	// In calendar mode too, the filter matches: no note, and the minors of
	// the last 12 months.
	res = evaluateWith(t, upstream.Embedded(), "    product: rhel\n    filter: minor\n    window: 3 milestones\n", "2026-08-25", false)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Release+"="+string(f.Status))
	}
	if strings.Join(got, " ") != "10.2=untracked 9.8=untracked" || len(res.Notes) != 0 {
		t.Errorf("calendar mode: %v, notes %v; want 10.2 and 9.8 untracked, no note", got, res.Notes)
	}
}

// Debian point releases (13.1, 12.7) are its minors; a new major line is
// not owed by a minor target.
func TestMinorDebianPointReleases(t *testing.T) {
	target := "    product: debian\n    filter: minor\n    window: 3 milestones\n    supported: [\"13.1\"]\n"
	res := evaluateWith(t, upstream.Embedded(), target, "2026-01-01", true)
	// 13.2, released 2025-11-15: milestones 2025-11-20, 2025-12-18, 2026-01-15.
	if f := find(t, res, "t", "13.2"); f.Status != DueSoon || f.Due != d("2026-01-15") {
		t.Errorf("13.2: %s due %s, want due-soon 2026-01-15", f.Status, f.Due)
	}
	if got := owed(res); got != "13.2" {
		t.Errorf("owed %q, want 13.2 alone", got)
	}
	if f := find(t, res, "t", "12.12"); f.Status != NotRequired || f.Reason != "a minor of debian 12, a major release not listed in supported (a new major release is for a target without filter minor)" {
		t.Errorf("12.12: %s %q", f.Status, f.Reason)
	}
	if f := find(t, res, "t", "13"); f.Status != NotRequired || f.Reason != "not a minor release" {
		t.Errorf("13: %s %q", f.Status, f.Reason)
	}
	// Supporting 12.7 of an older line: 12.8 to 12.13 are owed, no 13.x is.
	res = evaluateWith(t, upstream.Embedded(), strings.Replace(target, "13.1", "12.7", 1), "2026-01-12", false)
	if got := owed(res); got != "12.13 12.12 12.11 12.10 12.9 12.8" {
		t.Errorf("supporting 12.7: owed %q", got)
	}
}

// Minors are owed line by line: a supported minor clears the older minors of
// its line only, whatever their dates.
func TestMinorClearsPerLine(t *testing.T) {
	target := "    product: el\n    filter: minor\n    window: 3 months\n    supported: [\"9.3\", \"8.10\"]\n"
	res := evaluateWith(t, elCatalog, target, "2025-06-01", true)
	// 9.4 came out before 8.10 but is owed all the same: 8.10 is of line 8.
	if got := owed(res); got != "9.6 9.5 9.4" {
		t.Errorf("supporting 9.3 and 8.10: owed %q, want 9.6 9.5 9.4", got)
	}
	if f := find(t, res, "t", "8.9"); f.Status != NotRequired || f.Reason != "not newer than 8.10, the newest supported minor of 8" {
		t.Errorf("8.9: %s %q", f.Status, f.Reason)
	}
	if f := find(t, res, "t", "8.10"); f.Status != EOL || f.Released != d("2024-05-22") || f.Why.ReleaseSource != "latest of cycle 8 in the test data" {
		t.Errorf("8.10, of a line past its end of life (2025-06-01): %s %s (%s)", f.Status, f.Released, f.Why.ReleaseSource)
	}
	// Supporting 9.5 clears 9.4 and 9.3, in whichever order they are listed.
	res = evaluateWith(t, elCatalog, strings.Replace(target, `"9.3", "8.10"`, `"9.5", "9.3"`, 1), "2026-01-01", true)
	if got := owed(res); got != "9.6" {
		t.Errorf("supporting 9.5 and 9.3: owed %q, want 9.6", got)
	}
	if f := find(t, res, "t", "9.4"); f.Reason != "not newer than 9.5, the newest supported minor of 9" {
		t.Errorf("9.4: %q", f.Reason)
	}
	if f := find(t, res, "t", "10.1"); f.Status != NotRequired || !strings.Contains(f.Reason, "el 10, a major release not listed in supported") {
		t.Errorf("10.1: %s %q", f.Status, f.Reason)
	}
	// Without filter minor, the target is about the major releases.
	res = evaluateWith(t, elCatalog, "    product: el\n    window: 3 months\n    supported: [\"9\"]\n", "2025-06-01", true)
	if len(res.Findings) != 3 || owed(res) != "10" {
		t.Errorf("without filter: %d findings, owed %q; want 10, 9, 8 with 10 owed", len(res.Findings), owed(res))
	}
}

// A line listed by its major alone owes its newest minor released by now.
func TestMinorMajorAlone(t *testing.T) {
	target := "    product: el\n    filter: minor\n    window: 3 months\n    supported: [\"9\"]\n"
	res := evaluateWith(t, elCatalog, target, "2025-06-01", true)
	if got := owed(res); got != "9.6" {
		t.Errorf("owed %q, want 9.6", got)
	}
	if f := find(t, res, "t", "9.5"); f.Reason != "older than 9.6, the newest minor of 9: supported lists 9 alone, so only the newest minor is owed" {
		t.Errorf("9.5: %q", f.Reason)
	}
	if f := find(t, res, "t", "9"); f.Status != Supported {
		t.Errorf("9: %s", f.Status)
	}
	// Replaying a day before 9.6, 9.5 was the newest.
	if res := evaluateWith(t, elCatalog, target, "2025-05-19", false); owed(res) != "9.5" {
		t.Errorf("on 2025-05-19: owed %q, want 9.5", owed(res))
	}
	// A supported minor of the line wins over the major.
	if res := evaluateWith(t, elCatalog, strings.Replace(target, `"9"`, `"9", "9.6"`, 1), "2025-06-01", false); owed(res) != "" {
		t.Errorf("supporting 9 and 9.6: owed %q", owed(res))
	}
}

func TestMinorUnknownSupported(t *testing.T) {
	target := "    product: el\n    filter: minor\n    window: 3 months\n    supported: [\"9.7\"]\n"
	res := evaluateWith(t, elCatalog, target, "2026-01-01", false)
	// 9.7 is missing from the data but newer than 9.6: no minor of 9 is owed.
	if owed(res) != "" || len(res.Findings) != 1 {
		t.Fatalf("supporting 9.7: findings %+v", res.Findings)
	}
	f := res.Findings[0]
	if f.Release != "9.7" || f.Status != Supported || !f.Released.IsZero() {
		t.Errorf("9.7: %+v", f)
	}
	if want := "released   unknown: el 9.7 is not in the data (test data); taken as a release of el 9 by its number"; f.Explain()[0] != want {
		t.Errorf("explain %q, want %q", f.Explain()[0], want)
	}
	if len(res.Notes) != 1 || res.Notes[0] != "test.yml:3:5: targets[0]: el 9.7 is not in the test data; it is taken as a release of el 9 by its number: check it is no typo; to date it, refresh the data (--data live) or list it under the target's releases" {
		t.Errorf("notes %v", res.Notes)
	}
	// Up to two past the line's newest minor (the data lags), and one
	// missing between known minors, are placed by their number too.
	for _, name := range []string{"9.8", "9.2", "10.3", "8.12"} {
		res = evaluateWith(t, elCatalog, strings.Replace(target, "9.7", name, 1), "2026-01-01", false)
		if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "el "+name+" is not in the test data; it is taken as a release of el "+majorPart(name)) {
			t.Errorf("supporting %s: notes %v", name, res.Notes)
		}
	}
	// A line the data knows by its cycle alone (listed here: 11) counts
	// as at minor 0: its first two minors are placed, the third is not.
	cycleAlone := strings.Replace(target, "9.7", "11.2", 1) + "    releases:\n      - {name: \"11\", date: 2025-12-01}\n"
	res = evaluateWith(t, elCatalog, cycleAlone, "2026-01-01", false)
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "el 11.2 is not in the test data; it is taken as a release of el 11 by its number") {
		t.Errorf("supporting 11.2 with 11 listed: notes %v", res.Notes)
	}
	_, err := evaluateErr(t, elCatalog, strings.Replace(cycleAlone, "11.2", "11.3", 1), "2026-01-01", false)
	var ce *config.Error
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Msg, `el has no release "11.3" in the test data or the target's releases; did you mean 11?`) {
		t.Errorf("supporting 11.3 with 11 listed: %v", err)
	}
	// Farther, a patch version, a new major line, or no version at all is
	// an error naming the closest release, else the known ones.
	for name, want := range map[string]string{
		"9.9":   "did you mean 9.6, 9.5 or 9.4?", // three past 9.6
		"12.1":  "did you mean 10.1?",            // a line the data does not know
		"10.4":  "did you mean 10.1?",
		"9.4.1": "did you mean 9.4?",
		"9.99x": "did you mean 9.6?", // the newest of its line
		"11":    "did you mean 10?",
		"7.5":   "did you mean 9.5?",
		"9.":    "did you mean 9.6, 9.5 or 9.4?",
		"beta":  "known releases: 10.1, 10, 9.6, 9.5, 8.10, 9.4, 8.9, 9.3, 9, 8.",
	} {
		_, err := evaluateErr(t, elCatalog, strings.Replace(target, "9.7", name, 1), "2026-01-01", false)
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Key != "targets[0].supported[0]" || !strings.HasPrefix(ce.Msg, `el has no release "`+name+`" in the test data; `+want+" If it came out after that data") {
			t.Errorf("supporting %s: %v, want %q", name, err, want)
		}
	}
}

// The newest supported minor of a line is the newest by version, whatever
// the order supported lists them in.
func TestMinorNewestSupportedInAnyOrder(t *testing.T) {
	for _, supported := range []string{`["9.4", "9.6"]`, `["9.6", "9.4"]`} {
		res := evaluateWith(t, elCatalog, "    product: el\n    filter: minor\n    window: 3 months\n    supported: "+supported+"\n", "2025-06-01", true)
		if got := owed(res); got != "" {
			t.Errorf("supported %s: owed %q, want nothing", supported, got)
		}
		if f := find(t, res, "t", "9.5"); f.Status != NotRequired || f.Reason != "not newer than 9.6, the newest supported minor of 9" {
			t.Errorf("supported %s: 9.5 %s: %q", supported, f.Status, f.Reason)
		}
	}
}

// For products whose release cycles are minors already, filter minor keeps
// the cycles and the rule of newer than the newest supported.
func TestMinorKubernetesUnchanged(t *testing.T) {
	target := "    product: kubernetes\n    window: 3 months\n    supported: [\"1.33\"]\n"
	for _, now := range []string{"2025-12-01", "2026-08-25"} {
		all := evaluateWith(t, upstream.Embedded(), target, now, true)
		minor := evaluateWith(t, upstream.Embedded(), target+"    filter: minor\n", now, true)
		if !reflect.DeepEqual(all, minor) || len(all.Findings) < 20 {
			t.Errorf("now %s: kubernetes with filter minor differs:\n%+v\n%+v", now, minor, all)
		}
	}
}

func TestMinorCatalogs(t *testing.T) {
	target := "    product: el\n    filter: minor\n    window: 3 months\n    supported: [\"9\"]\n"
	// A catalog without per-version data: the latest of each cycle alone.
	res := evaluateWith(t, elCatalog.catalog, target, "2025-06-01", true)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Release)
	}
	if strings.Join(got, " ") != "10.1 10 9.6 8.10 9 8" || owed(res) != "9.6" {
		t.Errorf("latest alone: %v, owed %q", got, owed(res))
	}
	failing := elCatalog
	failing.err = errors.New("release-data unreadable")
	if _, err := evaluateErr(t, failing, target, "2025-06-01", false); err == nil || err.Error() != "target t: release-data unreadable" {
		t.Errorf("failing release-data: %v", err)
	}
	// Calendar mode lists the minors of the last 12 months.
	res = evaluateWith(t, elCatalog, "    product: el\n    filter: minor\n    window: 3 months\n", "2026-01-01", false)
	got = got[:0]
	for _, f := range res.Findings {
		got = append(got, f.Release+"="+string(f.Status))
	}
	if strings.Join(got, " ") != "10.1=untracked 9.6=untracked" {
		t.Errorf("calendar mode: %v", got)
	}
}

func TestNewerVersion(t *testing.T) {
	for _, tt := range []struct {
		a, b  string
		newer bool
	}{
		{"9.10", "9.9", true}, {"9.9", "9.10", false}, {"9.6", "9.6", false},
		{"9.6", "9", true}, {"trixie", "bookworm", true}, {"bookworm", "trixie", false}, {"trixie", "trixie", false}, {"9.6", "trixie", false},
	} {
		if newerVersion(tt.a, tt.b) != tt.newer {
			t.Errorf("newerVersion(%s, %s) = %v", tt.a, tt.b, !tt.newer)
		}
	}
}

// BenchmarkEvaluateMinorTargets evaluates minor targets of RHEL, its clones,
// Debian and PostgreSQL against the embedded snapshot, in calendar mode and
// with supported lists, with --all: finding the minors in the release-data
// (parsed on first use) and each cycle's latest, on every evaluation.
func BenchmarkEvaluateMinorTargets(b *testing.B) {
	var y strings.Builder
	y.WriteString("version: 1\ntargets:\n")
	for _, t := range []struct{ product, supported string }{
		{"rhel", "9"}, {"almalinux", "9.5"}, {"rocky-linux", "9.5"}, {"oracle-linux", "9.5"}, {"debian", "12.7"}, {"postgresql", "17.5"},
	} {
		fmt.Fprintf(&y, "  - name: %s-minor\n    product: %s\n    filter: minor\n    window: 3 milestones\n", t.product, t.product)
		fmt.Fprintf(&y, "  - name: %s-supported\n    product: %s\n    filter: minor\n    window: 3 milestones\n    supported: [%q]\n", t.product, t.product, t.supported)
	}
	data := upstream.Embedded()
	policy, err := config.Parse([]byte(y.String()), "bench.yml", data.Names())
	if err != nil {
		b.Fatal(err)
	}
	benchEvaluate(b, Input{Policy: policy, Catalog: data, Calendar: calendar.GitLab(), Now: d("2026-08-25"), All: true})
}

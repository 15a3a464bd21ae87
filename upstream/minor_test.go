package upstream

import (
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
)

var d = calendar.MustParseDate

// Every release-data file of the snapshot parses, names a product of the
// snapshot, and lists its versions newest first.
func TestEmbeddedReleaseData(t *testing.T) {
	s := Embedded()
	entries, err := fs.ReadDir(releaseDataFS, releaseDataDir)
	if err != nil || len(entries) < 15 {
		t.Fatalf("release-data: %d files, %v", len(entries), err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		vs, source, err := s.Versions(name)
		if err != nil {
			t.Fatal(err)
		}
		if source != "endoflife.date release-data of 2026-08-22" {
			t.Errorf("%s: source %q", name, source)
		}
		for i := 1; i < len(vs); i++ {
			if vs[i].Released.After(vs[i-1].Released) {
				t.Errorf("%s: versions not newest first at %s", name, vs[i].Name)
			}
		}
	}
	alma, _, _ := s.Versions("almalinux")
	if i := slices.IndexFunc(alma, func(v Version) bool { return v.Name == "9.6" }); i < 0 || alma[i].Released != d("2025-05-20") {
		t.Errorf("almalinux versions %v lack 9.6 of 2025-05-20", alma)
	}
	if rhel, _, err := s.Versions("rhel"); len(rhel) != 0 || err != nil {
		t.Errorf("rhel release-data has no versions, got %v, %v", rhel, err)
	}
	if vs, source, err := s.Versions("opensuse"); vs != nil || source != "" || err != nil {
		t.Errorf("opensuse has no release-data: got %v, %q, %v", vs, source, err)
	}
	if _, _, err := s.Versions("almalinx"); !errors.Is(err, ErrUnknownProduct) || !strings.Contains(err.Error(), "almalinux") {
		t.Errorf("unknown product: %v", err)
	}
}

// Release-data is parsed on first use, once.
func TestReleaseDataIsLazy(t *testing.T) {
	s := &Snapshot{date: d("2026-08-22"), names: []string{"debian", "rhel"}, parsed: map[string]*Product{}}
	if s.versions != nil {
		t.Fatal("versions parsed before use")
	}
	first, _, err := s.Versions("debian")
	if err != nil || len(first) == 0 || len(s.versions) != 1 {
		t.Fatalf("debian: %d versions, %v; %d parsed", len(first), err, len(s.versions))
	}
	again, _, _ := s.Versions("debian")
	if &again[0] != &first[0] {
		t.Error("debian's versions were parsed twice")
	}
}

func TestParseVersions(t *testing.T) {
	vs, err := ParseVersions([]byte(`{"releases":{},"versions":{
		"9.9":{"name":"9.9","date":"2025-01-01"},
		"9.10":{"name":"9.10","date":"2025-01-01"},
		"9.8":{"date":"2024-06-01"},
		"9.7":{"name":"9.7","date":null},
		"10.0":{"name":"10.0","date":"2025-05-20"}}}`), "t.json")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		date := "none"
		if !v.Released.IsZero() {
			date = v.Released.String()
		}
		got = append(got, v.Name+"@"+date)
	}
	// Newest first; 9.10 before 9.9 on the same day; the key names a
	// version without a name; a null date is no date.
	if want := "10.0@2025-05-20 9.10@2025-01-01 9.9@2025-01-01 9.8@2024-06-01 9.7@none"; strings.Join(got, " ") != want {
		t.Errorf("versions %v, want %s", got, want)
	}
	for doc, want := range map[string]string{
		`{`:               "unexpected end of JSON",
		`{"releases":{}}`: "no versions",
		`{"versions":{"1.2":{"name":"1.2","date":"2024-02-30"}}}`: "version 1.2: date",
	} {
		if _, err := ParseVersions([]byte(doc), "t.json"); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "t.json") {
			t.Errorf("ParseVersions(%s) = %v, want an error naming t.json and %q", doc, err, want)
		}
	}
}

func TestParseProductLatest(t *testing.T) {
	p, err := ParseProduct([]byte(`{"result":{"name":"rhel","releases":[
		{"name":"10","releaseDate":"2025-05-20","latest":{"name":"10.2","date":"2026-05-20","link":"x"}},
		{"name":"9","releaseDate":"2022-05-18","latest":{"name":"9.8","date":null}},
		{"name":"8","releaseDate":"2019-05-07","latest":null}]}}`), "t")
	if err != nil {
		t.Fatal(err)
	}
	if l := p.Releases[0].Latest; l != (Version{Name: "10.2", Released: d("2026-05-20")}) {
		t.Errorf("latest of 10 = %+v", l)
	}
	if l := p.Releases[1].Latest; l != (Version{Name: "9.8"}) {
		t.Errorf("latest of 9 without a date = %+v", l)
	}
	if l := p.Releases[2].Latest; l != (Version{}) {
		t.Errorf("no latest of 8 = %+v", l)
	}
	_, err = ParseProduct([]byte(`{"result":{"name":"x","releases":[{"name":"1","releaseDate":"2024-01-01","latest":{"name":"1.1","date":"soon"}}]}}`), "t.json")
	if err == nil || !strings.Contains(err.Error(), "release 1: latest.date") || !strings.Contains(err.Error(), "t.json") {
		t.Errorf("bad latest date: %v", err)
	}
}

func el() *Product {
	return &Product{Name: "el", Source: "test document", Releases: []Release{
		{Name: "10", Released: d("2025-05-20"), EOL: d("2035-05-31"), Latest: Version{Name: "10.1", Released: d("2025-11-12")}},
		{Name: "9", Released: d("2022-05-18"), EOL: d("2032-05-31"), Latest: Version{Name: "9.6.2", Released: d("2025-08-01")}},
		{Name: "8", Released: d("2019-05-07"), EOL: d("2029-05-31"), Latest: Version{Name: "8.10", Released: d("2024-05-22")}},
		{Name: "7.9", Released: d("2020-09-29")},
		{Name: "7", Released: d("2014-06-10")},
	}}
}

func TestWithMinors(t *testing.T) {
	p := el()
	got := p.WithMinors([]Version{
		{Name: "9.6.1", Released: d("2025-06-20")}, // a patch: neither a minor nor its date
		{Name: "9.6", Released: d("2025-05-21")},
		{Name: "9.6.0", Released: d("2025-05-20")}, // the earliest date of 9.6
		{Name: "9.5", Released: d("2024-11-12")},
		{Name: "9.4", Released: d("2024-05-22")},   // the day of 8.10: minors by version
		{Name: "8.10", Released: d("2024-05-22")},  // also the latest of 8: release-data wins the tie
		{Name: "9.0", Released: d("2022-05-18")},   // the major release itself
		{Name: "10", Released: d("2025-05-20")},    // so is this
		{Name: "9.3", Released: calendar.Date{}},   // no date
		{Name: "7.9.0", Released: d("2020-09-29")}, // a cycle already
		{Name: "6.10", Released: d("2018-06-19")},  // no cycle 6
		{Name: "9.x", Released: d("2023-01-01")},
		{Name: "9.03.1", Released: d("2023-01-01")},
	}, "test release-data")
	if got == p || len(p.Releases) != 5 {
		t.Fatal("WithMinors changed p, or returned it with minors to add")
	}
	var names []string
	for _, r := range got.Releases {
		names = append(names, r.Name)
	}
	if want := "10.1 10 9.6 9.5 9.4 8.10 9 7.9 8 7"; strings.Join(names, " ") != want {
		t.Errorf("releases %v, want %s", names, want)
	}
	for _, want := range []Release{
		{Name: "10.1", Released: d("2025-11-12"), EOL: d("2035-05-31"), Cycle: "10", Source: "latest of cycle 10 in the test document"},
		{Name: "9.6", Released: d("2025-05-20"), EOL: d("2032-05-31"), Cycle: "9", Source: "test release-data"},
		{Name: "8.10", Released: d("2024-05-22"), EOL: d("2029-05-31"), Cycle: "8", Source: "test release-data"},
	} {
		if r, _ := got.Release(want.Name); r != want {
			t.Errorf("%s = %+v, want %+v", want.Name, r, want)
		}
	}
	// (9.6 and 10 came out on one day: the cycle comes first.)
	// A cycle's latest that is earlier than the release-data date dates the minor.
	got = p.WithMinors([]Version{{Name: "10.1", Released: d("2025-11-13")}}, "test release-data")
	if r, _ := got.Release("10.1"); r.Released != d("2025-11-12") || r.Source != "latest of cycle 10 in the test document" {
		t.Errorf("10.1 = %+v, want the earlier latest", r)
	}
	// No release-data at all: the latest of each cycle.
	if r, ok := p.WithMinors(nil, "").Release("8.10"); !ok || r.Source != "latest of cycle 8 in the test document" {
		t.Errorf("8.10 from latest alone = %+v, %v", r, ok)
	}
}

// Products whose cycles are minors already, or with no minor to add, are
// returned as they are.
func TestWithMinorsNothingToAdd(t *testing.T) {
	k8s := &Product{Name: "kubernetes", Releases: []Release{
		{Name: "1.32", Released: d("2024-12-11"), Latest: Version{Name: "1.32.4", Released: d("2025-04-22")}},
		{Name: "1.0", Released: d("2015-07-10")},
	}}
	if k8s.WithMinors([]Version{{Name: "1.32.0", Released: d("2024-12-11")}, {Name: "1.31", Released: d("2024-08-13")}}, "rd") != k8s {
		t.Error("kubernetes got minors")
	}
	p := el()
	if p.WithMinors([]Version{{Name: "9.6.1", Released: d("2025-06-20")}}, "rd") == p {
		t.Error("the latest of 8 and 10 are minors to add")
	}
	p.Releases = p.Releases[1:2] // 9, whose latest is a patch
	if p.WithMinors([]Version{{Name: "9.6.1", Released: d("2025-06-20")}}, "rd") != p {
		t.Error("a patch version was taken as a minor")
	}
}

func TestMinorOf(t *testing.T) {
	for name, want := range map[string]string{
		"9.6": "9 9.6", "9.6.0": "9 9.6", "13.10": "13 13.10", "9.6.1": "", "9.0": "", "9.00": "", "9": "", "9.6.0.0": "",
		"v9.6": "", "9.": "", ".6": "", "9.6b": "", "2023.12.20260817.0": "",
	} {
		major, minor, ok := minorOf(name)
		if got := strings.TrimSpace(major + " " + minor); got != want || ok != (want != "") {
			t.Errorf("minorOf(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		sign int
	}{
		{"9.10", "9.9", 1}, {"9.9", "9.10", -1}, {"9.6", "9.6", 0}, {"9", "9.6", -1}, {"10.1", "9.8", 1},
		{"1.1.1w", "1.1.1v", 1}, {"9.6", "9.6.0", -1},
	} {
		if got := compareVersions(tt.a, tt.b); min(max(got, -1), 1) != tt.sign {
			t.Errorf("compareVersions(%s, %s) = %d, want sign %d", tt.a, tt.b, got, tt.sign)
		}
	}
}

// ProductWithMinors adds minors from the catalog's release-data when it has
// some (AlmaLinux 9.6 is dated by it) and from each cycle's latest otherwise
// (RHEL); an unknown product is an error.
func TestProductWithMinors(t *testing.T) {
	alma, err := ProductWithMinors(Embedded(), "almalinux")
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := alma.Release("9.6"); !ok || r.Released != d("2025-05-20") || r.Cycle != "9" {
		t.Errorf("almalinux 9.6 = %+v, %v; want the release-data date 2025-05-20 in cycle 9", r, ok)
	}
	rhel, err := ProductWithMinors(Embedded(), "rhel")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(rhel.Releases, func(r Release) bool { return r.Cycle == "9" && strings.HasPrefix(r.Source, "latest of cycle 9") }) {
		t.Errorf("rhel has no minor of 9 from the cycle's latest: %v", rhel.Releases)
	}
	if _, err := ProductWithMinors(Embedded(), "almalinx"); !errors.Is(err, ErrUnknownProduct) {
		t.Errorf("unknown product: %v", err)
	}
}

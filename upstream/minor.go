package upstream

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	"gitlab.com/keepup/keepup/calendar"
)

// Version is one version of a product, finer than a release cycle: a point
// release (RHEL 9.6, Debian 12.7, Kubernetes 1.32.4) and the day it came out.
type Version struct {
	Name     string
	Released calendar.Date // zero when the data gives no date
}

// VersionCatalog is a Catalog that also knows products' versions, from
// endoflife.date's release-data. Minor releases are read from it when the
// catalog offers it; without it, each cycle's latest version is all there is.
type VersionCatalog interface {
	Catalog
	// Versions returns the named product's versions, newest first, and
	// where they came from; none, and no error, when the catalog has no
	// per-version data for the product.
	Versions(product string) ([]Version, string, error)
}

// releaseDataDocument is the subset of an endoflife.date release-data
// document (releases/<product>.json of endoflife-date/release-data) that
// keepup reads: the versions, each with its date.
type releaseDataDocument struct {
	Versions *map[string]struct {
		Name string  `json:"name"`
		Date *string `json:"date"`
	} `json:"versions"`
}

// ParseVersions parses an endoflife.date release-data document: its versions,
// newest first. source names where it came from in errors.
func ParseVersions(data []byte, source string) ([]Version, error) {
	var doc releaseDataDocument
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", source, err)
	}
	if doc.Versions == nil {
		return nil, fmt.Errorf("parsing %s: no versions: not an endoflife.date release-data document", source)
	}
	vs := make([]Version, 0, len(*doc.Versions))
	for _, key := range slices.Sorted(maps.Keys(*doc.Versions)) {
		v := (*doc.Versions)[key]
		version := Version{Name: v.Name}
		if version.Name == "" {
			version.Name = key
		}
		if v.Date != nil {
			d, err := calendar.ParseDate(*v.Date)
			if err != nil {
				return nil, fmt.Errorf("parsing %s: version %s: date: %w", source, version.Name, err)
			}
			version.Released = d
		}
		vs = append(vs, version)
	}
	slices.SortStableFunc(vs, func(a, b Version) int {
		if c := newerFirst(a.Released, b.Released); c != 0 {
			return c
		}
		return compareVersions(b.Name, a.Name)
	})
	return vs, nil
}

//go:embed data/endoflife.date/release-data/*.json
var releaseDataFS embed.FS

const releaseDataDir = "data/endoflife.date/release-data"

var _ VersionCatalog = (*Snapshot)(nil)

// Versions parses and returns the named product's versions from the
// snapshot's release-data, on first use; none when the snapshot has no
// release-data for the product.
func (s *Snapshot) Versions(name string) ([]Version, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	source := "endoflife.date release-data of " + s.date.String()
	if vs, ok := s.versions[name]; ok {
		return vs, source, nil
	}
	if _, found := slices.BinarySearch(s.names, name); !found {
		return nil, "", fmt.Errorf("%w %q: the data snapshot of %s knows %s", ErrUnknownProduct, name, s.date, strings.Join(s.names, ", "))
	}
	file := path.Join(releaseDataDir, name+".json")
	data, err := releaseDataFS.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("reading embedded %s: %w", file, err)
	}
	vs, err := ParseVersions(data, "embedded "+file)
	if err != nil {
		return nil, "", err
	}
	if s.versions == nil {
		s.versions = map[string][]Version{}
	}
	s.versions[name] = vs
	return vs, source, nil
}

// WithMinors returns p with the minor releases within its major release
// cycles added (RHEL 9.6 within 9, Debian 12.7 within 12), found in versions
// (per-version data, from versionSource) and in each cycle's latest version.
//
// A minor is a version named major.minor, or major.minor.0, with a minor part
// other than zero ("9.6", "13.1"): "9.0" is the major release itself, and a
// patch version ("1.32.4") belongs to its minor and does not date it. A
// minor's date is the earliest one the data gives for it (release-data
// first on a tie); it has its cycle's end of life, its Cycle names the cycle
// and its Source where its date came from. Cycles that are minors already
// (Kubernetes 1.32, SLES 15.7, NGINX 1.0) stay as they are: only cycles
// named by a bare number ("9", "13") are major release cycles, and minors of
// a major the product has no such cycle for are left out. With no minor to add, WithMinors
// returns p itself.
func (p *Product) WithMinors(versions []Version, versionSource string) *Product {
	majors := map[string]Release{} // major number → its cycle
	for _, r := range p.Releases {
		if isNumber(r.Name) {
			majors[r.Name] = r
		}
	}
	if len(majors) == 0 {
		return p
	}
	found := map[string]Release{}
	add := func(name string, date calendar.Date, source string) {
		major, minor, ok := minorOf(name)
		if !ok || date.IsZero() {
			return
		}
		cycle, ok := majors[major]
		if !ok {
			return
		}
		if _, isCycle := p.Release(minor); isCycle {
			return
		}
		if f, seen := found[minor]; seen && !date.Before(f.Released) {
			return
		}
		found[minor] = Release{Name: minor, Released: date, EOL: cycle.EOL, Cycle: cycle.Name, Source: source}
	}
	for _, v := range versions {
		add(v.Name, v.Released, versionSource)
	}
	for _, r := range p.Releases {
		add(r.Latest.Name, r.Latest.Released, fmt.Sprintf("latest of cycle %s in the %s", r.Name, p.Source))
	}
	if len(found) == 0 {
		return p
	}
	minors := make([]Release, 0, len(found))
	for _, r := range found {
		minors = append(minors, r)
	}
	slices.SortFunc(minors, func(a, b Release) int { return compareVersions(b.Name, a.Name) })
	withMinors := *p
	withMinors.Releases = append(slices.Clone(p.Releases), minors...)
	// Newest first; on a tie, cycles before minors, minors by version.
	SortNewestFirst(withMinors.Releases)
	return &withMinors
}

// minorOf returns the major number and the minor name of a version named
// major.minor or major.minor.0 with a minor part other than zero: "9.6" and
// "9.6.0" → 9, "9.6".
func minorOf(name string) (major, minor string, ok bool) {
	major, rest, _ := strings.Cut(name, ".")
	m, patch, hasPatch := strings.Cut(rest, ".")
	if !isNumber(major) || !isNumber(m) || strings.Trim(m, "0") == "" || (hasPatch && patch != "0") {
		return "", "", false
	}
	return major, major + "." + m, true
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// compareVersions compares dotted version names part by part, numbers as
// numbers ("9.10" after "9.9"), other parts as text.
func compareVersions(a, b string) int {
	for a != "" || b != "" {
		var pa, pb string
		pa, a, _ = strings.Cut(a, ".")
		pb, b, _ = strings.Cut(b, ".")
		na, errA := strconv.Atoi(pa)
		nb, errB := strconv.Atoi(pb)
		var c int
		if errA == nil && errB == nil {
			c = na - nb
		} else {
			c = strings.Compare(pa, pb)
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// newerFirst orders dates newest first.
func newerFirst(a, b calendar.Date) int {
	switch {
	case a.After(b):
		return -1
	case a.Before(b):
		return 1
	}
	return 0
}

// ProductWithMinors returns the named product of c with its minor releases
// added (see WithMinors): the release names a target with filter minor
// speaks of. The versions come from c's per-version data when c has some.
func ProductWithMinors(c Catalog, name string) (*Product, error) {
	p, err := c.Product(name)
	if err != nil {
		return nil, err
	}
	var versions []Version
	var source string
	if vc, ok := c.(VersionCatalog); ok {
		if versions, source, err = vc.Versions(name); err != nil {
			return nil, err
		}
	}
	return p.WithMinors(versions, source), nil
}

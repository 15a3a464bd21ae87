package checks

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/suggest"
	"gitlab.com/keepup/keepup/upstream"
)

// This file is how a target's supported releases are resolved against the
// releases keepup knows: the catalog's and the policy's own (releases:). A
// supported release known to neither is an error that names the closest
// known ones and the way out, never a silent guess.

// targetProduct returns the catalog's product of target t, with its
// minors for filter minor; nil for a target without product.
func targetProduct(c upstream.Catalog, t config.Target) (*upstream.Product, error) {
	if t.Product == "" {
		return nil, nil
	}
	if t.Filter == "minor" {
		return upstream.ProductWithMinors(c, t.Product)
	}
	return c.Product(t.Product)
}

// listedSource is Product.Source of a target without product: its
// releases are all the policy's.
const listedSource = "releases the policy lists"

// withListed returns p with the releases target t (targets[index]) lists
// under releases: added, newest first; for a target without product, a
// product named for the target with those releases alone. A listed release
// the catalog knows too is the catalog's, with a note to remove it from
// the policy. With filter minor, a listed minor of a major cycle (9.7 of
// 9) is a minor of that cycle, with its end of life unless it gives one.
func withListed(p *upstream.Product, t config.Target, index int, notes []string) (*upstream.Product, []string) {
	if len(t.Releases) == 0 {
		return p, notes
	}
	out := &upstream.Product{Name: t.Name, Source: listedSource}
	if p != nil {
		clone := *p
		clone.Releases = slices.Clone(p.Releases)
		out = &clone
	}
	for _, l := range t.Releases {
		if known, ok := out.Release(l.Name); ok {
			notes = append(notes, fmt.Sprintf("%s: targets[%d].releases: %s %s is in the %s now (released %s): remove it from releases", l.Pos, index, out.Name, l.Name, out.Source, known.Released))
			continue
		}
		r := upstream.Release{Name: l.Name, Released: l.Released, EOL: l.EOL, Source: "the policy's releases, " + l.Pos.String()}
		if major := majorPart(l.Name); t.Filter == "minor" && isNumeric(l.Name) && !isMajor(l.Name) {
			// A release named by a major number alone is a cycle: only
			// minors (with a dot) are found within one.
			if cycle, ok := out.Release(major); ok {
				r.Cycle = cycle.Name
				if r.EOL.IsZero() {
					r.EOL = cycle.EOL
				}
			}
		}
		out.Releases = append(out.Releases, r)
	}
	upstream.SortNewestFirst(out.Releases)
	return out, notes
}

// maxLag is how many minors past the newest the data knows of a major line
// a supported minor may be and still be taken by its number: the data may
// lag a release or two (AlmaLinux 9.7 while it knows 9.6). Farther is a
// typo (9.99).
const maxLag = 2

// lagging reports whether name is a minor (9.7) of a major line the data
// knows, at most maxLag past the line's newest minor (the cycle itself
// counts as minor 0): a release the data may lack, placed by its number.
func (e *evaluator) lagging(name string) bool {
	major, minor, _ := strings.Cut(name, ".") // no dot: minor "", no number
	n, err := strconv.Atoi(minor)
	if err != nil || !isNumeric(name) {
		return false
	}
	newest := -1
	for _, r := range e.p.Releases {
		if majorPart(r.Name) == major {
			newest = max(newest, minorNumber(r.Name))
		}
	}
	return newest >= 0 && n <= newest+maxLag
}

// minorNumber is the minor number of a release name: 6 of "9.6"; 0 of a
// major ("9") or of a name that is no version.
func minorNumber(name string) int {
	_, rest, _ := strings.Cut(name, ".")
	minor, _, _ := strings.Cut(rest, ".")
	n, _ := strconv.Atoi(minor)
	return n
}

// maxKnown is how many known releases an error lists when none is close.
const maxKnown = 12

// unknownSupported is the error for supported[j], a release neither the
// data nor the policy's releases know: the closest known releases (else
// the newest), where the data came from, and the way out.
func (e *evaluator) unknownSupported(index, j int) error {
	s := e.t.Supported[j]
	known := e.p.ReleaseNames()
	source := e.p.Source
	if e.t.Product != "" && len(e.t.Releases) > 0 {
		source += " or the target's releases"
	}
	msg := fmt.Sprintf("%s has no release %q in the %s", e.p.Name, s.Name, source)
	switch close := closestReleases(s.Name, known); {
	case len(close) > 0:
		msg += "; did you mean " + suggest.Or(close) + "?"
	case len(known) > maxKnown:
		msg += fmt.Sprintf("; known releases: %s and %d older.", strings.Join(known[:maxKnown], ", "), len(known)-maxKnown)
	default:
		msg += "; known releases: " + strings.Join(known, ", ") + "."
	}
	return &config.Error{Pos: s.Pos, Key: fmt.Sprintf("targets[%d].supported[%d]", index, j), Msg: msg + " " + e.wayOut()}
}

// wayOut says how to make a release keepup does not know known.
func (e *evaluator) wayOut() string {
	const list = "list it under the target's releases with name and date"
	switch {
	case e.t.Product == "":
		return "To add one, " + list + "."
	case e.live():
		return "If endoflife.date does not know it yet, " + list + "."
	}
	return "If it came out after that data, refresh the data (--data live), or " + list + "."
}

// live reports whether the target's product data is endoflife.date's own,
// fetched this run.
func (e *evaluator) live() bool {
	c, ok := e.in.Catalog.(interface {
		Origin(string) (upstream.Origin, bool)
	})
	if !ok {
		return false
	}
	o, ok := c.Origin(e.t.Product)
	return ok && o.Kind == upstream.SourceLive
}

// closestReleases returns the known releases closest to name: by edit
// distance ("1.330": 1.33 or 1.30), else the newest of name's major line
// ("9.99x": 9.6); known is newest first.
func closestReleases(name string, known []string) []string {
	if close := suggest.Closest(name, known); len(close) > 0 {
		return close
	}
	major := majorPart(name)
	if !isNumeric(major) { // "" is not numeric either
		return nil
	}
	for _, k := range known {
		if majorPart(k) == major {
			return []string{k}
		}
	}
	return nil
}

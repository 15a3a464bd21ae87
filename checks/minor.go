package checks

import (
	"fmt"
	"slices"
	"strings"

	version "github.com/hashicorp/go-version"

	"gitlab.com/keepup/keepup/upstream"
)

// hasMinors reports whether p lists minors found within its major release
// cycles, which are owed line by line.
func hasMinors(p *upstream.Product) bool {
	return slices.ContainsFunc(p.Releases, func(r upstream.Release) bool { return r.Cycle != "" })
}

// line is what a minor target supports of one major release line.
type line struct {
	major string // the supported entry naming the line alone ("9"), if any
	minor string // the newest supported minor of the line ("9.5"), if any
}

// resolveLines resolves a minor target's supported releases line by line:
// names lists the ones the data knows. A line is supported when its major
// or one of its minors is listed.
func (e *evaluator) resolveLines(index int) (names map[string]bool, err error) {
	names = map[string]bool{}
	e.lines = map[string]*line{}
	for j, s := range e.t.Supported {
		major := majorPart(s.Name)
		_, known := e.p.Release(s.Name)
		switch {
		case known:
			names[s.Name] = true
		case e.lagging(s.Name):
			e.placed(index, s.Name, major)
		default:
			return nil, e.unknownSupported(index, j)
		}
		l := e.lines[major]
		if l == nil {
			l = &line{}
			e.lines[major] = l
		}
		switch {
		case isMajor(s.Name):
			l.major = s.Name
		case l.minor == "" || newerVersion(s.Name, l.minor):
			l.minor = s.Name
		}
	}
	// Each line's newest release by now (releases are newest first): a
	// minor, when there is one.
	e.latest = map[string]string{}
	for _, r := range e.p.Releases {
		if major := majorPart(r.Name); e.latest[major] == "" && !r.Released.After(e.in.Now) {
			e.latest[major] = r.Name
		}
	}
	return names, nil
}

// notRequiredInLine is notRequired for a minor target. A minor is owed
// when its major line is supported and it is newer than the newest
// supported minor of that line; when the line is listed by its major alone,
// its newest minor is owed. Minors of other lines are a major target's
// business.
func (e *evaluator) notRequiredInLine(r upstream.Release) string {
	major := majorPart(r.Name)
	l, ok := e.lines[major]
	switch {
	case !ok:
		return fmt.Sprintf("a minor of %s %s, a major release not listed in supported (a new major release is for a target without filter minor)", e.p.Name, major)
	case l.minor != "":
		if !newerVersion(r.Name, l.minor) {
			return fmt.Sprintf("not newer than %s, the newest supported minor of %s", l.minor, major)
		}
	case r.Name != e.latest[major]:
		return fmt.Sprintf("older than %s, the newest minor of %s: supported lists %s alone, so only the newest minor is owed", e.latest[major], major, l.major)
	}
	return ""
}

// placed reports a supported minor the data does not know, in a major
// line it knows and at most maxLag past its newest minor (the data can lag
// or miss a minor: AlmaLinux 9.7): it is taken as a release of its line by
// its number, with a note in case it is a typo.
func (e *evaluator) placed(index int, name, major string) {
	taken := fmt.Sprintf("taken as a release of %s %s by its number", e.p.Name, major)
	*e.out = append(*e.out, Finding{Target: e.t.Name, Product: e.p.Name, Release: name, Pos: e.t.Pos, Status: Supported,
		Reason: fmt.Sprintf("listed in supported; not in the %s, so %s", e.p.Source, taken),
		Why:    Derivation{ReleaseSource: e.p.Source, Unknown: taken}})
	*e.notes = append(*e.notes, fmt.Sprintf("%s: targets[%d]: %s %s is not in the %s; it is %s: check it is no typo; to date it, refresh the data (--data live) or list it under the target's releases", e.t.Pos, index, e.p.Name, name, e.p.Source, taken))
}

// majorPart is the major number of a release name: "9" of "9.6".
func majorPart(name string) string {
	major, _, _ := strings.Cut(name, ".")
	return major
}

// isNumeric reports whether name is a version of numbers alone ("9.7", "9").
func isNumeric(name string) bool {
	for part := range strings.SplitSeq(name, ".") {
		if part == "" || strings.Trim(part, "0123456789") != "" {
			return false
		}
	}
	return true
}

// newerVersion reports whether version a is newer than version b; names
// that are no versions compare as text.
func newerVersion(a, b string) bool {
	va, errA := version.NewVersion(a)
	vb, errB := version.NewVersion(b)
	if errA != nil || errB != nil {
		return a > b
	}
	return va.GreaterThan(vb)
}

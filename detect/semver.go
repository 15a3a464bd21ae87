package detect

import (
	"fmt"
	"strconv"
	"strings"
)

// Constraint is a version constraint as Helm charts, npm and Terraform write
// them: comparisons (=, !=, >, >=, <, <=) joined by spaces or commas (all
// must hold), alternatives joined by ||, tilde (~1.28), caret (^1.28) and
// pessimistic (~>1.28) ranges, wildcards (1.28.x, *) and hyphen ranges
// (1.28 - 1.31). A partial version stands for the whole release line it
// names: <=1.31 allows 1.31.9, and >1.31 starts at 1.32.
type Constraint struct {
	text string
	alts [][]span // any alternative; every span of it
}

// span is a set of versions: those between lo and hi, or, negated, those
// outside. A nil bound is open.
type span struct {
	lo, hi         *semver
	loIncl, hiIncl bool
	negate         bool
}

// semver is a version: numbers (at least three; missing ones are zero) and
// a pre-release, which makes it sort before the same numbers without one.
type semver struct {
	nums []int
	pre  []string
}

// maxConstraint bounds the length of a constraint read from a file.
const maxConstraint = 1024

// ParseConstraint parses a version constraint such as ">=1.28.0-0 <1.32.0-0".
func ParseConstraint(s string) (Constraint, error) {
	c := Constraint{text: strings.TrimSpace(s)}
	if len(s) > maxConstraint {
		return c, fmt.Errorf("constraint longer than %d characters", maxConstraint)
	}
	for _, alt := range strings.Split(s, "||") {
		spans, err := parseAlternative(alt)
		if err != nil {
			return c, fmt.Errorf("constraint %q: %w", c.text, err)
		}
		c.alts = append(c.alts, spans)
	}
	return c, nil
}

// String returns the constraint as written.
func (c Constraint) String() string { return c.text }

// operators, longest first so that ">=" is not read as ">".
var operators = []string{"~>", ">=", "<=", "!=", "==", "=", ">", "<", "~", "^"}

func parseAlternative(alt string) ([]span, error) {
	fields := strings.Fields(strings.ReplaceAll(alt, ",", " "))
	if len(fields) == 0 {
		return nil, fmt.Errorf("empty alternative: write a comparison such as >=1.28")
	}
	var spans []span
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if i+2 < len(fields) && fields[i+1] == "-" { // a hyphen range: 1.28 - 1.31
			lo, loParts, err := parsePartial(f)
			if err != nil {
				return nil, err
			}
			hi, hiParts, err := parsePartial(fields[i+2])
			if err != nil {
				return nil, err
			}
			s := span{lo: lo, loIncl: true}
			if loParts == 0 { // * - 1.31
				s.lo = nil
			}
			s.hi, s.hiIncl = upper(hi, hiParts)
			spans = append(spans, s)
			i += 2
			continue
		}
		op := ""
		for _, o := range operators {
			if strings.HasPrefix(f, o) {
				op = o
				break
			}
		}
		v := strings.TrimPrefix(f, op)
		if v == "" && op != "" && i+1 < len(fields) { // ">= 1.28"
			i++
			v = fields[i]
		}
		s, err := term(op, v)
		if err != nil {
			return nil, err
		}
		spans = append(spans, s)
	}
	return spans, nil
}

// term is the set of versions one comparison allows.
func term(op, text string) (span, error) {
	v, parts, err := parsePartial(text)
	if err != nil {
		return span{}, err
	}
	if parts == 0 { // *, x: every version
		if op == "!=" || op == ">" || op == "<" {
			return span{negate: true}, nil // no version
		}
		return span{}, nil
	}
	full := parts >= 3
	line := span{lo: v, loIncl: true} // the release line v names: [v, next)
	line.hi, line.hiIncl = upper(v, parts)
	switch op {
	case "", "=", "==":
		return line, nil
	case "!=":
		line.negate = true
		return line, nil
	case ">=":
		return span{lo: v, loIncl: true}, nil
	case ">":
		if full {
			return span{lo: v}, nil
		}
		return span{lo: line.hi, loIncl: true}, nil
	case "<":
		return span{hi: v}, nil
	case "<=":
		return span{hi: line.hi, hiIncl: line.hiIncl}, nil
	case "~": // ~1.2.3 and ~1.2: [1.2.x); ~1: [1.x)
		return span{lo: v, loIncl: true, hi: next(v, min(parts, 2))}, nil
	case "~>": // ~>1.2.3: [1.2.x); ~>1.2 and ~>1: [1.x)
		return span{lo: v, loIncl: true, hi: next(v, max(min(parts-1, 2), 1))}, nil
	case "^": // up to the next change of the first part that is not zero
		keep := 1
		for keep < parts && v.nums[keep-1] == 0 {
			keep++
		}
		return span{lo: v, loIncl: true, hi: next(v, keep)}, nil
	}
	return span{}, fmt.Errorf("unknown operator %q", op)
}

// upper is the exclusive upper end of the release line a partial version
// names (1.31 → <1.32.0), or the version itself, inclusive, when it is full.
func upper(v *semver, parts int) (*semver, bool) {
	switch {
	case parts == 0:
		return nil, false
	case parts >= 3:
		return v, true
	}
	return next(v, parts), false
}

// next returns the first version after every version that starts with v's
// first n numbers: next(1.31.4, 2) = 1.32.0.
func next(v *semver, n int) *semver {
	nums := make([]int, max(len(v.nums), 3))
	copy(nums, v.nums[:n])
	nums[n-1]++
	return &semver{nums: nums}
}

// parsePartial parses a version that may be partial or have wildcards
// (1.28, 1.28.x, *): it returns the version with missing parts zero and the
// number of parts given before the first wildcard.
func parsePartial(s string) (*semver, int, error) {
	orig := s
	s = strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V")
	if i := strings.IndexByte(s, '+'); i >= 0 { // build metadata
		s = s[:i]
	}
	core, pre, hasPre := strings.Cut(s, "-")
	v := &semver{}
	parts := -1
	for i, p := range strings.Split(core, ".") {
		if p == "x" || p == "X" || p == "*" {
			if parts < 0 {
				parts = i
			}
			continue
		}
		if parts >= 0 {
			return nil, 0, fmt.Errorf("%q: a number after a wildcard", orig)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p[0] == '+' || p[0] == '-' {
			return nil, 0, fmt.Errorf("%q is not a version", orig)
		}
		v.nums = append(v.nums, n)
	}
	if parts < 0 {
		parts = len(v.nums)
	}
	if hasPre {
		if parts < 3 || pre == "" {
			return nil, 0, fmt.Errorf("%q: a pre-release goes with a full version (1.28.0-0)", orig)
		}
		v.pre = strings.Split(pre, ".")
	}
	for len(v.nums) < 3 {
		v.nums = append(v.nums, 0)
	}
	return v, parts, nil
}

// compare orders versions as semantic versioning does, numbers first, then
// a version with a pre-release before the same version without.
func compare(a, b *semver) int {
	for i := range max(len(a.nums), len(b.nums)) {
		x, y := part(a.nums, i), part(b.nums, i)
		if x != y {
			return cmpInt(x, y)
		}
	}
	switch {
	case len(a.pre) == 0 && len(b.pre) == 0:
		return 0
	case len(a.pre) == 0:
		return 1
	case len(b.pre) == 0:
		return -1
	}
	for i := range min(len(a.pre), len(b.pre)) {
		x, xerr := strconv.Atoi(a.pre[i])
		y, yerr := strconv.Atoi(b.pre[i])
		switch {
		case xerr == nil && yerr == nil:
			if x != y {
				return cmpInt(x, y)
			}
		case xerr == nil: // numeric identifiers sort first
			return -1
		case yerr == nil:
			return 1
		case a.pre[i] != b.pre[i]:
			return strings.Compare(a.pre[i], b.pre[i])
		}
	}
	return cmpInt(len(a.pre), len(b.pre))
}

func part(nums []int, i int) int {
	if i < len(nums) {
		return nums[i]
	}
	return 0
}

func cmpInt(x, y int) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func (s span) contains(v *semver) bool {
	in := (s.lo == nil || compare(v, s.lo) > 0 || s.loIncl && compare(v, s.lo) == 0) &&
		(s.hi == nil || compare(v, s.hi) < 0 || s.hiIncl && compare(v, s.hi) == 0)
	return in != s.negate
}

// Allows reports whether the constraint allows some version of the release
// line a release name stands for: the release 1.31 is the versions 1.31.0,
// 1.31.1, and so on (pre-releases aside); the release 9 is 9.0.0 up to 10.
// A name that is not dotted numbers is never allowed.
func (c Constraint) Allows(release string) bool {
	if release == "" || numericCore(release) != release {
		return false
	}
	first, parts, err := parsePartial(release)
	if err != nil {
		return false
	}
	line := span{lo: first, loIncl: true}
	line.hi, line.hiIncl = upper(first, parts)
	for _, alt := range c.alts {
		// Where an alternative allows versions of the line, the least of
		// them is the line's first version, or a bound of one of its spans,
		// or the version right after one: try those.
		candidates := []*semver{first}
		for _, s := range alt {
			for _, b := range []*semver{s.lo, s.hi} {
				if b != nil {
					release := &semver{nums: b.nums}
					candidates = append(candidates, release, next(release, len(release.nums)))
				}
			}
		}
		for _, v := range candidates {
			if line.contains(v) && allContain(alt, v) {
				return true
			}
		}
	}
	return false
}

func allContain(spans []span, v *semver) bool {
	for _, s := range spans {
		if !s.contains(v) {
			return false
		}
	}
	return true
}

package detect

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// allowed lists the releases a constraint allows.
func allowed(c Constraint, releases []string) []string {
	var out []string
	for _, r := range releases {
		if c.Allows(r) {
			out = append(out, r)
		}
	}
	return out
}

func TestConstraintAllows(t *testing.T) {
	k8s := []string{"1.33", "1.32", "1.31", "1.30", "1.29", "1.28", "1.27"}
	tests := []struct {
		constraint string
		releases   []string
		want       string
	}{
		// Helm's form: pre-release floors so that vendors' 1.28.3-gke.1 count.
		{">=1.28.0-0 <1.32.0-0", k8s, "1.31 1.30 1.29 1.28"},
		{">= 1.28.0-0, < 1.32.0-0", k8s, "1.31 1.30 1.29 1.28"},
		{">=1.28.0-0,<1.32.0-0", k8s, "1.31 1.30 1.29 1.28"},
		{">=1.28 <1.32", k8s, "1.31 1.30 1.29 1.28"},
		// A release line counts when any of its versions is allowed.
		{">=1.28.3", k8s, "1.33 1.32 1.31 1.30 1.29 1.28"},
		{">1.28.3", k8s, "1.33 1.32 1.31 1.30 1.29 1.28"},
		{">1.28", k8s, "1.33 1.32 1.31 1.30 1.29"},
		{">1.28.0 <1.28.1", k8s, ""},
		{">=1.28.0 <=1.28.0", k8s, "1.28"},
		{"<=1.31", k8s, "1.31 1.30 1.29 1.28 1.27"},
		{"<=1.31.0", k8s, "1.31 1.30 1.29 1.28 1.27"},
		{"<1.31", k8s, "1.30 1.29 1.28 1.27"},
		{"<1.31.0-0", k8s, "1.30 1.29 1.28 1.27"},
		{"<1.31.1", k8s, "1.31 1.30 1.29 1.28 1.27"},
		{"1.30", k8s, "1.30"},
		{"=1.30.2", k8s, "1.30"},
		{"==1.30.x", k8s, "1.30"},
		{"1.30.*", k8s, "1.30"},
		{"1.x", k8s, "1.33 1.32 1.31 1.30 1.29 1.28 1.27"},
		{"2.x", k8s, ""},
		{"*", k8s, "1.33 1.32 1.31 1.30 1.29 1.28 1.27"},
		{">=*", k8s, "1.33 1.32 1.31 1.30 1.29 1.28 1.27"},
		{">*", k8s, ""},
		{"<x", k8s, ""},
		{"!=*", k8s, ""},
		{"!=1.30", k8s, "1.33 1.32 1.31 1.29 1.28 1.27"},
		{">=1.29 <1.32 !=1.30", k8s, "1.31 1.29"},
		{">=1.29 <1.32 !=1.30.0", k8s, "1.31 1.30 1.29"},
		{"~1.30.2", k8s, "1.30"},
		{"~1.30", k8s, "1.30"},
		{"~1", k8s, "1.33 1.32 1.31 1.30 1.29 1.28 1.27"},
		{"~>1.30", k8s, "1.33 1.32 1.31 1.30"},
		{"~>1.30.2", k8s, "1.30"},
		{"~>1", k8s, "1.33 1.32 1.31 1.30 1.29 1.28 1.27"},
		{"^1.30", k8s, "1.33 1.32 1.31 1.30"},
		{"^1.30.4", k8s, "1.33 1.32 1.31 1.30"},
		{"^0.3.1", []string{"0.4", "0.3", "0.2"}, "0.3"},
		{"^0.0.3", []string{"0.1", "0.0"}, "0.0"},
		{"^0.0", []string{"0.1", "0.0"}, "0.0"},
		{"^0", []string{"1.0", "0.9", "0.1"}, "0.9 0.1"},
		{"1.28 - 1.30", k8s, "1.30 1.29 1.28"},
		{"1.28 - 1.30.0", k8s, "1.30 1.29 1.28"},
		{"* - 1.28", k8s, "1.28 1.27"},
		{"<1.28 || >=1.32", k8s, "1.33 1.32 1.27"},
		{"1.27 || 1.29 || 1.31", k8s, "1.31 1.29 1.27"},
		{"v1.30", k8s, "1.30"},
		{">=1.30.0+build.5", k8s, "1.33 1.32 1.31 1.30"},
		// Major release lines, as RHEL and Debian name theirs.
		{">=9", []string{"10", "9", "8"}, "10 9"},
		{">=8.6 <10", []string{"10", "9", "8"}, "9 8"},
		{"<8.0.0", []string{"10", "9", "8"}, ""},
		{">=8.10", []string{"10", "9.6", "9", "8.10", "8.9", "8"}, "10 9.6 9 8.10 8"},
		// Names that are no versions are never allowed.
		{"*", []string{"bookworm", "1.2-x", ""}, ""},
	}
	for _, tt := range tests {
		c, err := ParseConstraint(tt.constraint)
		if err != nil {
			t.Errorf("ParseConstraint(%q): %v", tt.constraint, err)
			continue
		}
		if got := strings.Join(allowed(c, tt.releases), " "); got != tt.want {
			t.Errorf("%q allows %q, want %q", tt.constraint, got, tt.want)
		}
		if c.String() != strings.TrimSpace(tt.constraint) {
			t.Errorf("String() = %q, want %q", c, tt.constraint)
		}
	}
}

func TestParseConstraintErrors(t *testing.T) {
	tests := []struct{ constraint, want string }{
		{"", `constraint "": empty alternative: write a comparison such as >=1.28`},
		{">=1.28 ||", `constraint ">=1.28 ||": empty alternative: write a comparison such as >=1.28`},
		{">=", `constraint ">=": "" is not a version`},
		{">=abc", `constraint ">=abc": "abc" is not a version`},
		{"1.x.3", `constraint "1.x.3": "1.x.3": a number after a wildcard`},
		{">=1.28-0", `constraint ">=1.28-0": "1.28-0": a pre-release goes with a full version (1.28.0-0)`},
		{">=1.28.0-", `constraint ">=1.28.0-": "1.28.0-": a pre-release goes with a full version (1.28.0-0)`},
		{">=1.-2", `constraint ">=1.-2": "1.-2" is not a version`},
		{">=1.+2", `constraint ">=1.+2": "1.+2" is not a version`},
		{"abc - 1.2", `constraint "abc - 1.2": "abc" is not a version`},
		{"1.2 - abc", `constraint "1.2 - abc": "abc" is not a version`},
		{"<>1.2", `constraint "<>1.2": ">1.2" is not a version`},
		{strings.Repeat("1", maxConstraint+1), "constraint longer than 1024 characters"},
	}
	for _, tt := range tests {
		if _, err := ParseConstraint(tt.constraint); err == nil || err.Error() != tt.want {
			t.Errorf("ParseConstraint(%q): %v, want %s", tt.constraint, err, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	// In order, as semantic versioning's precedence rules give it.
	order := []string{"1.0.0-0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
		"1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0"}
	for i, a := range order {
		for j, b := range order {
			va, _, err := parsePartial(a)
			if err != nil {
				t.Fatal(err)
			}
			vb, _, _ := parsePartial(b)
			if got, want := compare(va, vb), cmpInt(i, j); got != want {
				t.Errorf("compare(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
	x, _, _ := parsePartial("1.2.3.4")
	y, _, _ := parsePartial("1.2.3")
	if compare(x, y) != 1 || compare(y, x) != -1 {
		t.Errorf("1.2.3.4 does not sort after 1.2.3")
	}
}

var fourParts = regexp.MustCompile(`[0-9]+(\.[0-9]+){3}`)

// FuzzConstraint checks Allows against brute force: with every number in
// the constraint below 12, a release line a.b is allowed exactly when one
// of the versions a.b.0 to a.b.13 is; a line a when one of a.0.0 to
// a.13.13 is.
func FuzzConstraint(f *testing.F) {
	for _, s := range []string{">=1.2.0-0 <1.5.0-0", ">1.2", "<=1.3", "~1.2", "^0.2", "~>1.2", "1.2 - 1.4", "!=1.3 >=1", "<1.2 || >=3", "1.x", "*", ">1.2.3 <1.2.5", "^0.0.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseConstraint(s)
		if err != nil {
			return
		}
		if len(s) > 64 || fourParts.MatchString(s) { // brute force is slow, and tries three parts
			return
		}
		for _, field := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
			if n, err := strconv.Atoi(field); err != nil || n >= 12 {
				return
			}
		}
		some := func(prefix string, depth int) bool {
			var try func(p string, d int) bool
			try = func(p string, d int) bool {
				if d == 0 {
					v, _, err := parsePartial(p)
					if err != nil {
						t.Fatal(err)
					}
					return slices.ContainsFunc(c.alts, func(alt []span) bool { return allContain(alt, v) })
				}
				for i := range 14 {
					if try(fmt.Sprintf("%s.%d", p, i), d-1) {
						return true
					}
				}
				return false
			}
			return try(prefix, depth)
		}
		for a := range 4 {
			for b := range 4 {
				name := fmt.Sprintf("%d.%d", a, b)
				if got, want := c.Allows(name), some(name, 1); got != want {
					t.Fatalf("%q allows %s: %v, but brute force says %v", s, name, got, want)
				}
			}
			name := strconv.Itoa(a)
			if got, want := c.Allows(name), some(name, 2); got != want {
				t.Fatalf("%q allows %s: %v, but brute force says %v", s, name, got, want)
			}
		}
	})
}

package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var known = Products{
	Names:   []string{"kubernetes", "postgresql", "rhel", "ubuntu"},
	Aliases: map[string]string{"k8s": "kubernetes", "postgres": "postgresql", "pg": "postgresql", "RedHat": "rhel"},
}

func onePolicy(product string) string {
	return "version: 1\ntargets:\n  - name: t\n    product: " + product + "\n    window: 3 months\n"
}

// A target may name its product by an alias or in another case; the
// policy holds the product's own name.
func TestProductAliasesAndCase(t *testing.T) {
	for written, want := range map[string]string{
		"kubernetes": "kubernetes",
		"k8s":        "kubernetes",
		"K8S":        "kubernetes",
		"Ubuntu":     "ubuntu",
		"UBUNTU":     "ubuntu",
		"postgres":   "postgresql",
		"redhat":     "rhel", // an alias in another case
	} {
		p, err := known.Parse([]byte(onePolicy(written)), "p.yml")
		if err != nil {
			t.Errorf("%s: %v", written, err)
			continue
		}
		if p.Targets[0].Product != want {
			t.Errorf("%s: product %q, want %q", written, p.Targets[0].Product, want)
		}
		if got := p.Products(); len(got) != 1 || got[0] != want {
			t.Errorf("%s: Products() = %v", written, got)
		}
	}
}

// An unknown product gets the closest products, by their own names even
// when an alias is closer, else the list when it is short, else where the
// list is.
func TestUnknownProductSuggestions(t *testing.T) {
	many := Products{}
	for i := range maxListed + 1 {
		many.Names = append(many.Names, fmt.Sprintf("product-%02d", i))
	}
	tests := []struct {
		products Products
		name     string
		want     string
	}{
		{known, "ubunut", `unknown product "ubunut"; did you mean ubuntu?`},
		{known, "kubernets", `unknown product "kubernets"; did you mean kubernetes?`},
		{known, "rhel9", `unknown product "rhel9"; did you mean rhel?`},
		{known, "postgress", `unknown product "postgress"; did you mean postgresql?`}, // close to the alias postgres
		{known, "k8", `unknown product "k8"; did you mean kubernetes?`},
		{known, "pq", `unknown product "pq"; did you mean postgresql?`},                                                                                                  // pg, an alias
		{Products{Names: []string{"rhel"}, Aliases: map[string]string{"redhat": "rhel", "red-hat": "rhel"}}, "red_hat", `unknown product "red_hat"; did you mean rhel?`}, // as close to both aliases
		{known, "windows", `unknown product "windows"; expected one of kubernetes, postgresql, rhel, ubuntu; for a product no catalog knows, leave out product and list its releases under releases:`},
		{many, "windows", `unknown product "windows"; endoflife.date lists 31 products at https://endoflife.date; for a product no catalog knows`},
		{Products{Names: many.Names[:maxListed]}, "windows", `unknown product "windows"; expected one of product-00, `},
	}
	for _, tt := range tests {
		_, err := tt.products.Parse([]byte(onePolicy(tt.name)), "p.yml")
		if want := "p.yml:4:14: targets[0].product: " + tt.want; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s:\n  %v\nwant prefix\n  %s", tt.name, err, want)
		}
	}
}

// Load and Default of Products take aliases like Parse.
func TestProductsLoadAndDefault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.yml")
	if err := os.WriteFile(path, []byte(onePolicy("k8s")), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := known.Load(path)
	if err != nil || p.Targets[0].Product != "kubernetes" || p.File != path {
		t.Errorf("Load: %+v, %v", p, err)
	}
	if _, err := known.Load(filepath.Join(t.TempDir(), "none.yml")); err == nil {
		t.Error("Load of a missing file: no error")
	}
	// The default policy names products the small list lacks.
	if _, err := known.Default(); err == nil || !strings.Contains(err.Error(), "unknown product") {
		t.Errorf("Default with four products: %v", err)
	}
}

// FindTarget names the closest targets, else all of them.
func TestFindTarget(t *testing.T) {
	p, err := Parse([]byte("version: 1\ntargets:\n  - {name: ubuntu, product: ubuntu, window: 2 milestones}\n  - {name: k8s, product: kubernetes, window: 3 months}\n"), "p.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	if tg, err := p.FindTarget("k8s"); err != nil || tg.Product != "kubernetes" {
		t.Errorf("k8s: %+v, %v", tg, err)
	}
	for name, want := range map[string]string{
		"ubunut": `p.yml has no target "ubunut"; did you mean ubuntu?`,
		"Ubuntu": `p.yml has no target "Ubuntu"; did you mean ubuntu?`,
		"nope":   `p.yml has no target "nope"; targets: ubuntu, k8s`,
	} {
		if _, err := p.FindTarget(name); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", name, err, want)
		}
	}
}

// Keys, filters, statuses and units get the closest name; when none is
// close, the list stays.
func TestKeyAndValueSuggestions(t *testing.T) {
	const head = "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n    window: 3 months\n"
	tests := []struct{ yaml, want string }{
		{head + "    suported: [\"1.30\"]\n", `p.yml:6:5: targets[0].suported: unknown key; did you mean supported?`},
		{head + "    release: [\"1.30\"]\n", `p.yml:6:5: targets[0].release: unknown key; did you mean releases?`},
		{head + "    filter: minr\n", `p.yml:6:13: targets[0].filter: unknown filter "minr"; did you mean minor?`},
		{head + "issues:\n  open_on: overdu\n", `p.yml:7:12: issues.open_on: unknown status "overdu"; did you mean overdue?`},
		{head + "issues:\n  group: targets\n", `p.yml:7:10: issues.group: unknown grouping "targets"; did you mean target?`},
		{head + "issues:\n  grup: target\n", `p.yml:7:3: issues.grup: unknown key; did you mean group?`},
		{strings.Replace(head, "3 months", "2 milestons", 1), `p.yml:5:13: targets[0].window: "2 milestons" is not a window: unknown unit "milestons"; did you mean "2 milestones"?`},
		{strings.Replace(head, "3 months", "1 moth", 1), `p.yml:5:13: targets[0].window: "1 moth" is not a window: unknown unit "moth"; did you mean "1 month"?`},
		{strings.Replace(head, "3 months", "3 Wekes", 1), `p.yml:5:13: targets[0].window: "3 Wekes" is not a window: unknown unit "Wekes"; did you mean "3 weeks"?`},
		// A bad number is said as before, whatever the unit.
		{strings.Replace(head, "3 months", "x moths", 1), `p.yml:5:13: targets[0].window: "x moths" is not a window: "x" is not a whole number`},
		{strings.Replace(head, "3 months", "3 months ago", 1), `p.yml:5:13: targets[0].window: "3 months ago" is not a window: want a number and a unit`},
		{"version: 1\ndue_soon: 2 wekes\n", `p.yml:2:11: due_soon: "2 wekes" is not a window: unknown unit "wekes"; did you mean "2 weeks"?`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.yaml), "p.yml", products)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("error\n  %v\nwant prefix\n  %s", err, tt.want)
		}
	}
}

// A target's releases: name and date, optionally eol; a target without
// product must have some.
func TestTargetReleases(t *testing.T) {
	const head = "version: 1\ntargets:\n  - name: platform\n    window: 3 months\n    releases:\n"
	p, err := Parse([]byte(head+"      - {name: 2.10, date: 2025-01-10, eol: 2026-01-10}\n      - name: \"2.11\"\n        date: 2025-04-01\n"), "p.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	tg := p.Targets[0]
	if tg.Product != "" || len(tg.Releases) != 2 || len(p.Products()) != 0 {
		t.Fatalf("target %+v, products %v", tg, p.Products())
	}
	r := tg.Releases[0]
	if r.Name != "2.10" || r.Released.String() != "2025-01-10" || r.EOL.String() != "2026-01-10" || r.Pos.String() != "p.yml:6:10" {
		t.Errorf("releases[0] = %+v", r)
	}
	if r := tg.Releases[1]; r.Name != "2.11" || !r.EOL.IsZero() || r.Pos.String() != "p.yml:7:9" {
		t.Errorf("releases[1] = %+v", r)
	}
	// With a product, releases add to its data.
	p, err = Parse([]byte("version: 1\ntargets:\n  - name: k\n    product: kubernetes\n    window: 3 months\n    releases: [{name: \"1.40\", date: 2027-04-01}]\n"), "p.yml", products)
	if err != nil || p.Targets[0].Product != "kubernetes" || len(p.Targets[0].Releases) != 1 {
		t.Errorf("with a product: %+v, %v", p, err)
	}

	tests := []struct{ entries, want string }{
		{"      - {name: \"2.0\"}\n", `p.yml:6:10: targets[0].releases[0].date: missing; a release under releases needs name and date (YYYY-MM-DD), and may give eol`},
		{"      - {date: 2025-01-10}\n", `p.yml:6:10: targets[0].releases[0].name: missing; a release under releases needs name and date`},
		{"      - {name: \"\", date: 2025-01-10}\n", `p.yml:6:16: targets[0].releases[0].name: expected a release name, found an empty one`},
		{"      - {name: \"2.0\", date: 2025-02-30}\n", `p.yml:6:29: targets[0].releases[0].date: "2025-02-30" is not a day: February 2025 has 28 days`},
		{"      - {name: \"2.0\", date: 2025-01-10, eol: 2024-01-10}\n", `p.yml:6:10: targets[0].releases[0].eol: end of life 2024-01-10 is before the release date 2025-01-10`},
		{"      - {name: \"2.0\", date: 2025-01-10, eol: 2025-01-10}\n      - {name: \"2.0\", date: 2025-02-10}\n", `p.yml:7:16: targets[0].releases[1].name: release "2.0" is listed twice`},
		{"      - {name: \"2.0\", dat: 2025-01-10}\n", `p.yml:6:23: targets[0].releases[0].dat: unknown key; did you mean date?`},
		{"      - {name: [2], date: 2025-01-10}\n", `p.yml:6:16: targets[0].releases[0].name: expected a release name, found a list`},
		{"      - \"2.0\"\n", `p.yml:6:9: targets[0].releases[0]: expected a mapping of keys to values, found "2.0"`},
		{"        name: \"2.0\"\n", `p.yml:6:9: targets[0].releases: expected a list, found a mapping`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(head+tt.entries), "p.yml", products)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q:\n  %v\nwant prefix\n  %s", tt.entries, err, tt.want)
		}
	}
}

package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// defaultProducts are the products of the default policy.
var defaultProducts = []string{"kubernetes", "ubuntu", "rhel", "almalinux", "rocky-linux", "oracle-linux", "debian", "opensuse", "sles", "amazon-linux", "postgresql", "redis"}

// minimal is the smallest valid policy, for tests to add to.
const minimal = "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n    window: 3 months\n"

// wantError asserts that err is a *config.Error reading want.
func wantError(t *testing.T, err error, want string) {
	t.Helper()
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v, want a *config.Error reading\n  %s", err, want)
	}
	if err.Error() != want {
		t.Errorf("error\n  %s\nwant\n  %s", err, want)
	}
}

// wantShapeError asserts that checkShape refuses yaml with want, and Parse
// too: checkShape finds it, not checkTokens behind it (which would give
// the same error for many of these texts).
func wantShapeError(t *testing.T, yaml, want string) {
	t.Helper()
	wantError(t, checkShape([]byte(yaml), "p.yml"), want)
	_, err := Parse([]byte(yaml), "p.yml", products)
	wantError(t, err, want)
}

// policyFile writes a policy to a temporary directory and returns its path.
func policyFile(t *testing.T, data string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.yml")
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadSizeLimit(t *testing.T) {
	// Exactly MaxPolicySize bytes is read; one byte more is not.
	pad := "#" + strings.Repeat("x", MaxPolicySize-len(minimal)-2) + "\n"
	path := policyFile(t, minimal+pad)
	if p, err := Load(path, products); err != nil || p.Targets[0].Name != "k" {
		t.Fatalf("Load of a %d-byte policy: %v", MaxPolicySize, err)
	}
	path = policyFile(t, minimal+"#"+pad)
	_, err := Load(path, products)
	wantError(t, err, path+": the policy is larger than 1048576 bytes (1 MiB), the most keepup reads: is this the right file?")

	big := policyFile(t, minimal+strings.Repeat("# a comment line, ten megabytes of them\n", 10<<20/40))
	_, err = Load(big, products)
	wantError(t, err, big+": the policy is larger than 1048576 bytes (1 MiB), the most keepup reads: is this the right file?")

	_, err = Parse([]byte(minimal+"#"+pad), "bytes.yml", products)
	wantError(t, err, "bytes.yml: the policy is larger than 1048576 bytes (1 MiB), the most keepup reads: is this the right file?")
}

func TestLoadRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir, products)
	wantError(t, err, dir+": the policy is a directory, not a file: give the path of a YAML file (--policy or KEEPUP_POLICY)")
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load("testdata/does-not-exist.yml", products)
	if err == nil || err.Error() != "reading policy: open testdata/does-not-exist.yml: no such file or directory" {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestDepthLimit(t *testing.T) {
	// Twenty-nine levels of brackets inside targets[0].supported make 32: accepted.
	nested := func(n int) string { return strings.Repeat("[", n) + "x" + strings.Repeat("]", n) }
	_, err := Parse([]byte(minimal+"    supported: "+nested(maxDepth-3)+"\n"), "p.yml", products)
	wantError(t, err, "p.yml:6:17: targets[0].supported[0]: expected a release name, found a list")
	tests := []struct{ name, yaml, want string }{
		{"brackets", minimal + "    supported: " + nested(maxDepth-2) + "\n",
			"p.yml:6:45: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"},
		{"200 KB of brackets", minimal + "    supported: " + strings.Repeat("[", 200<<10) + "\n",
			"p.yml:6:45: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"},
		{"braces", "version: 1\nx: " + strings.Repeat("{a: ", 40) + "\n",
			"p.yml:2:128: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"},
		{"block mappings", blockNest(40),
			"p.yml:33:33: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"},
		{"compact lists", "version: 1\nx:\n" + strings.Repeat("- ", 40) + "x\n",
			"p.yml:3:63: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"},
		{"lists in mappings", "version: 1\n" + seqMapNest(40),
			"p.yml:49:33: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"},
		// The parser's lexer reads a "]" right after & or * as a token
		// of its own, and what follows up to a blank as the name.
		{"after an anchor's ]", "version: 1\nx: &]x " + strings.Repeat("[", 40) + "\n",
			"p.yml:2:39: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"},
		{"after an alias's ]]", "version: 1\nx: *]]x " + strings.Repeat("[", 40) + "\n",
			"p.yml:2:40: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantShapeError(t, tt.yaml, tt.want)
		})
	}
}

// blockNest returns n levels of block mappings: "a0:\n a1:\n  a2:\n...".
func blockNest(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%sa%d:\n", strings.Repeat(" ", i), i)
	}
	return b.String()
}

// seqMapNest returns about n levels of lists and mappings, each list at
// its key's column: "a:\n- x\n- a:\n  a:\n  - x\n  - a:\n...".
func seqMapNest(n int) string {
	var b strings.Builder
	for i := range n / 2 {
		fmt.Fprintf(&b, "%sa:\n%s- x\n", strings.Repeat(" ", 2*i), strings.Repeat(" ", 2*i))
		fmt.Fprintf(&b, "%s- a:\n", strings.Repeat(" ", 2*i))
	}
	return b.String()
}

func TestTokenLimits(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"a long list", minimal + "    supported: [" + strings.Repeat("a,", maxTokens/2) + "]\n",
			"p.yml:6:19999: the policy has more than 20000 keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"},
		{"commas", minimal + "    supported: [" + strings.Repeat(",", maxTokens) + "]\n",
			"p.yml:6:19999: the policy has more than 20000 keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"},
		{"comments", minimal + strings.Repeat("# a comment\n", maxTokens),
			"p.yml:19991:1: the policy has more than 20000 keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"},
		{"empty list entries", minimal + "ignore:\n" + strings.Repeat("-\n", maxTokens),
			"p.yml:19990:1: the policy has more than 20000 keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"},
		{"anchors' ]", minimal + "x: &" + strings.Repeat("]", maxTokens) + "\n",
			"p.yml:6:19987: the policy has more than 20000 keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"},
		{"document ends", minimal + strings.Repeat("...\n", maxTokens),
			"p.yml:19991:1: the policy has more than 20000 keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"},
		{"block mapping keys", minimal + "gate:\n" + keys(maxKeys+1, "  k%d:\n"),
			"p.yml:107:3: a mapping with more than 100 keys, the most keepup reads (a policy's mappings have a dozen)"},
		{"flow mapping keys", minimal + "gate: {" + keys(maxKeys+1, "k%d, ") + "}\n",
			"p.yml:6:502: a mapping with more than 100 keys, the most keepup reads (a policy's mappings have a dozen)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantShapeError(t, tt.yaml, tt.want)
		})
	}
	// A hundred keys in a mapping get through to the decoder.
	_, err := Parse([]byte(minimal+"gate:\n"+keys(maxKeys, "  k%d:\n")), "p.yml", products)
	wantError(t, err, `p.yml:7:3: gate.k0: unknown key; expected one of red_main, labels`)
}

// keys returns n keys k0, k1... each formatted by format.
func keys(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

func TestTextChecks(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"NUL", minimal + "    filter: lts\x00\n", `p.yml:6:16: the control character U+0000 is not allowed in YAML: is this a text file?`},
		{"escape", "version: 1\n# \x1b[31mred\n", `p.yml:2:3: the control character U+001B is not allowed in YAML: is this a text file?`},
		{"Latin-1", "version: 1\n# caf\xe9\n", `p.yml:2:6: byte 0xe9 is not UTF-8 text: save the policy as UTF-8`},
		{"after UTF-8", "version: 1\n# café \xff\n", `p.yml:2:8: byte 0xff is not UTF-8 text: save the policy as UTF-8`},
		{"after CR", "version: 1\r# \x1b[31mred\r", `p.yml:2:3: the control character U+001B is not allowed in YAML: is this a text file?`},
		{"after CRLF", "version: 1\r\n# caf\xe9\r\n", `p.yml:2:6: byte 0xe9 is not UTF-8 text: save the policy as UTF-8`},
		{"percent", minimal + "    filter: %lts\n", `p.yml:6:13: a value starting with % must be quoted; a directive (%YAML 1.2) goes on a line of its own before ---`},
		{"block scalar in a list", minimal + "    supported: [|\n      1.30]\n", `p.yml:6:17: a block scalar (| or >) cannot be inside [ ] or { }; quote the value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "p.yml", products)
			wantError(t, err, tt.want)
		})
	}
}

// Valid policies get through checkShape, however they write their values:
// brackets in strings, comments, block scalars and templates count for
// nothing, and line ends may be LF, CRLF or CR.
func TestShapeAccepts(t *testing.T) {
	deep := strings.Repeat("[", 40) + strings.Repeat("{", 40)
	texts := map[string]string{
		"good":    good,
		"default": string(DefaultYAML()),
		"tricky": minimal + `    supported: ["1.30 ` + deep + `", '1.31 ''` + deep + `']   # ` + deep + `
ignore:
  - target: k
    release: "1.32"
    until: 2026-01-31
    reason: plain text with ` + deep + ` inside,
      going on ` + deep + ` over lines
      [and starting a line with a bracket
  - {target: k, release: "1.33", until: 2026-01-31, reason: "see #12, ` + deep + `"}
  - target: k
    release: "1.34"
    until: 2026-01-31
    reason: >-
      ` + deep + `
    ` + `
      ` + deep + `
  - target: k
    release: "1.35"
    until: 2026-01-31
    reason: |2
        ` + deep + `
      ` + deep + `
issues:
  title: Support {{.Product}} {{.Release}} [{{.Due}}]
  body: |
    {{range .Notes}}[{{.}}]{{end}} {{"{"}}
  labels: ["[x]", 'it''s', "{{"]
`,
		"%YAML 1.2":  "%YAML 1.2\n---\n" + good,
		"%YAML 1.1":  "# a comment\n\n%YAML 1.1   # and another\n--- # the policy\n" + good,
		"CRLF":       strings.ReplaceAll(good, "\n", "\r\n"),
		"CR":         strings.ReplaceAll(good, "\n", "\r"),
		"flow style": "{version: 1, targets: [{name: k, product: kubernetes, window: 3 months, supported: [\"1.30\"]}]}\n",
		"anchors":    "version: 1\ntargets:\n  - &k {name: k, product: kubernetes, window: &w 3 months}\n  - name: u\n    product: ubuntu\n    window: *w\n    supported: !!seq [\"24.04\"]\n",
		"document":   "---\n" + good + "...\n",
	}
	accepted(t, texts, defaultProducts)
}

// accepted asserts that checkShape and Parse take each of texts, policies
// whose targets name products.
func accepted(t *testing.T, texts map[string]string, products []string) {
	t.Helper()
	for name, text := range texts {
		t.Run(name, func(t *testing.T) {
			if err := checkShape([]byte(text), "p.yml"); err != nil {
				t.Fatalf("checkShape: %v", err)
			}
			if _, err := Parse([]byte(text), "p.yml", products); err != nil {
				t.Errorf("Parse: %v", err)
			}
		})
	}
}

func TestDirectives(t *testing.T) {
	p, err := Parse([]byte("%YAML 1.2\n---\n"+minimal), "p.yml", products)
	if err != nil || p.Targets[0].Name != "k" || p.Targets[0].Pos.String() != "p.yml:5:5" {
		t.Fatalf("%%YAML 1.2: %+v, %v", p, err)
	}
	tests := []struct{ name, yaml, want string }{
		{"TAG", "%TAG ! tag:example.com,2000:\n---\n" + minimal, `p.yml:1:1: the directive %TAG is not supported: a policy needs no tags or other directives; remove the line`},
		{"unknown", "# intro\n%FOO bar\n---\n" + minimal, `p.yml:2:1: the directive %FOO is not supported: a policy needs no tags or other directives; remove the line`},
		{"version 1.3", "%YAML 1.3\n---\n" + minimal, `p.yml:1:1: "%YAML 1.3": keepup reads YAML 1.2 (and 1.1); write %YAML 1.2 or remove the line`},
		{"no version", "%YAML\n---\n" + minimal, `p.yml:1:1: "%YAML": keepup reads YAML 1.2 (and 1.1); write %YAML 1.2 or remove the line`},
		{"twice", "%YAML 1.2\n%YAML 1.2\n---\n" + minimal, `p.yml:2:1: a second %YAML directive; keep one`},
		{"no document start", "%YAML 1.2\n" + minimal, `p.yml:1:1: a directive must be followed by a line "---" that starts the document`},
		{"second document", "%YAML 1.2\n---\n" + minimal + "...\n%YAML 1.2\n---\nversion: 1\n", `p.yml:9:1: a value starting with % must be quoted; a directive (%YAML 1.2) goes on a line of its own before ---`},
		{"two documents", "%YAML 1.2\n---\n" + minimal + "---\nversion: 1\n", `p.yml:9:1: the policy must be one YAML document; found 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "p.yml", products)
			wantError(t, err, tt.want)
		})
	}
}

// laughs returns a "billion laughs" policy: each of levels anchors is a
// list of ten aliases to the one before.
func laughs(levels int) string {
	var b strings.Builder
	b.WriteString(minimal + `    supported: &l0 ["1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37", "1.38", "1.39"]` + "\n")
	b.WriteString("ignore:\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "  - &l%d [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	return b.String()
}

func TestAliasLimit(t *testing.T) {
	_, err := Parse([]byte(laughs(9)), "p.yml", products)
	wantError(t, err, "p.yml:10:45: aliases stand for more than 10000 values in all, the most keepup expands (*l2 stands for 1111): write the policy out")

	// A list of 99 releases is 100 nodes: used 100 times it is 10000, the
	// most aliases may stand for; 101 times is too many.
	releases := make([]string, 99)
	for i := range releases {
		releases[i] = fmt.Sprintf("%q", fmt.Sprint(i))
	}
	reuse := func(n int) string {
		var b strings.Builder
		b.WriteString("version: 1\ntargets:\n")
		fmt.Fprintf(&b, "  - {name: t0, product: kubernetes, window: 3 months, supported: &s [%s]}\n", strings.Join(releases, ", "))
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "  - {name: t%d, product: kubernetes, window: 3 months, supported: *s}\n", i)
		}
		return b.String()
	}
	p, err := Parse([]byte(reuse(100)), "p.yml", products)
	if err != nil || len(p.Targets) != 101 || len(p.Targets[100].Supported) != 99 {
		t.Fatalf("a list used 100 times: %v", err)
	}
	_, err = Parse([]byte(reuse(101)), "p.yml", products)
	wantError(t, err, "p.yml:104:68: aliases stand for more than 10000 values in all, the most keepup expands (*s stands for 100): write the policy out")

	tests := []struct{ name, yaml, want string }{
		{"itself", minimal + "    supported: &s [*s]\n", "p.yml:6:20: alias *s stands for a node that contains it; write the value out"},
		{"a cycle", "version: 1\ntargets: &a [{name: k, product: kubernetes, window: 3 months, supported: &b [*c]}]\nignore: &c [*a]\n", "p.yml:2:78: alias *c stands for a node that contains it; write the value out"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "p.yml", products)
			wantError(t, err, tt.want)
		})
	}
}

// BenchmarkHostile parses policies made to exhaust time or memory; each is
// refused early (see the README's bounds).
func BenchmarkHostile(b *testing.B) {
	inputs := map[string]string{
		"10MB":             minimal + strings.Repeat("# a comment line, ten megabytes of them\n", 10<<20/40),
		"200KB brackets":   minimal + "    supported: " + strings.Repeat("[", 200<<10) + "\n",
		"200KB dashes":     minimal + "ignore:\n" + strings.Repeat("- ", 100<<10) + "\n",
		"deep blocks":      blockNest(1000),
		"billion laughs":   laughs(9),
		"100 keys":         minimal + "gate:\n" + keys(maxKeys, "  k%d:\n"),
		"20000 tokens":     minimal + "    supported: [" + strings.Repeat("a,", maxTokens/2-20) + "]\n",
		"20000 quoted":     minimal + "    supported: [" + strings.Repeat(`"a",`, maxTokens/2-20) + "]\n", // on one line
		"20000 null items": minimal + "ignore:\n" + strings.Repeat("-\n", maxTokens-20),
	}
	for name, text := range inputs {
		data := []byte(text)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(data, "p.yml", products); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}

package config

import (
	"strings"
	"testing"
)

// A policy of exactly MaxPolicySize bytes is read to its last byte.
func TestLoadReadsWholeFile(t *testing.T) {
	last := `    supported: ["1.30"]` // no line break: its last byte is the ]
	pad := "#" + strings.Repeat("x", MaxPolicySize-len(minimal)-len(last)-2) + "\n"
	text := pad + minimal + last
	if len(text) != MaxPolicySize {
		t.Fatalf("the policy has %d bytes, want %d", len(text), MaxPolicySize)
	}
	p, err := Load(policyFile(t, text), products)
	if err != nil {
		t.Fatalf("Load of a %d-byte policy: %v", MaxPolicySize, err)
	}
	if got := p.Targets[0].Supported; len(got) != 1 || got[0].Name != "1.30" {
		t.Errorf("supported: %+v, want 1.30", got)
	}
}

// deepBrackets is more brackets than maxDepth, left open.
var deepBrackets = strings.Repeat("[", maxDepth+8)

const tooDeep = ": lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"

// checkShape counts the brackets that the parser's lexer reads as brackets,
// wherever the text around them puts them, and says where they nest too deep.
func TestShapeFindsNesting(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		// In "x: [[[...", x is a level: its 32nd [, at column 35, is one too many.
		{"after a blank line", "version: 1\n\nx: " + deepBrackets + "\n", "p.yml:3:35"},
		{"after CRLF", "version: 1\r\nx: " + deepBrackets + "\r\n", "p.yml:2:35"},
		{"after CR", "version: 1\rx: " + deepBrackets + "\r", "p.yml:2:35"},
		{"after CRLF and a blank line", "version: 1\r\n\r\nx: " + deepBrackets + "\r\n", "p.yml:3:35"},
		{"after ---", "--- " + deepBrackets + "\n", "p.yml:1:37"},
		// A line of a quoted value that starts with # is no comment.
		{"after a quoted value's line starting with #", "version: 1\nx: \"a\n  # b\" " + deepBrackets + "\n", "p.yml:3:39"},
		{"after a quoted value", "version: 1\nx: \"a\" " + deepBrackets + "\n", "p.yml:2:39"},
		// A backslash escapes nothing in single quotes: the ' after it ends the value.
		{"after a backslash in single quotes", "version: 1\nx: 'a\\' " + deepBrackets + "\n", "p.yml:2:40"},
		// In [ ], a quote right after a quoted value starts no other one.
		{"after a quote following a quoted value in [ ]", "version: 1\nx: [\"a\"'b, " + deepBrackets + "\n", "p.yml:2:42"},
		// In [ ], a # that follows no blank is part of a plain value.
		{"after a # in a plain value in [ ]", "version: 1\nx: [a#b, " + deepBrackets + "\n", "p.yml:2:40"},
		// A comment ends a plain value: the next line does not continue it.
		{"on the line after a comment", "version: 1\nx: b #\n  " + deepBrackets + "\n", "p.yml:3:34"},
		// Each "- : " is a list entry holding a mapping with an empty key.
		{"in compact lists of empty keys", "version: 1\nx:\n" + strings.Repeat("- : ", 20) + "x\n", "p.yml:3:63"},
		// "&" alone is an anchor with an empty name.
		{"on the line after an anchor", "version: 1\nx: &\n  " + deepBrackets + "\n", "p.yml:3:34"},
		// @ starts no plain value: what follows it is read as YAML.
		{"after an @", "version: 1\nx: @ " + deepBrackets + "\n", "p.yml:2:37"},
		// A closing bracket of the other kind closes nothing.
		{"after a } in [ ]", "version: 1\nx: " + strings.Repeat("[", maxDepth-1) + "}[\n", "p.yml:2:36"},
		{"after a ] in { }", "version: 1\nx: " + strings.Repeat("{", maxDepth-1) + "]{\n", "p.yml:2:36"},
		// "&[" is an anchor with an empty name, then a list.
		{"after an anchor with no name", "version: 1\nx: &" + deepBrackets + "\n", "p.yml:2:36"},
		// A block scalar's lines are indented more than its key: a line at
		// the key's column ends it, even as its first line.
		{"after an empty block scalar", "version: 1\nx: |\n" + deepBrackets + "\n", "p.yml:3:32"},
		// Its first line sets its indentation; a line indented less ends it.
		{"after a block scalar, indented less", "version: 1\nx: |\n    a\n  " + deepBrackets + "\n", "p.yml:4:34"},
		// Three levels before "until"'s brackets. The indentation indicator 2 of a block scalar owned by a key at
		// column 5 makes its lines indented by 6: "until" is out of it.
		{"after a block scalar with an indentation indicator",
			minimal + "ignore:\n  - target: k\n    reason: |2\n        x\n    until: " + deepBrackets + "\n", "p.yml:10:41"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantShapeError(t, tt.yaml, tt.want+tooDeep)
		})
	}
}

// checkShape counts tokens and keys as the parser's lexer reads them.
func TestShapeCounts(t *testing.T) {
	const tooMany = ": the policy has more than 20000 keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"
	const tooManyKeys = ": a mapping with more than 100 keys, the most keepup reads (a policy's mappings have a dozen)"
	tests := []struct{ name, yaml, want string }{
		{"document starts", minimal + strings.Repeat("---\n", maxTokens), "p.yml:19991:1" + tooMany},
		// In [ ], a : before a comma is a token of its own, as the comma is.
		{"empty values in a list", minimal + "    supported: [" + strings.Repeat("a:,", maxTokens/3+1) + "]\n", "p.yml:6:19999" + tooMany},
		{"quoted keys", minimal + "gate:\n" + keys(maxKeys+1, "  \"k%d\": 1\n"), "p.yml:107:3" + tooManyKeys},
		{"aliases as keys", minimal + "gate:\n" + keys(maxKeys+1, "  *k%d : 1\n"), "p.yml:107:3" + tooManyKeys},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantShapeError(t, tt.yaml, tt.want)
		})
	}
}

// Brackets that are text (in comments, quoted values and block scalars) do
// not count, and U+FFFD is a character like any other.
func TestShapeAcceptsText(t *testing.T) {
	texts := map[string]string{
		"replacement character":         minimal + "# \uFFFD is no invalid byte\n",
		"comment in [ ]":                minimal + "    supported: [ # " + deepBrackets + "\n      \"1.30\"]\n",
		"comment line in [ ]":           minimal + "    supported: [\n# " + deepBrackets + "\n      \"1.30\"]\n",
		"empty comment in [ ]":          minimal + "    supported: [ #\n      \"1.30\"]\n",
		"escaped quote":                 minimal + `    supported: ["1.30 \"` + deepBrackets + `\" b"]` + "\n",
		"block scalar with a key":       minimal + "issues:\n  body: |\n    a: " + deepBrackets + "\n",
		"indentation indicator 1":       minimal + "    supported:\n      - |1\n          x\n         " + deepBrackets + "\n",
		"indentation indicator 9":       minimal + "    supported:\n      - |9\n                x\n               " + deepBrackets + "\n",
		"folded with indicator 1 and -": minimal + "    supported:\n      - >1-\n          x\n         " + deepBrackets + "\n",
	}
	accepted(t, texts, products)
}

func TestAliasSizes(t *testing.T) {
	// 9999 empty list entries and their list are 10000 values.
	empties := "version: 1\na: &a\n" + strings.Repeat("  -\n", maxAliasNodes-1)
	const tooMany = "p.yml:10003:4: aliases stand for more than 10000 values in all, the most keepup expands "
	_, err := Parse([]byte(empties+"b: *a\nc: *a\n"), "p.yml", products)
	wantError(t, err, tooMany+"(*a stands for 10000): write the policy out")
	_, err = Parse([]byte(empties+"b: &b [*a]\nc: *b\n"), "p.yml", products)
	wantError(t, err, tooMany+"(*b stands for more than 10000): write the policy out")

	// An alias to a single value, inside a list that is itself aliased.
	p, err := Parse([]byte(`version: 1
targets:
  - {name: k, product: kubernetes, window: 3 months, supported: [&r "1.29", "1.30"]}
  - {name: u, product: kubernetes, window: 3 months, supported: &s [*r, "1.31"]}
  - {name: v, product: kubernetes, window: 3 months, supported: *s}
`), "p.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Targets[2].Supported; len(got) != 2 || got[0].Name != "1.29" || got[1].Name != "1.31" {
		t.Errorf("targets[2].supported: %+v, want 1.29 and 1.31", got)
	}
}

// A colon that starts a plain scalar's continuation line would make the
// scalar a key over two lines, which the parser's lexer misreads (it then
// nested the brackets that follow as lists); a colon that starts a word
// there is text.
func TestShapeKeyOverTwoLines(t *testing.T) {
	deep := strings.Repeat("[", maxDepth+1)
	for _, text := range []string{"0 \n:\n0\n " + deep, "version: 1\ntargets: x\n  : y\n"} {
		err := checkShape([]byte(text), "p.yml")
		if err == nil || !strings.Contains(err.Error(), "a key and its colon must be on one line: write key: value") {
			t.Errorf("checkShape(%q) = %v", text, err)
		}
	}
	accepted(t, map[string]string{"colon word": minimal + "issues:\n  title: Support\n    :x\n"}, products)
	// An explicit key's value, after a plain or a flow key, is no such line.
	for _, text := range []string{"? a\n: b\n", "? [a]\n: b\n"} {
		if err := checkShape([]byte(text), "p.yml"); err != nil {
			t.Errorf("checkShape(%q) = %v", text, err)
		}
	}
}

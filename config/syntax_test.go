package config

import (
	"errors"
	"testing"

	"github.com/goccy/go-yaml/token"
)

// YAML syntax errors are worded with the place of the mistake and the fix,
// not in the parser's words at the place it noticed.
func TestSyntaxErrorsInWords(t *testing.T) {
	const head = "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n"
	tests := []struct{ name, yaml, want string }{
		// Tabs.
		{"tab indents", "version: 1\ntargets:\n\t- name: k\n", "p.yml:3:1: YAML indents with spaces, not tabs: replace the tab with spaces"},
		{"tab after spaces", head + "  \twindow: 3 months\n", "p.yml:5:3: YAML indents with spaces, not tabs: replace the tab with spaces"},
		{"tab before a comment", "version: 1\n\t# targets below\ntargets: []\n", "p.yml:2:1: YAML indents with spaces, not tabs: replace the tab with spaces"},
		{"tab on a continuation line", head + "    window: 3\n\tmonths\n", "p.yml:6:1: YAML indents with spaces, not tabs: replace the tab with spaces"},
		{"tab after a dash", "version: 1\ntargets:\n  -\t- name: k\n", "p.yml:3:4: YAML indents with spaces, not tabs: replace the tab with spaces"},
		// A colon left out.
		{"missing colon", head + "    window 3 months\n", `p.yml:5:11: a colon is missing after "window": write "window: 3 months"`},
		{"missing colon before a quoted value", head + "    window \"3 months\"\n", `p.yml:5:11: a colon is missing after "window": write 'window: "3 months"'`},
		{"missing colon before a value with both quotes", head + "    window \"3 months\" # it's\n", `p.yml:5:11: a colon is missing after "window": write "window: \"3 months\" # it's"`},
		{"missing colon in a list entry", "version: 1\ntargets:\n  - name k\n    product: kubernetes\n", `p.yml:3:9: a colon is missing after "name": write "name: k"`},
		{"missing colon on the first line", "version 1\ntargets: []\n", `p.yml:1:8: a colon is missing after "version": write "version: 1"`},
		{"missing colon before a mapping", "version: 1\ntargets\n  - name: k\n", `p.yml:2:8: a colon is missing after "targets": write "targets:"`},
		{"missing colon on the first line, before a list", "targets\n  - name: k\n", `p.yml:1:8: a colon is missing after "targets": write "targets:"`},
		{"missing colon before a blank line", "targets\n\n  - name: k\n", `p.yml:1:8: a colon is missing after "targets": write "targets:"`},
		{"missing colon before a comment", "targets\n  # the list\n  - name: k\n", `p.yml:1:8: a colon is missing after "targets": write "targets:"`},
		{"missing colon before a list", head + "    window: 3 months\n    supported\n      - \"1.30\"\n", `p.yml:6:14: a colon is missing after "supported": write "supported:"`},
		{"missing colon before a list at its indent", head + "    window: 3 months\n    supported\n\n    - \"1.30\"\n", `p.yml:6:14: a colon is missing after "supported": write "supported:"`},
		{"no space after the colon", head + "    window:3 months\n", `p.yml:5:12: a space must follow the colon after "window": write "window: 3 months"`},
		{"no space after the dash", "version: 1\ntargets:\n  -name: k\n    product: kubernetes\n", `p.yml:3:4: a space must follow the - of a list entry: write "- name: k"`},
		// Quotes.
		{"unclosed double quote", head + "    window: \"3 months\n", `p.yml:5:13: this " starts a quoted value that is never closed: end the value with "`},
		{"unclosed quote in a list", head + "    window: 3 months\n    supported: [\"1.30\", \"1.31]\n", `p.yml:6:25: this " starts a quoted value that is never closed: end the value with "`},
		{"quote closed lines later", "version: 1\ntargets:\n  - name: \"k\n    product: kubernetes\n    window: \"3 months\"\n", `p.yml:3:11: this " starts a quoted value that runs on to line 5 (5:13): end the value with " on line 3`},
		{"single quote closed lines later", "version: 1\ntargets:\n  - name: 'k\n    product: kubernetes\n    window: '3 months'\n", `p.yml:3:11: this ' starts a quoted value that runs on to line 5 (5:13): end the value with ' on line 3`},
		{"quote missing mid-list", head + "    window: 3 months\n    supported: ['1.30, '1.31']\n", `p.yml:6:17: this ' starts a quoted value that ends at 6:24, and more text follows it there: is a closing ' missing?`},
		// Brackets.
		{"unclosed bracket at the end", head + "    window: 3 months\n    supported: [\"1.30\", \"1.31\"\n", "p.yml:6:16: this [ is never closed: end the list with ]"},
		{"unclosed bracket mid-file", "version: 1\ntargets:\n  - name: k\n    product: [kubernetes\n    window: 3 months\n", "p.yml:4:14: this [ is never closed: end the list with ]"},
		{"unclosed bracket before the next entry", "version: 1\ntargets:\n- name: k\n  product: kubernetes\n  window: 3 months\n  supported: [1.30\n- name: u\n  product: ubuntu\n", "p.yml:6:14: this [ is never closed: end the list with ]"},
		{"unclosed inner bracket", head + "    window: 3 months\n    supported: [[\"1.30\"]\n", "p.yml:6:16: this [ is never closed: end the list with ]"},
		{"unclosed brace", "version: 1\ntargets:\n  - {name: k, product: kubernetes, window: 3 months\n", "p.yml:3:5: this { is never closed: end the mapping with }"},
		// What keepup cannot word stays in the parser's words.
		{"too many brackets", head + "    supported: [\"1.30\"]]\n", "p.yml:5:24: YAML syntax error: value is not allowed in this context"},
		{"over-indented key", head + "      window: 3 months\n", "p.yml:4:14: YAML syntax error: mapping value is not allowed in this context"},
		{"a valid list over lines, a mistake after it", head + "    supported: [\n      \"1.30\",\n    ]\n    window: 3 months\n      x: y\n", "p.yml:8:13: YAML syntax error: mapping value is not allowed in this context"},
		{"a valid quote over lines, a mistake after it", head + "    window: \"3\n      months\"\n    warn: 1 month\n      x: y\n", "p.yml:7:11: YAML syntax error: mapping value is not allowed in this context"},
		{"a block scalar is no key", "version: 1\nignore:\n  - reason: |\n      waiting for\n    until 2026-01-01\n", `p.yml:5:10: a colon is missing after "until": write "until: 2026-01-01"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "p.yml", []string{"kubernetes", "ubuntu"})
			var pe *Error
			if !errors.As(err, &pe) || err.Error() != tt.want {
				t.Errorf("error\n  %v\nwant\n  %s", err, tt.want)
			}
		})
	}
}

// Text around the parser's position that looks like a mistake keepup words
// is taken as one only in block context: not inside a block scalar, quotes
// or brackets.
func TestSyntaxErrorContext(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"in a block scalar", "version: 1\nignore:\n  - reason: |\n      waiting for\n      until 2026-01-01\n    x: y\n  z\n", "p.yml:7:3: YAML syntax error:"},
		{"a key and a comment", head2 + "    window # 3 months\n", "p.yml:5:5: YAML syntax error:"},
		{"a key with a space", "version: 1\ntargets:\n  - name: k\n    - window 3: months\n", "p.yml:4:5: YAML syntax error: non-map value is specified"},
		{"a key with a space, alone", "version: 1\ntargets:\n  - name: k\n    - window 3 months:\n", "p.yml:4:5: YAML syntax error: non-map value is specified"},
		{"a key alone before a less indented line", "version: 1\ntargets:\n  - name: k\n    window\n  x: 1\n", "p.yml:4:5: YAML syntax error:"},
		{"a key alone at the end", "version: 1\ntargets:\n  - name: k\n    window\n", "p.yml:4:5: YAML syntax error:"},
		{"a key alone before a key at its indent", "version: 1\ntargets:\n  - name: k\n    window\n    product: kubernetes\n", "p.yml:4:5: YAML syntax error: non-map value is specified"},
		{"a quoted value over lines, closed", "version: 1\ntargets:\n  - name: k\n\"x\n  y\"\n", "p.yml:4:1: YAML syntax error: non-map value is specified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "p.yml", []string{"kubernetes"})
			if err == nil || len(err.Error()) < len(tt.want) || err.Error()[:len(tt.want)] != tt.want {
				t.Errorf("error\n  %v\nwant prefix\n  %s", err, tt.want)
			}
		})
	}
}

const head2 = "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n"

// A parser position outside the file's lines (none known today) gives the
// parser's words at its position, not a crash.
func TestSyntaxErrorOutsideTheFile(t *testing.T) {
	const data = "version: 1\ntargets: [\n"
	for _, line := range []int{0, 3, 4} {
		err := syntaxError(data, "p.yml", line, 1, "sequence end token ']' not found")
		if want := (Pos{File: "p.yml", Line: line, Col: 1}).String() + ": YAML syntax error: sequence end token ']' not found"; err.Error() != want {
			t.Errorf("line %d: %v, want %s", line, err, want)
		}
	}
}

// tokenless is a parser error that does not say where the parser stopped.
type tokenless struct{ msg string }

func (e tokenless) Error() string        { return e.msg }
func (tokenless) GetToken() *token.Token { return nil }
func (e tokenless) GetMessage() string   { return e.msg }

// A parser error without a place is given in the parser's words, at the
// file.
func TestParserErrorWithoutPlace(t *testing.T) {
	d := &decoder{file: "p.yml"}
	for _, err := range []error{errors.New("unexpected end"), tokenless{"unexpected end"}} {
		if got := d.parserError("version: 1\n", err); got.Error() != "p.yml: YAML syntax error: unexpected end" {
			t.Errorf("%T: %v", err, got)
		}
	}
}

package config

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// lexedShape measures YAML text as the parser will see it, from its lexer's
// tokens: how deeply collections nest (block entries and keys by column,
// the same way checkShape counts them, plus flow brackets) and how many
// tokens there are. ok is false when the lexer finds invalid text, which the
// parser refuses before it parses anything.
func lexedShape(data string) (depth, tokens int, ok bool) {
	toks := lexer.Tokenize(data)
	if toks.InvalidToken() != nil {
		return 0, 0, false
	}
	type block struct {
		col  int
		list bool
	}
	var stack []block
	flow := 0
	push := func(col int, list bool) {
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			if top.col > col || top.col == col && top.list && !list {
				stack = stack[:len(stack)-1]
				continue
			}
			if top.col == col && top.list == list {
				return
			}
			break
		}
		stack = append(stack, block{col, list})
		depth = max(depth, len(stack)+flow)
	}
	for i, tk := range toks {
		if tk.Type != token.SpaceType {
			tokens++
		}
		switch tk.Type {
		case token.DocumentHeaderType, token.DocumentEndType:
			stack = stack[:0]
		case token.SequenceStartType, token.MappingStartType:
			flow++
			depth = max(depth, len(stack)+flow)
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		case token.SequenceEntryType, token.MappingKeyType:
			if flow == 0 {
				push(tk.Position.Column-1, tk.Type == token.SequenceEntryType)
			}
		case token.MappingValueType:
			if flow == 0 && i > 0 {
				push(toks[i-1].Position.Column-1, false)
			}
		}
	}
	return depth, tokens, true
}

// FuzzCheckShape checks checkShape against the parser's own lexer: what
// checkShape lets through never nests deeper than maxDepth or holds many
// more than maxTokens tokens by the lexer's count. (TestShapeAccepts checks
// that valid policies get through.)
func FuzzCheckShape(f *testing.F) {
	deep := strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)
	for _, s := range []string{
		good,
		string(DefaultYAML()),
		"a: " + deep + "\n",
		"a: 'x\n  " + deep + "'\n",
		"a: \"x\\\"" + deep + "\"\n",
		"a: x #" + deep + "\n",
		"a: x#" + deep + "\n",
		"a: |\n  " + deep + "\nb: " + deep + "\n",
		"- a: |\n  " + deep + "\n",
		"a: |2\n    x\n  " + deep + "\n",
		"a: b\n  " + deep + "\n",
		"a: [b 'c, " + deep + "]\n",
		"a: [b\n  'c', " + deep + "]\n",
		"a: x: " + deep + "\n",
		"a: - " + deep + "\n",
		"? " + deep + "\n: b\n",
		"a: !!seq &x " + deep + "\n",
		"'a': " + deep + "\n",
		"\"a\\\"[[[\": b\n",
		strings.Repeat("- ", maxDepth+1) + "x\n",
		"a:\n- b:\n  - c:\n    - d:\n      - e\n",
		"%YAML 1.2\n---\na: [b]\n",
		"--- |\n" + deep + "\n",
		"a: \"x\n---\n" + deep + "\n",
		"title: Support {{.Product}} {{.Release}}\nbody: |\n  {{range .X}}[{{.}}]{{end}}\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		depth, tokens, ok := lexedShape(s)
		if err := checkShape([]byte(s), "fuzz.yml"); err == nil && ok && (depth > maxDepth || tokens > 2*maxTokens) {
			t.Fatalf("checkShape let through %q: the lexer sees depth %d, %d tokens", s, depth, tokens)
		}
	})
}

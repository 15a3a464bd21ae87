package config

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
)

// parsedShape parses YAML text as Parse does, behind checkShape and
// checkTokens, and measures what the parser made of it: how deeply its
// collections nest and how many nodes there are. ok is false when a guard
// or the parser refuses the text.
func parsedShape(data string) (depth, nodes int, ok bool) {
	if checkShape([]byte(data), "fuzz.yml") != nil {
		return 0, 0, false
	}
	toks := lexer.Tokenize(data)
	if checkTokens(toks, "fuzz.yml") != nil {
		return 0, 0, false
	}
	f, err := parser.Parse(toks, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return 0, 0, false
	}
	for _, doc := range f.Docs {
		ast.Walk(&shapeVisitor{depth: &depth, nodes: &nodes}, doc)
	}
	return depth, nodes, true
}

// shapeVisitor measures an AST: the collections (mappings, lists) on the
// way from the root to the node it visits, the deepest so far and the nodes.
type shapeVisitor struct {
	level        int
	depth, nodes *int
}

func (v *shapeVisitor) Visit(n ast.Node) ast.Visitor {
	*v.nodes++
	level := v.level
	switch n.(type) {
	case *ast.MappingNode, *ast.SequenceNode:
		level++
		*v.depth = max(*v.depth, level)
	}
	return &shapeVisitor{level: level, depth: v.depth, nodes: v.nodes}
}

// FuzzCheckShape checks the guards in front of the parser (checkShape,
// checkTokens) against what the parser makes of the text they let through:
// it never nests deeper than maxDepth or holds more than maxTokens nodes.
// (TestShapeAccepts checks that valid policies get through.)
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
		if depth, nodes, ok := parsedShape(s); ok && (depth > maxDepth || nodes > maxTokens) {
			t.Fatalf("the guards let through %q: the parser made depth %d, %d nodes", s, depth, nodes)
		}
	})
}

package yamlpos

import (
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

func body(t *testing.T, src string) ast.Node {
	t.Helper()
	f, err := parser.ParseBytes([]byte(src), 0)
	if err != nil {
		t.Fatal(err)
	}
	return f.Docs[0].Body
}

func TestOf(t *testing.T) {
	doc := "# policy\n  a: 1\n  b:\n    - x\n    - {}\n"
	root := body(t, doc)
	m, ok := root.(*ast.MappingNode)
	if !ok {
		t.Fatalf("root is %T, want a mapping", root)
	}
	seq := m.Values[1].Value.(*ast.SequenceNode)
	for _, c := range []struct {
		name      string
		n         ast.Node
		line, col int
	}{
		{"a mapping points at its first key, not its ':'", m, 2, 3},
		{"a key-value pair points at its key", m.Values[1], 3, 3},
		{"a scalar points at itself", m.Values[0].Value, 2, 6},
		{"a list item", seq.Values[0], 4, 7},
		{"an empty flow mapping points at its brace", seq.Values[1], 5, 7},
		{"no node", nil, 0, 0},
	} {
		if l, col := Of(c.n); l != c.line || col != c.col {
			t.Errorf("%s: Of = %d:%d, want %d:%d", c.name, l, col, c.line, c.col)
		}
	}
}

// Package yamlpos says where a YAML node starts, for the error messages of
// the packages that read YAML (config, detect).
package yamlpos

import "github.com/goccy/go-yaml/ast"

// Of returns the line and column (from 1) where n starts, or zeros when n
// has no token. A mapping's own token is its first ':', which says little;
// Of points at the mapping's first key instead.
func Of(n ast.Node) (line, col int) {
	switch m := n.(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 {
			n = m.Values[0].Key
		}
	case *ast.MappingValueNode:
		n = m.Key
	}
	if n == nil || n.GetToken() == nil {
		return 0, 0
	}
	p := n.GetToken().Position
	return p.Line, p.Column
}

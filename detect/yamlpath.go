package detect

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"gitlab.com/keepup/keepup/internal/yamlpos"
	"gitlab.com/keepup/keepup/suggest"
)

// Path is a path into a YAML document, written as yq and jq write them:
// ".kubeconform.parallel.matrix[*].KUBE_VERSION". Each step is a key
// (.name, or ."a quoted name" for keys with dots, brackets or spaces), an
// index ([0]), or every entry of a list or every value of a mapping ([*],
// or .* for a mapping). "." alone is the whole document.
type Path struct {
	steps []step
}

type step struct {
	key   string
	index int  // with !named: the list index, or -1 for every entry
	named bool // a key step
}

// maxPath bounds the length of a path.
const maxPath = 1024

// ParsePath parses a YAML path such as ".image.tag" or ".matrix[*].VERSION".
func ParsePath(s string) (Path, error) {
	var p Path
	if len(s) > maxPath {
		return p, fmt.Errorf("path longer than %d characters", maxPath)
	}
	if s == "." {
		return p, nil
	}
	if !strings.HasPrefix(s, ".") && !strings.HasPrefix(s, "[") {
		return p, fmt.Errorf("path %q: start it with a dot, as in .image.tag", s)
	}
	for i := 0; i < len(s); {
		switch s[i] {
		case '.':
			i++
			switch {
			case i < len(s) && s[i] == '"':
				key, n, err := quoted(s[i:])
				if err != nil {
					return p, fmt.Errorf("path %q: %w", s, err)
				}
				p.steps = append(p.steps, step{key: key, named: true})
				i += n
			default:
				end := i
				for end < len(s) && s[end] != '.' && s[end] != '[' {
					end++
				}
				switch key := s[i:end]; key {
				case "":
					return p, fmt.Errorf("path %q: a key is missing after the dot at column %d", s, i)
				case "*":
					p.steps = append(p.steps, step{index: -1})
				default:
					if strings.ContainsAny(key, `"] `) {
						return p, fmt.Errorf("path %q: key %q: quote keys with spaces, quotes or brackets, as in .\"my key\"", s, key)
					}
					p.steps = append(p.steps, step{key: key, named: true})
				}
				i = end
			}
		case '[':
			end := strings.IndexByte(s[i:], ']')
			if end < 0 {
				return p, fmt.Errorf("path %q: [ without ]", s)
			}
			inner := s[i+1 : i+end]
			if inner == "*" {
				p.steps = append(p.steps, step{index: -1})
			} else {
				n, err := strconv.Atoi(inner)
				if err != nil || n < 0 || inner[0] == '+' {
					return p, fmt.Errorf("path %q: [%s]: expected a list index such as [0], or [*]", s, inner)
				}
				p.steps = append(p.steps, step{index: n})
			}
			i += end + 1
		default:
			return p, fmt.Errorf("path %q: unexpected %q at column %d: steps start with . or [", s, s[i], i+1)
		}
	}
	// Messages write the path out, quoting keys that need it: that form
	// must read back as the same path too.
	if len(p.String()) > maxPath {
		return Path{}, fmt.Errorf("path longer than %d characters when written with its keys quoted", maxPath)
	}
	return p, nil
}

// quoted reads a double-quoted key at the start of s (backslash escapes a
// quote or a backslash) and returns it and the bytes it took.
func quoted(s string) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				i++
				b.WriteByte(s[i])
				continue
			}
			return "", 0, fmt.Errorf("in a quoted key, a backslash goes before \" or \\ only")
		case '"':
			if i+1 < len(s) && s[i+1] != '.' && s[i+1] != '[' {
				return "", 0, fmt.Errorf("a quoted key is followed by %q: expected . or [", s[i+1])
			}
			return b.String(), i + 1, nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, fmt.Errorf("a quoted key has no closing quote")
}

// String writes the path back, in the form ParsePath reads.
func (p Path) String() string {
	if len(p.steps) == 0 {
		return "."
	}
	var b strings.Builder
	for _, s := range p.steps {
		b.WriteString(s.String())
	}
	return b.String()
}

func (s step) String() string {
	switch {
	case s.named && (s.key == "" || s.key == "*" || strings.ContainsAny(s.key, `.[]" \`)):
		return `."` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s.key) + `"`
	case s.named:
		return "." + s.key
	case s.index < 0:
		return "[*]"
	}
	return "[" + strconv.Itoa(s.index) + "]"
}

// value is a scalar found at a path: its text as written and where.
type value struct {
	text      string
	line, col int
}

// maxDepth bounds how deep aliases and merge keys are followed; maxVisits
// how many nodes one path may visit in a file (aliases can make a small
// file a very large tree).
const (
	maxDepth  = 64
	maxVisits = 100_000
)

// find returns the scalars at the path in every document of a YAML file;
// a list at the end of the path gives each of its entries. miss says, when
// nothing was found, how far the path got; bad lists what was found at
// the path that is no scalar.
func (p Path) find(data []byte) (found []value, miss string, bad []string, err error) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, "", nil, fmt.Errorf("reading YAML: %s", strings.TrimSpace(firstLine(err.Error())))
	}
	w := walker{path: p}
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		w.anchors = map[string]ast.Node{}
		for _, n := range ast.Filter(ast.AnchorType, doc.Body) {
			a := n.(*ast.AnchorNode)
			if a.Name != nil {
				w.anchors[a.Name.GetToken().Value] = a.Value
			}
		}
		w.walk(doc.Body, 0)
	}
	if len(w.found) == 0 && len(w.bad) == 0 {
		return nil, w.miss(), nil, nil
	}
	return w.found, "", w.bad, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

type walker struct {
	path    Path
	anchors map[string]ast.Node
	found   []value
	bad     []string
	// deepest is how many steps matched on the best attempt, and at is
	// the node they led to.
	deepest int
	at      ast.Node
	visits  int
}

// over counts a visit and reports whether the walk went over maxVisits.
func (w *walker) over() bool {
	if w.visits++; w.visits == maxVisits+1 {
		w.bad = append(w.bad, fmt.Sprintf("more than %d nodes on the path (aliases?): stopped there", maxVisits))
	}
	return w.visits > maxVisits
}

func (w *walker) walk(n ast.Node, depth int) {
	if w.over() {
		return
	}
	n = w.resolve(n)
	if depth > w.deepest || w.at == nil {
		w.deepest, w.at = depth, n
	}
	if depth == len(w.path.steps) {
		if seq, ok := n.(*ast.SequenceNode); ok {
			for _, e := range seq.Values {
				w.leaf(e)
			}
			return
		}
		w.leaf(n)
		return
	}
	s := w.path.steps[depth]
	switch {
	case s.named:
		for _, kv := range w.pairs(n, 0) {
			if kv.key == s.key {
				w.walk(kv.value, depth+1)
				return
			}
		}
	case s.index >= 0:
		if seq, ok := n.(*ast.SequenceNode); ok && s.index < len(seq.Values) {
			w.walk(seq.Values[s.index], depth+1)
		}
	default:
		if seq, ok := n.(*ast.SequenceNode); ok {
			for _, e := range seq.Values {
				w.walk(e, depth+1)
			}
			return
		}
		for _, kv := range w.pairs(n, 0) {
			w.walk(kv.value, depth+1)
		}
	}
}

// leaf records the scalar at the end of the path, or what is there instead.
func (w *walker) leaf(n ast.Node) {
	if w.over() {
		return
	}
	n = w.resolve(n)
	var text string
	switch v := n.(type) {
	case *ast.LiteralNode: // | and > blocks
		text = strings.TrimSpace(v.Value.Value)
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode:
		text = n.GetToken().Value
	default:
		w.bad = append(w.bad, fmt.Sprintf("%s at line %d", describe(n), line(n)))
		return
	}
	pos := n.GetToken().Position
	w.found = append(w.found, value{text: text, line: pos.Line, col: pos.Column})
}

// miss says how far the path got when it found nothing, and which key
// there the path's next one may have meant.
func (w *walker) miss() string {
	rest := Path{steps: w.path.steps[w.deepest:]}.String()
	msg := fmt.Sprintf("the document has no %s", rest)
	if w.deepest > 0 {
		done := Path{steps: w.path.steps[:w.deepest]}.String()
		msg = fmt.Sprintf("%s (line %d) has no %s", done, line(w.at), rest)
	}
	if w.deepest == len(w.path.steps) { // the path "." of an empty document
		return msg
	}
	if next := w.path.steps[w.deepest]; next.named {
		var keys []string
		for _, kv := range w.pairs(w.at, 0) {
			keys = append(keys, kv.key)
		}
		if hint := suggest.DidYouMean(next.key, keys, nil); hint != "" {
			msg += "; " + hint
		}
	}
	return msg
}

type pair struct {
	key   string
	value ast.Node
}

// pairs returns a mapping's keys and values, with those of merge keys
// (<<: *defaults) after the mapping's own; nothing when n is no mapping.
func (w *walker) pairs(n ast.Node, depth int) []pair {
	if depth > maxDepth {
		return nil
	}
	var values []*ast.MappingValueNode
	switch m := w.resolve(n).(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		return nil
	}
	var own, merged []pair
	for _, kv := range values {
		if _, ok := kv.Key.(*ast.MergeKeyNode); ok {
			from := w.resolve(kv.Value)
			if seq, ok := from.(*ast.SequenceNode); ok {
				for _, e := range seq.Values {
					merged = append(merged, w.pairs(e, depth+1)...)
				}
			} else {
				merged = append(merged, w.pairs(from, depth+1)...)
			}
			continue
		}
		if kv.Key == nil || kv.Key.GetToken() == nil {
			continue
		}
		own = append(own, pair{kv.Key.GetToken().Value, kv.Value})
	}
	return append(own, merged...)
}

// resolve looks through anchors, aliases and tags to the node that holds a value.
func (w *walker) resolve(n ast.Node) ast.Node {
	for range maxDepth {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			if v.Value == nil || v.Value.GetToken() == nil {
				return nil
			}
			n = w.anchors[v.Value.GetToken().Value]
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
	return nil
}

func describe(n ast.Node) string {
	switch n.(type) {
	case nil, *ast.NullNode:
		return "nothing (null)"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.BoolNode:
		return "a boolean"
	}
	return fmt.Sprintf("%q", n.GetToken().Value)
}

// line is the line where n starts, or 0.
func line(n ast.Node) int {
	l, _ := yamlpos.Of(n)
	return l
}

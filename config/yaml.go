package config

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"gitlab.com/keepup/keepup/internal/yamlpos"
)

// Pos is a place in a policy file, for error messages and links back.
type Pos struct {
	File string
	Line int // 1-based; 0 when unknown
	Col  int // 1-based
}

// String formats p as file:line:column, the form editors jump to.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is a problem with a policy: where it is, which key, and what was
// expected. Error() reads "file:line:col: key: message".
type Error struct {
	Pos Pos
	Key string // "targets[2].window"; empty for the document as a whole
	Msg string
}

func (e *Error) Error() string {
	if e.Key == "" {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Pos, e.Key, e.Msg)
}

// decoder walks a YAML document strictly: every key must be known, every
// value of the expected kind. Scalars are read as the text written, so a
// release written 1.30 stays "1.30" and a date stays a date.
type decoder struct {
	file    string
	anchors map[string]ast.Node
}

func (d *decoder) pos(n ast.Node) Pos {
	line, col := yamlpos.Of(n)
	return Pos{File: d.file, Line: line, Col: col}
}

func (d *decoder) errorf(n ast.Node, key, format string, args ...any) *Error {
	return &Error{Pos: d.pos(n), Key: key, Msg: fmt.Sprintf(format, args...)}
}

// parse parses data as one YAML document and returns its body, with anchors
// recorded for resolve. An empty document gives a nil body.
func (d *decoder) parse(data []byte) (ast.Node, error) {
	if len(data) > MaxPolicySize {
		return nil, tooBig(d.file)
	}
	// A byte-order mark, as some Windows editors write, is no part of the YAML.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if err := checkShape(data, d.file); err != nil {
		return nil, err
	}
	toks := lexer.Tokenize(string(data))
	if err := checkTokens(toks, d.file); err != nil {
		return nil, err
	}
	// Duplicate keys are found while walking, where the key path is known.
	f, err := parser.Parse(toks, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, d.parserError(string(data), err)
	}
	// The parser gives a document's directives (%YAML 1.2, checked by
	// checkShape) as a document of their own.
	docs := slices.DeleteFunc(f.Docs, func(doc *ast.DocumentNode) bool {
		_, ok := doc.Body.(*ast.DirectiveNode)
		return ok
	})
	if len(docs) > 1 {
		return nil, d.errorf(docs[1].Body, "", "the policy must be one YAML document; found %d", len(docs))
	}
	if len(docs) == 0 || docs[0].Body == nil {
		return nil, nil
	}
	body := docs[0].Body
	d.anchors = map[string]ast.Node{}
	for _, n := range ast.Filter(ast.AnchorType, body) {
		a := n.(*ast.AnchorNode)
		d.anchors[a.Name.GetToken().Value] = a.Value
	}
	for _, n := range ast.Filter(ast.AliasType, body) {
		if name := n.(*ast.AliasNode).Value.GetToken().Value; d.anchors[name] == nil {
			return nil, d.errorf(n, "", "unknown alias *%s: no anchor &%s is defined", name, name)
		}
	}
	if err := d.checkAliases(body); err != nil {
		return nil, err
	}
	return body, nil
}

// parserError words err, an error of the YAML parser about data: in
// keepup's words when it says where the parser stopped (see syntaxError),
// else in the parser's.
func (d *decoder) parserError(data string, err error) *Error {
	if ye, ok := err.(interface {
		GetToken() *token.Token
		GetMessage() string
	}); ok && ye.GetToken() != nil {
		p := ye.GetToken().Position
		return syntaxError(data, d.file, p.Line, p.Column, ye.GetMessage())
	}
	return &Error{Pos: Pos{File: d.file}, Msg: "YAML syntax error: " + err.Error()}
}

// maxResolve bounds the anchors, aliases and tags resolve looks through:
// the parser refuses an alias as an anchor's value, so a chain is short,
// but a loop must end whatever the parser lets through.
const maxResolve = 100

// resolve looks through anchors, aliases and tags to the node that holds
// the value; nil for none.
func (d *decoder) resolve(n ast.Node) ast.Node {
	for range maxResolve {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			n = d.anchors[v.Value.GetToken().Value]
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
	return n
}

// field is one key of a mapping and how to decode its value.
type field struct {
	name   string
	decode func(value ast.Node, key string) error
}

// mapping decodes a mapping whose keys must all be among fields; it returns
// the keys it saw. An absent (null) node is an empty mapping.
func (d *decoder) mapping(n ast.Node, key string, fields []field) (map[string]bool, error) {
	n = d.resolve(n)
	var pairs []*ast.MappingValueNode
	switch v := n.(type) {
	case nil, *ast.NullNode:
	case *ast.MappingNode:
		pairs = v.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{v}
	default:
		return nil, d.errorf(n, key, "expected a mapping of keys to values, found %s", describe(n))
	}
	seen := map[string]bool{}
	for _, p := range pairs {
		if _, ok := p.Key.(*ast.MergeKeyNode); ok {
			return nil, d.errorf(p.Key, key, "merge keys (<<) are not supported: write the keys out")
		}
		name := p.Key.GetToken().Value
		sub := joinKey(key, name)
		if seen[name] {
			return nil, d.errorf(p.Key, joinKey(key, clip(name)), "duplicate key")
		}
		seen[name] = true
		var f *field
		for i := range fields {
			if fields[i].name == name {
				f = &fields[i]
			}
		}
		if f == nil {
			return nil, d.errorf(p.Key, joinKey(key, clip(name)), "%s", didYouMean("unknown key", name, fieldNames(fields)))
		}
		if err := f.decode(p.Value, sub); err != nil {
			return nil, err
		}
	}
	return seen, nil
}

// sequence calls each for every entry of a sequence; an absent node is empty.
func (d *decoder) sequence(n ast.Node, key string, each func(i int, entry ast.Node, key string) error) error {
	n = d.resolve(n)
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return nil
	case *ast.SequenceNode:
		for i, e := range v.Values {
			if err := each(i, e, fmt.Sprintf("%s[%d]", key, i)); err != nil {
				return err
			}
		}
		return nil
	}
	return d.errorf(n, key, "expected a list, found %s", describe(n))
}

// scalar returns a scalar's text as written (without quotes).
func (d *decoder) scalar(n ast.Node, key, want string) (string, error) {
	n = d.resolve(n)
	switch v := n.(type) {
	case *ast.LiteralNode: // | and > blocks
		return strings.TrimRight(v.Value.Value, "\n"), nil
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, nil
	}
	return "", d.errorf(n, key, "expected %s, found %s", want, describe(n))
}

// str decodes a string into dst.
func (d *decoder) str(dst *string, want string) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		s, err := d.scalar(n, key, want)
		*dst = s
		return err
	}
}

// oneOf decodes a string that must be one of allowed; what names it in errors.
func (d *decoder) oneOf(dst *string, what string, allowed []string) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		if err := d.str(dst, "a "+what)(n, key); err != nil {
			return err
		}
		if !slices.Contains(allowed, *dst) {
			return d.errorf(n, key, "%s", didYouMean(fmt.Sprintf("unknown %s %q", what, clip(*dst)), *dst, allowed))
		}
		return nil
	}
}

// integer decodes a whole number into dst.
func (d *decoder) integer(dst *int) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		n = d.resolve(n)
		if _, ok := n.(*ast.IntegerNode); ok {
			if v, err := strconv.Atoi(n.GetToken().Value); err == nil {
				*dst = v
				return nil
			}
		}
		return d.errorf(n, key, "expected a whole number, found %s", describe(n))
	}
}

// parsed decodes a scalar with parse, reporting parse's error at the value.
func parsed[T any](d *decoder, dst *T, want string, parse func(string) (T, error)) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		s, err := d.scalar(n, key, want)
		if err != nil {
			return err
		}
		if l := utf8.RuneCountInString(s); l > maxQuoted {
			return d.errorf(n, key, "expected %s, found %d characters", want, l)
		}
		v, err := parse(s)
		if err != nil {
			return d.errorf(n, key, "%v", err)
		}
		*dst = v
		return nil
	}
}

func describe(n ast.Node) string {
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return "nothing (null)"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.BoolNode:
		return fmt.Sprintf("the boolean %v", v.Value)
	case *ast.IntegerNode, *ast.FloatNode:
		return "the number " + n.GetToken().Value
	default:
		return fmt.Sprintf("%q", clip(n.GetToken().Value))
	}
}

// maxQuoted is how much of a value errors quote.
const maxQuoted = 64

// clip shortens s to maxQuoted characters for an error message.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxQuoted {
		return s
	}
	return string([]rune(s)[:maxQuoted]) + "…"
}

func joinKey(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func fieldNames(fields []field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

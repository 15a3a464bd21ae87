package config

import (
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"strings"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
)

// Bounds on a policy file. A policy is a few kilobytes of shallow YAML; the
// bounds keep a wrong path (/dev/zero, a FIFO, a log file) or a hostile file
// from making keepup run out of time or memory: the YAML parser's cost grows
// with the square of the nesting depth, and aliases can multiply a document's
// size.
const (
	// MaxPolicySize is the largest policy file keepup reads, in bytes (1 MiB).
	MaxPolicySize = 1 << 20
	// maxDepth is how deeply a policy's collections (block and flow
	// mappings and lists) may nest. Valid policies need four or five levels.
	maxDepth = 32
	// maxTokens bounds the number of YAML tokens (keys, values, list
	// entries, commas, comments...) of a policy: the parser's time and
	// memory grow faster than their number.
	maxTokens = 20000
	// maxKeys bounds the keys of one mapping: the parser's time grows with
	// the square of their number, and a policy's mappings have a dozen.
	maxKeys = 100
	// maxAliasNodes bounds the number of nodes aliases may stand for, in all:
	// reusing a list of supported releases costs its length at each use.
	maxAliasNodes = 10000
)

// The errors for a policy past maxDepth and maxTokens, formats for the
// limit; checkShape and checkTokens give the same.
const (
	msgTooDeep       = "lists and mappings nest more than %d levels deep here, the most keepup reads (a policy needs four or five)"
	msgTooManyTokens = "the policy has more than %d keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"
)

// readPolicy reads the policy file at path: a regular file of at most
// MaxPolicySize bytes. Other files (directories, devices, FIFOs) are refused
// before they are opened, so that reading never blocks or grows without end.
func readPolicy(path string) ([]byte, error) {
	// A failed Stat is left to Open, whose error reads best ("open x.yml: no such file or directory").
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, notRegular(path, fi)
	}
	// Non-blocking, should a FIFO have taken the file's place since the Stat.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("reading policy: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, fmt.Errorf("reading policy: %w", err)
	case !fi.Mode().IsRegular():
		return nil, notRegular(path, fi)
	case fi.Size() > MaxPolicySize:
		return nil, tooBig(path)
	}
	// The file may grow while it is read.
	data, err := io.ReadAll(io.LimitReader(f, MaxPolicySize+1))
	if err != nil {
		return nil, fmt.Errorf("reading policy: %w", err)
	}
	if len(data) > MaxPolicySize {
		return nil, tooBig(path)
	}
	return data, nil
}

// notRegular is the error for a policy path that is not a regular file.
func notRegular(path string, fi fs.FileInfo) error {
	kind := "not a regular file"
	switch m := fi.Mode(); {
	case m.IsDir():
		kind = "a directory"
	case m&fs.ModeNamedPipe != 0:
		kind = "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		kind = "a character device"
	case m&fs.ModeDevice != 0:
		kind = "a device"
	case m&fs.ModeSocket != 0:
		kind = "a socket"
	}
	return &Error{Pos: Pos{File: path}, Msg: fmt.Sprintf("the policy is %s, not a file: give the path of a YAML file (--policy or KEEPUP_POLICY)", kind)}
}

func tooBig(file string) error {
	return &Error{Pos: Pos{File: file}, Msg: fmt.Sprintf("the policy is larger than %d bytes (1 MiB), the most keepup reads: is this the right file?", MaxPolicySize)}
}

// checkShape reads a policy's text before the YAML parser sees it. It
// refuses collections nested deeper than maxDepth, and directives other
// than %YAML 1.1 and %YAML 1.2. It follows YAML's lexical structure (block
// indentation, flow brackets, quoted, plain and block scalars, comments)
// closely enough that no valid policy is refused, and counts every bracket
// and block entry the parser's lexer would, so that no deep nesting goes
// unnoticed (it may count more in text that is no valid YAML).
func checkShape(data []byte, file string) error {
	text := string(data)
	if err := checkText(text, file); err != nil {
		return err
	}
	s := newShape(file)
	for line := range lines(text) {
		if err := s.next(line); err != nil {
			return err
		}
	}
	return nil
}

// newShape returns the state of checkShape before a file's first line.
func newShape(file string) *shape {
	return &shape{file: file, plain: noPlain, prologue: true}
}

// next scans the file's next line.
func (s *shape) next(text string) error {
	s.line++
	indent := len(text) - len(strings.TrimLeft(text, " "))
	blank := strings.TrimLeft(text, " \t") == ""
	marker := isMarker(text, "---") || isMarker(text, "...")
	s.inLiteral = s.literal.on && s.literalLine(indent, blank, marker)
	if s.inLiteral {
		return nil
	}
	if s.prologue && s.quote == 0 && len(s.flow) == 0 {
		switch {
		case strings.HasPrefix(text, "%"):
			if err := s.directive(text, s.directiveLine > 0); err != nil {
				return err
			}
			s.directiveLine = s.line
			return nil
		case blank:
			return nil
		case strings.HasPrefix(strings.TrimLeft(text, " \t"), "#"):
			return s.count(text, 0)
		case !isMarker(text, "---") && s.directiveLine > 0:
			return &Error{Pos: Pos{File: s.file, Line: s.directiveLine, Col: 1}, Msg: `a directive must be followed by a line "---" that starts the document`}
		}
		s.prologue = false
	}
	if marker {
		// YAML forbids a document marker inside a quoted scalar: it ends one left open.
		s.quote = 0
	}
	switch {
	case s.quote != 0 || len(s.flow) > 0:
		return s.scan(text, 0, afterNode)
	case marker:
		s.stack, s.plain = s.stack[:0], noPlain
		if err := s.count(text, 0); err != nil || text[:3] != "---" {
			return err
		}
		return s.scan(text, 3, atNode)
	case blank:
		return nil
	case text[indent] == '#':
		s.plain = noPlain // a comment line ends a plain scalar
		return s.count(text, indent)
	case s.plain != noPlain && indent > s.plain && text[indent] == ':' && blankAt(text, indent+1):
		// The parser's lexer would make the plain scalar a key, which
		// YAML does not allow over two lines, and then misread what
		// follows.
		return s.errorf(text, indent, "a key and its colon must be on one line: write key: value")
	case s.plain != noPlain && indent > s.plain:
		return s.scan(text, indent, inPlain) // the plain scalar goes on
	}
	s.plain = noPlain
	return s.scan(text, indent, atNode)
}

// checkText refuses text that is not UTF-8 or has characters YAML does
// not allow (control characters other than tab and line breaks): a binary
// file, or one saved in another encoding.
func checkText(text, file string) error {
	n := 0
	for line := range lines(text) {
		n++
		for i, r := range line {
			switch {
			case r == utf8.RuneError && !strings.HasPrefix(line[i:], "\uFFFD"): // a byte that is no UTF-8
				return &Error{Pos: Pos{File: file, Line: n, Col: utf8.RuneCountInString(line[:i]) + 1}, Msg: fmt.Sprintf("byte 0x%02x is not UTF-8 text: save the policy as UTF-8", line[i])}
			case r == '\t' || r == 0x85:
			case unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF:
				return &Error{Pos: Pos{File: file, Line: n, Col: utf8.RuneCountInString(line[:i]) + 1}, Msg: fmt.Sprintf("the control character %U is not allowed in YAML: is this a text file?", r)}
			}
		}
	}
	return nil
}

// lines yields the lines of text without their line breaks: "\n", "\r\n"
// or, as YAML allows, a "\r" alone.
func lines(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for text != "" {
			i := strings.IndexAny(text, "\r\n")
			if i < 0 {
				yield(text)
				return
			}
			line := text[:i]
			rest, crlf := strings.CutPrefix(text[i:], "\r\n")
			if !crlf {
				rest = rest[1:] // after the "\n" or "\r"
			}
			if !yield(line) {
				return
			}
			text = rest
		}
	}
}

// noPlain is shape.plain when no plain scalar is open.
const noPlain = -2

// shape is checkShape's state between lines.
type shape struct {
	file   string
	line   int
	stack  []block    // the open block collections, outermost first
	flow   []flowColl // the open flow collections, outermost first
	tokens int        // the lexer's tokens so far, roughly
	// prologue is set before the document's first line; directiveLine is
	// the line of its %YAML directive, or 0.
	prologue      bool
	directiveLine int
	// flowPlain is set inside a plain scalar in flow context.
	flowPlain bool
	// quote is the quote character of a quoted scalar left open at the end
	// of the last line, or 0; quoteAt is where that scalar starts.
	quote   byte
	quoteAt place
	// quoted lists the quoted scalars so far, for syntax errors in words.
	quoted []span
	// plain is the column of the node owning a plain scalar in block
	// context that may go on on the next line, or noPlain.
	plain int
	// inLiteral tells that the last line belonged to a block scalar.
	inLiteral bool
	// literal is a block scalar (| or >) whose lines are being skipped.
	literal struct {
		on       bool
		owner    int // the column of the node it belongs to; its lines are indented more
		explicit int // the indentation indicator, or 0
		indent   int // its lines' indentation, once known
	}
}

// block is one open block collection: the column of its entries and
// whether they are list entries ('-') or keys.
type block struct {
	col  int
	list bool
	keys int // the keys of a mapping so far
}

// flowColl is an open flow collection.
type flowColl struct {
	open   byte // '[' or '{'
	commas int  // the commas of a mapping so far: at least as many keys
	at     place
}

// place is a place in the file: a line (1-based) and a byte offset in it.
type place struct{ line, off int }

// span is where a quoted scalar starts and ends: its quotes.
type span struct{ from, to place }

// at is the place of byte i of text, the current line.
func (s *shape) at(i int) place { return place{s.line, i} }

// Where scan is in block context.
type state int

const (
	atNode    state = iota // where a node may start
	inPlain                // in a plain scalar, which may turn out to be a key
	afterNode              // after a quoted scalar, a flow collection or an alias
)

// scan scans text from byte i, in block context in state st unless a
// quoted scalar or flow collection is open.
func (s *shape) scan(text string, i int, st state) error {
	start := i // where the current node started: its key's column if it is a key
	s.plain = noPlain
	// A key found in a plain scalar's continuation line is no YAML; then
	// nothing continues on the next line.
	cont, keyed := st == inPlain, false
	for i < len(text) {
		c := text[i]
		var err error
		switch {
		case s.quote != 0:
			i = s.endQuote(text, i)
			if s.quote == 0 {
				s.flowPlain = true
			}
			continue
		case len(s.flow) > 0:
			switch c {
			case '[', '{':
				s.flow = append(s.flow, flowColl{open: c, at: s.at(i)})
				s.flowPlain = false
				err = s.node(text, i)
			case ']', '}':
				// A closing bracket of the wrong kind closes nothing.
				if open := s.flow[len(s.flow)-1].open; open == '[' && c == ']' || open == '{' && c == '}' {
					s.flow = s.flow[:len(s.flow)-1]
				}
				s.flowPlain = false
				err = s.count(text, i)
			case ',':
				s.flowPlain = false
				err = s.count(text, i)
				if top := &s.flow[len(s.flow)-1]; top.open == '{' {
					if top.commas++; top.commas > maxKeys {
						err = s.errorf(text, i, "a mapping with more than %d keys, the most keepup reads (a policy's mappings have a dozen)", maxKeys)
					}
				}
			case '"', '\'':
				if !s.flowPlain {
					s.quote, s.quoteAt = c, s.at(i)
					err = s.node(text, i)
				}
			case '#':
				if startsComment(text, i) {
					return s.count(text, i)
				}
				err = s.plainInFlow(text, i)
			case ':':
				if blankAt(text, i+1) || strings.IndexByte(",[]{}", text[i+1]) >= 0 {
					s.flowPlain = false
					err = s.count(text, i)
				} else {
					err = s.plainInFlow(text, i)
				}
			case ' ', '\t':
			case '|', '>':
				if !s.flowPlain {
					// The parser's lexer would read a block scalar here.
					return s.errorf(text, i, "a block scalar (| or >) cannot be inside [ ] or { }; quote the value")
				}
			case '?', '-':
				if blankAt(text, i+1) {
					err = s.count(text, i)
				} else {
					err = s.plainInFlow(text, i)
				}
			default:
				err = s.plainInFlow(text, i)
			}
			i++
		case st == inPlain:
			switch {
			case c == ':' && blankAt(text, i+1):
				if err = s.count(text, i); err == nil {
					err = s.push(text, start, false)
				}
				st, keyed = atNode, cont
			case c == '#' && startsComment(text, i):
				return s.count(text, i) // a comment ends a plain scalar
			}
			i++
		case isBlank(c):
			i++
		case c == '#':
			return s.count(text, i)
		case st == afterNode && c == ':' && blankAt(text, i+1):
			if err = s.count(text, i); err == nil {
				err = s.push(text, start, false)
			}
			st = atNode
			i++
		case (c == '-' || c == '?' || c == ':') && blankAt(text, i+1):
			if err = s.node(text, i); err == nil {
				err = s.push(text, i, c == '-')
			}
			st = atNode
			i++
		case c == '[' || c == '{':
			start, st = i, afterNode
			s.flow, s.flowPlain = append(s.flow[:0], flowColl{open: c, at: s.at(i)}), false
			err = s.node(text, i)
			i++
		case c == '"' || c == '\'':
			start, st = i, afterNode
			s.quote, s.quoteAt = c, s.at(i)
			err = s.node(text, i)
			i++
		case c == '|' || c == '>':
			s.startLiteral(text[i+1:])
			return s.node(text, i)
		case c == '!':
			// A tag, as the parser's lexer reads it: up to a blank.
			err = s.count(text, i)
			for i < len(text) && !isBlank(text[i]) {
				i++
			}
		case c == '&' || c == '*':
			// An anchor or alias: its name runs to a blank, as the parser's
			// lexer reads it, unless it starts with what the lexer reads as
			// a token of its own ("&[" is an empty name and a list). A "]"
			// there is a token of its own too, after which the name goes on.
			if c == '*' {
				start, st = i, afterNode
			}
			err = s.node(text, i)
			for i++; err == nil && i < len(text) && text[i] == ']'; i++ {
				err = s.count(text, i)
			}
			if i < len(text) && strings.IndexByte("[{&*!%@`", text[i]) < 0 {
				for i < len(text) && !isBlank(text[i]) {
					i++
				}
			}
		case c == '%':
			// The YAML parser reads it as a directive, out of place.
			return s.errorf(text, i, "a value starting with %% must be quoted; a directive (%%YAML 1.2) goes on a line of its own before ---")
		case strings.IndexByte("@`]", c) >= 0:
			// Not YAML, and no plain scalar either. Let the parser say so,
			// but count what its lexer reads on the way.
			err = s.count(text, i)
			i++
		default:
			start, st = i, inPlain
			err = s.node(text, i)
		}
		if err != nil {
			return err
		}
	}
	if st == inPlain && s.quote == 0 && len(s.flow) == 0 && !keyed {
		s.plain = s.owner()
	}
	return nil
}

// plainInFlow notes a character of a plain scalar in flow context at i,
// which starts one unless one is open.
func (s *shape) plainInFlow(text string, i int) error {
	if s.flowPlain {
		return nil
	}
	s.flowPlain = true
	return s.node(text, i)
}

// node counts a node (a scalar, a collection, a list entry) starting at
// byte i of text, and checks the depth.
func (s *shape) node(text string, i int) error {
	if err := s.depth(text, i); err != nil {
		return err
	}
	return s.count(text, i)
}

// depth refuses the open collections, at byte i of text, when they nest
// more than maxDepth levels deep.
func (s *shape) depth(text string, i int) error {
	if len(s.stack)+len(s.flow) > maxDepth {
		return s.errorf(text, i, msgTooDeep, maxDepth)
	}
	return nil
}

// count counts a token of the YAML parser's lexer (a node, a comma, a
// colon, a comment...) at byte i of text.
func (s *shape) count(text string, i int) error {
	if s.tokens++; s.tokens > maxTokens {
		return s.errorf(text, i, msgTooManyTokens, maxTokens)
	}
	return nil
}

func (s *shape) errorf(text string, i int, format string, args ...any) error {
	return &Error{Pos: Pos{File: s.file, Line: s.line, Col: utf8.RuneCountInString(text[:i]) + 1}, Msg: fmt.Sprintf(format, args...)}
}

// endQuote scans a quoted scalar from i for its closing quote; it returns
// the index after it, or len(text) with s.quote still set.
func (s *shape) endQuote(text string, i int) int {
	escaped := false // whether text[i] is escaped: by \ in "...", by ' in '...'
	for ; i < len(text); i++ {
		switch c := text[i]; {
		case escaped:
			escaped = false
		case c == '\\' && s.quote == '"', c == '\'' && s.quote == '\'' && strings.HasPrefix(text[i+1:], "'"):
			escaped = true
		case c == s.quote:
			s.quote = 0
			s.quoted = append(s.quoted, span{s.quoteAt, s.at(i)})
			return i + 1
		}
	}
	return len(text)
}

// startLiteral starts a block scalar whose header (after | or >) is header.
func (s *shape) startLiteral(header string) {
	s.literal.on, s.literal.owner, s.literal.explicit, s.literal.indent = true, s.owner(), 0, 0
	for i := 0; i < len(header) && !isBlank(header[i]) && header[i] != '#'; i++ {
		if c := header[i]; c >= '1' && c <= '9' {
			s.literal.explicit = int(c - '0')
		}
	}
}

// literalLine reports whether a line belongs to the open block scalar,
// ending it when it does not.
func (s *shape) literalLine(indent int, blank, marker bool) bool {
	switch {
	case marker:
	case blank:
		return true
	case s.literal.indent == 0 && indent > s.literal.owner:
		s.literal.indent = indent
		if s.literal.explicit > 0 {
			s.literal.indent = max(s.literal.owner, 0) + s.literal.explicit
		}
		if indent >= s.literal.indent {
			return true
		}
	case s.literal.indent > 0 && indent >= s.literal.indent:
		return true
	}
	s.literal.on = false
	return false
}

// push records a block node (a list entry or a key) starting at column col
// of the current line and checks the depth.
func (s *shape) push(text string, col int, list bool) error {
	for len(s.stack) > 0 {
		top := &s.stack[len(s.stack)-1]
		if top.col > col || top.col == col && top.list && !list {
			s.stack = s.stack[:len(s.stack)-1]
			continue
		}
		if top.col == col && top.list == list { // a sibling
			if top.keys++; !list && top.keys > maxKeys {
				return s.errorf(text, col, "a mapping with more than %d keys, the most keepup reads (a policy's mappings have a dozen)", maxKeys)
			}
			return nil
		}
		break // deeper, or a list in a mapping at its key's column
	}
	s.stack = append(s.stack, block{col: col, list: list, keys: 1})
	return s.depth(text, col)
}

// owner is the column of the innermost open block node, or -1.
func (s *shape) owner() int {
	if len(s.stack) == 0 {
		return -1
	}
	return s.stack[len(s.stack)-1].col
}

// directive checks a directive line of the prologue: only %YAML 1.1 or 1.2, once.
func (s *shape) directive(text string, again bool) error {
	fields := strings.Fields(strings.SplitN(text, " #", 2)[0])
	pos := Pos{File: s.file, Line: s.line, Col: 1}
	switch {
	case fields[0] != "%YAML":
		return &Error{Pos: pos, Msg: fmt.Sprintf("the directive %s is not supported: a policy needs no tags or other directives; remove the line", fields[0])}
	case again:
		return &Error{Pos: pos, Msg: "a second %YAML directive; keep one"}
	case len(fields) != 2 || fields[1] != "1.1" && fields[1] != "1.2":
		return &Error{Pos: pos, Msg: fmt.Sprintf("%q: keepup reads YAML 1.2 (and 1.1); write %%YAML 1.2 or remove the line", clip(strings.TrimSpace(text)))}
	}
	return nil
}

// isMarker reports whether text is the document marker m ("---" or "...").
func isMarker(text, m string) bool {
	return strings.HasPrefix(text, m) && (len(text) == 3 || isBlank(text[3]))
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// startsComment reports whether a # at byte i of text starts a comment: it
// does at the start of a line or after a blank.
func startsComment(text string, i int) bool { return i == 0 || isBlank(text[i-1]) }

// blankAt reports whether text has a blank or its end at i.
func blankAt(text string, i int) bool { return i >= len(text) || isBlank(text[i]) }

// checkAliases refuses aliases that stand for more than maxAliasNodes nodes
// in all (a "billion laughs" document: each level of aliases to aliases
// multiplies the size), and an alias inside the node it stands for.
func (d *decoder) checkAliases(body ast.Node) error {
	const busy = -1
	sizes := map[string]int{} // the size of each anchored node, aliases expanded
	var expand func(n ast.Node) (int, error)
	expand = func(n ast.Node) (int, error) {
		size := 0
		var err error
		ast.Walk(visitor(func(n ast.Node) bool {
			switch v := n.(type) {
			case *ast.CommentNode, *ast.CommentGroupNode:
				return false
			case *ast.AliasNode:
				name := v.Value.GetToken().Value
				s, ok := sizes[name]
				switch {
				case ok && s == busy:
					err = d.errorf(v, "", "alias *%s stands for a node that contains it; write the value out", name)
				case !ok:
					sizes[name] = busy
					s, err = expand(d.anchors[name])
					sizes[name] = s
				}
				size = min(size+s, maxAliasNodes+1)
				return false
			}
			size = min(size+1, maxAliasNodes+1)
			return err == nil
		}), n)
		return size, err
	}
	total := 0
	var err error
	ast.Walk(visitor(func(n ast.Node) bool {
		if err != nil {
			return false
		}
		a, ok := n.(*ast.AliasNode)
		if !ok {
			return true
		}
		name := a.Value.GetToken().Value
		if _, ok := sizes[name]; !ok {
			sizes[name] = busy
			sizes[name], err = expand(d.anchors[name])
			if err != nil {
				return false
			}
		}
		if total += sizes[name]; total > maxAliasNodes {
			err = d.errorf(a, "", "aliases stand for more than %d values in all, the most keepup expands (*%s stands for %s): write the policy out", maxAliasNodes, name, atMost(sizes[name]))
		}
		return false
	}), body)
	return err
}

// atMost formats an alias's size, which is counted up to maxAliasNodes+1.
func atMost(n int) string {
	if n > maxAliasNodes {
		return fmt.Sprintf("more than %d", maxAliasNodes)
	}
	return fmt.Sprint(n)
}

// visitor adapts a function to ast.Visitor: it sees every node, and
// returns whether to walk the node's children.
type visitor func(ast.Node) bool

func (v visitor) Visit(n ast.Node) ast.Visitor {
	if n != nil && v(n) {
		return v
	}
	return nil
}

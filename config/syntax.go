package config

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// syntaxError words a YAML syntax error that the parser found at line:col
// of data (msg is the parser's text): a tab that indents, a quoted value or
// a [ ] or { } left open, a key without its colon, each where it is and with
// the fix; any other error in the parser's words. The parser's position
// is where it noticed, often a line or two after the mistake.
func syntaxError(data, file string, line, column int, msg string) *Error {
	lineText := make([]string, 0, 64) // the file's lines, from index 1
	lineText = append(lineText, "")
	// block[n] tells whether line n starts outside quotes, brackets and
	// block scalars, where a key may start it.
	block := []bool{false}
	s := newShape(file)
	var atLine shape // the state at the end of the error's line
	for text := range lines(data) {
		lineText = append(lineText, text)
		inside := s.quote != 0 || len(s.flow) > 0
		if err := s.next(text); err != nil {
			break // the parser got further: not from here
		}
		block = append(block, !inside && !s.inLiteral)
		if s.line == line {
			atLine = *s
			atLine.flow = append([]flowColl(nil), s.flow...)
		}
	}
	// col is the column, in characters, of a place.
	col := func(p place) int { return utf8.RuneCountInString(lineText[p.line][:p.off]) + 1 }
	errAt := func(p place, format string, args ...any) *Error {
		return &Error{Pos: Pos{File: file, Line: p.line, Col: col(p)}, Msg: fmt.Sprintf(format, args...)}
	}
	parsers := &Error{Pos: Pos{File: file, Line: line, Col: column}, Msg: "YAML syntax error: " + msg}
	if line < 1 || line >= len(lineText) {
		return parsers
	}
	text := lineText[line]

	// A tab where the parser stopped, or in the indentation of its line.
	if i := tabAt(text, column); i >= 0 {
		return errAt(place{line, i}, "YAML indents with spaces, not tabs: replace the tab with spaces")
	}

	// A quoted value: closed only on the error's line, having run over
	// line breaks; closed right before the error, with more text after it;
	// or never closed.
	for _, q := range s.quoted {
		switch {
		case q.to.line == line && q.from.line < line:
			return errAt(q.from, "this %c starts a quoted value that runs on to line %d (%d:%d): end the value with %c on line %d",
				quoteOf(lineText, q), q.to.line, q.to.line, col(q.to), quoteOf(lineText, q), q.from.line)
		case q.to.line == line && col(q.to)+1 == column:
			return errAt(q.from, "this %c starts a quoted value that ends at %d:%d, and more text follows it there: is a closing %c missing?",
				quoteOf(lineText, q), q.to.line, col(q.to), quoteOf(lineText, q))
		}
	}
	if atLine.quote != 0 && s.quote != 0 && atLine.quoteAt == s.quoteAt {
		return errAt(s.quoteAt, "this %c starts a quoted value that is never closed: end the value with %c", s.quote, s.quote)
	}

	// A [ or { open at the end of the error's line and at the end of the file.
	for i := len(atLine.flow) - 1; i >= 0; i-- {
		f := atLine.flow[i]
		if !stillOpen(s.flow, f.at) {
			continue
		}
		if f.open == '[' {
			return errAt(f.at, "this [ is never closed: end the list with ]")
		}
		return errAt(f.at, "this { is never closed: end the mapping with }")
	}

	// A key without its colon, on the error's line or the line before.
	for _, n := range []int{line, contentBefore(lineText, line)} {
		if n < 1 || !block[n] {
			continue
		}
		if e := missingColon(lineText, n, errAt); e != nil {
			return e
		}
	}
	return parsers
}

// tabAt returns the byte index of the tab at column col of text, or else
// of the first tab in its indentation; -1 when there is neither.
func tabAt(text string, col int) int {
	if i := byteIndex(text, col); i < len(text) && text[i] == '\t' {
		return i
	}
	indent := len(text) - len(strings.TrimLeft(text, " \t"))
	return strings.IndexByte(text[:indent], '\t')
}

// byteIndex returns the byte index of column col (1-based, in characters)
// of text; len(text) past its end.
func byteIndex(text string, col int) int {
	for i := range text {
		if col--; col == 0 {
			return i
		}
	}
	return len(text)
}

// quoteOf returns the quote character of a quoted scalar: " or '.
func quoteOf(lineText []string, q span) byte { return lineText[q.from.line][q.from.off] }

// stillOpen reports whether the flow collection opened at p is among open.
func stillOpen(open []flowColl, p place) bool {
	for _, f := range open {
		if f.at == p {
			return true
		}
	}
	return false
}

// contentBefore returns the number of the last line before line n that is
// not blank or a comment, or 0.
func contentBefore(lineText []string, n int) int {
	for n--; n >= 1; n-- {
		if t := strings.TrimSpace(lineText[n]); t != "" && t[0] != '#' {
			return n
		}
	}
	return 0
}

var (
	// keyValue is a line's content (after any "- ") that is a key and a
	// value with the colon left out ("product kubernetes"), or with no
	// space after the colon ("window:3 months").
	keyValue = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_-]*)(:?)[ \t]*(\S.*)?$`)
	// dashedKey is a list entry without the space after its "-": "-name: k".
	dashedKey = regexp.MustCompile(`^-([A-Za-z_][A-Za-z0-9_-]*:(?:[ \t].*)?)$`)
	// listEntries is the "- " that start list entries, with their spaces.
	listEntries = regexp.MustCompile(`^(-[ \t]+)*`)
)

// missingColon words a key without its colon on line n: "product
// kubernetes", "window:3 months", or a key alone ("targets") whose value
// follows on more indented lines; or a list entry without the space after
// its dash ("-name: k"); nil when line n is none of these.
func missingColon(lineText []string, n int, errAt func(place, string, ...any) *Error) *Error {
	text := lineText[n]
	indent := len(text) - len(strings.TrimLeft(text, " "))
	if m := dashedKey.FindStringSubmatch(text[indent:]); m != nil {
		return errAt(place{n, indent + 1}, "a space must follow the - of a list entry: write %s", asWritten("- "+m[1]))
	}
	start := indent + len(listEntries.FindString(text[indent:]))
	content := strings.TrimRight(text[start:], " \t")
	m := keyValue.FindStringSubmatch(content)
	if m == nil {
		return nil
	}
	key, colon, value := m[1], m[2], m[3]
	after := place{n, start + len(key)} // where the colon goes
	switch {
	case strings.HasPrefix(value, "#"):
		return nil
	case colon != "":
		if value == "" || isBlank(content[len(key)+1]) {
			return nil
		}
		return errAt(place{n, after.off + 1}, "a space must follow the colon after %q: write %s", key, asWritten(key+": "+value))
	case strings.Contains(value, ": ") || strings.HasSuffix(value, ":"):
		return nil // a key after all, or not a line keepup can word
	case value != "":
		return errAt(after, "a colon is missing after %q: write %s", key, asWritten(key+": "+value))
	}
	// A key alone: its value must follow, more indented or as a list.
	next := n + 1
	for next < len(lineText) && strings.TrimSpace(lineText[next]) == "" {
		next++
	}
	if next == len(lineText) {
		return nil
	}
	nextText := lineText[next]
	nextIndent := len(nextText) - len(strings.TrimLeft(nextText, " "))
	if nextIndent > indent || (nextIndent == indent && strings.HasPrefix(nextText[nextIndent:], "- ")) {
		return errAt(after, "a colon is missing after %q: write %s", key, asWritten(key+":"))
	}
	return nil
}

// asWritten quotes s, policy text to write, so that it reads as written: in
// double quotes, or in single quotes when s holds double quotes but no
// single one (write 'product: "kubernetes"', not "product: \"kubernetes\"").
func asWritten(s string) string {
	if strings.Contains(s, `"`) && !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	return fmt.Sprintf("%q", s)
}

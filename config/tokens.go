package config

import (
	"fmt"

	"github.com/goccy/go-yaml/token"
)

// checkTokens is the guard behind checkShape: it measures the tokens of
// the parser's own lexer as the parser will nest them, and refuses
// collections nested deeper than maxDepth and more than maxTokens tokens,
// before the parser, whose cost grows with the square of the depth, sees
// them. checkShape reads the text and gives the clearer errors, but the
// lexer has quirks a reading of the text cannot follow in every case
// ("&]x [[[" makes "x" an anchor's name and the brackets lists; found by
// fuzzing); what the lexer reads is what the parser gets. Text the lexer
// finds invalid is left to the parser, which refuses it before parsing.
func checkTokens(toks token.Tokens, file string) error {
	if toks.InvalidToken() != nil {
		return nil
	}
	refuse := func(tk *token.Token, format string, limit int) error {
		return &Error{Pos: Pos{File: file, Line: tk.Position.Line, Col: tk.Position.Column}, Msg: fmt.Sprintf(format, limit)}
	}
	var blocks nesting
	flow := 0
	for i, tk := range toks {
		if i >= maxTokens {
			return refuse(tk, msgTooManyTokens, maxTokens)
		}
		switch tk.Type {
		case token.DocumentHeaderType, token.DocumentEndType:
			blocks = blocks[:0]
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		case token.SequenceEntryType, token.MappingKeyType:
			if flow == 0 {
				blocks.enter(tk.Position.Column, tk.Type == token.SequenceEntryType)
			}
		case token.MappingValueType:
			// A key's colon: the key, the token before, starts the entry.
			if flow == 0 && i > 0 {
				tk = toks[i-1]
				blocks.enter(tk.Position.Column, false)
			}
		}
		if len(blocks)+flow > maxDepth {
			return refuse(tk, msgTooDeep, maxDepth)
		}
	}
	return nil
}

// nesting is the open block collections, outermost first.
type nesting []blockAt

// blockAt is an open block collection: the column of its entries and
// whether they are list entries ("- ") or keys.
type blockAt struct {
	col  int
	list bool
}

// enter notes an entry of a block collection at col. It ends the
// collections indented more, and a list at col when the entry is a key
// (the list was a key's value, written at the key's column); then the
// entry joins the collection of its kind at col, or opens one.
func (b *nesting) enter(col int, list bool) {
	s := *b
	for len(s) > 0 {
		if top := s[len(s)-1]; top.col < col || top.col == col && (top.list == list || !top.list) {
			break
		}
		s = s[:len(s)-1]
	}
	if len(s) == 0 || s[len(s)-1] != (blockAt{col, list}) {
		s = append(s, blockAt{col, list})
	}
	*b = s
}

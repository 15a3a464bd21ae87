package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// This file is keepup's log: one format on stderr for people, or slog's
// JSON for machines (--log-format json, KEEPUP_LOG_FORMAT=json).

// hintKey is the attribute that carries a hint: what to do about what a
// record says. People see it on a line of its own ("keepup: hint: ...");
// JSON has it as the record's "hint".
const hintKey = "hint"

// hint is the attribute of a record's hint.
func hint(s string) slog.Attr { return slog.String(hintKey, s) }

// Log formats, the values of --log-format and KEEPUP_LOG_FORMAT.
const (
	logHuman = "human" // the default: keepup: warning: ...
	logJSON  = "json"  // slog's JSON handler, one object a line
)

// newLogger returns keepup's logger on w in format (human, or "" for it,
// or json), at level (debug, info, warn or error; "" is info). The human
// format has no timestamps, since CI adds its own; JSON keeps them.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(or(level, "info"))); err != nil {
		return nil, fmt.Errorf("KEEPUP_LOG_LEVEL=%q: expected debug, info, warn or error", level)
	}
	switch format {
	case "", logHuman:
		return slog.New(newHumanHandler(w, l)), nil
	case logJSON:
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
	}
	return nil, fmt.Errorf("log format %q: expected human or json", format)
}

// humanHandler is the slog.Handler for people. A record is one line,
//
//	keepup: warning: the message key=value
//
// with "warning: ", "error: " or "debug: " after "keepup: " by level (none
// for info), its attributes after the message as key=value, quoted when
// they need it, and each hint on a line of its own, "keepup: hint: ...". A
// message of several lines (errors joined) repeats the prefix on each.
type humanHandler struct {
	mu    *sync.Mutex // one record is one write, whole
	w     io.Writer
	level slog.Leveler
	attrs []slog.Attr // from WithAttrs, keys already qualified by their groups
	group string      // the open groups, "a.b.", prefixing later keys
}

func newHumanHandler(w io.Writer, level slog.Leveler) *humanHandler {
	return &humanHandler{mu: &sync.Mutex{}, w: w, level: level}
}

func (h *humanHandler) Enabled(_ context.Context, l slog.Level) bool {
	return l >= h.level.Level()
}

func (h *humanHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	h2 := *h
	h2.attrs = append(h.attrs[:len(h.attrs):len(h.attrs)], qualify(h.group, attrs)...)
	return &h2
}

func (h *humanHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	h2 := *h
	h2.group = h.group + name + "."
	return &h2
}

// qualify prefixes the keys of attrs with the open groups, and flattens
// group attributes into dotted keys.
func qualify(group string, attrs []slog.Attr) []slog.Attr {
	var out []slog.Attr
	for _, a := range attrs {
		a.Value = a.Value.Resolve()
		switch {
		case a.Equal(slog.Attr{}):
			continue
		case a.Value.Kind() == slog.KindGroup:
			prefix := group
			if a.Key != "" {
				prefix += a.Key + "."
			}
			out = append(out, qualify(prefix, a.Value.Group())...)
		case a.Key == hintKey:
			out = append(out, a) // a hint stays a hint, in whatever group it was added
		default:
			a.Key = group + a.Key
			out = append(out, a)
		}
	}
	return out
}

func (h *humanHandler) Handle(_ context.Context, r slog.Record) error {
	attrs := h.attrs
	var recAttrs []slog.Attr
	r.Attrs(func(a slog.Attr) bool {
		recAttrs = append(recAttrs, a)
		return true
	})
	attrs = append(attrs[:len(attrs):len(attrs)], qualify(h.group, recAttrs)...)

	var fields strings.Builder
	var hints []string
	for _, a := range attrs {
		if a.Key == hintKey {
			hints = append(hints, a.Value.String())
			continue
		}
		fields.WriteString(" ")
		fields.WriteString(a.Key)
		fields.WriteString("=")
		fields.WriteString(quoteIfNeeded(a.Value.String()))
	}

	var buf bytes.Buffer
	prefix := "keepup: " + levelWord(r.Level)
	lines := strings.Split(strings.TrimRight(r.Message, "\n"), "\n")
	for i, line := range lines {
		buf.WriteString(prefix)
		buf.WriteString(line)
		if i == len(lines)-1 {
			buf.WriteString(fields.String())
		}
		buf.WriteByte('\n')
	}
	for _, hn := range hints {
		for line := range strings.SplitSeq(strings.TrimRight(hn, "\n"), "\n") {
			buf.WriteString("keepup: hint: ")
			buf.WriteString(line)
			buf.WriteByte('\n')
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	_, err := h.w.Write(buf.Bytes())
	return err
}

// levelWord is what follows "keepup: " for a level: nothing for info.
func levelWord(l slog.Level) string {
	switch {
	case l >= slog.LevelError:
		return "error: "
	case l >= slog.LevelWarn:
		return "warning: "
	case l >= slog.LevelInfo:
		return ""
	}
	return "debug: "
}

// quoteIfNeeded quotes an attribute's value that is empty or has spaces,
// quotes, '=' or characters that do not print.
func quoteIfNeeded(s string) string {
	if s == "" || strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '"' || r == '=' || !unicode.IsPrint(r)
	}) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

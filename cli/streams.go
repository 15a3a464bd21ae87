package cli

import (
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

// pipeWidth is the most columns the table takes when it goes to no
// terminal (a CI job's log, a file, a pipe) and COLUMNS is not set.
const pipeWidth = 100

// Streams are keepup's output streams, and what they are connected to.
type Streams struct {
	Out io.Writer // results: the table, a report written to -
	Err io.Writer // logs, errors, and the table when a report has stdout
	// OutTerminal and ErrTerminal say whether Out and Err are terminals.
	OutTerminal, ErrTerminal bool
	// noColor is set by NO_COLOR (any value but empty) or TERM=dumb.
	noColor bool
	// columns is COLUMNS when it is a positive number, else 0.
	columns int
}

// NewStreams returns the streams writing to out and err; environ gives
// NO_COLOR and TERM.
func NewStreams(out, err io.Writer, environ map[string]string) *Streams {
	return &Streams{
		Out: out, Err: err,
		OutTerminal: isTerminal(out), ErrTerminal: isTerminal(err),
		noColor: environ["NO_COLOR"] != "" || environ["TERM"] == "dumb",
		columns: positive(environ["COLUMNS"]),
	}
}

// Width is the most columns the table may take on w, one of the streams:
// COLUMNS when it is set to a positive number, else the terminal's width
// when w is a terminal, else pipeWidth.
func (s *Streams) Width(w io.Writer) int {
	if s.columns > 0 {
		return s.columns
	}
	if f, ok := w.(*os.File); ok && (w == s.Out && s.OutTerminal || w == s.Err && s.ErrTerminal) {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 0 {
			return width
		}
	}
	return pipeWidth
}

// positive is s as a positive number, or 0.
func positive(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// Color reports whether w, one of the streams, should get colors: only a
// terminal does, and never with NO_COLOR set (no-color.org) or TERM=dumb.
func (s *Streams) Color(w io.Writer) bool {
	switch {
	case s.noColor:
		return false
	case w == s.Out:
		return s.OutTerminal
	case w == s.Err:
		return s.ErrTerminal
	}
	return false
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

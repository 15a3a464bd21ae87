package cli

import (
	"io"
	"os"

	"golang.org/x/term"
)

// Streams are keepup's output streams, and what they are connected to.
type Streams struct {
	Out io.Writer // results: the table, a report written to -
	Err io.Writer // logs, errors, and the table when a report has stdout
	// OutTerminal and ErrTerminal say whether Out and Err are terminals.
	OutTerminal, ErrTerminal bool
	// noColor is set by NO_COLOR (any value but empty) or TERM=dumb.
	noColor bool
}

// NewStreams returns the streams writing to out and err; environ gives
// NO_COLOR and TERM.
func NewStreams(out, err io.Writer, environ map[string]string) *Streams {
	return &Streams{
		Out: out, Err: err,
		OutTerminal: isTerminal(out), ErrTerminal: isTerminal(err),
		noColor: environ["NO_COLOR"] != "" || environ["TERM"] == "dumb",
	}
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

package plan

import (
	"strings"
	"unicode"
)

// Neutralize returns text from outside the policy (an upstream release
// name, a title or job name from GitLab, a merge request's label) made
// safe to put in a note or description: control characters, line breaks
// included, are dropped, and a slash that would start the text is escaped
// as "\/" (Markdown shows "/"), so the text can never start a line, let
// alone a GitLab quick action such as /close.
func Neutralize(s string) string {
	s = dropControls(s)
	if t := strings.TrimLeft(s, " "); strings.HasPrefix(t, "/") {
		return s[:len(s)-len(t)] + `\` + t
	}
	return s
}

// Code returns text from outside the policy as Markdown inline code, such
// as `group::distribution`: control characters dropped, and fenced with
// more backticks than the text holds in a row, so that it shows as typed
// and cannot start a line.
func Code(s string) string {
	s = dropControls(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 { // spaced, so that a backtick at either end is no part of the fence
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// dropControls drops control characters and Unicode line and paragraph
// separators.
func dropControls(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s)
}

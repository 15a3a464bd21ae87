package config

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/suggest"
)

// nameRE is what target names and issue namespaces look like: they go into
// fingerprints and JUnit names, so no spaces or slashes.
var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// name decodes a target name or issue namespace (what) into dst.
func (d *decoder) name(dst *string, what string) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		if err := d.str(dst, "a "+what)(n, key); err != nil {
			return err
		}
		if !nameRE.MatchString(*dst) {
			return d.errorf(n, key, "%q is not a %s: use letters, digits, '.', '_' and '-'", clip(*dst), what)
		}
		return nil
	}
}

// maxLabel is the longest label GitLab accepts, in characters.
const maxLabel = 255

// statusSuffix is the longest suffix keepup adds to issues.label for its
// status labels ("keepup::not-required" is the longest such label).
const statusSuffix = len("::not-required")

// checkLabel returns what is wrong with a label keepup would set or look
// for on GitLab, or "". GitLab splits label lists on commas and trims
// labels, so a label with a comma or surrounding spaces never matches what
// keepup asked for, and keepup would change the issue on every run.
func checkLabel(l string) string {
	switch {
	case strings.TrimSpace(l) == "":
		return "empty label"
	case strings.Contains(l, ","):
		return fmt.Sprintf("label %q has a comma: GitLab splits labels on commas; use another character", clip(l))
	case strings.IndexFunc(l, unicode.IsControl) >= 0:
		return fmt.Sprintf("label %q has a line break or control character; labels are one line", clip(l))
	case strings.TrimSpace(l) != l:
		return fmt.Sprintf("label %q starts or ends with a space, which GitLab removes; remove it", clip(l))
	case utf8.RuneCountInString(l) > maxLabel:
		return fmt.Sprintf("label %.20q... is %d characters long; GitLab labels have at most %d", l, utf8.RuneCountInString(l), maxLabel)
	}
	return ""
}

// maxWindow is the longest window of each unit a policy may give: about ten
// years. Longer is a typo, and would put due dates out of any calendar.
var maxWindow = map[calendar.Unit]calendar.Window{
	calendar.Days:       {N: 3650, Unit: calendar.Days},
	calendar.Weeks:      {N: 520, Unit: calendar.Weeks},
	calendar.Months:     {N: 120, Unit: calendar.Months},
	calendar.Milestones: {N: 120, Unit: calendar.Milestones},
}

// checkWindow refuses a window of zero or longer than maxWindow.
func checkWindow(s string, w calendar.Window) error {
	switch longest := maxWindow[w.Unit]; {
	case w.N < 1:
		return fmt.Errorf("%q: a window is at least %s", s, calendar.Window{N: 1, Unit: w.Unit})
	case w.N > longest.N:
		return fmt.Errorf("%q: a window is at most %s (ten years)", s, longest)
	}
	return nil
}

// parseWindow parses a window of the policy, within bounds. A mistyped
// unit gets the window it probably means ("3 moths": did you mean "3
// months"?).
func parseWindow(s string) (calendar.Window, error) {
	w, err := calendar.ParseWindow(s)
	if err != nil {
		if fields := strings.Fields(s); len(fields) == 2 {
			if units := suggest.Closest(fields[1], unitNames); len(units) > 0 {
				// The number is right when the window it probably means parses.
				if meant, mErr := calendar.ParseWindow(fields[0] + " " + units[0]); mErr == nil {
					return w, fmt.Errorf("%q is not a window: unknown unit %q; did you mean %q?", s, fields[1], meant.String())
				}
			}
		}
		return w, err
	}
	return w, checkWindow(s, w)
}

// unitNames are the units a window may be written in.
var unitNames = []string{"days", "day", "weeks", "week", "months", "month", "milestones", "milestone"}

// labels decodes a list of labels (or, for gate.labels.required, scopes
// ending in "::"), replacing dst's defaults.
func (d *decoder) labels(dst *[]string) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		*dst = []string{}
		return d.sequence(n, key, func(_ int, e ast.Node, key string) error {
			l, err := d.scalar(e, key, "a label")
			if err != nil {
				return err
			}
			if msg := checkLabel(l); msg != "" {
				return d.errorf(e, key, "%s", msg)
			}
			*dst = append(*dst, l)
			return nil
		})
	}
}

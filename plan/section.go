package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gitlab.com/keepup/keepup/calendar"
)

// Markers keepup writes into issue descriptions. keepup's section of a
// description runs from the begin marker to the first end marker after
// it; everything around it is people's.
const (
	markerPrefix      = "<!-- keepup:"
	fingerprintPrefix = "<!-- keepup:fingerprint "
	recordPrefix      = "<!-- keepup:set"
	sectionBegin      = "<!-- keepup:begin -->"
	sectionEnd        = "<!-- keepup:end -->"
	jobMarker         = "<!-- keepup:job -->" // ends the line naming the job; ignored when comparing
)

// quoted keeps text that keepup puts in its section from forging the
// markers that delimit the section or name its fingerprint and record.
var quoted = strings.NewReplacer(
	sectionBegin, "&lt;!-- keepup:begin -->",
	sectionEnd, "&lt;!-- keepup:end -->",
	fingerprintPrefix, "&lt;!-- keepup:fingerprint ",
	recordPrefix, "&lt;!-- keepup:set",
	jobMarker, "&lt;!-- keepup:job -->",
)

// FingerprintOf returns the fingerprint marked in a description's keepup
// section (or, in a description without one, anywhere), or "".
func FingerprintOf(description string) string {
	if s := sectionOf(description); s != "" {
		description = s
	}
	_, rest, ok := strings.Cut(description, fingerprintPrefix)
	if !ok {
		return ""
	}
	fp, _, ok := strings.Cut(rest, " -->")
	if !ok {
		return ""
	}
	return strings.TrimSpace(fp)
}

// record is what keepup last set on an issue, kept in its section: a field
// whose value is no longer the recorded one was changed by a person, and
// keepup leaves it alone.
type record struct {
	present   bool // false for issues written before keepup kept records
	due       calendar.Date
	labels    []string
	milestone int64
	title     string
}

// String is the record's marker line.
func (r record) String() string {
	var b strings.Builder
	b.WriteString(recordPrefix)
	if !r.due.IsZero() {
		b.WriteString(" due=" + r.due.String())
	}
	if len(r.labels) > 0 {
		esc := make([]string, len(r.labels))
		for i, l := range r.labels {
			esc[i] = escape(l)
		}
		b.WriteString(" labels=" + strings.Join(esc, ","))
	}
	if r.milestone != 0 {
		fmt.Fprintf(&b, " milestone=%d", r.milestone)
	}
	if r.title != "" {
		b.WriteString(" title=" + escape(r.title))
	}
	b.WriteString(" -->")
	return b.String()
}

// recordOf reads the record in a description's keepup section.
func recordOf(description string) record {
	s := sectionOf(description)
	_, rest, ok := strings.Cut(s, recordPrefix)
	if !ok {
		return record{}
	}
	line, _, _ := strings.Cut(rest, "\n")
	line, ok = strings.CutSuffix(line, " -->")
	if !ok || strings.Contains(line, "<!--") {
		return record{}
	}
	r := record{present: true}
	for _, field := range strings.Fields(line) {
		k, v, _ := strings.Cut(field, "=")
		switch k {
		case "due":
			r.due, _ = calendar.ParseDate(v)
		case "labels":
			for _, l := range strings.Split(v, ",") {
				if l = unescape(l); l != "" {
					r.labels = append(r.labels, l)
				}
			}
		case "milestone":
			r.milestone, _ = strconv.ParseInt(v, 10, 64)
		case "title":
			r.title = unescape(v)
		}
	}
	return r
}

// escape percent-encodes what could end the record's comment or split its
// fields: anything but letters, digits and -_.:~()/@+!*'.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.:~()/@+!*'", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(n))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// section wraps a body into keepup's section of a description: the body,
// the job that wrote it, what keepup set, and the fingerprint marker.
// Markers in the body and the job URL are quoted.
func section(fp, body, jobURL string, rec record) string {
	var b strings.Builder
	b.WriteString(sectionBegin + "\n" + quoted.Replace(body) + "\n\n")
	if jobURL != "" {
		fmt.Fprintf(&b, "Last updated by [this keepup job](%s). %s\n", quoted.Replace(Neutralize(jobURL)), jobMarker)
	}
	fmt.Fprintf(&b, "%s\n%s%s -->\n%s", rec, fingerprintPrefix, fp, sectionEnd)
	return b.String()
}

// withRecord returns description with the record in its section replaced
// by rec, or description itself when it has no record to replace.
func withRecord(description string, rec record) string {
	before, after, ok := strings.Cut(sectionOf(description), recordPrefix)
	if !ok {
		return description
	}
	_, after, ok = strings.Cut(after, "-->")
	if !ok {
		return description
	}
	return replaceSection(description, before+rec.String()+after)
}

// sectionBounds returns where keepup's section of a description starts
// and ends: at the first begin marker, and after the first end marker
// that follows it. ok is false without a complete section; begin is then
// the first begin marker's position, or -1.
func sectionBounds(description string) (begin, end int, ok bool) {
	begin = strings.Index(description, sectionBegin)
	if begin == -1 {
		return -1, 0, false
	}
	n := strings.Index(description[begin:], sectionEnd)
	if n == -1 {
		return begin, 0, false
	}
	return begin, begin + n + len(sectionEnd), true
}

// sectionOf returns keepup's section of a description, markers included,
// or "".
func sectionOf(description string) string {
	i, j, ok := sectionBounds(description)
	if !ok {
		return ""
	}
	return description[i:j]
}

// replaceSection puts section in place of keepup's section of description,
// keeping what people wrote before and after it byte for byte. A
// description without a section gets it at its end, or, when people left
// a begin marker without an end, just before that marker.
func replaceSection(description, section string) string {
	i, j, ok := sectionBounds(description)
	switch {
	case ok:
		return description[:i] + section + description[j:]
	case i >= 0:
		return description[:i] + section + "\n\n" + description[i:]
	case description == "":
		return section
	}
	return description + "\n\n" + section
}

// stable drops the line naming the job, which changes every run, so that
// a new job alone is not a change.
func stable(section string) string {
	lines := strings.Split(strings.ReplaceAll(section, "\r\n", "\n"), "\n")
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasSuffix(l, jobMarker) })
	return strings.Join(lines, "\n")
}

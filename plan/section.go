package plan

import (
	"fmt"
	"slices"
	"strings"
)

// Markers keepup writes into issue descriptions.
const (
	fingerprintPrefix = "<!-- keepup:fingerprint "
	sectionBegin      = "<!-- keepup:begin -->"
	sectionEnd        = "<!-- keepup:end -->"
	jobMarker         = "<!-- keepup:job -->" // ends the line naming the job; ignored when comparing
)

// FingerprintOf returns the fingerprint marked in a description, or "".
func FingerprintOf(description string) string {
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

// section wraps a body into keepup's section of a description: the body,
// the job that wrote it, and the fingerprint marker.
func section(fp, body, jobURL string) string {
	var b strings.Builder
	b.WriteString(sectionBegin + "\n" + body + "\n\n")
	if jobURL != "" {
		fmt.Fprintf(&b, "Last updated by [this keepup job](%s). %s\n", jobURL, jobMarker)
	}
	fmt.Fprintf(&b, "%s%s -->\n%s", fingerprintPrefix, fp, sectionEnd)
	return b.String()
}

// sectionOf returns keepup's section of a description, markers included.
func sectionOf(description string) string {
	i := strings.Index(description, sectionBegin)
	j := strings.LastIndex(description, sectionEnd)
	if i < 0 || j < i {
		return ""
	}
	return description[i : j+len(sectionEnd)]
}

// replaceSection puts section in place of keepup's section of description,
// keeping what people wrote around it.
func replaceSection(description, section string) string {
	cur := sectionOf(description)
	if cur == "" {
		return strings.TrimSpace(description + "\n\n" + section)
	}
	return strings.Replace(description, cur, section, 1)
}

// stable drops the line naming the job, which changes every run, so that
// a new job alone is not a change.
func stable(section string) string {
	lines := strings.Split(strings.ReplaceAll(section, "\r\n", "\n"), "\n")
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasSuffix(l, jobMarker) })
	return strings.Join(lines, "\n")
}

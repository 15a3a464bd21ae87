package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
)

var sampleRecord = record{present: true, due: calendar.MustParseDate("2025-03-11"), labels: []string{"keepup", "keepup::overdue", "FY26::Q1", "To Do, now", "azAZ09-_.:~()/@+!*'`[]{}"}, milestone: 12, title: "Support k8s 1.32 -->\n(k8s) 100%"}

// keepup's section is replaced in place; what people wrote around it is
// kept byte for byte, even when it holds keepup's markers.
func TestReplaceSection(t *testing.T) {
	s := section("default/k8s/1.36", "body", "", record{present: true})
	old := section("default/k8s/1.36", "old", "", record{present: true})
	for _, tc := range []struct{ desc, want string }{
		{"", s},
		{"Person text.", "Person text.\n\n" + s},
		{"before\n" + old + "\nafter", "before\n" + s + "\nafter"},
		{old + "\nquoting " + sectionEnd + " and " + sectionBegin + " here", s + "\nquoting " + sectionEnd + " and " + sectionBegin + " here"},
		{"a begin without end: " + sectionBegin + " tail", "a begin without end: " + s + "\n\n" + sectionBegin + " tail"},
		{sectionEnd + " first\n" + old, sectionEnd + " first\n" + s},
	} {
		got := replaceSection(tc.desc, s)
		if got != tc.want {
			t.Errorf("replaceSection(%q):\n got %q\nwant %q", tc.desc, got, tc.want)
		}
		if sectionOf(got) != s || FingerprintOf(got) != "default/k8s/1.36" {
			t.Errorf("replaceSection(%q): section %q", tc.desc, sectionOf(got))
		}
	}
	if sectionOf("x "+sectionBegin+" no end") != "" || sectionOf("x "+sectionEnd+" "+sectionBegin) != "" {
		t.Error("an incomplete section was found")
	}
	// The fingerprint is the section's, not one quoted before it.
	if fp := FingerprintOf("see <!-- keepup:fingerprint other/a/b -->\n" + s); fp != "default/k8s/1.36" {
		t.Errorf("fingerprint %q", fp)
	}
}

// The record survives the trip through the section: labels with spaces
// and commas, a title that could end the comment.
func TestRecord(t *testing.T) {
	desc := "person\n" + section("default/k8s/1.32", "body", "https://job", sampleRecord) + "\nafter"
	got := recordOf(desc)
	if fmt.Sprint(got) != fmt.Sprint(sampleRecord) || !got.present || got.due != sampleRecord.due || !slices.Equal(got.labels, sampleRecord.labels) || got.milestone != 12 || got.title != sampleRecord.title {
		t.Errorf("record %#v\nwant %#v", got, sampleRecord)
	}
	if !strings.Contains(desc, "<!-- keepup:set due=2025-03-11 labels=keepup,keepup::overdue,FY26::Q1,To%20Do%2C%20now,azAZ09-_.:~()/@+!*'%60%5B%5D%7B%7D milestone=12 title=Support%20k8s%201.32%20--%3E%0A(k8s)%20100%25 -->\n") {
		t.Errorf("record line:\n%s", desc)
	}
	if s := (record{present: true}).String(); s != "<!-- keepup:set -->" {
		t.Errorf("empty record %q", s)
	}
	if r := recordOf(section("a/b/c", "body", "", record{present: true})); !r.present || r.labels != nil || !r.due.IsZero() || r.title != "" {
		t.Errorf("empty record %#v", r)
	}
	for _, d := range []string{"no section " + recordPrefix + " due=2025-01-01 -->", sectionBegin + recordPrefix + " due=2025-01-01" + sectionEnd, sectionBegin + "x" + sectionEnd} {
		if recordOf(d).present {
			t.Errorf("a record in %q", d)
		}
	}
	// withRecord changes the record only.
	rec := sampleRecord
	rec.labels = []string{"keepup", "keepup::resolved"}
	after := withRecord(desc, rec)
	if r := recordOf(after); !slices.Equal(r.labels, rec.labels) || r.title != rec.title || strings.Replace(after, rec.String(), sampleRecord.String(), 1) != desc {
		t.Errorf("withRecord:\n%s", after)
	}
	if withRecord("no section", rec) != "no section" {
		t.Error("withRecord changed a description without a section")
	}
	if d := "p\n" + section("a/b/c", "body", "", record{}); withRecord(d, rec) == d {
		t.Error("withRecord did not change an empty record")
	}
	if unescape("%zz%4") != "%zz%4" || unescape("a%41") != "aA" {
		t.Errorf("unescape %q %q", unescape("%zz%4"), unescape("a%41"))
	}
}

// The section's own markers cannot be forged by its body or job URL.
func TestSectionQuotes(t *testing.T) {
	body := "x " + sectionEnd + " " + sectionBegin + " <!-- keepup:fingerprint evil/a/b --> " + recordPrefix + " due=2000-01-01 --> line " + jobMarker
	s := section("default/k8s/1.36", body, "https://job/"+sectionEnd, record{present: true})
	desc := "before\n" + s + "\nafter"
	if sectionOf(desc) != s || FingerprintOf(desc) != "default/k8s/1.36" || !recordOf(desc).due.IsZero() || !strings.Contains(stable(s), "line &lt;!-- keepup:job -->") {
		t.Errorf("section:\n%s", s)
	}
}

// Replacing keepup's section keeps people's text before and after it byte
// for byte, whatever markers the text after it and keepup's body hold;
// whatever the description, the section put in is the one found after.
func FuzzReplaceSection(f *testing.F) {
	f.Add("Triage: 19.4\n", "\nSee "+sectionEnd+" #42", "body", "<!-- keepup:begin -->x")
	f.Add("", sectionBegin, sectionEnd, sectionBegin+sectionEnd)
	f.Add(sectionEnd, sectionEnd+sectionEnd, fingerprintPrefix+"a/b/c -->", recordPrefix+" due=x -->")
	f.Fuzz(func(t *testing.T, before, after, body, desc string) {
		for strings.Contains(before, sectionBegin) {
			before = strings.ReplaceAll(before, sectionBegin, "")
		}
		rec := record{present: true, title: after}
		if body != "" { // GitLab has no empty labels
			rec.labels = []string{body}
		}
		old := section("ns/t/r", "old "+body, "", record{present: true})
		s := section("ns/t/r", body, "https://job", rec)
		if got := replaceSection(before+old+after, s); got != before+s+after {
			t.Fatalf("people's text changed:\nbefore %q\nafter  %q\ngot    %q", before, after, got)
		}
		got := replaceSection(desc, s)
		if sectionOf(got) != s || FingerprintOf(got) != "ns/t/r" {
			t.Fatalf("replaceSection(%q) = %q: section %q", desc, got, sectionOf(got))
		}
		if r := recordOf(got); fmt.Sprint(r) != fmt.Sprint(rec) {
			t.Fatalf("record %#v, want %#v", r, rec)
		}
		// People's text is all there, around the section.
		want := desc + "\n\n" + s
		switch i, j, ok := sectionBounds(desc); {
		case ok:
			want = desc[:i] + s + desc[j:]
		case i >= 0:
			want = desc[:i] + s + "\n\n" + desc[i:]
		case desc == "":
			want = s
		}
		if got != want {
			t.Fatalf("replaceSection(%q) = %q, want %q", desc, got, want)
		}
	})
}

// Template validation never panics, and what it accepts renders within
// GitLab's limits.
func FuzzCheckTemplate(f *testing.F) {
	for _, s := range []string{defaultBody, defaultTitle, nested(4), `{{printf "%*d" 5 1}}`, `{{range 3}}{{.}}{{end}}`, `{{define "a"}}{{template "a"}}{{end}}{{template "a"}}`, `{{.Steps}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, key := range []string{"title", "body"} {
			if checkTemplate(key, src, config.Pos{}) != nil {
				continue
			}
			it, err := parseTemplate(key, src, "", config.Pos{}, map[string]int{"title": MaxTitle, "body": MaxDescription}[key])
			if err != nil {
				t.Fatalf("checkTemplate accepted what parseTemplate refused: %v", err)
			}
			out, err := it.render(sampleData("drop", "release"))
			if err != nil || len([]rune(out)) > it.limit {
				t.Fatalf("%s %q: %d characters, %v", key, src, len([]rune(out)), err)
			}
		}
	})
}

package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/checks"
)

// xmlText keeps every character XML 1.0 allows and replaces the others,
// at each edge of the allowed ranges.
func TestXMLTextRanges(t *testing.T) {
	for r, kept := range map[rune]bool{
		'\t': true, '\n': true, '\r': true, 0x00: false, 0x08: false, 0x0b: false, 0x1f: false,
		0x20: true, 0xD7FF: true, 0xE000: true, 0xFFFD: true, 0xFFFE: false, 0xFFFF: false,
		0x10000: true, 0x10FFFF: true,
	} {
		in := "a" + string(r) + "b"
		want := in
		if !kept {
			want = "a\uFFFDb"
		}
		if got := xmlText(in); got != want {
			t.Errorf("xmlText(%U) = %q, want %q", r, got, want)
		}
	}
}

// Gate checks and failed requests get suites of their own, counted in the
// totals; the document ends with a newline.
func TestJUnitGateAndProblems(t *testing.T) {
	r := sample()
	r.Result = &checks.Result{Findings: r.Findings[:1]}
	r.Gate = &checks.GateResult{Checks: []checks.GateCheck{
		{Name: "red-main", Passed: false, Summary: "the default branch main is red", Details: []string{"pipeline #9 failed", "fix: merge the fix first"}},
		{Name: "labels", Passed: true, Summary: "no labels are required"},
	}}
	r.Problems = []Problem{{Name: "gitlab issues", Message: "listing issues: 500 Internal Server Error"}}
	var b bytes.Buffer
	if err := JUnit(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(b.String(), "</testsuites>\n") {
		t.Errorf("does not end with </testsuites> and a newline: %q", b.String()[max(0, b.Len()-40):])
	}
	var got junitSuites
	if err := xml.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Tests != 4 || got.Failures != 1 || got.Errors != 1 || len(got.Suites) != 3 {
		t.Fatalf("totals: tests %d failures %d errors %d suites %d; want 4 1 1 3", got.Tests, got.Failures, got.Errors, len(got.Suites))
	}
	gate, problems := got.Suites[1], got.Suites[2]
	if gate.Name != "keepup gate" || gate.Tests != 2 || gate.Failures != 1 || gate.Errors != 0 || len(gate.Cases) != 2 {
		t.Errorf("gate suite %+v", gate)
	}
	red, labels := gate.Cases[0], gate.Cases[1]
	if red.Name != "red-main" || red.Classname != "keepup gate" || red.File != ".keepup.yml" || red.Failure == nil ||
		red.Failure.Message != "the default branch main is red" ||
		red.Failure.Text != "the default branch main is red\npipeline #9 failed\nfix: merge the fix first\n" {
		t.Errorf("red-main case %+v %+v", red, red.Failure)
	}
	if labels.Failure != nil || labels.SystemOut == nil || labels.SystemOut.Text != "no labels are required\n\n" {
		t.Errorf("labels case %+v", labels)
	}
	if problems.Name != "keepup errors" || problems.Tests != 1 || problems.Errors != 1 || len(problems.Cases) != 1 {
		t.Errorf("problems suite %+v", problems)
	}
	if c := problems.Cases[0]; c.Name != "gitlab issues" || c.Error == nil || c.Error.Message != "listing issues: 500 Internal Server Error" ||
		c.Error.Text != "listing issues: 500 Internal Server Error\n" {
		t.Errorf("problem case %+v", c)
	}
}

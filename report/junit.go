package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"gitlab.com/keepup/keepup/checks"
)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string `xml:"name,attr"`
	Tests     int    `xml:"tests,attr"`
	Failures  int    `xml:"failures,attr"`
	Errors    int    `xml:"errors,attr"`
	Skipped   int    `xml:"skipped,attr"`
	Timestamp string `xml:"timestamp,attr,omitempty"`
	File      string `xml:"file,attr,omitempty"`
	// Properties name the source and date of the suite's release data.
	Properties *junitProperties `xml:"properties"`
	Cases      []junitCase      `xml:"testcase"`
}

type junitProperties struct {
	Property []junitProperty `xml:"property"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failure   *junitMessage `xml:"failure"`
	Error     *junitMessage `xml:"error"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut *junitText    `xml:"system-out"`
}

// junitText is element text kept readable in the file: CDATA, not &#xA; escapes.
type junitText struct {
	Text string `xml:",cdata"`
}

// xmlText replaces the characters XML cannot hold (control characters
// other than tab and newlines) with U+FFFD. encoding/xml does so for
// escaped text, but not for CDATA.
func xmlText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF) {
			return r
		}
		return '\uFFFD'
	}, s)
}

type junitMessage struct {
	Type    string `xml:"type,attr"`
	Message string `xml:"message,attr"`
	Text    string `xml:",cdata"`
}

// The suites of gate results, of failed requests and of a run that
// enforces nothing. Their names have a
// space, which no target name can have.
const (
	gateSuite     = "keepup gate"
	problemsSuite = "keepup errors"
	policySuite   = "keepup policy"
)

// JUnit writes the report for GitLab's JUnit parser: one testsuite per
// target, one testcase per finding with classname = target and a name that
// is stable across runs (no dates), file = the policy. Overdue findings fail
// with the explanation as text (GitLab shows the text, not the message
// attribute), errors are errors, snoozed findings are skipped, and every
// other finding passes with its details in system-out.
func JUnit(w io.Writer, r Report) error {
	out := junitSuites{Name: "keepup"}
	index := map[string]int{}
	add := func(target string) *junitSuite {
		i, ok := index[target]
		if !ok {
			i = len(out.Suites)
			index[target] = i
			out.Suites = append(out.Suites, junitSuite{Name: target, Timestamp: r.GeneratedAt.UTC().Format("2006-01-02T15:04:05"), File: r.Policy})
		}
		return &out.Suites[i]
	}
	for _, f := range r.Findings {
		s := add(f.Target)
		if o, ok := r.ProductData[f.Product]; ok && s.Properties == nil {
			s.Properties = &junitProperties{[]junitProperty{{"data.product", f.Product}, {"data.source", o.Source}, {"data.date", o.Date.String()}}}
		}
		c := junitCase{Name: f.Product + " " + f.Release, Classname: f.Target, File: r.Policy}
		text := fmt.Sprintf("%s %s: %s\n%s\n", f.Target, f.Release, f.Status, strings.Join(f.Explain(), "\n"))
		if f.Issue != "" {
			text += "issue: " + f.Issue + "\n"
		}
		msg := &junitMessage{Type: string(f.Status), Message: f.Reason, Text: xmlText(text)}
		switch f.Status {
		case checks.Overdue:
			c.Failure = msg
			s.Failures++
		case checks.Error:
			c.Error = msg
			s.Errors++
		case checks.Snoozed:
			c.Skipped = msg
			s.Skipped++
		default:
			c.SystemOut = &junitText{xmlText(text)}
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	if r.Gate != nil {
		s := add(gateSuite)
		for _, g := range r.Gate.Checks {
			c := junitCase{Name: g.Name, Classname: gateSuite, File: r.Policy}
			text := g.Summary + "\n" + strings.Join(g.Details, "\n") + "\n"
			if g.Passed {
				c.SystemOut = &junitText{xmlText(text)}
			} else {
				c.Failure = &junitMessage{Type: "gate", Message: g.Summary, Text: xmlText(text)}
				s.Failures++
			}
			s.Tests++
			s.Cases = append(s.Cases, c)
		}
	}
	if r.Unenforced != "" {
		s := add(policySuite)
		s.Cases = append(s.Cases, junitCase{Name: "policy", Classname: policySuite, File: r.Policy,
			Skipped: &junitMessage{Type: "nothing enforced", Message: "nothing is enforced: " + r.Unenforced, Text: xmlText(r.Unenforced + "\n")}})
		s.Tests++
		s.Skipped++
	}
	if len(r.Problems) > 0 {
		s := add(problemsSuite)
		for _, p := range r.Problems {
			s.Cases = append(s.Cases, junitCase{Name: p.Name, Classname: problemsSuite, File: r.Policy,
				Error: &junitMessage{Type: "error", Message: p.Message, Text: xmlText(p.Message + "\n")}})
			s.Tests++
			s.Errors++
		}
	}
	for _, s := range out.Suites {
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

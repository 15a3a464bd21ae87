package report

import (
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// A run that enforces nothing says so first and last in the table, as a
// skipped JUnit case and in markdown; the JSON names the embedded default.
func TestUnenforced(t *testing.T) {
	r := Report{Meta: Meta{Policy: config.DefaultName, Unenforced: "nothing here"}, Result: &checks.Result{}}
	var text, junit, js, md strings.Builder
	if err := Text(&text, r, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(text.String(), "\n"), "\n")
	if len(lines) != 4 || lines[0] != "keepup: warning: nothing here" || lines[3] != lines[0] || lines[1] != "No releases to report." {
		t.Errorf("text:\n%s", text.String())
	}
	if err := JUnit(&junit, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<testsuite name="keepup policy" tests="1" failures="0" errors="0" skipped="1"`,
		`<testcase name="policy" classname="keepup policy" file="(embedded default policy)">`,
		`<skipped type="nothing enforced" message="nothing is enforced: nothing here"><![CDATA[nothing here`,
	} {
		if !strings.Contains(junit.String(), want) {
			t.Errorf("JUnit lacks %q:\n%s", want, junit.String())
		}
	}
	if err := JSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"policy": "embedded-default",`) {
		t.Errorf("JSON:\n%s", js.String())
	}
	if err := Markdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), ":warning: **Nothing is enforced:** nothing here.") {
		t.Errorf("markdown:\n%s", md.String())
	}

	// Otherwise: none of it.
	r.Unenforced, r.Policy = "", ".keepup.yml"
	text.Reset()
	junit.Reset()
	js.Reset()
	Text(&text, r, TextOptions{})
	JUnit(&junit, r)
	JSON(&js, r)
	if strings.Contains(text.String(), "warning") || strings.Contains(junit.String(), "keepup policy") || !strings.Contains(js.String(), `"policy": ".keepup.yml",`) {
		t.Errorf("an enforcing run:\n%s\n%s\n%s", text.String(), junit.String(), js.String())
	}
}

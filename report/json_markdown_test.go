package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/checks"
)

func jsonOf(t *testing.T, r Report) map[string]any {
	t.Helper()
	var b bytes.Buffer
	if err := JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	return got
}

// Lists are lists, never null, and carry what they were given.
func TestJSONListsAndGate(t *testing.T) {
	got := jsonOf(t, sample())
	if notes, ok := got["notes"].([]any); !ok || len(notes) != 1 || notes[0] != "an | odd note" {
		t.Errorf("notes %v, want the one note", got["notes"])
	}
	if _, ok := got["gate"]; ok {
		t.Error("gate present without a gate run")
	}
	if got["schema"] != "keepup/v1" || got["now"] != "2026-08-25" || got["generated_at"] != "2026-08-25T12:00:00Z" {
		t.Errorf("header %v %v %v", got["schema"], got["now"], got["generated_at"])
	}

	r := Report{Meta: sample().Meta, Result: &checks.Result{}}
	r.Gate = &checks.GateResult{PolicySource: "default branch", Checks: []checks.GateCheck{{Name: "labels", Passed: true, Summary: "ok"}}}
	r.Problems = []Problem{{Name: "gitlab issues", Message: "boom"}}
	got = jsonOf(t, r)
	for _, k := range []string{"notes", "findings"} {
		if l, ok := got[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %v, want []", k, got[k])
		}
	}
	gate := got["gate"].(map[string]any)
	checksJSON := gate["checks"].([]any)
	if gate["passed"] != true || gate["policy_source"] != "default branch" || len(checksJSON) != 1 {
		t.Errorf("gate %v", gate)
	}
	if details, ok := checksJSON[0].(map[string]any)["details"].([]any); !ok || len(details) != 0 {
		t.Errorf("gate check details %v, want []", checksJSON[0])
	}
	if errs := got["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["message"] != "boom" {
		t.Errorf("errors %v", got["errors"])
	}
}

func TestMarkdownGateProblemsAndEmpty(t *testing.T) {
	r := Report{Meta: sample().Meta, Result: &checks.Result{Notes: []string{"n"}}}
	r.Gate = &checks.GateResult{PolicySource: "the work tree's", Checks: []checks.GateCheck{
		{Name: "red-main", Summary: "red", Details: []string{"pipeline #9 failed"}},
		{Name: "labels", Passed: true, Summary: "fine"},
	}}
	r.Problems = []Problem{{Name: "gitlab issues", Message: "a | b"}}
	var b bytes.Buffer
	if err := Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	want := "### keepup gate: :no_entry: failed\n\nPolicy: the work tree's.\n\n" +
		"- :no_entry: **red-main**: red\n  - pipeline #9 failed\n- :white_check_mark: **labels**: fine\n\n" +
		"### keepup: no findings\n\nPolicy `.keepup.yml`, data test data of 2026-08-22, evaluated on 2026-08-25.\n\n" +
		"- :x: Error (gitlab issues): a \\| b\n- Note: n\n"
	if b.String() != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", b.String(), want)
	}
	r.Gate.Checks = r.Gate.Checks[1:]
	b.Reset()
	if err := Markdown(&b, r); err != nil || !strings.HasPrefix(b.String(), "### keepup gate: :white_check_mark: passed\n") {
		t.Errorf("passing gate: %q %v", b.String(), err)
	}
}

// An unknown value reads "-" in a table cell.
func TestMarkdownEmptyCells(t *testing.T) {
	var b bytes.Buffer
	if err := Markdown(&b, sample()); err != nil {
		t.Fatal(err)
	}
	if want := "| :white_check_mark: supported | a | 1 | 2025-01-01 | - | - | - | - |\n"; !strings.Contains(b.String(), want) {
		t.Errorf("markdown lacks %q:\n%s", want, b.String())
	}
}

package config

import (
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
)

// Labels that GitLab would split, trim or refuse never converge: keepup
// would set them again on every run. They are refused where they are written.
func TestLabelErrors(t *testing.T) {
	long := strings.Repeat("x", maxLabel+1)
	tests := []struct{ name, yaml, want string }{
		{"comma", "issues:\n  labels: [\"a,b\"]\n",
			`p.yml:7:12: issues.labels[0]: label "a,b" has a comma: GitLab splits labels on commas; use another character`},
		{"newline", "issues:\n  labels:\n    - \"group::a\\nb\"\n",
			`p.yml:8:7: issues.labels[0]: label "group::a\nb" has a line break or control character; labels are one line`},
		{"tab", "issues:\n  labels: [\"a\\tb\"]\n",
			`p.yml:7:12: issues.labels[0]: label "a\tb" has a line break or control character; labels are one line`},
		{"leading tab", "issues:\n  labels: [\"\\tb\"]\n",
			`p.yml:7:12: issues.labels[0]: label "\tb" has a line break or control character; labels are one line`},
		{"leading space", "issues:\n  labels: [ok, \" a\"]\n",
			`p.yml:7:16: issues.labels[1]: label " a" starts or ends with a space, which GitLab removes; remove it`},
		{"too long", "issues:\n  labels: [" + long + "]\n",
			`p.yml:7:12: issues.labels[0]: label "xxxxxxxxxxxxxxxxxxxx"... is 256 characters long; GitLab labels have at most 255`},
		{"issues.label comma", "issues:\n  label: keepup,bot\n",
			`p.yml:7:10: issues.label: label "keepup,bot" has a comma: GitLab splits labels on commas; use another character`},
		{"issues.label too long", "issues:\n  label: " + strings.Repeat("k", maxLabel-statusSuffix+1) + "\n",
			`p.yml:7:10: issues.label: label "kkkkkkkkkkkkkkkkkkkk"... is 242 characters long; keepup's status labels add up to 14 (::not-required) and GitLab labels have at most 255: use at most 241`},
		{"allow_labels", "gate:\n  red_main:\n    allow_labels: [\"main:broken, master:broken\"]\n",
			`p.yml:8:20: gate.red_main.allow_labels[0]: label "main:broken, master:broken" has a comma: GitLab splits labels on commas; use another character`},
		{"required", "gate:\n  labels:\n    required: [\"group::\\u0085\"]\n",
			`p.yml:8:16: gate.labels.required[0]: label "group::\u0085" has a line break or control character; labels are one line`},
		{"empty", "gate:\n  labels:\n    required: [\"\"]\n",
			`p.yml:8:16: gate.labels.required[0]: empty label`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(minimal+tt.yaml), "p.yml", products)
			wantError(t, err, tt.want)
		})
	}
	// The longest labels GitLab takes are fine: 255 characters, and
	// for issues.label room for keepup's "::not-required".
	p, err := Parse([]byte(minimal+"issues:\n  label: "+strings.Repeat("k", 241)+"\n  labels: ["+long[1:]+", \"ünïcödé\"]\n"), "p.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Issues.Label) != 241 || len(p.Issues.Labels) != 2 || len(p.Issues.Labels[0]) != 255 || p.Issues.Labels[1] != "ünïcödé" {
		t.Errorf("issues = %+v", p.Issues)
	}
}

func TestWindowBounds(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"zero window", strings.Replace(minimal, "3 months", "0 months", 1),
			`p.yml:5:13: targets[0].window: "0 months": a window is at least 1 month`},
		{"zero milestones", strings.Replace(minimal, "3 months", "0 milestones", 1),
			`p.yml:5:13: targets[0].window: "0 milestones": a window is at least 1 milestone`},
		{"zero warn", minimal + "    warn: 0 days\n",
			`p.yml:6:11: targets[0].warn: "0 days": a window is at least 1 day`},
		{"zero drop_after_eol", minimal + "    drop_after_eol: 0 weeks\n",
			`p.yml:6:21: targets[0].drop_after_eol: "0 weeks": a window is at least 1 week`},
		{"zero due_soon", minimal + "due_soon: 0 days\n",
			`p.yml:6:11: due_soon: "0 days": a window is at least 1 day`},
		{"121 months", strings.Replace(minimal, "3 months", "121 months", 1),
			`p.yml:5:13: targets[0].window: "121 months": a window is at most 120 months (ten years)`},
		{"121 milestones", strings.Replace(minimal, "3 months", "121 milestones", 1),
			`p.yml:5:13: targets[0].window: "121 milestones": a window is at most 120 milestones (ten years)`},
		{"521 weeks", minimal + "    drop_after_eol: 521 weeks\n",
			`p.yml:6:21: targets[0].drop_after_eol: "521 weeks": a window is at most 520 weeks (ten years)`},
		{"3651 days", "version: 1\ndue_soon: 3651 days\n",
			`p.yml:2:11: due_soon: "3651 days": a window is at most 3650 days (ten years)`},
		{"not a window", minimal + "    warn: 1 fortnight\n",
			`p.yml:6:11: targets[0].warn: "1 fortnight" is not a window: unit "fortnight" is not one of days, weeks, months, milestones`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "p.yml", products)
			wantError(t, err, tt.want)
		})
	}
	// The longest windows are fine.
	p, err := Parse([]byte(strings.Replace(minimal, "3 months", "120 milestones", 1)+
		"    warn: 120 months\n    drop_after_eol: 520 weeks\ndue_soon: 3650 days\n"), "p.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	tg := p.Targets[0]
	if tg.Window != (calendar.Window{N: 120, Unit: calendar.Milestones}) || tg.Warn.String() != "120 months" ||
		tg.DropAfterEOL.String() != "520 weeks" || p.DueSoon.String() != "3650 days" {
		t.Errorf("windows = %v %v %v %v", tg.Window, tg.Warn, tg.DropAfterEOL, p.DueSoon)
	}
}

// Target names and namespaces follow one rule, with one message.
func TestNames(t *testing.T) {
	for _, tt := range []struct{ yaml, want string }{
		{strings.Replace(minimal, "name: k", "name: -k", 1), `p.yml:3:11: targets[0].name: "-k" is not a name: use letters, digits, '.', '_' and '-'`},
		{minimal + "issues:\n  namespace: \"charts:v2\"\n", `p.yml:7:14: issues.namespace: "charts:v2" is not a namespace: use letters, digits, '.', '_' and '-'`},
		{minimal + "issues:\n  namespace: [a]\n", `p.yml:7:14: issues.namespace: expected a namespace, found a list`},
	} {
		_, err := Parse([]byte(tt.yaml), "p.yml", products)
		wantError(t, err, tt.want)
	}
	p, err := Parse([]byte(strings.Replace(minimal, "name: k", "name: K8s_1.x-2", 1)+"issues:\n  namespace: a.b_c-9\n"), "p.yml", products)
	if err != nil || p.Targets[0].Name != "K8s_1.x-2" || p.Issues.Namespace != "a.b_c-9" {
		t.Errorf("valid names: %v", err)
	}
}

// Errors quote at most 64 characters of a value, so that a long one does
// not flood the terminal.
func TestLongValuesClipped(t *testing.T) {
	long := strings.Repeat("x", 1000)
	clipped := strings.Repeat("x", 64) + "…"
	for _, tt := range []struct{ yaml, want string }{
		{minimal + "    " + long + ": 1\n", `p.yml:6:5: targets[0].` + clipped + `: unknown key; expected one of name, product, window, warn, drop_after_eol, filter, supported, detect, releases`},
		{minimal + "    filter: " + long + "\n", `p.yml:6:13: targets[0].filter: unknown filter "` + clipped + `"; expected one of lts, major, minor`},
		{minimal + "    warn: 3 " + long + "\n", `p.yml:6:11: targets[0].warn: expected a window like "3 months" or "2 milestones", found 1002 characters`},
		{strings.Replace(minimal, "name: k", "name: "+long+"!", 1), `p.yml:3:11: targets[0].name: "` + clipped + `" is not a name: use letters, digits, '.', '_' and '-'`},
		{minimal + "issues:\n  labels: [\"" + long + ",\"]\n", `p.yml:7:12: issues.labels[0]: label "` + clipped + `" has a comma: GitLab splits labels on commas; use another character`},
		{minimal + "ignore:\n  - {target: " + long + ", release: \"1\", until: 2026-01-01, reason: x}\n", `p.yml:7:6: ignore[0].target: no target is named "` + clipped + `"; the targets are k`},
		{"version: " + long + "\n", `p.yml:1:10: version: expected a whole number, found "` + clipped + `"`},
	} {
		_, err := Parse([]byte(tt.yaml), "p.yml", products)
		wantError(t, err, tt.want)
	}
}

// A value of exactly 64 characters is quoted whole, and parsed: the limit
// is on longer ones.
func TestValuesAtTheClipLimit(t *testing.T) {
	at := strings.Repeat("x", maxQuoted)
	for _, tt := range []struct{ yaml, want string }{
		{minimal + "    filter: " + at + "\n", `p.yml:6:13: targets[0].filter: unknown filter "` + at + `"; expected one of lts, major, minor`},
		{minimal + "    warn: 3 " + at[2:] + "\n", `p.yml:6:11: targets[0].warn: "3 ` + at[2:] + `" is not a window: unit "` + at[2:] + `" is not one of days, weeks, months, milestones`},
		{minimal + "    warn: 3 " + at[1:] + "\n", `p.yml:6:11: targets[0].warn: expected a window like "3 months" or "2 milestones", found 65 characters`},
	} {
		_, err := Parse([]byte(tt.yaml), "p.yml", products)
		wantError(t, err, tt.want)
	}
}

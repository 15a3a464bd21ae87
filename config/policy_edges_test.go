package config

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const edgeHead = "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n    window: 3 months\n"

func parseEdge(t *testing.T, yaml string) (*Policy, error) {
	t.Helper()
	p, err := Parse([]byte(yaml), "p.yml", products)
	if err != nil {
		var pe *Error
		if !errors.As(err, &pe) {
			t.Fatalf("Parse error %v is not a *config.Error", err)
		}
	}
	return p, err
}

// The values at the edges of what each key accepts: the last accepted and
// the first refused.
func TestPolicyEdges(t *testing.T) {
	good := []struct{ name, yaml string }{
		{"assignee 1", edgeHead + "issues:\n  assignees: [1]\n"},
		{"warn one unit shorter", strings.Replace(edgeHead, "window: 3 months", "warn: 2 months\n    window: 3 months", 1)},
		// Windows in different units are not compared: a month has no
		// fixed number of weeks.
		{"warn in weeks", strings.Replace(edgeHead, "window: 3 months", "warn: 3 weeks\n    window: 1 month", 1)},
		{"two ignores of one target", edgeHead + "  - name: u\n    product: ubuntu\n    window: 2 milestones\nignore:\n" +
			"  - {target: k, release: \"1.32\", until: 2026-01-01, reason: x}\n" +
			"  - {target: k, release: \"1.33\", until: 2026-01-01, reason: x}\n" +
			"  - {target: u, release: \"1.32\", until: 2026-01-01, reason: x}\n"},
		{"scope and label required", edgeHead + "gate:\n  labels:\n    required: [\"group::\", \"type::bug\", \"a::b::\"]\n"},
	}
	for _, tt := range good {
		if _, err := parseEdge(t, tt.yaml); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	bad := []struct{ name, yaml, want string }{
		{"assignee 0", edgeHead + "issues:\n  assignees: [0]\n", `p.yml:7:15: issues.assignees[0]: "0" is not a GitLab user ID`},
		{"assignee -5", edgeHead + "issues:\n  assignees: [-5]\n", `p.yml:7:15: issues.assignees[0]: "-5" is not a GitLab user ID`},
		{"assignee too large", edgeHead + "issues:\n  assignees: [9223372036854775808]\n", `p.yml:7:15: issues.assignees[0]: "9223372036854775808" is not a GitLab user ID`},
		{"warn as long as window", strings.Replace(edgeHead, "window: 3 months", "warn: 3 months\n    window: 3 months", 1), `p.yml:3:5: targets[0].warn: warn (3 months) must be shorter than window (3 months)`},
		{"scope without a name", edgeHead + "gate:\n  labels:\n    required: [\"::x\"]\n", `p.yml:8:15: gate.labels.required: "::x" is not a label or a scope like "group::"`},
		{"bare scope separator", edgeHead + "gate:\n  labels:\n    required: [\"a\", \"::\"]\n", `p.yml:8:15: gate.labels.required: "::" is not a label or a scope like "group::"`},
		{"required not a list", edgeHead + "gate:\n  labels:\n    required: 3\n", `p.yml:8:15: gate.labels.required: expected a list, found the number 3`},
		{"mapping as a number", edgeHead + "issues: 3\n", `p.yml:6:9: issues: expected a mapping of keys to values, found the number 3`},
		{"empty second document", "version: 1\n---\n", `the policy must be one YAML document; found 2`},
	}
	for _, tt := range bad {
		_, err := parseEdge(t, tt.yaml)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s:\n  got  %v\n  want %s", tt.name, err, tt.want)
		}
	}
}

// An empty section is the section's defaults.
func TestEmptySections(t *testing.T) {
	p, err := parseEdge(t, edgeHead+"calendar: {}\ndue_soon: 30 days\nissues: {}\ngate: {}\nignore: []\n")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Gate.RedMain.AllowLabels, DefaultGate().RedMain.AllowLabels) || !p.Gate.RedMain.Enabled ||
		p.Issues.Label != "keepup" || p.Issues.Pos.String() != "p.yml:8:9" || p.Gate.Pos.String() != "p.yml:9:7" ||
		len(p.Calendar.Dates) != 0 || p.Calendar.Source != "" || len(p.Ignore) != 0 {
		t.Errorf("policy %+v", p)
	}
}

func TestGateSection(t *testing.T) {
	p, err := parseEdge(t, edgeHead+`gate:
  red_main:
    enabled: false
    allow_labels: [fix::main]
    count_canceled: true
    ignore_sources: []
  labels:
    required: ["group::", type::bug]
`)
	if err != nil {
		t.Fatal(err)
	}
	g := p.Gate
	if g.RedMain.Enabled || !slices.Equal(g.RedMain.AllowLabels, []string{"fix::main"}) || !g.RedMain.CountCanceled ||
		g.RedMain.IgnoreSources == nil || len(g.RedMain.IgnoreSources) != 0 || !slices.Equal(g.Required, []string{"group::", "type::bug"}) {
		t.Errorf("gate %+v", g)
	}
	d := DefaultGate()
	if !d.RedMain.Enabled || d.RedMain.CountCanceled || !slices.Equal(d.RedMain.IgnoreSources, []string{"schedule"}) || len(d.Required) != 0 {
		t.Errorf("default gate %+v", d)
	}
}

func TestLoadReadsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".keepup.yml")
	if err := os.WriteFile(path, []byte(edgeHead), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path, products)
	if err != nil || p.File != path || len(p.Targets) != 1 || p.Targets[0].Pos.String() != path+":3:5" {
		t.Fatalf("Load = %+v, %v", p, err)
	}
	_, err = Load(filepath.Join(t.TempDir(), "missing.yml"), products)
	if err == nil || !strings.HasPrefix(err.Error(), "reading policy: ") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v", err)
	}
}

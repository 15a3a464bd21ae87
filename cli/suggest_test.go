package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every name a person types gets the closest known names when it is
// unknown: products (aliases and case accepted), targets, keys, releases,
// window units and flags. Each case runs the command line, policy and all.
func TestSuggestions(t *testing.T) {
	const target = "version: 1\ntargets:\n  - name: kubernetes\n    product: %s\n    window: %s\n    supported: [%s]\n"
	policy := func(product, window, supported string) string {
		return strings.NewReplacer("%s\n    window: %s", product+"\n    window: "+window, "[%s]", "["+supported+"]").Replace(target)
	}
	ok := policy("kubernetes", "3 months", `"1.35"`)
	tests := []struct {
		name   string
		policy string
		args   []string
		code   int
		want   string // in stderr, or with code 0 in stdout, which never names the product otherwise
	}{
		{"product typo", policy("ubunut", "3 months", `"24.04"`), nil, exitError,
			`p.yml:4:14: targets[0].product: unknown product "ubunut"; did you mean ubuntu?`},
		{"product with a digit", policy("rhel9", "3 months", `"9"`), nil, exitError,
			`targets[0].product: unknown product "rhel9"; did you mean rhel?`},
		{"product close to an alias", policy("postgress", "3 months", `"16"`), nil, exitError,
			`targets[0].product: unknown product "postgress"; did you mean postgresql?`},
		{"alias", policy("k8s", "3 months", `"1.35", "1.36"`), []string{"--json", "-"}, exitOK,
			`"product": "kubernetes"`},
		{"product in another case", policy("Kubernetes", "3 months", `"1.35", "1.36"`), []string{"--json", "-"}, exitOK,
			`"product": "kubernetes"`},
		{"target in ignore", ok + "ignore:\n  - {target: kubernets, release: \"1.36\", until: 2026-12-31, reason: later}\n", nil, exitError,
			`p.yml:8:6: ignore[0].target: no target is named "kubernets"; did you mean kubernetes?`},
		{"target of explain", ok, []string{"explain", "kubernets"}, exitError,
			`keepup: error: p.yml has no target "kubernets"; did you mean kubernetes?`},
		{"key", strings.Replace(ok, "window:", "windw:", 1), nil, exitError,
			`p.yml:5:5: targets[0].windw: unknown key; did you mean window?`},
		{"release", policy("kubernetes", "3 months", `"1.32", "1.330"`), nil, exitError,
			`p.yml:6:25: targets[0].supported[1]: kubernetes has no release "1.330" in the endoflife.date snapshot of 2026-08-22; did you mean 1.33 or 1.30?`},
		{"unit", policy("kubernetes", "3 moths", `"1.35"`), nil, exitError,
			`p.yml:5:13: targets[0].window: "3 moths" is not a window: unknown unit "moths"; did you mean "3 months"?`},
		{"flag", ok, []string{"check", "--polcy", "p.yml"}, exitError,
			`flag provided but not defined: -polcy (did you mean --policy?); see 'keepup check --help'`},
		{"flag with =", ok, []string{"explain", "kubernetes", "--nwo=2026-01-01"}, exitError,
			`flag provided but not defined: -nwo (did you mean --now?); see 'keepup explain --help'`},
		{"flag of another command", ok, []string{"explain", "kubernetes", "--fail-on", "never"}, exitError,
			`flag provided but not defined: -fail-on; see 'keepup explain --help'`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "p.yml"), []byte(tt.policy), 0o644); err != nil {
				t.Fatal(err)
			}
			args := tt.args
			switch {
			case len(args) == 0 || args[0] == "--json":
				args = append([]string{"check", "--policy", "p.yml"}, args...)
			case args[0] == "explain":
				args = append(args, "--policy", "p.yml")
			}
			code, stdout, stderr := runIn(t, dir, nil, append(args, "--now", "2026-08-25")...)
			out := stderr
			if tt.code == exitOK {
				out = stdout
			}
			if code != tt.code || !strings.Contains(out, tt.want) || strings.Contains(stdout, "k8s") || strings.Contains(stdout, "Kubernetes") {
				t.Errorf("exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", code, tt.code, tt.want, stdout, stderr)
			}
		})
	}
}

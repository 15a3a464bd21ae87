package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// readmeExample is one "$ keepup ..." line of a console block of the
// README, with the output printed under it.
type readmeExample struct {
	line    int
	env     []string // VAR=value words before keepup
	command string   // "keepup explain ...", without a trailing "> /dev/null"
	output  string   // the lines after it, up to the next "$ " or the block's end
}

// readmeExamples returns the examples of the README's ```console blocks.
func readmeExamples(t *testing.T, readme string) []readmeExample {
	t.Helper()
	var examples []readmeExample
	inConsole := false
	var cur *readmeExample
	for i, line := range strings.Split(readme, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case !inConsole && trimmed == "```console":
			inConsole = true
		case inConsole && trimmed == "```":
			inConsole, cur = false, nil
		case inConsole && strings.HasPrefix(line, "$ "):
			words := strings.Fields(strings.TrimPrefix(line, "$ "))
			ex := readmeExample{line: i + 1}
			for len(words) > 0 && regexp.MustCompile(`^[A-Z_]+=`).MatchString(words[0]) {
				ex.env, words = append(ex.env, words[0]), words[1:]
			}
			if n := len(words); n >= 2 && words[n-2] == ">" && words[n-1] == "/dev/null" {
				words = words[:n-2]
			}
			if len(words) == 0 || words[0] != "keepup" {
				t.Errorf("README.md:%d: a console example that does not run keepup: %s", i+1, line)
				continue
			}
			ex.command = strings.Join(words, " ")
			examples = append(examples, ex)
			cur = &examples[len(examples)-1]
		case inConsole && cur != nil:
			cur.output += line + "\n"
		case inConsole:
			t.Errorf("README.md:%d: output before any command in a console block", i+1)
		}
	}
	return examples
}

// TestREADMEExamples holds the README to its examples: each "$ keepup ..."
// of a console block runs in a testdata/script/readme_*.txtar script, with
// the environment it shows, and its output is one of that script's files
// (which the script compares the real output with). Each script names the
// README sections it mirrors ("# README: ## Section"), which must exist,
// and the policy it runs with (.keepup.yml) is shown in the README.
func TestREADMEExamples(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	paths, err := filepath.Glob("testdata/script/readme_*.txtar")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no readme scripts: %v", err)
	}
	scripts := map[string]*txtar.Archive{}
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			t.Fatal(err)
		}
		scripts[p] = a
		sections := regexp.MustCompile(`(?m)^# README: (#+ .+)$`).FindAllStringSubmatch(string(a.Comment), -1)
		if len(sections) == 0 {
			t.Errorf("%s names no README section (# README: ## Section)", p)
		}
		for _, s := range sections {
			if !strings.Contains(readme, "\n"+s[1]+"\n") {
				t.Errorf("%s: the README has no section %q", p, s[1])
			}
		}
		for _, f := range a.Files {
			if f.Name == ".keepup.yml" && !strings.Contains(readme, string(f.Data)) {
				t.Errorf("%s: its .keepup.yml is not shown in the README:\n%s", p, f.Data)
			}
		}
	}

	examples := readmeExamples(t, readme)
	if len(examples) < 5 {
		t.Fatalf("%d console examples in the README; the parser is broken", len(examples))
	}
	for _, ex := range examples {
		var runs []string // the scripts that run the command
		ok := false
		for p, a := range scripts {
			script := string(a.Comment)
			if !regexp.MustCompile(`(?m)^exits [0-9]+ ` + regexp.QuoteMeta(ex.command) + `$`).MatchString(script) {
				continue
			}
			runs = append(runs, p)
			envOK := true
			for _, e := range ex.env {
				envOK = envOK && regexp.MustCompile(`(?m)^env `+regexp.QuoteMeta(e)+`$`).MatchString(script)
			}
			outOK := ex.output == ""
			for _, f := range a.Files {
				outOK = outOK || string(f.Data) == ex.output
			}
			ok = ok || (envOK && outOK)
		}
		switch {
		case len(runs) == 0:
			t.Errorf("README.md:%d: %q runs in no testdata/script/readme_*.txtar", ex.line, ex.command)
		case !ok:
			t.Errorf("README.md:%d: %s runs in %v, but none has the environment %v and, as a file, the output the README shows:\n%s", ex.line, ex.command, runs, ex.env, ex.output)
		}
	}
}

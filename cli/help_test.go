package cli

import (
	"strings"
	"testing"
)

// Every command answers "help COMMAND", "COMMAND --help" and "COMMAND -h"
// with its own usage on stdout and exit 0, even with a bad environment;
// the three agree.
func TestHelpEveryCommand(t *testing.T) {
	dir := t.TempDir()
	for _, sp := range specs {
		want := "Usage: keepup " + sp.name
		var texts []string
		for _, args := range [][]string{{"help", sp.name}, {sp.name, "--help"}, {sp.name, "-h"}, {sp.name, "-help"}} {
			for _, environ := range []map[string]string{nil, {"KEEPUP_ALL": "perhaps", "KEEPUP_LOG_FORMAT": "xml"}} {
				code, stdout, stderr := runIn(t, dir, environ, args...)
				if code != exitOK || !strings.HasPrefix(stdout, want) || stderr != "" {
					t.Errorf("%v %v: exit %d, want 0 and %q first\n%s%s", environ, args, code, want, stdout, stderr)
				}
				if !strings.Contains(stdout, "-log-format FORMAT") {
					t.Errorf("%v: no --log-format in the help:\n%s", args, stdout)
				}
				texts = append(texts, stdout)
			}
		}
		for _, text := range texts[1:] {
			if text != texts[0] {
				t.Errorf("%s: help differs between the ways of asking:\n%s\n---\n%s", sp.name, texts[0], text)
			}
		}
		if !strings.Contains(usage, "keepup "+sp.name) {
			t.Errorf("the general usage does not list %s", sp.name)
		}
	}
}

func TestHelpTopics(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, stdout, stderr := runIn(t, dir, nil, args...)
		if code != exitOK || stdout != usage || stderr != "" {
			t.Errorf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
	}
	// An unknown topic or command: exit 2 with the list of commands.
	list := "keepup: hint: the commands are check, explain, gate, " + strings.Join(names()[3:len(specs)-1], ", ") + " and help; 'keepup help' says what each does\n"
	for args, want := range map[string]string{
		"help bogus": "keepup: error: no help for \"bogus\": it is no command\n" + list,
		"bogus":      "keepup: error: unknown command \"bogus\"\n" + list,
	} {
		code, stdout, stderr := runIn(t, dir, nil, strings.Fields(args)...)
		if code != exitError || stdout != "" || stderr != want {
			t.Errorf("%s: exit %d, stderr %q, want %q", args, code, stderr, want)
		}
	}
	if code, _, stderr := runIn(t, dir, nil, "help", "check", "explain"); code != exitError || stderr != "keepup: error: unexpected argument \"explain\"; see keepup help\n" {
		t.Errorf("help with two topics: exit %d: %q", code, stderr)
	}
	// No command: the usage on stderr, exit 2.
	if code, stdout, stderr := runIn(t, dir, nil); code != exitError || stdout != "" || stderr != usage {
		t.Errorf("no command: exit %d\n%s%s", code, stdout, stderr)
	}
}

func names() []string {
	var n []string
	for _, sp := range specs {
		n = append(n, sp.name)
	}
	return n
}

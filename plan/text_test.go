package plan

import (
	"strings"
	"testing"
)

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{
		"1.36":                   "1.36",
		"\n/close":               `\/close`,
		"a\n/close":              "a/close",
		"  /close":               `  \/close`,
		"/":                      `\/`,
		"a/b":                    "a/b",
		"x\r\n/label ~bug\x00\t": "x/label ~bug",
		"a\u2028/close\u2029":    "a/close",
		"\u0085/close":           `\/close`,
		"":                       "",
	} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"group::distribution": "`group::distribution`",
		"\n/close":            "`/close`",
		"a`b":                 "`` a`b ``",
		"`x":                  "`` `x ``",
		"a``b`":               "``` a``b` ```",
		"":                    "``",
	} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
}

// Whatever a name holds, neither helper's output can start a line.
func FuzzNeutralize(f *testing.F) {
	for _, s := range []string{"\n/close", "a\r/b", "`\n/x`", " /y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{"text " + Neutralize(s), Neutralize(s), Code(s)} {
			for _, line := range strings.FieldsFunc(out, func(r rune) bool { return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\u0085' }) {
				if strings.HasPrefix(strings.TrimLeft(line, " \t\f\v"), "/") {
					t.Fatalf("%q gives %q, a line of which starts with a slash", s, out)
				}
			}
		}
	})
}

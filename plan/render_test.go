package plan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

var bodyPos = config.Pos{File: ".keepup.yml", Line: 9, Col: 9}

// nested is a template of depth ranges over .Steps, one inside the other,
// writing a byte in the innermost: 16^depth bytes on the sample data.
func nested(depth int) string {
	return strings.Repeat("{{range $.Steps}}", depth) + "x" + strings.Repeat("{{end}}", depth)
}

// exponential is a small template whose output doubles with each line: 2^27
// bytes of "x" (134 MB) if nothing stopped it.
var exponential = func() string {
	var b strings.Builder
	b.WriteString(`{{define "t0"}}x{{end}}`)
	for i := 1; i <= 27; i++ {
		b.WriteString(`{{define "t` + strconv.Itoa(i) + `"}}{{template "t` + strconv.Itoa(i-1) + `"}}{{template "t` + strconv.Itoa(i-1) + `"}}{{end}}`)
	}
	b.WriteString(`{{template "t27"}}`)
	return b.String()
}()

// Templates that would render without bound fail fast, on the sample
// data, with an error naming the key.
func TestBoundedRender(t *testing.T) {
	printfDoubling := `{{$a := printf "%s%s" .Rule .Rule}}` + strings.Repeat(`{{$a = printf "%s%s" $a $a}}`, 30) + `{{$a}}`
	jsDoubling := `{{$a := "\\"}}` + strings.Repeat(`{{$a = js $a}}`, 40) + `{{len $a}}`
	longText := `{{$a := printf "%s" .Rule}}` + strings.Repeat(`{{$a = print $a $a}}`, 15) + strings.Repeat(`{{$a}}`, 40)
	for _, tc := range []struct {
		name, key, src, want string
		size                 int // bytes, at most
	}{
		{"nested ranges (16^9 bytes)", "body", nested(9), "runs more than 10000 loop iterations and template calls", 1000},
		{"template calls (2^27 bytes)", "body", exponential, "runs more than 10000 loop iterations and template calls", 1000},
		{"printf doubling", "body", printfDoubling, "builds more than 16 MiB of text", 1000},
		{"printf width", "body", `{{printf "%999999999d" 1}}`, "builds more than", 1000},
		{"printf width from an argument", "body", `{{printf "%*d" 999999999 1}}`, "builds more than", 1000},
		{"printf an argument many times", "body", `{{$a := printf "%0512d" 1}}{{$a = printf "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s" $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a $a}}{{$a = printf "%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s" $a}}{{$a = printf "%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s%[1]s" $a}}`, "builds more than", 1000},
		{"js doubling", "body", jsDoubling, "builds more than", 1000},
		{"long output", "body", longText, "renders more than 1048576 characters, GitLab's limit for an issue description", 1000},
		{"long title", "title", `{{range .Steps}}{{.}}{{end}}`, "renders more than 255 characters, GitLab's limit for an issue title", 1000},
		// Ten times the bound: past it, and quick to fail should the bound be lost.
		{"range over a number", "body", `{{range 100000}}{{end}}`, "runs more than 10000 loop iterations", 1000},
		{"recursion", "body", `{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}`, "runs more than 10000 loop iterations", 1000},
	} {
		pos := bodyPos
		err := checkTemplate(tc.key, tc.src, pos)
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Key != "issues."+tc.key || ce.Pos != pos || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v\nwant a *config.Error for issues.%s saying %q", tc.name, err, tc.key, tc.want)
		} else if len(err.Error()) > tc.size {
			t.Errorf("%s: a %d-byte error", tc.name, len(err.Error()))
		}
	}
	t.Logf("the exponential template has %d bytes", len(exponential))

	// Within the bounds, templates render: the loops and calls of a long
	// body, and printf with widths.
	for _, src := range []string{nested(3), `{{printf "%-10s|%5.2f|%[1]q" .Rule 3.14159}}`, `{{printf "%5"}}`, `{{define "a"}}{{.}}{{end}}{{range .Steps}}{{template "a" .}}{{end}}`, `{{html .Rule}}{{js .Rule}}{{urlquery .Rule}}{{println .Rule}}`} {
		if err := checkTemplate("body", src, bodyPos); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}

// Data from outside the policy cannot start a line or forge keepup's
// markers in what a template renders.
func TestRenderNeutralizes(t *testing.T) {
	o := options(func(o *Options) {
		o.Body = "{{.Release}}\n{{.Product}}\n{{range .Steps}}{{.}}\n{{end}}" + sectionEnd
		o.Title = "{{.Release}}"
	})
	p := planner(t, o)
	f := finding("\n/close", checks.Overdue)
	f.Product = "k8s\n/label ~x"
	pl := p.Sync([]checks.Finding{f}, nil)
	if len(pl.Actions) != 1 {
		t.Fatalf("%v %v", pl.Actions, pl.Errors)
	}
	d := pl.Actions[0].Draft
	for _, line := range strings.Split(d.Title+"\n"+d.Description, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "/") {
			t.Errorf("a line starts with a slash: %q", line)
		}
	}
	if d.Title != `\/close` || sectionOf(d.Description) != d.Description || strings.Count(d.Description, sectionEnd) != 1 {
		t.Errorf("title %q, description:\n%s", d.Title, d.Description)
	}
}

// BenchmarkExponentialTemplate measures how fast and small a template
// that would render 134 MB fails.
func BenchmarkExponentialTemplate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := checkTemplate("body", exponential, bodyPos); err == nil {
			b.Fatal("no error")
		}
		if err := checkTemplate("body", nested(9), bodyPos); err == nil {
			b.Fatal("no error")
		}
	}
}

// An escaping builtin refuses input that could grow past the bound before
// escaping any of it.
func TestEscaperChecksFirst(t *testing.T) {
	escaped := 0
	fn := (&budget{}).funcs(100)["js"].(func(...any) (string, error))
	if _, err := fn(strings.Repeat(`\`, 67)); !errors.Is(err, errTooMuchText) {
		t.Errorf("67 bytes that may grow 6 times past 400: %v", err)
	}
	esc := escaper(func(a ...any) string { escaped++; return "" }, 6, func(a []any) int { return len(a[0].(string)) }, func(s string) (string, error) { return s, nil }, 600)
	if _, err := esc(strings.Repeat("x", 101)); !errors.Is(err, errTooMuchText) || escaped != 0 {
		t.Errorf("101 bytes, growth 6, bound 600: %v, escaped %d times", err, escaped)
	}
	if _, err := esc(strings.Repeat("x", 100)); err != nil || escaped != 1 {
		t.Errorf("100 bytes: %v, escaped %d times", err, escaped)
	}
}

// The bounds are exact: what reaches a bound passes, a byte or a tick more
// does not.
func TestBoundsAreExact(t *testing.T) {
	call := func(b *budget, limit int, name string, args ...any) error {
		var err error
		switch fn := b.funcs(limit)[name].(type) {
		case func(...any) (string, error):
			_, err = fn(args...)
		case func(string, ...any) (string, error):
			_, err = fn(args[0].(string), args[1:]...)
		case func() (string, error):
			_, err = fn()
		}
		return err
	}
	// A result: size counts one byte more per argument than Sprint writes.
	for _, name := range []string{"print", "println"} {
		if err := call(&budget{}, 100, name, strings.Repeat("x", 399)); err != nil {
			t.Errorf("%s of 399 bytes, bound 400: %v", name, err)
		}
		if err := call(&budget{}, 100, name, strings.Repeat("x", 400)); !errors.Is(err, errTooMuchText) {
			t.Errorf("%s of 400 bytes, bound 400: %v", name, err)
		}
	}
	// printf: 36 bytes of format, a verb of 30 bytes: 36 + 10*30 + 64 = 400.
	format := "%s" + strings.Repeat("x", 34)
	if err := call(&budget{}, 100, "printf", format, strings.Repeat("y", 30)); err != nil {
		t.Errorf("printf at the bound: %v", err)
	}
	if err := call(&budget{}, 100, "printf", format+"x", strings.Repeat("y", 30)); !errors.Is(err, errTooMuchText) {
		t.Errorf("printf a byte past the bound: %v", err)
	}
	// The rendering's total: 16 MiB in all, no more.
	b := &budget{}
	chunk := strings.Repeat("x", 4<<20-1)
	for range 4 {
		if err := call(b, MaxDescription, "print", chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := call(b, MaxDescription, "print", "abcd"); err != nil || b.bytes != maxFuncBytes {
		t.Errorf("at 16 MiB: %v, %d bytes", err, b.bytes)
	}
	if err := call(b, MaxDescription, "print", "x"); !errors.Is(err, errTooMuchText) {
		t.Errorf("a byte past 16 MiB: %v", err)
	}
	// Ticks: the main template's and 9,999 iterations pass; one more does not.
	if err := checkTemplate("body", "{{range 9999}}{{end}}", bodyPos); err != nil {
		t.Errorf("10,000 ticks: %v", err)
	}
	if err := checkTemplate("body", "{{range 10000}}{{end}}", bodyPos); err == nil || !strings.Contains(err.Error(), "loop iterations") {
		t.Errorf("10,001 ticks: %v", err)
	}
}

// printfSize is an upper bound on printf's output: the format, and per
// verb its widths, ten times the largest argument and 64 bytes; a width
// from an argument, or past 2^30, is more than any bound.
func TestPrintfSize(t *testing.T) {
	for _, tc := range []struct {
		format string
		args   []any
		want   int
	}{
		{"", nil, 0},
		{"abc", nil, 3},
		{"%s", []any{"ab"}, 2 + 20 + 64},
		{"%10s|%-3.2f", []any{"ab", 1.5}, 11 + (10 + 30 + 64) + (5 + 30 + 64)},
		{"%+9d", []any{7}, 4 + 9 + 10 + 64},
		{"%-", nil, 2 + 64},
		{"100%", []any{"x"}, 4 + 10 + 64},
		{"%1073741824d", []any{1}, 12 + 1<<30 + 10 + 64},
		{"%1073741825d", []any{1}, 1 << 62},
		{"%99999999999999999999d", []any{1}, 1 << 62},
		{"%*d", []any{5, 1}, 1 << 62},
		{"%.*d", []any{5, 1}, 1 << 62},
	} {
		if got := printfSize(tc.format, tc.args); got != tc.want {
			t.Errorf("printfSize(%q, %v) = %d, want %d", tc.format, tc.args, got, tc.want)
		}
		if got, real := printfSize(tc.format, tc.args), len(fmt.Sprintf(tc.format, tc.args...)); got < real {
			t.Errorf("printfSize(%q) = %d, less than %d", tc.format, got, real)
		}
	}
}

func TestLimitedWriter(t *testing.T) {
	w := &limitedWriter{max: 5}
	for _, s := range []string{"abc", "de"} {
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("%q: %d, %v", s, n, err)
		}
	}
	if n, err := w.Write([]byte("f")); n != 0 || !errors.Is(err, errTooLong) || w.b.String() != "abcde" {
		t.Errorf("past the bound: %d, %v, %q", n, err, w.b.String())
	}
	w = &limitedWriter{max: 5}
	if _, err := w.Write([]byte("abcdef")); !errors.Is(err, errTooLong) {
		t.Errorf("one write past the bound: %v", err)
	}
}

// A title of 255 characters, each two bytes, is GitLab's limit exactly.
func TestTitleLimitIsExact(t *testing.T) {
	if err := checkTemplate("title", strings.Repeat("é", MaxTitle), bodyPos); err != nil {
		t.Errorf("255 characters: %v", err)
	}
	if err := checkTemplate("title", strings.Repeat("é", MaxTitle+1), bodyPos); err == nil || !strings.Contains(err.Error(), "renders more than 255 characters") {
		t.Errorf("256 characters: %v", err)
	}
}

package detect

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestParsePath(t *testing.T) {
	tests := []struct{ path, canonical string }{
		{".", "."},
		{".a", ".a"},
		{".kubeconform.parallel.matrix[*].KUBE_VERSION", ".kubeconform.parallel.matrix[*].KUBE_VERSION"},
		{".jobs.*.image", ".jobs[*].image"},
		{"[0].a", "[0].a"},
		{".a[12][*]", ".a[12][*]"},
		{`."build:el".image`, ".build:el.image"},
		{`."a.b"`, `."a.b"`},
		{`."a b"[0]`, `."a b"[0]`},
		{`."*"`, `."*"`},
		{`.""`, `.""`},
		{`."say \"hi\""`, `."say \"hi\""`},
		{`."back\\slash"`, `."back\\slash"`},
		{`.a\b`, `."a\\b"`},
		{".1.30", ".1.30"},
		// Written out, 1024 characters: the most a path may have.
		{"." + strings.Repeat("a", maxPath-5) + `\`, `."` + strings.Repeat("a", maxPath-5) + `\\"`},
	}
	for _, tt := range tests {
		p, err := ParsePath(tt.path)
		if err != nil {
			t.Errorf("ParsePath(%q): %v", tt.path, err)
			continue
		}
		if got := p.String(); got != tt.canonical {
			t.Errorf("ParsePath(%q).String() = %q, want %q", tt.path, got, tt.canonical)
		}
	}
	bad := []struct{ path, want string }{
		{"", `path "": start it with a dot, as in .image.tag`},
		{"a.b", `path "a.b": start it with a dot, as in .image.tag`},
		{"..a", `path "..a": a key is missing after the dot at column 1`},
		{".a.", `path ".a.": a key is missing after the dot at column 3`},
		{".a[", `path ".a[": [ without ]`},
		{".a[x]", `path ".a[x]": [x]: expected a list index such as [0], or [*]`},
		{".a[-1]", `path ".a[-1]": [-1]: expected a list index such as [0], or [*]`},
		{".a[+1]", `path ".a[+1]": [+1]: expected a list index such as [0], or [*]`},
		{".a[]", `path ".a[]": []: expected a list index such as [0], or [*]`},
		{".a]", `path ".a]": key "a]": quote keys with spaces, quotes or brackets, as in ."my key"`},
		{".a b", `path ".a b": key "a b": quote keys with spaces, quotes or brackets, as in ."my key"`},
		{".a[0]b", `path ".a[0]b": unexpected 'b' at column 6: steps start with . or [`},
		{`."a`, `path ".\"a": a quoted key has no closing quote`},
		{`."a"b`, `path ".\"a\"b": a quoted key is followed by 'b': expected . or [`},
		{`."a\n"`, `path ".\"a\\n\"": in a quoted key, a backslash goes before " or \ only`},
		{"." + strings.Repeat("a", maxPath), "path longer than 1024 characters"},
		// A key with a backslash is written quoted, the backslash doubled:
		// ."aa…a\\", 1025 characters.
		{"." + strings.Repeat("a", maxPath-4) + `\`, "path longer than 1024 characters when written with its keys quoted"},
	}
	for _, tt := range bad {
		if _, err := ParsePath(tt.path); err == nil || err.Error() != tt.want {
			t.Errorf("ParsePath(%q): %v, want %s", tt.path, err, tt.want)
		}
	}
}

// find formats what a path finds in a document as "TEXT@LINE:COL", or the
// miss, or the values that are no scalars.
func find(t *testing.T, path, doc string) string {
	t.Helper()
	p, err := ParsePath(path)
	if err != nil {
		t.Fatal(err)
	}
	found, miss, bad, err := p.find([]byte(doc))
	switch {
	case err != nil:
		return "error: " + err.Error()
	case miss != "":
		return "miss: " + miss
	}
	var out []string
	for _, v := range found {
		out = append(out, fmt.Sprintf("%s@%d:%d", v.text, v.line, v.col))
	}
	for _, b := range bad {
		out = append(out, "bad: "+b)
	}
	return strings.Join(out, " ")
}

func TestPathFind(t *testing.T) {
	const ci = `.defaults: &defaults
  KUBE_VERSION: "1.29"
.more: &more
  KUBE_VERSION: ["1.27", "1.26"]
job:
  parallel:
    matrix:
      - KUBE_VERSION: ["1.31.1", 1.30]
      - <<: *defaults
      - <<: [*more, *defaults]
        OTHER: x
      - <<: *defaults
        KUBE_VERSION: "1.28"
      - OTHER: y
`
	tests := []struct{ path, doc, want string }{
		{".job.parallel.matrix[*].KUBE_VERSION", ci, "1.31.1@8:24 1.30@8:34 1.29@2:17 1.27@4:18 1.26@4:26 1.28@13:23"},
		{".job.parallel.matrix[0].KUBE_VERSION", ci, "1.31.1@8:24 1.30@8:34"},
		{".job.parallel.matrix[0].KUBE_VERSION[1]", ci, "1.30@8:34"},
		{".job.parallel.matrix[9].KUBE_VERSION", ci, "miss: .job.parallel.matrix (line 8) has no [9].KUBE_VERSION"},
		{".job.parallel.matrix[2].OTHER", ci, "x@11:16"},
		{".job.parallel.matrix[*].OTHER", ci, "x@11:16 y@14:16"},
		{".job.paralel", ci, "miss: .job (line 6) has no .paralel; did you mean parallel?"},
		{".nope.a", ci, "miss: the document has no .nope.a"},
		{".jbo.parallel", ci, "miss: the document has no .jbo.parallel; did you mean job?"},
		{".*.KUBE_VERSION", ci, `1.29@2:17 1.27@4:18 1.26@4:26`},
		{".", "1.31\n", "1.31@1:1"},
		{".", "[1.30, 1.31]\n", "1.30@1:2 1.31@1:8"},
		{"[1]", "- 1.30\n- 1.31\n", "1.31@2:3"},
		{"[*]", "{a: 1.30, b: 1.31}\n", "1.30@1:5 1.31@1:14"},
		{".a[0]", "a: {b: 1}\n", "miss: .a (line 1) has no [0]"},
		{".a.b", "a: [1]\n", "miss: .a (line 1) has no .b"},
		// Several documents: every one is read.
		{".image.tag", "image: {tag: \"24.04\"}\n---\nimage:\n  tag: 22.04\n---\n", "24.04@1:14 22.04@4:8"},
		{".v", "v: |\n  1.30\n", "1.30@1:4"},
		{".v", "v: !!str 1.30\n", "1.30@1:9"},
		{".a.v", "a: &x {v: 9.6}\nb: *x\n", "9.6@1:11"},
		{".b.v", "a: &x {v: 9.6}\nb: *x\n", "9.6@1:11"},
		{`."a.b"`, "a.b: 1.30\na: {b: 9}\n", "1.30@1:6"},
		{".1.30", "1:\n  30: x\n", "x@2:7"},
		{".v", "v: {a: 1}\n", "bad: a mapping at line 1"},
		{".v", "v: [[1], 2]\n", "2@1:10 bad: a list at line 1"},
		{".v", "v: ~\n", "bad: nothing (null) at line 1"},
		{".v", "v: yes\n", "yes@1:4"}, // YAML 1.2: a string
		{".v", "v: false\n", `bad: a boolean at line 1`},
		{".v", "v: [1\n", "error: reading YAML: [1:4] sequence end token ']' not found"},
		{".v", "", "miss: the document has no .v"},
	}
	for _, tt := range tests {
		if got := find(t, tt.path, tt.doc); got != tt.want {
			t.Errorf("%s in\n%s\n  got  %s\n  want %s", tt.path, tt.doc, got, tt.want)
		}
	}
}

// Aliases can make a small file a huge tree: the walk stops.
func TestPathFindBounded(t *testing.T) {
	var doc strings.Builder
	doc.WriteString("a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1]\n")
	for i := 1; i < 12; i++ {
		fmt.Fprintf(&doc, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	got := find(t, ".a11"+strings.Repeat("[*]", 11), doc.String())
	if !strings.HasSuffix(got, fmt.Sprintf("bad: more than %d nodes on the path (aliases?): stopped there", maxVisits)) {
		t.Errorf("the walk of a billion nodes was not stopped: ...%s", got[max(0, len(got)-200):])
	}
}

// FuzzPath checks that what ParsePath accepts it writes back in a form it
// reads as the same path, and that finding a path in any document neither
// panics nor finds values with no place.
func FuzzPath(f *testing.F) {
	for _, p := range []string{".", ".a.b[*].c", `."a.b"[0]`, ".*", "[1]", `."\""`} {
		f.Add(p, []byte("a:\n  b:\n    - c: 1.30\n    - c: [1, 2]\n"))
	}
	f.Add(".a", []byte("a: &x [*x]\n"))
	f.Add(".a.b", []byte("x: &x {b: 1}\na:\n  <<: *x\n"))
	f.Fuzz(func(t *testing.T, path string, doc []byte) {
		p, err := ParsePath(path)
		if err != nil {
			return
		}
		again, err := ParsePath(p.String())
		if err != nil || !slices.Equal(again.steps, p.steps) {
			t.Fatalf("%q reads back from %q as %v, %v", path, p.String(), again.steps, err)
		}
		found, miss, bad, err := p.find(doc)
		if err != nil {
			return
		}
		if (miss != "") != (len(found) == 0 && len(bad) == 0) {
			t.Fatalf("miss %q with %d found and %d bad", miss, len(found), len(bad))
		}
		for _, v := range found {
			if v.line < 1 || v.col < 1 {
				t.Fatalf("value %+v has no place", v)
			}
		}
	})
}

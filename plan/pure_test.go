package plan

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The plan does no I/O and knows no GitLab client: its files import only
// these packages.
func TestPure(t *testing.T) {
	allowed := []string{
		"cmp", "embed", "errors", "fmt", "io", "net/url", "slices", "strconv", "strings", "text/template", "text/template/parse", "time",
		"unicode", "unicode/utf8",
		"gitlab.com/keepup/keepup/calendar", "gitlab.com/keepup/keepup/checks", "gitlab.com/keepup/keepup/config",
		"gitlab.com/keepup/keepup/mermaid", // text only: the issue body's timeline
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !slices.Contains(allowed, path) {
				t.Errorf("%s imports %s", name, path)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no imports found: wrong directory?")
	}
}

package detect

import (
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// tree is a repository for glob tests: nested directories, hidden ones,
// the skipped ones at several depths, and names with pattern characters.
var tree = func() fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, name := range []string{
		"Dockerfile", "x.yml", ".gitlab-ci.yml", "README.md",
		"a/Dockerfile", "a/x.yml", "a/b/Dockerfile", "a/b/c/x.yml", "a/a/a/x.yml",
		".github/workflows/ci.yml", ".github/workflows/release.yaml",
		".git/HEAD", ".git/x.yml", "node_modules/m/x.yml", "vendor/v/x.yml", "vendor/x.yml",
		"a/vendor/x.yml", "a/node_modules/x.yml", "a/b/.git/x.yml", "vendors/x.yml",
		"charts/app/Chart.yaml", "charts/app/charts/redis/Chart.yaml", "charts/db/Chart.yaml",
		"a b/x.yml", "[x]/x.yml", "star*/x.yml", "dir.yml/x.yml", "a/b/vendor",
	} {
		fsys[name] = &fstest.MapFile{Data: []byte("1.30\n")}
	}
	return fsys
}()

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern string
		want    string
	}{
		{"Dockerfile", "Dockerfile"},
		{"a/b/Dockerfile", "a/b/Dockerfile"},
		{"a/b", ""},        // a directory is no file
		{"nope/x.yml", ""}, // nor is what is not there
		{"x.yml/y", ""},    // a file is no directory
		{"*.yml", ".gitlab-ci.yml x.yml"},
		{"*/x.yml", "[x]/x.yml a b/x.yml a/x.yml dir.yml/x.yml star*/x.yml vendors/x.yml"},
		{"**/Dockerfile", "Dockerfile a/Dockerfile a/b/Dockerfile"},
		{"**/x.yml", "[x]/x.yml a b/x.yml a/a/a/x.yml a/b/c/x.yml a/x.yml dir.yml/x.yml star*/x.yml vendors/x.yml x.yml"},
		{"**/**/x.yml", "[x]/x.yml a b/x.yml a/a/a/x.yml a/b/c/x.yml a/x.yml dir.yml/x.yml star*/x.yml vendors/x.yml x.yml"},
		{"a/**", "a/Dockerfile a/a/a/x.yml a/b/Dockerfile a/b/c/x.yml a/b/vendor a/x.yml"},
		{"a/**/x.yml", "a/a/a/x.yml a/b/c/x.yml a/x.yml"},
		{"a/**/a/x.yml", "a/a/a/x.yml"},
		{"a/*/x.yml", ""},
		{"a/*/*/x.yml", "a/a/a/x.yml a/b/c/x.yml"},
		{"charts/*/Chart.yaml", "charts/app/Chart.yaml charts/db/Chart.yaml"},
		{".github/workflows/*.y*ml", ".github/workflows/ci.yml .github/workflows/release.yaml"},
		{"**/*.yaml", ".github/workflows/release.yaml charts/app/Chart.yaml charts/app/charts/redis/Chart.yaml charts/db/Chart.yaml"},
		{"?.yml", "x.yml"},
		{"[a-c]/x.yml", "a/x.yml"},
		{`\[x]/x.yml`, "[x]/x.yml"},
		{`star\*/x.yml`, "star*/x.yml"},
		// Named literally, skipped directories are read; wildcards never enter them.
		{"vendor/x.yml", "vendor/x.yml"},
		{"vendor/*/x.yml", "vendor/v/x.yml"},
		{"**/vendor/x.yml", "a/vendor/x.yml vendor/x.yml"},
		{".git/*", ".git/HEAD .git/x.yml"},
		{"*/HEAD", ""},
		{"vendor*/x.yml", "vendors/x.yml"},
		{"vendor", ""},              // a directory
		{"**/vendor", "a/b/vendor"}, // a file of that name
		{"a/*/vendor", "a/b/vendor"},
		{"*", ".gitlab-ci.yml Dockerfile README.md x.yml"},
	}
	for _, tt := range tests {
		repo := NewRepo(tree)
		for range 2 { // the second time from the listings read the first
			got, err := repo.glob(tt.pattern)
			if err != nil || strings.Join(got, " ") != tt.want {
				t.Errorf("glob(%q) = %q, %v; want %q", tt.pattern, strings.Join(got, " "), err, tt.want)
			}
		}
	}
}

func TestCheckGlob(t *testing.T) {
	for _, good := range []string{"a", "a/b", "**", "**/a", "a/**", "*.yml", `\*`, "[a-z]", ".gitlab-ci.yml", ".github/*/x"} {
		if err := CheckGlob(good); err != nil {
			t.Errorf("CheckGlob(%q): %v", good, err)
		}
	}
	for _, tt := range []struct{ pattern, want string }{
		{"", "empty file pattern"},
		{"/etc/passwd", `"/etc/passwd": give a path relative to the repository root, not an absolute one`},
		{"a//b", `"a//b": empty path step (// or a trailing /)`},
		{"a/", `"a/": empty path step (// or a trailing /)`},
		{"./a", `"./a": . steps are not allowed: patterns stay inside the repository`},
		{"a/../../b", `"a/../../b": .. steps are not allowed: patterns stay inside the repository`},
		{"a/[x", `"a/[x": malformed pattern step "[x"`},
		{`a\`, `"a\\": malformed pattern step "a\\"`},
	} {
		if err := CheckGlob(tt.pattern); err == nil || err.Error() != tt.want {
			t.Errorf("CheckGlob(%q): %v, want %s", tt.pattern, err, tt.want)
		}
		if _, err := NewRepo(tree).glob(tt.pattern); err == nil {
			t.Errorf("glob(%q) accepted a bad pattern", tt.pattern)
		}
	}
}

// refMatch is a plain statement of what a pattern matches: each step
// matches one path step, ** any number of them; a directory that a
// wildcard (not a literal step) would pass through must not be skipped.
func refMatch(pat, name []string) bool {
	if len(pat) == 0 {
		return len(name) == 0
	}
	if pat[0] == "**" {
		if len(pat) == 1 { // every file below, through no skipped directory
			return len(name) > 0 && !anySkipped(name[:len(name)-1])
		}
		for i := 0; i < len(name) && !anySkipped(name[:i]); i++ {
			if refMatch(pat[1:], name[i:]) {
				return true
			}
		}
		return false
	}
	if len(name) == 0 {
		return false
	}
	if ok, _ := path.Match(pat[0], name[0]); !ok {
		return false
	}
	if len(name) > 1 && hasMeta(pat[0]) && slices.Contains(Skipped, name[0]) {
		return false
	}
	return refMatch(pat[1:], name[1:])
}

func anySkipped(dirs []string) bool {
	return slices.ContainsFunc(dirs, func(d string) bool { return slices.Contains(Skipped, d) })
}

// FuzzGlob checks glob against refMatch over every file of tree, with a
// fresh Repo and with one that has listed everything already.
func FuzzGlob(f *testing.F) {
	for _, p := range []string{"**", "**/x.yml", "a/**/x.yml", "*/x.yml", "vendor/*", "**/vendor/x.yml", "a/**/b/**/x.yml", "[x]/*", `\[x]/*`, "**/.git/*", ".*/*"} {
		f.Add(p)
	}
	warm := NewRepo(tree)
	if _, err := warm.glob("**"); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		if CheckGlob(pattern) != nil {
			return
		}
		segs := slices.CompactFunc(strings.Split(pattern, "/"), func(a, b string) bool { return a == "**" && b == "**" })
		var want []string
		for name := range tree {
			if refMatch(segs, strings.Split(name, "/")) {
				want = append(want, name)
			}
		}
		slices.Sort(want)
		for _, repo := range []*Repo{NewRepo(tree), warm} {
			got, err := repo.glob(pattern)
			if err != nil || !slices.Equal(got, want) {
				t.Fatalf("glob(%q) = %q, %v; want %q", pattern, got, err, want)
			}
		}
	})
}

// countingFS counts the calls that reach the file system.
type countingFS struct {
	fs.FS
	calls int
}

func (c *countingFS) Open(name string) (fs.File, error) { c.calls++; return c.FS.Open(name) }

// A pattern is matched once per Repo: asked again, Glob touches no file,
// and what it returns is the caller's to change.
func TestGlobOnce(t *testing.T) {
	fsys := &countingFS{FS: tree}
	repo := NewRepo(fsys)
	first, err := repo.Glob("**/x.yml")
	if err != nil || len(first) == 0 || fsys.calls == 0 {
		t.Fatalf("Glob = %q, %v after %d calls", first, err, fsys.calls)
	}
	want, calls := slices.Clone(first), fsys.calls
	first[0] = "changed"
	again, err := repo.Glob("**/x.yml")
	if err != nil || !slices.Equal(again, want) || fsys.calls != calls {
		t.Errorf("Glob again = %q, %v with %d more calls; want %q and none", again, err, fsys.calls-calls, want)
	}
	if _, err := repo.Glob("a/../x"); err == nil {
		t.Error("a bad pattern is no error")
	}
}

func TestReadFile(t *testing.T) {
	repo := NewRepo(fstest.MapFS{"big": {Data: make([]byte, 11)}, "small": {Data: []byte("0123456789")}})
	repo.MaxFileSize = 10
	if data, err := repo.ReadFile("small"); err != nil || string(data) != "0123456789" {
		t.Errorf("small: %q, %v", data, err)
	}
	if _, err := repo.ReadFile("big"); err == nil || !strings.Contains(err.Error(), "over the limit of 10") {
		t.Errorf("big: %v", err)
	}
}

package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRepoPath(t *testing.T) {
	tests := []struct {
		file, dir, root string
		want            string // "" for outside
	}{
		{".keepup.yml", "/repo", "/repo", ".keepup.yml"},
		{".keepup.yml", "/repo/sub", "/repo", "sub/.keepup.yml"},
		{"../ci/keepup.yml", "/repo/sub", "/repo", "ci/keepup.yml"},
		{"/repo/ci/keepup.yml", "/elsewhere", "/repo", "ci/keepup.yml"},
		{"./ci//keepup.yml", "/repo", "", "ci/keepup.yml"}, // no root known: dir is the root
		{"ci/keepup.yml", "/repo", "ci", "keepup.yml"},     // a relative root is relative to dir
		{"../keepup.yml", "/repo", "/repo", ""},
		{"..", "/repo", "/repo", ""},
		{"/etc/keepup.yml", "/repo", "/repo", ""},
		{"../keepup.yml", "/repo", "", ""},
		{"x.yml", "/elsewhere", "/repo", ""},
		{"..keepup.yml", "/repo", "/repo", "..keepup.yml"}, // a name starting with dots is inside
	}
	for _, tt := range tests {
		got, err := RepoPath(tt.file, tt.dir, tt.root)
		var outside *OutsideError
		switch {
		case tt.want == "" && !errors.As(err, &outside):
			t.Errorf("RepoPath(%q, %q, %q) = %q, %v; want it refused as outside the repository", tt.file, tt.dir, tt.root, got, err)
		case tt.want == "" && outside.File != tt.file:
			t.Errorf("RepoPath(%q, ...): the error names %q", tt.file, outside.File)
		case tt.want != "" && (err != nil || got != tt.want):
			t.Errorf("RepoPath(%q, %q, %q) = %q, %v; want %q", tt.file, tt.dir, tt.root, got, err, tt.want)
		}
	}
	_, err := RepoPath("../x.yml", "/repo", "/repo")
	if err == nil || err.Error() != "../x.yml is outside the repository (/repo)" {
		t.Errorf("error: %v", err)
	}
}

// tree makes files (and directories, ending in /) under a new directory.
func tree(t *testing.T, paths ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte("version: 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestRepoRoot(t *testing.T) {
	r := tree(t, "repo/.git/", "repo/a/b/", "wt/.git", "wt/sub/", "plain/x/")
	tests := []struct {
		dir, projectDir, want string
	}{
		{"repo/a/b", "", "repo"},
		{"repo", "", "repo"},
		{"wt/sub", "", "wt"}, // a worktree's .git is a file
		{"repo/a/b", r + "/repo/a", "repo/a"},
		{"repo/a/b", "..", "repo/a"}, // a relative CI_PROJECT_DIR is relative to dir
	}
	for _, tt := range tests {
		if got := RepoRoot(filepath.Join(r, tt.dir), tt.projectDir); got != filepath.Join(r, tt.want) {
			t.Errorf("RepoRoot(%s, %q) = %s, want %s", tt.dir, tt.projectDir, got, tt.want)
		}
	}
	// No .git up from here: no root, unless one is above the temporary directory.
	if got := RepoRoot(filepath.Join(r, "plain/x"), ""); got != "" && strings.HasPrefix(got, r) {
		t.Errorf("RepoRoot(plain/x) = %s, want none", got)
	}
}

func TestFind(t *testing.T) {
	r := tree(t, "repo/.keepup.yml", "repo/a/b/", "repo/a/c/.keepup.yaml", "repo/both/.keepup.yml", "repo/both/.keepup.yaml", "repo/both/x/",
		"bare/a/", "other/")
	tests := []struct {
		dir, root, want, err string
	}{
		{"repo", "repo", ".keepup.yml", ""},
		{"repo/a/b", "repo", "../../.keepup.yml", ""},
		{"repo/a/c", "repo", ".keepup.yaml", ""},
		{"repo/a/b", "repo/a", "", ""}, // the search stops at the root
		{"repo/a", "repo/a", "", ""},   // dir is the root: nothing above
		{"repo/a", "repo/a/b", "", ""}, // a root below dir: dir alone
		{"repo/a/b", "", "", ""},       // no root: dir alone
		{"repo/a/b", "other", "", ""},  // a root that does not hold dir: dir alone
		{"repo/both/x", "repo", "", "both ../.keepup.yml and ../.keepup.yaml exist: keep one policy file"},
		{"repo/both", "", "", "both .keepup.yml and .keepup.yaml exist: keep one policy file"},
		{"bare/a", "bare", "", ""},
	}
	for _, tt := range tests {
		root := ""
		if tt.root != "" {
			root = filepath.Join(r, tt.root)
		}
		got, err := Find(filepath.Join(r, tt.dir), root)
		if got != tt.want || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("Find(%s, %s) = %q, %v; want %q, %q", tt.dir, tt.root, got, err, tt.want, tt.err)
		}
	}
	// A root that cannot be related to dir (relative, dir absolute): dir alone.
	if got, err := Find(filepath.Join(r, "repo/a/b"), "repo"); got != "" || err != nil {
		t.Errorf("Find(repo/a/b, relative root) = %q, %v; want none", got, err)
	}
}

// branch is a fake branch: files by path from the root.
type branch map[string]string

func (b branch) read(asked *[]string) ReadFunc {
	return func(_ context.Context, path string) ([]byte, bool, error) {
		*asked = append(*asked, path)
		if path == "broken.yml" || path == "broken/.keepup.yaml" {
			return nil, false, errors.New("reading " + path + " at main: 500")
		}
		data, ok := b[path]
		if !ok {
			return nil, false, nil
		}
		return []byte(data), true, nil
	}
}

func TestFindOnBranch(t *testing.T) {
	ctx := context.Background()
	b := branch{".keepup.yml": "root policy", "ci/keepup.yml": "ci policy", "a/.keepup.yaml": "a policy",
		"both/.keepup.yml": "1", "both/.keepup.yaml": "2"}
	tests := []struct {
		explicit, dir string
		path, data    string
		err           string
		asked         string
	}{
		// Named: that file, or an error.
		{"ci/keepup.yml", "/repo", "ci/keepup.yml", "ci policy", "", "ci/keepup.yml"},
		{"keepup.yml", "/repo/ci", "ci/keepup.yml", "ci policy", "", "ci/keepup.yml"},
		{"missing.yml", "/repo", "", "", "missing.yml is not there", "missing.yml"},
		{"../x.yml", "/repo", "", "", "../x.yml is outside the repository (/repo)", ""},
		{"broken.yml", "/repo", "", "", "reading broken.yml at main: 500", "broken.yml"},
		// Discovered: both names in each directory, from dir up to the root.
		{"", "/repo", ".keepup.yml", "root policy", "", ".keepup.yml .keepup.yaml"},
		{"", "/repo/a", "a/.keepup.yaml", "a policy", "", "a/.keepup.yml a/.keepup.yaml"},
		{"", "/repo/a/b", "a/.keepup.yaml", "a policy", "", "a/b/.keepup.yml a/b/.keepup.yaml a/.keepup.yml a/.keepup.yaml"},
		{"", "/repo/c/d", ".keepup.yml", "root policy", "", "c/d/.keepup.yml c/d/.keepup.yaml c/.keepup.yml c/.keepup.yaml .keepup.yml .keepup.yaml"},
		{"", "/elsewhere", ".keepup.yml", "root policy", "", ".keepup.yml .keepup.yaml"}, // outside the repository: its root
		{"", "/repo/both", "", "", "both both/.keepup.yml and both/.keepup.yaml exist: keep one policy file", "both/.keepup.yml both/.keepup.yaml"},
		{"", "/repo/broken", "", "", "reading broken/.keepup.yaml at main: 500", "broken/.keepup.yml broken/.keepup.yaml"},
	}
	for _, tt := range tests {
		var asked []string
		path, data, err := FindOnBranch(ctx, b.read(&asked), tt.explicit, tt.dir, "/repo")
		if path != tt.path || string(data) != tt.data || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("FindOnBranch(%q, %q) = %q, %q, %v; want %q, %q, %q", tt.explicit, tt.dir, path, data, err, tt.path, tt.data, tt.err)
		}
		if got := strings.Join(asked, " "); got != tt.asked {
			t.Errorf("FindOnBranch(%q, %q) read %q, want %q", tt.explicit, tt.dir, got, tt.asked)
		}
	}
	// Nothing on the branch: no policy, no error.
	var asked []string
	if path, data, err := FindOnBranch(ctx, branch{}.read(&asked), "", "/repo/a", "/repo"); path != "" || data != nil || err != nil || len(asked) != 4 {
		t.Errorf("empty branch: %q, %q, %v after reading %q", path, data, err, asked)
	}
	var missing *MissingError
	if _, _, err := FindOnBranch(ctx, b.read(&asked), "nope.yml", "/repo", ""); !errors.As(err, &missing) || missing.Path != "nope.yml" {
		t.Errorf("named and missing: %v, want a *MissingError", err)
	}
}

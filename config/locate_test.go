package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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

func TestFind(t *testing.T) {
	dir := t.TempDir()
	if got := Find("", dir); got != "" {
		t.Errorf("no policy: %q, want none", got)
	}
	if got := Find("ci/p.yml", dir); got != "ci/p.yml" {
		t.Errorf("named: %q", got)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Find("", dir); got != FileName {
		t.Errorf("with %s: %q", FileName, got)
	}
	if got := Find("other.yml", dir); got != "other.yml" {
		t.Errorf("named beats found: %q", got)
	}
}

// branch is a fake branch: files by path from the root.
type branch map[string]string

func (b branch) read(asked *[]string) ReadFunc {
	return func(_ context.Context, path string) ([]byte, bool, error) {
		*asked = append(*asked, path)
		if path == "broken.yml" {
			return nil, false, errors.New("reading broken.yml at main: 500")
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
	b := branch{".keepup.yml": "root policy", "ci/keepup.yml": "ci policy"}
	tests := []struct {
		explicit, dir string
		path, data    string
		found         bool
		err           string
		asked         []string
	}{
		{"", "/repo", ".keepup.yml", "root policy", true, "", []string{".keepup.yml"}},
		{"ci/keepup.yml", "/repo", "ci/keepup.yml", "ci policy", true, "", []string{"ci/keepup.yml"}},
		{"keepup.yml", "/repo/ci", "ci/keepup.yml", "ci policy", true, "", []string{"ci/keepup.yml"}},
		{"missing.yml", "/repo", "missing.yml", "", false, "", []string{"missing.yml"}},
		{"../x.yml", "/repo", "", "", false, "../x.yml is outside the repository (/repo)", nil},
		{"broken.yml", "/repo", "broken.yml", "", false, "reading broken.yml at main: 500", []string{"broken.yml"}},
	}
	for _, tt := range tests {
		var asked []string
		path, data, found, err := FindOnBranch(ctx, b.read(&asked), tt.explicit, tt.dir, "/repo")
		if path != tt.path || string(data) != tt.data || found != tt.found || (err == nil) != (tt.err == "") || (err != nil && err.Error() != tt.err) {
			t.Errorf("FindOnBranch(%q, %q) = %q, %q, %v, %v; want %q, %q, %v, %q", tt.explicit, tt.dir, path, data, found, err, tt.path, tt.data, tt.found, tt.err)
		}
		if len(asked) != len(tt.asked) || (len(asked) > 0 && asked[0] != tt.asked[0]) {
			t.Errorf("FindOnBranch(%q, %q) read %q, want %q", tt.explicit, tt.dir, asked, tt.asked)
		}
	}
}

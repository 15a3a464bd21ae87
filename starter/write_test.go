package starter

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/upstream"
)

// Init writes a new file, never over one without force; with force it
// replaces it whole, a file named - included; a directory is no policy file.
func TestInit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	file := filepath.Join("ci", "keepup.yml")
	if _, err := Init(file, false, upstream.Embedded()); err == nil {
		t.Fatal("wrote into a missing directory")
	}
	if err := os.Mkdir("ci", 0o755); err != nil {
		t.Fatal(err)
	}
	want := "ci is a directory: give the policy file's path, such as " + filepath.Join("ci", ".keepup.yml")
	if _, err := Init("ci", true, upstream.Embedded()); err == nil || err.Error() != want {
		t.Errorf("init --force over a directory: %v, want %s", err, want)
	}
	if _, err := Init(file, false, upstream.Embedded()); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(file); !bytes.Equal(data, config.DefaultYAML()) {
		t.Errorf("ci/keepup.yml of an empty directory is not the default policy:\n%s", data)
	}
	// The scan reads the policy's directory: ci/, not the working directory.
	for name, text := range map[string]string{"Dockerfile": "FROM ubuntu:24.04\n", "ci/Dockerfile": "FROM debian:13\n"} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Init(file, false, upstream.Embedded()); err == nil || err.Error() != file+" exists (keepup never overwrites a policy; --force does)" {
		t.Errorf("over an existing file: %v", err)
	}
	res, err := Init(file, true, upstream.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if found(res) != "debian: 13\ndebian-minor (off): " || !strings.Contains(string(data), "\n  - name: debian\n") || strings.Contains(string(data), "\n  - name: ubuntu\n") {
		t.Errorf("found %s; wrote:\n%s", found(res), data)
	}
	if entries, _ := os.ReadDir("ci"); len(entries) != 2 {
		t.Errorf("ci/ holds %d files, want the policy and the Dockerfile (no temporary file left)", len(entries))
	}
	for _, force := range []bool{false, true} {
		if _, err := Init("-", force, upstream.Embedded()); err != nil {
			t.Fatalf("init - (force %v): %v", force, err)
		}
		if data, _ := os.ReadFile("-"); !strings.Contains(string(data), "\n  - name: ubuntu\n") {
			t.Errorf("the file named - (force %v):\n%s", force, data)
		}
	}
}

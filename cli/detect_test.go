package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/detect"
)

// A policy elsewhere than the working directory reads its files relative
// to its own directory, and names them relative to the working directory.
func TestDetectRelativeToThePolicy(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"ci/keepup.yml": "version: 1\ntargets:\n  - name: k8s\n    product: kubernetes\n    window: 3 months\n" +
			"    detect:\n      - {file: matrix.yml, yaml: '.versions'}\n",
		"ci/matrix.yml": "versions: [1.35.2, 1.36.0]\n",
		"matrix.yml":    "versions: [1.20.0]\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runIn(t, dir, nil, "explain", "--policy", "ci/keepup.yml", "--now", "2026-08-25", "k8s", "1.36")
	if code != exitOK || !strings.Contains(stdout, "status     supported: detected in ci/matrix.yml:1:20\n") {
		t.Errorf("explain: exit %d\n%s%s", code, stdout, stderr)
	}
	if strings.Contains(stderr, "1.20") {
		t.Errorf("read the matrix.yml beside the working directory: %s", stderr)
	}
}

func TestDetectRoot(t *testing.T) {
	a := &App{Env: config.Env{ProjectDir: "/builds/group/project"}}
	for _, tt := range []struct {
		file string
		text *policyText
		want string
	}{
		{".keepup.yml", nil, "."},
		{"ci/keepup.yml", nil, "ci"},
		{"/srv/repo/.keepup.yml", nil, "/srv/repo"},
		{"main:.keepup.yml", &policyText{name: "main:.keepup.yml"}, "/builds/group/project"},
		{"main:ci/keepup.yml", &policyText{name: "main:ci/keepup.yml"}, "/builds/group/project/ci"},
	} {
		got, err := detectRoot(a, &config.Policy{File: tt.file}, tt.text)
		if err != nil || got != filepath.FromSlash(tt.want) {
			t.Errorf("%s: %q, %v; want %q", tt.file, got, err, tt.want)
		}
	}
	wd := t.TempDir()
	t.Chdir(wd)
	got, err := detectRoot(&App{}, &config.Policy{File: "main:ci/keepup.yml"}, &policyText{name: "main:ci/keepup.yml"})
	if err != nil || got != filepath.Join(wd, "ci") {
		t.Errorf("without CI_PROJECT_DIR: %q, %v; want the working directory's ci", got, err)
	}
	if got := displayPath(wd, "ci/x.yml"); got != "ci/x.yml" {
		t.Errorf("displayPath under the working directory: %q", got)
	}
	if got := displayPath(wd, "..ci/x.yml"); got != "..ci/x.yml" {
		t.Errorf("displayPath of a directory named ..ci under the working directory: %q", got)
	}
	if got := displayPath("/elsewhere", "x.yml"); got != "/elsewhere/x.yml" {
		t.Errorf("displayPath outside the working directory: %q", got)
	}
}

// Detected releases join the listed ones once each, with up to five
// places each.
func TestAddDetected(t *testing.T) {
	tg := config.Target{Supported: []config.Release{{Name: "1.30", Pos: config.Pos{File: "p.yml", Line: 7, Col: 18}}}}
	var found []detect.Found
	for i := range 7 {
		found = append(found, detect.Found{Release: "1.31", File: "d/Dockerfile", Line: i + 1, Col: 6})
	}
	found = append(found,
		detect.Found{Release: "1.30", File: "ci.yml", Line: 3, Col: 9},
		detect.Found{Release: "1.30", File: "ci.yml", Line: 3, Col: 9}, // the same place again, through an alias
		detect.Found{Release: "1.29", File: "Chart.yaml", Line: 4, Col: 14})
	addDetected(&tg, found, func(f string) string { return "repo/" + f })
	want := []config.Release{
		{Name: "1.30", Pos: config.Pos{File: "p.yml", Line: 7, Col: 18}, Found: "repo/ci.yml:3:9"},
		{Name: "1.31", Pos: config.Pos{File: "repo/d/Dockerfile", Line: 1, Col: 6},
			Found: "repo/d/Dockerfile:1:6, repo/d/Dockerfile:2:6, repo/d/Dockerfile:3:6, repo/d/Dockerfile:4:6, repo/d/Dockerfile:5:6 and 2 more"},
		{Name: "1.29", Pos: config.Pos{File: "repo/Chart.yaml", Line: 4, Col: 14}, Found: "repo/Chart.yaml:4:14"},
	}
	if len(tg.Supported) != len(want) {
		t.Fatalf("supported = %+v", tg.Supported)
	}
	for i := range want {
		if tg.Supported[i] != want[i] {
			t.Errorf("supported[%d] = %+v\nwant %+v", i, tg.Supported[i], want[i])
		}
	}
}

// TestREADMEDetectExample runs the README's detect example over files that
// state what its comments say, so the documentation cannot drift.
func TestREADMEDetectExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## Detecting supported releases")
	_, block, ok2 := strings.Cut(after, "```yaml\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README.md has no yaml block under ## Detecting supported releases")
	}
	dir := t.TempDir()
	for name, data := range map[string]string{
		".keepup.yml":              block,
		"charts/app/Chart.yaml":    "apiVersion: v2\nname: app\nkubeVersion: \">=1.28.0-0 <1.32.0-0\"\n",
		".gitlab-ci.yml":           "kubeconform:\n  parallel:\n    matrix:\n      - KUBE_VERSION: [\"1.30.4\", \"1.31.1\"]\n\"build:el\":\n  parallel:\n    matrix:\n      - RELEASE: [\"9.6\"]\n",
		"images/app/Dockerfile":    "FROM ubuntu:24.04\n",
		".github/workflows/ci.yml": "jobs:\n  test:\n    runs-on: ubuntu-22.04\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runIn(t, dir, nil, "check", "--now", "2026-08-25", "--json", "-")
	if code != exitBreach {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	var out struct {
		Findings []struct{ Target, Release, Status, Reason string }
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	var supported []string
	for _, f := range out.Findings {
		if f.Status == "supported" || f.Status == "eol" {
			supported = append(supported, f.Target+" "+f.Release)
		}
	}
	want := []string{"kubernetes 1.31", "kubernetes 1.30", "kubernetes 1.29", "kubernetes 1.28", "ubuntu 24.04", "ubuntu 22.04", "almalinux 9", "almalinux 8"}
	if !slices.Equal(supported, want) {
		t.Errorf("supported %q, want %q\n%s", supported, want, stderr)
	}
}

// A target with filter minor maps a version found to its minor release
// (9.5), a target without to the release cycle (9).
func TestDetectMinorTarget(t *testing.T) {
	dir := t.TempDir()
	policy := "version: 1\ntargets:\n" +
		"  - {name: alma, product: almalinux, window: 3 milestones, detect: [{file: Dockerfile, regex: 'almalinux:(?P<version>\\S+)'}]}\n" +
		"  - {name: alma-minor, product: almalinux, filter: minor, window: 3 milestones, detect: [{file: Dockerfile, regex: 'almalinux:(?P<version>\\S+)'}]}\n"
	for name, data := range map[string]string{".keepup.yml": policy, "Dockerfile": "FROM almalinux:9.5.1\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, _, stderr := runIn(t, dir, nil, "check", "--now", "2026-08-25", "--data", "embedded")
	for _, want := range []string{"target alma: detected almalinux 9\n", "target alma-minor: detected almalinux 9.5\n"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %s:\n%s", want, stderr)
		}
	}
}

package detect

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rogpeppe/go-internal/txtar"
)

// Release names as the endoflife.date snapshot gives them, newest first.
var (
	kubernetes = []string{"1.36", "1.35", "1.34", "1.33", "1.32", "1.31", "1.30", "1.29", "1.28", "1.27", "1.26", "1.25", "1.24", "1.23", "1.22"}
	ubuntu     = []string{"26.04", "25.10", "25.04", "24.10", "24.04", "23.10", "23.04", "22.10", "22.04", "20.04", "18.04"}
	debian     = []string{"13", "12", "11", "10", "9", "3.1", "3.0"}
	rocky      = []string{"10", "9", "8"}
	rockyMinor = []string{"10.0", "9.6", "9.5", "9", "8.10", "8.9", "8"}
	golang     = []string{"1.27", "1.26", "1.25", "1.24", "1.23"}
)

// fixture extracts testdata/NAME.txtar into a temporary directory and
// returns a Repo of it, read through an os.Root as keepup reads it.
func fixture(t testing.TB, name string) *Repo {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return openRepo(t, dir)
}

func openRepo(t testing.TB, dir string) *Repo {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return NewRepo(root.FS())
}

// places formats what was found as "RELEASE FILE:LINE:COL" lines, with
// "?" after a release no name covers.
func places(found []Found) []string {
	var out []string
	for _, f := range found {
		name := f.Release
		if !f.Known {
			name += "?"
		}
		out = append(out, fmt.Sprintf("%s %s:%d:%d", name, f.File, f.Line, f.Col))
	}
	return out
}

func messages(errs []error) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return out
}

// unjoin splits an error from Detect into its problems.
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		fixture  string
		rule     Rule
		releases []string
		want     []string // places found
		problems []string
	}{
		{"helm", Rule{File: "charts/*/Chart.yaml", YAML: ".kubeVersion", Semver: true}, kubernetes,
			[]string{"1.31 charts/app/Chart.yaml:4:14", "1.30 charts/app/Chart.yaml:4:14", "1.29 charts/app/Chart.yaml:4:14", "1.28 charts/app/Chart.yaml:4:14"}, nil},
		// ** reaches the subchart, but neither node_modules nor .git.
		{"helm", Rule{File: "**/Chart.yaml", YAML: ".kubeVersion", Semver: true}, kubernetes,
			[]string{"1.31 charts/app/Chart.yaml:4:14", "1.30 charts/app/Chart.yaml:4:14", "1.29 charts/app/Chart.yaml:4:14", "1.28 charts/app/Chart.yaml:4:14",
				"1.29 charts/app/charts/redis/Chart.yaml:4:14", "1.28 charts/app/charts/redis/Chart.yaml:4:14", "1.27 charts/app/charts/redis/Chart.yaml:4:14",
				"1.26 charts/app/charts/redis/Chart.yaml:4:14", "1.25 charts/app/charts/redis/Chart.yaml:4:14", "1.24 charts/app/charts/redis/Chart.yaml:4:14",
				"1.23 charts/app/charts/redis/Chart.yaml:4:14"}, nil},
		// The matrix's own lists, then the one merged in from the anchor.
		{"helm", Rule{File: ".gitlab-ci.yml", YAML: ".kubeconform.parallel.matrix[*].KUBE_VERSION"}, kubernetes,
			[]string{"1.31 .gitlab-ci.yml:9:24", "1.28 .gitlab-ci.yml:9:34", "1.29 .gitlab-ci.yml:4:18", "1.30 .gitlab-ci.yml:4:28"}, nil},
		{"helm", Rule{File: ".gitlab-ci.yml", Regex: `kindest/node:(?P<version>v[0-9.]+)`}, kubernetes,
			[]string{"1.31 .gitlab-ci.yml:12:23"}, nil},
		// A literal path reads where a wildcard does not go.
		{"helm", Rule{File: "node_modules/chart-tools/fixtures/Chart.yaml", YAML: ".kubeVersion", Semver: true}, []string{"1.17", "1.16", "1.15"},
			[]string{"1.17 node_modules/chart-tools/fixtures/Chart.yaml:1:14", "1.16 node_modules/chart-tools/fixtures/Chart.yaml:1:14"}, nil},

		{"ospkg", Rule{File: ".gitlab-ci.yml", YAML: `."build:ubuntu".parallel.matrix[*].RELEASE`}, ubuntu,
			[]string{"22.04 .gitlab-ci.yml:8:19", "24.04 .gitlab-ci.yml:8:28"}, nil},
		{"ospkg", Rule{File: ".gitlab-ci.yml", YAML: `."build:el".parallel.matrix[*].RELEASE`}, rocky,
			[]string{"8 .gitlab-ci.yml:14:19", "9 .gitlab-ci.yml:14:27"}, nil},
		// For a minor target, the minor releases stay.
		{"ospkg", Rule{File: ".gitlab-ci.yml", YAML: `."build:el".parallel.matrix[*].RELEASE`}, rockyMinor,
			[]string{"8.10 .gitlab-ci.yml:14:19", "9.6 .gitlab-ci.yml:14:27"}, nil},
		// A code name is no version: the rule fails, naming the place, and
		// what it found besides is still reported.
		{"ospkg", Rule{Name: "deb", File: ".gitlab-ci.yml", YAML: `."build:debian".parallel.matrix[*].RELEASE`}, debian,
			[]string{"13 .gitlab-ci.yml:20:29"},
			[]string{`deb: .gitlab-ci.yml:20:19: "bookworm" is neither a version (it does not start with a number) nor a release name`}},
		{"ospkg", Rule{File: ".github/workflows/*.yml", Regex: `ubuntu-(?P<version>\d+\.\d+)`}, ubuntu,
			[]string{"22.04 .github/workflows/test.yml:5:21", "24.04 .github/workflows/test.yml:5:35", "24.04 .github/workflows/test.yml:8:21"}, nil},
		// Every job's matrix, through .*; the vendored CI file is not read.
		{"ospkg", Rule{File: "**/.gitlab-ci.yml", YAML: `.*.parallel.matrix[*].RELEASE`, Optional: true}, ubuntu,
			[]string{"22.04 .gitlab-ci.yml:8:19", "24.04 .gitlab-ci.yml:8:28", "8.10? .gitlab-ci.yml:14:19", "9.6? .gitlab-ci.yml:14:27", "13? .gitlab-ci.yml:20:29"},
			[]string{`.gitlab-ci.yml:20:19: "bookworm" is neither a version (it does not start with a number) nor a release name`}},

		{"dockerfiles", Rule{File: "**/Dockerfile*", Regex: `(?i)^FROM\s+debian:(?P<version>[0-9.]+)`}, debian,
			[]string{"13 Dockerfile:4:13", "12 docker/debian/Dockerfile:1:13"}, nil},
		{"dockerfiles", Rule{File: "docker/*/Dockerfile", Regex: `^FROM ubuntu:(?P<version>\S+)`}, ubuntu,
			[]string{"24.04 docker/ubuntu/Dockerfile:2:13", "22.04 docker/ubuntu/Dockerfile:5:13"}, nil},
		{"dockerfiles", Rule{File: "docker/alma/Dockerfile.*", Regex: `^FROM almalinux:(?P<version>[0-9.]+)`}, rocky,
			[]string{"9 docker/alma/Dockerfile.el9:1:16"}, nil},
		{"dockerfiles", Rule{File: "docker/alma/Dockerfile.*", Regex: `^FROM almalinux:(?P<version>[0-9.]+)`}, rockyMinor,
			[]string{"9.6 docker/alma/Dockerfile.el9:1:16"}, nil},
		{"dockerfiles", Rule{File: "Dockerfile", Regex: `^ARG GO_VERSION=(?P<version>\S+)`}, golang,
			[]string{"1.25 Dockerfile:1:16"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.rule.File+tt.rule.YAML+tt.rule.Regex, func(t *testing.T) {
			res, err := fixture(t, tt.fixture).Detect([]Rule{tt.rule}, tt.releases)
			if got := places(res.Found); !slices.Equal(got, tt.want) {
				t.Errorf("found\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			problems := unjoin(err)
			if tt.rule.Optional {
				if err != nil {
					t.Errorf("an optional rule failed: %v", err)
				}
				problems = res.Warnings
			} else if len(res.Warnings) > 0 {
				t.Errorf("warnings from a rule that is not optional: %v", res.Warnings)
			}
			if got := messages(problems); !slices.Equal(got, tt.problems) {
				t.Errorf("problems\n  %q\nwant\n  %q", got, tt.problems)
			}
			for _, f := range res.Found {
				if f.Rule != 0 {
					t.Errorf("%+v: Rule = %d, want 0", f, f.Rule)
				}
			}
		})
	}
}

// Several rules over one repository: each found release carries the index
// of its rule, Releases lists each release once in the order found, and
// only the rules that are not optional fail.
func TestDetectSeveralRules(t *testing.T) {
	repo := fixture(t, "helm")
	rules := []Rule{
		{Name: "chart", File: "charts/app/Chart.yaml", YAML: ".kubeVersion", Semver: true},
		{Name: "missing", File: "chart/Chart.yaml", YAML: ".kubeVersion", Optional: true},
		{Name: "ci", File: ".gitlab-ci.yml", YAML: ".kubeconform.parallel.matrix[0].KUBE_VERSION"},
		{Name: "typo", File: ".gitlab-ci.yml", YAML: ".kubeconform.paralel.matrix"},
	}
	res, err := repo.Detect(rules, kubernetes)
	var rulesOf []int
	for _, f := range res.Found {
		rulesOf = append(rulesOf, f.Rule)
	}
	if want := []int{0, 0, 0, 0, 2, 2}; !slices.Equal(rulesOf, want) {
		t.Errorf("rules of what was found: %v, want %v", rulesOf, want)
	}
	if got, want := res.Releases(), []string{"1.31", "1.30", "1.29", "1.28"}; !slices.Equal(got, want) {
		t.Errorf("Releases() = %v, want %v", got, want)
	}
	if got, want := messages(unjoin(err)), []string{"typo: .gitlab-ci.yml: .kubeconform (line 6) has no .paralel.matrix; did you mean parallel?"}; !slices.Equal(got, want) {
		t.Errorf("errors %q, want %q", got, want)
	}
	if got, want := messages(res.Warnings), []string{"missing: chart/Chart.yaml: no such file"}; !slices.Equal(got, want) {
		t.Errorf("warnings %q, want %q", got, want)
	}
	var p *Problem
	if !errors.As(err, &p) || p.Rule != "typo" || p.File != "" {
		t.Errorf("the error is not a *Problem of the rule: %#v", p)
	}
}

func TestProblems(t *testing.T) {
	files := fstest.MapFS{
		"Chart.yaml":          {Data: []byte("name: app\nkubeVersion: \">=2.0.0\"\nbad: \">=1.x.3\"\nlist: [1, [2]]\nempty:\nflag: true\n")},
		"broken.yaml":         {Data: []byte("a: [1, 2\n")},
		"Dockerfile":          {Data: []byte("FROM ubuntu:22.04\nFROM ubuntu:\n")},
		"docker/a/Dockerfile": {Data: []byte("FROM alpine:3.20\n")},
		"docker/b/Dockerfile": {Data: []byte("FROM alpine:3.21\n")},
		"big.txt":             {Data: []byte(strings.Repeat("x", 101))},
		"dir/file":            {Data: []byte("1.30\n")},
	}
	tests := []struct {
		rule Rule
		want []string
	}{
		{Rule{File: "missing.yml", YAML: ".a"}, []string{"missing.yml: no such file"}},
		{Rule{File: "dir", Regex: "(?P<version>.*)"}, []string{"dir: no such file"}},
		{Rule{File: "Chart.yml", YAML: ".a"}, []string{"Chart.yml: no such file; did you mean Chart.yaml?"}},
		{Rule{File: "docker/a/Dockerfil", Regex: "(?P<version>.*)"}, []string{"docker/a/Dockerfil: no such file; did you mean docker/a/Dockerfile?"}},
		{Rule{File: "ci/*.yml", YAML: ".a"}, []string{"no file matches ci/*.yml"}},
		{Rule{File: "Chart.yaml", YAML: ".kubeVersion", Semver: true}, []string{`Chart.yaml:2:14: constraint ">=2.0.0" allows no release the data knows (1.36, 1.35, 1.34, 1.33, 1.32, 1.31, 1.30, 1.29, 1.28, 1.27 and 5 more)`}},
		{Rule{File: "Chart.yaml", YAML: ".bad", Semver: true}, []string{`Chart.yaml:3:6: constraint ">=1.x.3": "1.x.3": a number after a wildcard`}},
		{Rule{File: "Chart.yaml", YAML: ".list"}, []string{`Chart.yaml: .list: expected a version, found a list at line 4`}},
		{Rule{File: "Chart.yaml", YAML: ".empty"}, []string{`Chart.yaml: .empty: expected a version, found nothing (null) at line 5`}},
		{Rule{File: "Chart.yaml", YAML: ".flag"}, []string{`Chart.yaml: .flag: expected a version, found a boolean at line 6`}},
		{Rule{File: "Chart.yaml", YAML: ".name.first"}, []string{`Chart.yaml: .name (line 1) has no .first`}},
		{Rule{File: "Chart.yaml", YAML: ".version"}, []string{`Chart.yaml: the document has no .version`}},
		{Rule{File: "broken.yaml", YAML: ".a"}, []string{`broken.yaml: reading YAML: [1:4] sequence end token ']' not found`}},
		{Rule{File: "Dockerfile", Regex: `^FROM ubuntu:(?P<version>\S*)`}, []string{`Dockerfile:2:13: empty version`}},
		{Rule{File: "Dockerfile", Regex: `^FROM debian:(?P<version>\S*)`}, []string{`Dockerfile: the regex matches nothing`}},
		{Rule{File: "docker/*/Dockerfile", Regex: `^FROM ubuntu:(?P<version>\S*)`},
			[]string{`found nothing in the 2 files docker/*/Dockerfile matches: docker/a/Dockerfile: the regex matches nothing; docker/b/Dockerfile: the regex matches nothing`}},
		{Rule{File: "big.txt", Regex: `(?P<version>x)`}, []string{`big.txt: 101 bytes, over the limit of 100 bytes a rule reads; point the rule's file at the files that state the versions`}},
		{Rule{File: "Dockerfile", Regex: `FROM`}, []string{`the regex has no group named version: put (?P<version>...) around the version, as in 'FROM ubuntu:(?P<version>[0-9.]+)'`}},
		{Rule{File: "Dockerfile", Regex: `(?P<version>`}, []string{"bad regular expression: missing closing ): `(?P<version>`"}},
		{Rule{File: "Dockerfile"}, []string{"give regex (with a group named version) or yaml (a path such as .image.tag) to read versions from the file"}},
		{Rule{File: "Dockerfile", Regex: "(?P<version>.)", YAML: ".a"}, []string{"give regex or yaml, not both"}},
		{Rule{File: "Dockerfile", YAML: "a"}, []string{`path "a": start it with a dot, as in .image.tag`}},
		{Rule{File: "../Dockerfile", Regex: "(?P<version>.)"}, []string{`"../Dockerfile": .. steps are not allowed: patterns stay inside the repository`}},
	}
	for _, tt := range tests {
		for _, optional := range []bool{false, true} {
			rule := tt.rule
			rule.Name, rule.Optional = "r", optional
			repo := NewRepo(files)
			repo.MaxFileSize = 100
			res, err := repo.Detect([]Rule{rule}, kubernetes)
			var want []string
			for _, w := range tt.want {
				want = append(want, "r: "+w)
			}
			got, other := messages(unjoin(err)), messages(res.Warnings)
			if optional {
				got, other = other, got
			}
			if !slices.Equal(got, want) || len(other) > 0 {
				t.Errorf("%+v:\n  got  %q (and %q)\n  want %q", rule, got, other, want)
			}
		}
	}
}

// Check refuses the rules Detect could not run, and accepts the others.
func TestCheck(t *testing.T) {
	for _, r := range []Rule{
		{File: "a", Regex: "(?P<version>.)"},
		{File: "**/a", YAML: "."},
	} {
		if err := r.Check(); err != nil {
			t.Errorf("%+v: %v", r, err)
		}
	}
	for _, r := range []Rule{
		{File: "", Regex: "(?P<version>.)"},
		{File: "a", Regex: "(?P<v>.)"},
		{File: "a", YAML: "a"},
		{File: "a"},
	} {
		if err := r.Check(); err == nil {
			t.Errorf("%+v: accepted", r)
		}
	}
}

// recordingFS records which directories are listed and which files opened
// or stat'ed.
type recordingFS struct {
	fs.FS
	listed, opened []string
}

func (r *recordingFS) ReadDir(name string) ([]fs.DirEntry, error) {
	r.listed = append(r.listed, name)
	return fs.ReadDir(r.FS, name)
}

func (r *recordingFS) Open(name string) (fs.File, error) {
	r.opened = append(r.opened, name)
	return r.FS.Open(name)
}

func (r *recordingFS) Stat(name string) (fs.FileInfo, error) {
	r.opened = append(r.opened, name)
	return fs.Stat(r.FS, name)
}

func TestWalkNeverEntersSkippedDirectories(t *testing.T) {
	files := fstest.MapFS{}
	for _, dir := range []string{"", "a/", "a/b/", ".git/", "node_modules/", "vendor/", "a/node_modules/", "a/vendor/x/", "a/.git/"} {
		files[dir+"Dockerfile"] = &fstest.MapFile{Data: []byte("FROM debian:12\n")}
	}
	rec := &recordingFS{FS: files}
	res, err := NewRepo(rec).Detect([]Rule{{File: "**/Dockerfile", Regex: `debian:(?P<version>\d+)`}}, debian)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Found {
		got = append(got, f.File)
	}
	if want := []string{"Dockerfile", "a/Dockerfile", "a/b/Dockerfile"}; !slices.Equal(got, want) {
		t.Errorf("found in %v, want %v", got, want)
	}
	for _, dir := range rec.listed {
		for _, skip := range Skipped {
			if slices.Contains(strings.Split(dir, "/"), skip) {
				t.Errorf("listed %s", dir)
			}
		}
	}
	if want := []string{".", "a", "a/b"}; !slices.Equal(rec.listed, want) {
		t.Errorf("listed %v, want %v: each directory once", rec.listed, want)
	}
}

// A pattern's literal prefix is opened directly: nothing outside it is listed.
func TestWalkPrunedByLiteralPrefix(t *testing.T) {
	files := fstest.MapFS{
		"charts/app/Chart.yaml":              {Data: []byte("kubeVersion: '>=1.30'\n")},
		"charts/app/templates/x.yaml":        {Data: []byte("a: 1\n")},
		"charts/db/Chart.yaml":               {Data: []byte("kubeVersion: '>=1.31'\n")},
		"charts/README.md":                   {Data: []byte("")},
		"src/deep/er/still/Chart.yaml":       {Data: []byte("kubeVersion: '>=1.10'\n")},
		"docs/charts/app/Chart.yaml":         {Data: []byte("kubeVersion: '>=1.10'\n")},
		"charts/app/charts/redis/Chart.yaml": {Data: []byte("kubeVersion: '>=1.10'\n")},
	}
	rec := &recordingFS{FS: files}
	res, err := NewRepo(rec).Detect([]Rule{{File: "charts/*/Chart.yaml", YAML: ".kubeVersion", Semver: true}}, kubernetes)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Releases(), []string{"1.36", "1.35", "1.34", "1.33", "1.32", "1.31", "1.30"}; !slices.Equal(got, want) {
		t.Errorf("releases %v, want %v", got, want)
	}
	if want := []string{"charts"}; !slices.Equal(rec.listed, want) {
		t.Errorf("listed %v, want %v", rec.listed, want)
	}
	for _, name := range rec.opened {
		if !strings.HasPrefix(name, "charts/") && name != "charts" {
			t.Errorf("opened %s, outside the pattern's prefix", name)
		}
	}
}

// Through an os.Root, a symbolic link cannot lead out of the repository,
// and ** does not follow links to directories (no loops).
func TestSymlinks(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("1.30\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, p := range []string{"a", "b"} {
		if err := os.MkdirAll(filepath.Join(dir, p), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "a", "VERSION"), []byte("1.31.2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"secret":    filepath.Join(outside, "secret"),
		"a/loop":    "..",
		"b/VERSION": "../a/VERSION",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	repo := openRepo(t, dir)
	res, err := repo.Detect([]Rule{{File: "**/VERSIO?", Regex: `(?P<version>\S+)`}}, kubernetes)
	if got, want := places(res.Found), []string{"1.31 a/VERSION:1:1"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("**/VERSIO? found %v (%v), want %v: no wildcard matches a link", got, err, want)
	}
	// A link named literally is read, inside the repository; a/loop is
	// not entered.
	res, err = repo.Detect([]Rule{{File: "**/VERSION", Regex: `(?P<version>\S+)`}}, kubernetes)
	if got, want := places(res.Found), []string{"1.31 a/VERSION:1:1", "1.31 b/VERSION:1:1"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("**/VERSION found %v (%v), want %v", got, err, want)
	}
	_, err = repo.Detect([]Rule{{File: "secret", Regex: `(?P<version>\S+)`}}, kubernetes)
	if err == nil || err.Error() != "secret: no such file" {
		t.Errorf("a link out of the repository: %v, want no such file", err)
	}
}

func TestProblemError(t *testing.T) {
	for _, tt := range []struct {
		p    Problem
		want string
	}{
		{Problem{Msg: "m"}, "m"},
		{Problem{Rule: "r", Msg: "m"}, "r: m"},
		{Problem{Rule: "r", File: "f", Msg: "m"}, "r: f: m"},
		{Problem{File: "f", Line: 3, Msg: "m"}, "f:3: m"},
		{Problem{File: "f", Line: 3, Col: 4, Msg: "m"}, "f:3:4: m"},
		{Problem{File: "f", Col: 4, Msg: "m"}, "f: m"},
	} {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.want)
		}
	}
}

// A rule reports ten problems at most, and a regex finds 10,000 versions in
// a file at most.
func TestProblemBounds(t *testing.T) {
	files := fstest.MapFS{
		"many.txt":   {Data: []byte(strings.Repeat("1.30\n", maxValues+1))},
		"enough.txt": {Data: []byte(strings.Repeat("1.30\n", maxValues))},
		"words.txt":  {Data: []byte(strings.Repeat("x\n", 12))},
		"c.txt":      {Data: []byte(">=1.0\n")},
	}
	for i := range 12 {
		files[fmt.Sprintf("m/%02d", i)] = &fstest.MapFile{Data: []byte("FROM alpine\n")}
	}
	repo := NewRepo(files)
	_, err := repo.Detect([]Rule{{File: "many.txt", Regex: `(?P<version>\S+)`}}, kubernetes)
	if want := "many.txt: the regex matches more than 10000 times: make it stricter"; err == nil || err.Error() != want {
		t.Errorf("a regex matching too often: %v, want %s", err, want)
	}
	res, err := repo.Detect([]Rule{{File: "enough.txt", Regex: `(?P<version>\S+)`}}, kubernetes)
	if err != nil || len(res.Found) != maxValues {
		t.Errorf("%d matches: %d found, %v", maxValues, len(res.Found), err)
	}
	_, err = repo.Detect([]Rule{{File: "words.txt", Regex: `(?P<version>\S+)`}}, kubernetes)
	var want []string
	for i := range maxProblems {
		want = append(want, fmt.Sprintf(`words.txt:%d:1: "x" is neither a version (it does not start with a number) nor a release name`, i+1))
	}
	want = append(want, "and 2 more problems")
	if got := messages(unjoin(err)); !slices.Equal(got, want) {
		t.Errorf("problems\n  %q\nwant\n  %q", got, want)
	}
	_, err = repo.Detect([]Rule{{File: "m/*", Regex: `ubuntu:(?P<version>\S+)`}}, kubernetes)
	if want := "found nothing in the 12 files m/* matches: m/00: the regex matches nothing; m/01: the regex matches nothing; m/02: the regex matches nothing; m/03: the regex matches nothing; m/04: the regex matches nothing; m/05: the regex matches nothing; m/06: the regex matches nothing; m/07: the regex matches nothing; m/08: the regex matches nothing; m/09: the regex matches nothing and 2 more"; err == nil || err.Error() != want {
		t.Errorf("nothing in many files: %v\nwant %s", err, want)
	}
	if _, err := repo.Detect([]Rule{{File: "c.txt", Regex: `(?P<version>.+)`, Semver: true}}, nil); err == nil || !strings.Contains(err.Error(), "allows no release the data knows (none)") {
		t.Errorf("a constraint over no releases: %v", err)
	}
}

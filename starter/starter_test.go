package starter

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/detect"
	"gitlab.com/keepup/keepup/upstream"
)

// repo returns an in-memory repository of the files given (name → text).
func repo(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644}
	}
	return fsys
}

func scan(t *testing.T, files map[string]string) *Result {
	t.Helper()
	res, err := Scan(repo(files), upstream.Embedded())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// policy returns the policy keepup init writes for what res found.
func policy(t *testing.T, res *Result) []byte {
	t.Helper()
	text, err := res.Policy()
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// summary returns what keepup init prints after writing .keepup.yml.
func summary(t *testing.T, res *Result) string {
	t.Helper()
	var out bytes.Buffer
	if err := res.WriteSummary(&out, ".keepup.yml"); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// found describes what a scan found: "target: release, release" for each
// target, "(off)" after the name of a target commented out.
func found(res *Result) string {
	var lines []string
	for _, t := range res.Targets {
		name := t.Name
		if t.Off != "" {
			name += " (off)"
		}
		var releases []string
		for _, f := range t.Releases() {
			releases = append(releases, f.Release)
		}
		lines = append(lines, name+": "+strings.Join(releases, ", "))
	}
	return strings.Join(lines, "\n")
}

// An empty repository gives the default policy as it is.
func TestScanNothing(t *testing.T) {
	res := scan(t, map[string]string{"README.md": "FROM ubuntu:24.04\n", "src/main.c": "int main() {}\n"})
	if len(res.Targets) != 0 || len(res.Notes) != 0 || res.Active() {
		t.Fatalf("found %s; notes %v", found(res), res.Notes)
	}
	text, err := res.Policy()
	if err != nil || !bytes.Equal(text, config.DefaultYAML()) {
		t.Errorf("policy of an empty repository is not the default policy (%v):\n%s", err, text)
	}
	var out bytes.Buffer
	if err := res.WriteSummary(&out, "p.yml"); err != nil || out.String() != "wrote p.yml: the default policy in calendar mode; add supported: lists to the targets you ship\n" {
		t.Errorf("summary %q, %v", out.String(), err)
	}
}

// FROM lines in any Dockerfile, whatever the registry, platform and stage,
// and names and images in CI files; a minor target reads versions with a
// minor part only, and is commented out when there is none.
func TestScanImages(t *testing.T) {
	res := scan(t, map[string]string{
		"Dockerfile": "FROM --platform=$BUILDPLATFORM docker.io/library/ubuntu:24.04 AS build\n" +
			"# FROM ubuntu:20.04\n" +
			"FROM registry.access.redhat.com/ubi9/ubi-minimal:9.8\n",
		"build/Dockerfile.rocky":     "FROM quay.io/rockylinux/rockylinux:9.5\nRUN echo ubuntu:18.04\n",
		"build/alma.Dockerfile":      "FROM almalinux:8\n",
		"deb/Containerfile":          "FROM debian:12-slim\n",
		"other/Dockerfile":           "FROM myorg/notubuntu:1.0\nFROM oraclelinux:9\n",
		"vendor/x/Dockerfile":        "FROM amazonlinux:2\n",
		"node_modules/y/Dockerfile":  "FROM amazonlinux:2\n",
		"docs/Dockerfile.md":         "FROM debian:11\n",
		".gitlab/ci/package.yml":     "package:\n  parallel:\n    matrix:\n      - OS: [debian-13, ubuntu-22.04]\n",
		".gitlab-ci.yml":             "build:rocky-linux-9.6:\n  script: make\ntest_alma9:\n  image: redis:7.2\n",
		"ci/not-a-ci-file.yml":       "debian-10\n",
		"build/Dockerfile.unrelated": "FROM scratch\n",
	})
	// debian-minor and oracle-linux-minor are off: no minor was found.
	want := `rhel: 9
rhel-minor: 9.8
almalinux: 8, 9
almalinux-minor (off): 
rocky-linux: 9
rocky-linux-minor: 9.5, 9.6
oracle-linux: 9
oracle-linux-minor (off): 
debian: 11, 12, 13
debian-minor (off): 
redis: 7.2`
	// (ubuntu comes first; "docs/Dockerfile.md" is a Dockerfile* too.)
	want = "ubuntu: 22.04, 24.04\n" + want
	if got := found(res); got != want {
		t.Errorf("found:\n%s\nwant:\n%s", got, want)
	}
	// Where: file and line.
	ubuntu := res.Target("ubuntu").Releases()
	if !slices.Equal(ubuntu[1].Places, []string{"Dockerfile:1"}) || !slices.Equal(ubuntu[0].Places, []string{".gitlab/ci/package.yml:4"}) {
		t.Errorf("ubuntu found at %+v", ubuntu)
	}
	if off := res.Target("debian-minor").Off; !strings.Contains(off, "major release only (11, 12, 13)") {
		t.Errorf("debian-minor off: %s", off)
	}
}

// A FROM line whose tag is no version number (a codename, a variable) is
// a note; the rules pass over it.
func TestScanUnreadTags(t *testing.T) {
	res := scan(t, map[string]string{
		"Dockerfile":     "ARG V=24.04\nFROM ubuntu:${V}\nFROM debian:bookworm-slim\n",
		"app/Dockerfile": "FROM ubuntu:24.04\n",
	})
	if got := found(res); got != "ubuntu: 24.04" {
		t.Errorf("found %s", got)
	}
	want := []string{
		"Dockerfile:2: ubuntu:${V} names no version number, so no rule reads it: tag the image by version (ubuntu:24.04) or list the release under supported of target ubuntu",
		"Dockerfile:3: debian:bookworm-slim names no version number, so no rule reads it: tag the image by version (debian:13) or list the release under supported of target debian",
	}
	if !slices.Equal(res.Notes, want) {
		t.Errorf("notes:\n%s", strings.Join(res.Notes, "\n"))
	}
}

// rulesOf returns the file patterns of a target's rules.
func rulesOf(res *Result, target string) []string {
	t := res.Target(target)
	if t == nil {
		return nil
	}
	var files []string
	for _, r := range t.Rules {
		files = append(files, r.File)
	}
	return files
}

// Helm charts: one pattern per depth, a chart's dependencies left out.
func TestScanCharts(t *testing.T) {
	chart := func(kube string) string { return "apiVersion: v2\nname: x\nkubeVersion: \"" + kube + "\"\n" }
	res := scan(t, map[string]string{
		"charts/app/Chart.yaml":              chart(">=1.33.0-0 <1.35.0-0"),
		"charts/app/charts/redis/Chart.yaml": chart(">=1.20.0-0"), // a dependency: 1.20 is not the project's
		"services/a/chart/Chart.yaml":        chart("~1.35.0"),
		"services/b/chart/Chart.yaml":        chart("1.35.x"),
		"services/c/chart/Chart.yaml":        "apiVersion: v2\nname: c\n", // no kubeVersion
	})
	if got := rulesOf(res, "kubernetes"); !slices.Equal(got, []string{"charts/*/Chart.yaml", "services/*/chart/Chart.yaml"}) {
		t.Errorf("patterns %q", got)
	}
	if got := found(res); got != "kubernetes: 1.33, 1.34, 1.35" {
		t.Errorf("found %s", got)
	}
	// A root chart alone; charts whose pattern would take in a dependency
	// keep their own paths.
	res = scan(t, map[string]string{
		"Chart.yaml":                    chart(">=1.34.0-0"),
		"a/charts/x/Chart.yaml":         chart(">=1.35.0-0"),
		"b/charts/y/Chart.yaml":         chart(">=1.35.0-0"),
		"c/Chart.yaml":                  "apiVersion: v2\nname: c\n",
		"c/charts/dep/Chart.yaml":       chart(">=1.10.0-0"),
		"node_modules/z/x/y/Chart.yaml": chart(">=1.10.0-0"),
	})
	if got := rulesOf(res, "kubernetes"); !slices.Equal(got, []string{"Chart.yaml", "a/charts/x/Chart.yaml", "b/charts/y/Chart.yaml"}) {
		t.Errorf("patterns %q", got)
	}
	if got := found(res); got != "kubernetes: 1.34, 1.35, 1.36" {
		t.Errorf("found %s", got)
	}
}

// A Kubernetes version matrix in any CI job, under the usual variable names.
func TestScanKubeMatrix(t *testing.T) {
	res := scan(t, map[string]string{
		".gitlab-ci.yml": "kubeconform:\n  parallel:\n    matrix:\n      - KUBE_VERSION: [\"v1.34.2\", \"1.35.0\"]\n" +
			"e2e:\n  parallel:\n    matrix:\n      - K8S_VERSION: 1.33.1\n        CLOUD: [aws]\n",
	})
	if got := found(res); got != "kubernetes: 1.33, 1.34, 1.35" {
		t.Errorf("found %s", got)
	}
	want := []string{".*.parallel.matrix[*].KUBE_VERSION", ".*.parallel.matrix[*].K8S_VERSION"}
	var got []string
	for _, r := range res.Target("kubernetes").Rules {
		got = append(got, r.YAML)
		if r.Optional || len(r.Problems) > 0 {
			t.Errorf("rule %s optional: %v", r.YAML, r.Problems)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("paths %q, want %q", got, want)
	}
}

// A rule that finds releases and also values that are no version is
// written optional, and said so.
func TestScanRuleWithProblems(t *testing.T) {
	res := scan(t, map[string]string{
		".gitlab-ci.yml": "kubeconform:\n  parallel:\n    matrix:\n      - KUBE_VERSION: [\"1.35.0\", latest]\n",
	})
	r := res.Target("kubernetes").Rules[0]
	if !r.Optional || len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Error(), `.gitlab-ci.yml:4:34: "latest" is neither a version`) {
		t.Fatalf("rule optional %v, problems %v", r.Optional, r.Problems)
	}
	text := policy(t, res)
	if !strings.Contains(string(text), "        yaml: '.*.parallel.matrix[*].KUBE_VERSION'\n        optional: true\n") ||
		!strings.Contains(string(text), "      # optional, for keepup init found 1 problem with it, the first:") {
		t.Errorf("policy:\n%s", text)
	}
	out := summary(t, res)
	if !strings.Contains(out, "  - kubernetes: the rule on .gitlab-ci.yml is optional, for it had 1 problem: ") {
		t.Errorf("summary:\n%s", out)
	}
}

// go.mod's go and toolchain lines: the root go.mod alone when the others
// are test data, every go.mod when there are more.
func TestScanGoMod(t *testing.T) {
	res := scan(t, map[string]string{
		"go.mod":                "module x\n\ngo 1.24.3\n\ntoolchain go1.25.4\n",
		"testdata/old/go.mod":   "module old\n\ngo 1.16\n",
		"vendor/modules.txt":    "# golang.org/x/sys v0.1.0\n",
		"internal/x/x_test.go":  "package x\n",
		"examples/doc/go.mod.t": "go 1.10\n",
	})
	if got := rulesOf(res, "go"); !slices.Equal(got, []string{"go.mod"}) {
		t.Errorf("rules %q", got)
	}
	if got := found(res); got != "go: 1.24, 1.25" {
		t.Errorf("found %s", got)
	}
	res = scan(t, map[string]string{
		"svc/a/go.mod": "module a\n\ngo 1.25\n",
		"svc/b/go.mod": "module b\n\ngo 1.26.1\n",
	})
	if got := rulesOf(res, "go"); !slices.Equal(got, []string{"**/go.mod"}) {
		t.Errorf("rules %q", got)
	}
	if got := found(res); got != "go: 1.25, 1.26" {
		t.Errorf("found %s", got)
	}
}

// .tool-versions and version files: the default policy's services go to
// its targets, language runtimes to extra targets, those keepup's data
// lacks commented out.
func TestScanToolVersions(t *testing.T) {
	res := scan(t, map[string]string{
		".tool-versions":  "golang 1.25.4\nruby 3.3.6\nnodejs 22.11.0\npython 3.12.7\npostgres 16.4\nredis 7.2.4\n# ruby 2.7.0\n",
		".ruby-version":   "ruby-3.4.1\n",
		".nvmrc":          "v20\n",
		".python-version": "3.13.0\n",
	})
	want := `postgresql: 16
redis: 7.2
go: 1.25
ruby: 3.3, 3.4
nodejs (off): 20, 22.11.0
python (off): 3.12.7, 3.13.0`
	if got := found(res); got != want {
		t.Errorf("found:\n%s\nwant:\n%s", got, want)
	}
	for _, name := range []string{"go", "ruby", "nodejs", "python"} {
		if !res.Target(name).Extra {
			t.Errorf("%s is not extra", name)
		}
	}
	if res.Target("postgresql").Extra {
		t.Error("postgresql is a target of the default policy")
	}
	if off := res.Target("nodejs").Off; !strings.Contains(off, "keepup's embedded data has no product nodejs") {
		t.Errorf("nodejs off: %q", off)
	}
}

// The starter policy parses; the targets found keep the default policy's
// product, filter and windows and get detect rules; the others are
// commented out and, uncommented, are the default policy's targets; the
// extra targets have the windows of its managed dependencies.
func TestPolicy(t *testing.T) {
	res := scan(t, map[string]string{
		"charts/app/Chart.yaml":   "apiVersion: v2\nname: app\nkubeVersion: \">=1.34.0-0\"\n",
		"docker/rocky/Dockerfile": "FROM rockylinux:9.6\n",
		".tool-versions":          "golang 1.26.0\nnodejs 22.1.0\n",
	})
	text := policy(t, res)
	products := upstream.Embedded().Names()
	p, err := config.Parse(text, ".keepup.yml", products)
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	def, err := config.Default(products)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tg := range p.Targets {
		names = append(names, tg.Name)
		if len(tg.Detect) == 0 || len(tg.Supported) != 0 {
			t.Errorf("%s: %d detect rules, supported %v", tg.Name, len(tg.Detect), tg.Supported)
		}
		like, ok := def.Target(tg.Name)
		if tg.Name == "go" {
			like, ok = def.Target("postgresql")
			like.Product = "go"
		}
		if !ok || tg.Product != like.Product || tg.Filter != like.Filter || tg.Window != like.Window || tg.Warn != like.Warn {
			t.Errorf("%s: %s %s %s warn %s; the default's: %+v", tg.Name, tg.Product, tg.Filter, tg.Window, tg.Warn, like)
		}
	}
	if want := []string{"kubernetes", "rocky-linux", "rocky-linux-minor", "go"}; !slices.Equal(names, want) {
		t.Errorf("targets %q, want %q", names, want)
	}
	// Uncommented, the policy has every target of the default policy, and
	// the extra ones.
	uncommented := regexp.MustCompile(`(?m)^  # (  |- )`).ReplaceAll(text, []byte("  $1"))
	all, err := config.Parse(uncommented, ".keepup.yml", append(slices.Clone(products), "nodejs"))
	if err != nil {
		t.Fatalf("uncommented: %v\n%s", err, uncommented)
	}
	if len(all.Targets) != len(def.Targets)+2 {
		t.Fatalf("uncommented: %d targets, want the default's %d and go and nodejs", len(all.Targets), len(def.Targets))
	}
	for _, d := range def.Targets {
		tg, ok := all.Target(d.Name)
		if !ok || tg.Product != d.Product || tg.Filter != d.Filter || tg.Window != d.Window || tg.Warn != d.Warn {
			t.Errorf("uncommented %s: %+v, want %+v", d.Name, tg, d)
		}
	}
	if tg, _ := all.Target("nodejs"); len(tg.Detect) != 1 || tg.Detect[0].File != ".tool-versions" {
		t.Errorf("nodejs's rule is not written out: %+v", tg.Detect)
	}
	for _, want := range []string{
		"      # Helm chart kubeVersion: 1.34, 1.35, 1.36 in charts/app/Chart.yaml:3\n      - file: 'charts/*/Chart.yaml'\n        yaml: .kubeVersion\n        semver: true\n",
		"  # keepup's embedded data has no product nodejs: uncomment this target only if every run can reach\n",
		"  # Language runtimes found in the repository, held like the managed\n  # dependencies above: due-soon after 3 milestones, overdue after 5 milestones.\n",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("policy lacks\n%s\nin\n%s", want, text)
		}
	}
}

// When all that was found is commented out, the default targets stay, in
// calendar mode.
func TestPolicyNothingActive(t *testing.T) {
	res := scan(t, map[string]string{".nvmrc": "22\n"})
	if res.Active() || found(res) != "nodejs (off): 22" {
		t.Fatalf("found %s", found(res))
	}
	text := policy(t, res)
	p, err := config.Parse(text, ".keepup.yml", upstream.Embedded().Names())
	if err != nil {
		t.Fatal(err)
	}
	def, _ := config.Default(upstream.Embedded().Names())
	if len(p.Targets) != len(def.Targets) || !strings.Contains(string(text), "\n  # - name: nodejs\n") {
		t.Errorf("%d targets, want the default's %d; policy:\n%s", len(p.Targets), len(def.Targets), text)
	}
	out := summary(t, res)
	if !strings.HasPrefix(out, "wrote .keepup.yml: the default policy in calendar mode; what keepup init found is commented out (see below)\nfound:\n  nodejs (commented out)  22  .nvmrc:1\n") {
		t.Errorf("summary:\n%s", out)
	}
}

// A version the data does not know is for a person to check.
func TestScanUnknownRelease(t *testing.T) {
	res := scan(t, map[string]string{"Dockerfile": "FROM ubuntu:24.4\n"})
	f := res.Target("ubuntu").Releases()
	if len(f) != 1 || f[0].Known || f[0].Release != "24.4" {
		t.Fatalf("found %+v", f)
	}
	out := summary(t, res)
	if !strings.Contains(out, "  - ubuntu: 24.4 (Dockerfile:1) is no ubuntu release keepup's data knows") {
		t.Errorf("summary:\n%s", out)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		".gitlab-ci.yml":      ".gitlab-ci.yml",
		"**/Dockerfile*":      "'**/Dockerfile*'",
		`^FROM\s+x:(?P<v>.)`:  `'^FROM\s+x:(?P<v>.)'`,
		"it's":                "'it''s'",
		"charts/*/Chart.yaml": "'charts/*/Chart.yaml'",
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		sign int
	}{{"1.9", "1.10", -1}, {"1.10", "1.9", 1}, {"9", "9.5", -1}, {"24.04", "24.04", 0}, {"22.11.0", "3.12", 1}} {
		if got := compareVersions(tt.a, tt.b); (got > 0) != (tt.sign > 0) || (got < 0) != (tt.sign < 0) {
			t.Errorf("compareVersions(%s, %s) = %d", tt.a, tt.b, got)
		}
	}
}

func ExampleResult_WriteSummary() {
	res, _ := Scan(repo(map[string]string{
		".gitlab-ci.yml": "kubeconform:\n  parallel:\n    matrix:\n      - KUBE_VERSION: [\"1.34.2\", \"1.35.0\"]\n",
	}), upstream.Embedded())
	res.WriteSummary(stdout{}, ".keepup.yml")
	// Output:
	// wrote .keepup.yml: detect rules for kubernetes; the default policy's other targets are commented out
	// found:
	//   kubernetes  1.34  .gitlab-ci.yml:4
	//   kubernetes  1.35  .gitlab-ci.yml:4
	// check:
	//   - then run 'keepup check' to see what is owed ('keepup explain TARGET' shows where each release was found) and commit .keepup.yml
}

type stdout struct{}

func (stdout) Write(p []byte) (int, error) { fmt.Print(string(p)); return len(p), nil }

// What the scan looks for names the default policy's targets as they are:
// the same product, filter minor for the minor ones; the extra ones are
// not in it.
func TestCandidatesAreDefaultTargets(t *testing.T) {
	def, err := config.Default(upstream.Embedded().Names())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range candidates() {
		d, ok := def.Target(c.target)
		switch {
		case c.extra && ok:
			t.Errorf("%s is extra, but a target of the default policy", c.target)
		case c.extra:
		case !ok:
			t.Errorf("%s is not a target of the default policy", c.target)
		case d.Product != c.product || (d.Filter == "minor") != (c.minorOf != ""):
			t.Errorf("%s: product %s, minor of %q; the default's: %s, filter %q", c.target, c.product, c.minorOf, d.Product, d.Filter)
		}
	}
}

// A file too big to read is noted, once, rather than passed over in
// silence.
func TestScanUnreadFile(t *testing.T) {
	res := scan(t, map[string]string{"Dockerfile": "FROM ubuntu:24.04\n" + strings.Repeat("#", detect.DefaultMaxFileSize)})
	if res.Target("ubuntu") != nil {
		t.Errorf("found %s in a file over the limit", found(res))
	}
	want := fmt.Sprintf("Dockerfile: not read (%d bytes, over the limit of %d bytes a rule reads), so keepup init found nothing in it: list the releases it names under supported", 18+detect.DefaultMaxFileSize, detect.DefaultMaxFileSize)
	if !slices.Equal(res.Notes, []string{want}) {
		t.Errorf("notes %q, want %q", res.Notes, want)
	}
}

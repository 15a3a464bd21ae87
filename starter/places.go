package starter

import (
	"fmt"
	"regexp"

	"gitlab.com/keepup/keepup/detect"
)

// candidate is a target the scan looks for, and where.
type candidate struct {
	target  string // the default policy's target name, or an extra one
	product string
	// minorOf names the major target of a minor target (almalinux of
	// almalinux-minor), whose versions it reads with a minor part only.
	minorOf string
	extra   bool // not a target of the default policy
	rules   func(s *scanner, names []string) []Rule
	hints   []hint
}

// hint is a rule that reads any image tag, to note those that are no
// version number (ubuntu:jammy, debian:${VERSION}).
type hint struct {
	target  string
	image   string // as written: ubuntu
	example string // a tag the rules read: ubuntu:24.04
	file    string
	regex   string
}

// Version patterns: a release and its minor part (24.04, 9.5), a major
// release perhaps with a minor part (12, 9.5).
const (
	withMinor = `[0-9]+\.[0-9]+`
	anyPart   = `[0-9]+(?:\.[0-9]+)?`
)

// fromLine starts a regex matching a Dockerfile's FROM line up to the
// image name: any platform, and any registry and path before the name.
const fromLine = `^FROM\s+(?:--platform=\S+\s+)?(?:\S+/)?`

// dockerfiles are the patterns of the files FROM lines are read from.
var dockerfiles = []string{"**/Dockerfile*", "**/*.Dockerfile", "**/Containerfile*"}

// ciFiles are GitLab CI files: the project's, and those it includes from
// .gitlab/ by convention.
var ciFiles = []string{".gitlab-ci.yml", ".gitlab/**/*.yml"}

// goModRegex reads go.mod's go and toolchain lines.
const goModRegex = `^(?:go\s+|toolchain\s+go)(?P<version>[0-9]+\.[0-9]+(?:\.[0-9]+)?)`

// image is an OS or service whose release shows in FROM lines and CI files.
type image struct {
	target, product string
	// name is the image's name (ubuntu): FROM lines read its tag.
	name string
	// from, when set, matches a FROM line up to the version, in place of
	// one of name's tag: RHEL's UBI images name the release (ubi9), and
	// minorFrom matches up to the tag for the minor target.
	from, minorFrom string
	// token matches the name in CI files (job names such as ubuntu-24.04,
	// images such as ubuntu:24.04).
	token   string
	version string // the version pattern of the major target
	example string // a FROM tag the rules read
	minor   string // the minor target, if any
}

// images lists them in the order of the default policy.
var images = []image{
	{target: "ubuntu", product: "ubuntu", name: "ubuntu", token: `ubuntu`, version: withMinor, example: "ubuntu:24.04"},
	{target: "rhel", product: "rhel", from: fromLine + `ubi`, minorFrom: fromLine + `ubi[0-9]+(?:[-/]\S+)?:`,
		token: `(?:rhel|ubi)`, version: `[0-9]+`, minor: "rhel-minor"},
	{target: "almalinux", product: "almalinux", name: "almalinux", token: `alma(?:linux)?`, version: anyPart, example: "almalinux:9.6", minor: "almalinux-minor"},
	{target: "rocky-linux", product: "rocky-linux", name: "rockylinux", token: `rocky(?:-?linux)?`, version: anyPart, example: "rockylinux:9.6", minor: "rocky-linux-minor"},
	{target: "oracle-linux", product: "oracle-linux", name: "oraclelinux", token: `oracle-?linux`, version: anyPart, example: "oraclelinux:9", minor: "oracle-linux-minor"},
	{target: "debian", product: "debian", name: "debian", token: `debian`, version: anyPart, example: "debian:13", minor: "debian-minor"},
	{target: "amazon-linux", product: "amazon-linux", name: "amazonlinux", token: `amazon-?linux`, version: anyPart, example: "amazonlinux:2023"},
	{target: "postgresql", product: "postgresql", name: "postgres", token: `postgres(?:ql)?`, version: anyPart, example: "postgres:17"},
	{target: "redis", product: "redis", name: "redis", token: `redis`, version: withMinor, example: "redis:8.2"},
}

// fromTag returns the regex of a FROM line up to the tag of image name.
func fromTag(name string) string { return fromLine + regexp.QuoteMeta(name) + ":" }

// ciToken returns the regex of a name and version in CI files: a job
// name (package:ubuntu-24.04, debian-12), an image (rockylinux:9.6).
func ciToken(token, version string) string {
	return `(?:^|[^a-z0-9])` + token + `[-_:]?(?P<version>` + version + `)`
}

// imageRules returns the rules of an image's target (or, with minor, of
// its minor target, which reads versions with a minor part only).
func imageRules(im image, minor bool) func(*scanner, []string) []Rule {
	from, version := im.from, im.version
	if from == "" {
		from = fromTag(im.name)
	}
	if minor {
		version = withMinor
		if im.minorFrom != "" {
			from = im.minorFrom
		}
	}
	return func(*scanner, []string) []Rule {
		var rules []Rule
		for _, f := range dockerfiles {
			rules = append(rules, Rule{Rule: rule(f, from+`(?P<version>`+version+`)`), What: "Dockerfile FROM lines"})
		}
		for _, f := range ciFiles {
			rules = append(rules, Rule{Rule: rule(f, ciToken(im.token, version)), What: "CI job names and images"})
		}
		return rules
	}
}

// imageHints returns the hints of an image: FROM lines whose tag the
// rules pass over. (RHEL's UBI images name the release: no hint.)
func imageHints(im image) []hint {
	if im.name == "" {
		return nil
	}
	var hints []hint
	for _, f := range dockerfiles {
		hints = append(hints, hint{target: im.target, image: im.name, example: im.example, file: f, regex: fromTag(im.name) + `(?P<version>[^\s@]+)`})
	}
	return hints
}

// versionFile is a file that names one tool's version: a line of
// .tool-versions, or a file of its own (.ruby-version).
type versionFile struct {
	file, regex string
}

// runtime is a language runtime or service found in version files.
type runtime struct {
	target, product string
	files           []versionFile
	// more returns the rules of files the scan looks for first (go.mod).
	more func(*scanner, []string) []Rule
}

// toolVersions returns the regex of a tool's line in .tool-versions.
func toolVersions(names string) versionFile {
	return versionFile{".tool-versions", `^` + names + `\s+v?(?P<version>[0-9]+(?:\.[0-9]+)*)`}
}

// runtimes lists them: the default policy's services, then extra targets.
var runtimes = []runtime{
	{target: "postgresql", product: "postgresql", files: []versionFile{toolVersions(`postgres(?:ql)?`)}},
	{target: "redis", product: "redis", files: []versionFile{toolVersions(`redis`)}},
	{target: "go", product: "go", files: []versionFile{toolVersions(`(?:golang|go)`), {".go-version", `^(?:go)?(?P<version>[0-9]+(?:\.[0-9]+)*)`}}, more: goModRules},
	{target: "ruby", product: "ruby", files: []versionFile{toolVersions(`ruby`), {".ruby-version", `^(?:ruby-)?(?P<version>[0-9]+(?:\.[0-9]+)*)`}}},
	{target: "nodejs", product: "nodejs", files: []versionFile{toolVersions(`(?:nodejs|node)`),
		{".nvmrc", `^v?(?P<version>[0-9]+(?:\.[0-9]+)*)`}, {".node-version", `^v?(?P<version>[0-9]+(?:\.[0-9]+)*)`}}},
	{target: "python", product: "python", files: []versionFile{toolVersions(`python`), {".python-version", `^(?P<version>[0-9]+(?:\.[0-9]+)*)`}}},
}

func rule(file, regex string) detect.Rule { return detect.Rule{File: file, Regex: regex} }

// candidates lists what the scan looks for, in the order of the policy.
func candidates() []candidate {
	cs := []candidate{{target: "kubernetes", product: "kubernetes", rules: kubernetesRules}}
	byTarget := map[string]int{}
	for _, im := range images {
		byTarget[im.target] = len(cs)
		cs = append(cs, candidate{target: im.target, product: im.product, rules: imageRules(im, false), hints: imageHints(im)})
		if im.minor != "" {
			cs = append(cs, candidate{target: im.minor, product: im.product, minorOf: im.target, rules: imageRules(im, true)})
		}
	}
	for _, rt := range runtimes {
		rules := func(s *scanner, names []string) []Rule {
			var out []Rule
			for _, f := range rt.files {
				out = append(out, Rule{Rule: rule(f.file, f.regex), What: f.file})
			}
			if rt.more != nil {
				out = append(out, rt.more(s, names)...)
			}
			return out
		}
		if i, ok := byTarget[rt.target]; ok {
			prev := cs[i].rules
			cs[i].rules = func(s *scanner, names []string) []Rule { return append(prev(s, names), rules(s, names)...) }
			continue
		}
		cs = append(cs, candidate{target: rt.target, product: rt.product, extra: true, rules: rules})
	}
	return cs
}

// kubeVariables are the CI variables a Kubernetes version matrix is
// usually written with.
var kubeVariables = []string{"KUBE_VERSION", "KUBERNETES_VERSION", "K8S_VERSION"}

// kubernetesRules reads Kubernetes releases from CI matrices and from
// Helm charts' kubeVersion.
func kubernetesRules(s *scanner, names []string) []Rule {
	var rules []Rule
	for _, f := range ciFiles {
		for _, v := range kubeVariables {
			rules = append(rules, Rule{Rule: detect.Rule{File: f, YAML: fmt.Sprintf(".*.parallel.matrix[*].%s", v)}, What: v + " in CI parallel:matrix"})
		}
	}
	for _, f := range s.charts(names) {
		rules = append(rules, Rule{Rule: detect.Rule{File: f, YAML: ".kubeVersion", Semver: true}, What: "Helm chart kubeVersion"})
	}
	return rules
}

// goModRules reads go.mod's go and toolchain lines.
func goModRules(s *scanner, names []string) []Rule {
	var rules []Rule
	for _, f := range s.goMods(names) {
		rules = append(rules, Rule{Rule: rule(f, goModRegex), What: "go.mod go and toolchain lines"})
	}
	return rules
}

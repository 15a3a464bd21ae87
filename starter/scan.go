// Package starter makes the starter policy that keepup init writes: it
// scans a repository for the places that usually say which releases a
// project supports (CI matrices and job names, Helm charts' kubeVersion,
// Dockerfiles' FROM lines, version files such as .tool-versions and go.mod)
// and writes the default policy with detect rules for what it found, the
// targets it found nothing for commented out.
package starter

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"

	"gitlab.com/keepup/keepup/detect"
	"gitlab.com/keepup/keepup/upstream"
)

// Rule is a detect rule the scan found releases with, as the policy will
// hold it.
type Rule struct {
	detect.Rule
	// What names the kind of place for people: "Dockerfile FROM lines".
	What string
	// Found is what the rule finds in the repository now: what keepup
	// check will read from it.
	Found []detect.Found
	// Problems are what would fail keepup check were the rule not
	// optional (a value that is no version, a file it cannot read): a
	// rule with problems is written optional.
	Problems []error
}

// Target is a target of the starter policy the scan has something to say
// about: one it found releases for, or one written commented out for a
// reason of its own.
type Target struct {
	Name    string
	Product string
	// Extra is set for a target the default policy does not have (a
	// language runtime found in .tool-versions or go.mod).
	Extra bool
	// Rules are the detect rules that found releases.
	Rules []Rule
	// Off, when set, says why the target is written commented out.
	Off string
}

// Releases returns the releases the target's rules found, each once, in
// version order, each with the places it was found at (file:line).
func (t *Target) Releases() []Found {
	var out []Found
	for _, r := range t.Rules {
		for _, f := range r.Found {
			i := slices.IndexFunc(out, func(o Found) bool { return o.Release == f.Release })
			if i < 0 {
				out = append(out, Found{Release: f.Release, Known: f.Known})
				i = len(out) - 1
			}
			at := fmt.Sprintf("%s:%d", f.File, f.Line)
			if !slices.Contains(out[i].Places, at) {
				out[i].Places = append(out[i].Places, at)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Found) int { return compareVersions(a.Release, b.Release) })
	return out
}

// Found is one release a target's rules found, and where.
type Found struct {
	Release string
	// Known is false for a version none of the product's releases covers.
	Known  bool
	Places []string // file:line, in the order found
}

// Result is what a scan found.
type Result struct {
	// Targets lists the targets found, in the order of the policy: the
	// default policy's, then the extra ones.
	Targets []Target
	// Notes are things to check that belong to no rule, such as a FROM
	// line whose tag is no version number.
	Notes []string
	// products lists the product names the data knows.
	products []string
}

// Target returns the target named name, or nil.
func (r *Result) Target(name string) *Target {
	for i := range r.Targets {
		if r.Targets[i].Name == name {
			return &r.Targets[i]
		}
	}
	return nil
}

// Active reports whether any target found is written as a target.
func (r *Result) Active() bool {
	return slices.ContainsFunc(r.Targets, func(t Target) bool { return t.Off == "" })
}

// Scan looks for the usual places in the repository whose root is fsys
// (such as an os.Root's FS) and runs a detect rule for each kind of place,
// mapping versions to the release names data gives (the embedded snapshot,
// for keepup init, which reaches no network). Wildcards prune what detect
// prunes (.git, node_modules, vendor) and each directory is listed once.
func Scan(fsys fs.FS, data upstream.Catalog) (*Result, error) {
	s := &scanner{fsys: fsys, repo: detect.NewRepo(fsys), data: data, contents: map[string][]byte{}, unread: map[string]bool{}}
	res := &Result{products: data.Names()}
	for _, c := range candidates() {
		t, err := s.target(c)
		if err != nil {
			return nil, err
		}
		if t == nil {
			continue
		}
		if c.minorOf != "" && len(t.Rules) == 0 {
			// The major target found releases, no rule found a minor.
			major := res.Target(c.minorOf)
			if major == nil || major.Off != "" {
				continue
			}
			var names []string
			for _, f := range major.Releases() {
				names = append(names, f.Release)
			}
			t.Off = fmt.Sprintf("%s is named by its major release only (%s): an image tag or job named so follows the newest minor release, so nothing says which minors are built; to hold minor releases to the window, uncomment this target and list the minors you build under supported (or pin minor tags)",
				c.product, strings.Join(names, ", "))
		}
		res.Targets = append(res.Targets, *t)
	}
	res.Notes = s.notes
	return res, nil
}

// scanner runs candidate rules over one repository.
type scanner struct {
	fsys  fs.FS
	repo  *detect.Repo
	data  upstream.Catalog
	notes []string
	// contents holds the files regexes were tried on, read once per scan;
	// unread the files that could not be read, noted once each.
	contents map[string][]byte
	unread   map[string]bool
}

// target runs a candidate's rules and returns the target with those that
// found something; nil when none did and the candidate has nothing to say.
func (s *scanner) target(c candidate) (*Target, error) {
	names, known, err := s.releaseNames(c)
	if err != nil {
		return nil, err
	}
	t := &Target{Name: c.target, Product: c.product, Extra: c.extra}
	for _, r := range c.rules(s, names) {
		if r, ok := s.try(r, names); ok {
			t.Rules = append(t.Rules, r)
		}
	}
	for _, h := range c.hints {
		s.hint(h, names)
	}
	switch {
	case len(t.Rules) == 0 && c.minorOf == "":
		return nil, nil
	case !known:
		t.Off = fmt.Sprintf("keepup's embedded data has no product %s: uncomment this target only if every run can reach endoflife.date (--data live), which knows it", c.product)
	}
	return t, nil
}

// releaseNames returns the release names of the candidate's product (with
// its minor releases for a minor target); known is false when the data
// does not have the product, and names nil.
func (s *scanner) releaseNames(c candidate) (names []string, known bool, err error) {
	var p *upstream.Product
	if c.minorOf != "" {
		p, err = upstream.ProductWithMinors(s.data, c.product)
	} else {
		p, err = s.data.Product(c.product)
	}
	switch {
	case errors.Is(err, upstream.ErrUnknownProduct):
		return nil, false, nil
	case err != nil:
		return nil, false, fmt.Errorf("scanning for %s: %w", c.target, err)
	}
	return p.ReleaseNames(), true, nil
}

// try runs one rule, as optional, and keeps it when it found something.
func (s *scanner) try(r Rule, names []string) (Rule, bool) {
	if !s.mayFind(r.Rule) {
		return r, false
	}
	run := r.Rule
	run.Optional = true
	run.Name = r.File
	res, _ := s.repo.Detect([]detect.Rule{run}, names)
	if len(res.Found) == 0 {
		return r, false
	}
	r.Found, r.Problems = res.Found, res.Warnings
	r.Optional = len(r.Problems) > 0
	return r, true
}

// hint runs a rule whose group version takes any tag, and notes each tag
// that is no version number, which the candidate's own rules pass over.
func (s *scanner) hint(h hint, names []string) {
	if !s.mayFind(detect.Rule{File: h.file, Regex: h.regex}) {
		return
	}
	res, _ := s.repo.Detect([]detect.Rule{{File: h.file, Regex: h.regex, Optional: true}}, names)
	for _, w := range res.Warnings {
		var p *detect.Problem
		if !errors.As(w, &p) || p.Line == 0 || !strings.Contains(p.Msg, "neither a version") {
			continue
		}
		tag, err := strconv.QuotedPrefix(p.Msg)
		if err != nil {
			continue
		}
		tag, _ = strconv.Unquote(tag)
		s.notes = append(s.notes, fmt.Sprintf("%s:%d: %s:%s names no version number, so no rule reads it: tag the image by version (%s) or list the release under supported of target %s",
			p.File, p.Line, h.image, tag, h.example, h.target))
	}
}

// mayFind reports whether a rule's regex matches in any file its pattern
// names: a quick test, on files read once per scan, that spares running
// the many rules that find nothing. A rule that reads YAML, or a file that
// cannot be read, is left for the rule to run (and report).
func (s *scanner) mayFind(r detect.Rule) bool {
	if r.Regex == "" {
		return true
	}
	re, err := detect.CompileRegex(r.Regex)
	if err != nil {
		return true
	}
	files, err := s.repo.Glob(r.File)
	if err != nil {
		return true
	}
	for _, f := range files {
		data, ok := s.contents[f]
		if !ok {
			if data, err = s.repo.ReadFile(f); err != nil {
				if !s.unread[f] {
					s.unread[f] = true
					s.notes = append(s.notes, fmt.Sprintf("%s: not read (%v), so keepup init found nothing in it: list the releases it names under supported", f, err))
				}
				return true
			}
			s.contents[f] = data
		}
		if re.Match(data) {
			return true
		}
	}
	return false
}

// charts returns the file patterns of the Helm charts that state a
// kubeVersion. Charts at one depth make one pattern, with * for the steps
// where their paths differ (charts/*/Chart.yaml, services/*/chart/Chart.yaml);
// a chart alone in a charts directory makes charts/*/Chart.yaml too, for
// the charts to come. A chart's dependencies (CHART/charts/NAME/Chart.yaml)
// are left out, their kubeVersion being theirs: a pattern that would
// match one gives way to the paths themselves.
func (s *scanner) charts(names []string) []string {
	res, _ := s.repo.Detect([]detect.Rule{{File: "**/Chart.yaml", YAML: ".kubeVersion", Semver: true, Optional: true}}, names)
	var files []string
	byDepth := map[int][][]string{}
	for _, f := range res.Found {
		if s.dependency(f.File) || slices.Contains(files, f.File) {
			continue
		}
		files = append(files, f.File)
		segs := strings.Split(f.File, "/")
		byDepth[len(segs)] = append(byDepth[len(segs)], segs)
	}
	var patterns []string
	for _, f := range files {
		group := byDepth[len(strings.Split(f, "/"))]
		if group == nil {
			continue // done
		}
		delete(byDepth, len(group[0]))
		pattern := slices.Clone(group[0])
		for _, segs := range group[1:] {
			for i := range pattern {
				if segs[i] != pattern[i] {
					pattern[i] = "*"
				}
			}
		}
		if n := len(pattern); len(group) == 1 && n >= 3 && pattern[n-3] == "charts" {
			pattern[n-2] = "*"
		}
		p := strings.Join(pattern, "/")
		matched, err := s.repo.Glob(p)
		if err != nil || slices.ContainsFunc(matched, s.dependency) {
			for _, segs := range group {
				patterns = append(patterns, strings.Join(segs, "/"))
			}
			continue
		}
		patterns = append(patterns, p)
	}
	return patterns
}

// dependency reports whether a Chart.yaml is that of a chart's dependency,
// kept in the charts directory of a chart.
func (s *scanner) dependency(file string) bool {
	parent := path.Dir(path.Dir(file))
	if path.Base(parent) != "charts" {
		return false
	}
	_, err := fs.Stat(s.fsys, path.Join(path.Dir(parent), "Chart.yaml"))
	return err == nil
}

// goMods returns go.mod when the repository has one at its root and no
// other outside testdata directories, else **/go.mod, or nothing.
func (s *scanner) goMods(names []string) []string {
	res, _ := s.repo.Detect([]detect.Rule{{File: "**/go.mod", Regex: goModRegex, Optional: true}}, names)
	files := map[string]bool{}
	for _, f := range res.Found {
		// The go tool passes over testdata: so does the scan.
		if !slices.Contains(strings.Split(f.File, "/"), "testdata") {
			files[f.File] = true
		}
	}
	switch {
	case len(files) == 0:
		return nil
	case len(files) == 1 && files["go.mod"]:
		return []string{"go.mod"}
	}
	return []string{"**/go.mod"}
}

// compareVersions orders dotted versions by their numbers (1.9 before
// 1.10); other text compares as text after them.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		x, errx := strconv.Atoi(as[i])
		y, erry := strconv.Atoi(bs[i])
		switch {
		case errx == nil && erry == nil && x != y:
			return x - y
		case errx != nil || erry != nil:
			if c := strings.Compare(as[i], bs[i]); c != 0 {
				return c
			}
		}
	}
	return len(as) - len(bs)
}

// ScanDir scans the repository at dir (see Scan) through an os.Root, so
// that no symbolic link leads the scan outside it.
func ScanDir(dir string, data upstream.Catalog) (*Result, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("scanning the repository: %w", err)
	}
	defer root.Close()
	return Scan(root.FS(), data)
}

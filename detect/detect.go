// Package detect reads which releases of a product a project supports from
// the project's own files: CI matrices, Helm charts' kubeVersion,
// Dockerfiles' FROM lines. A Rule names files by a glob and says how to read
// versions from them (a regular expression, or a path into YAML), and
// whether each version is a release or a constraint over releases; Detect
// maps what it finds to the product's release names and records where it
// found each.
package detect

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"gitlab.com/keepup/keepup/suggest"
)

// Rule is one place a repository states the releases it supports.
type Rule struct {
	// Name names the rule in problems, such as the policy key and place
	// that gave it: ".keepup.yml:12:7: targets[0].detect[1]".
	Name string
	// File is a glob of the files to read, relative to the repository
	// root: slash-separated, ** for any number of directories (see CheckGlob).
	File string
	// Regex, when set, finds versions in each file: each match's group
	// named version is one. It is matched against the whole file in
	// multi-line mode: ^ and $ match at the start and end of each line.
	Regex string
	// YAML, when set, is the path of the versions in each file, which is
	// YAML (see ParsePath); a list at the end of the path gives each entry.
	YAML string
	// Semver makes each value found a constraint (">=1.28.0-0 <1.32.0-0"):
	// it stands for every release of the product the constraint allows.
	Semver bool
	// Optional makes the rule's problems warnings: a file missing, nothing
	// found, a value that is no version.
	Optional bool
}

// Found is one release found in one place.
type Found struct {
	// Release is the product's release name (1.31), or, when Known is
	// false, a version none of the names covers, cut to their length.
	Release string
	Known   bool
	// Value is the text found: "1.31.4", or a constraint.
	Value string
	File  string // slash-separated, relative to the repository root
	Line  int    // 1-based
	Col   int    // 1-based, in bytes
	Rule  int    // the index of the rule that found it
}

// Result is what the rules found.
type Result struct {
	// Found lists every release found, by rule, then file, then place.
	Found []Found
	// Warnings are the problems of optional rules.
	Warnings []error
}

// Releases returns the release names found, each once, in the order found.
func (r *Result) Releases() []string {
	var names []string
	for _, f := range r.Found {
		if !slices.Contains(names, f.Release) {
			names = append(names, f.Release)
		}
	}
	return names
}

// Problem is why a rule found nothing, or found something that is no
// release. Error() reads "rule: file:line:col: message".
type Problem struct {
	Rule string
	File string // "" when the problem is not in one file
	Line int    // 0 when not known
	Col  int
	Msg  string
}

func (p *Problem) Error() string {
	var b strings.Builder
	if p.Rule != "" {
		b.WriteString(p.Rule + ": ")
	}
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
			if p.Col > 0 {
				fmt.Fprintf(&b, ":%d", p.Col)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// DefaultMaxFileSize is the largest file a rule reads unless the Repo says
// otherwise: 1 MiB, far more than any CI file, chart or Dockerfile.
const DefaultMaxFileSize = 1 << 20

// Repo is a repository's files, as rules read them. It lists each
// directory once however many rules walk it, and matches each file
// pattern once however many rules name it, so one Repo serves every
// target of a run; it is not safe for concurrent use.
type Repo struct {
	fsys fs.FS
	// MaxFileSize is the largest file a rule reads, in bytes; a larger one
	// is a problem of the rule.
	MaxFileSize int64
	dirs        map[string][]fs.DirEntry
	globs       map[string][]string
}

// NewRepo returns the repository whose root is fsys, such as an
// os.Root's FS (which keeps symbolic links from leading outside it).
func NewRepo(fsys fs.FS) *Repo {
	return &Repo{fsys: fsys, MaxFileSize: DefaultMaxFileSize, dirs: map[string][]fs.DirEntry{}, globs: map[string][]string{}}
}

// Glob returns the regular files a rule's file pattern names (see
// CheckGlob), sorted, as slash-separated paths from the root.
func (r *Repo) Glob(pattern string) ([]string, error) {
	files, err := r.glob(pattern)
	return slices.Clone(files), err
}

// readDir lists a directory, sorted by name; a missing one is empty.
func (r *Repo) readDir(dir string) ([]fs.DirEntry, error) {
	if entries, ok := r.dirs[dir]; ok {
		return entries, nil
	}
	entries, err := fs.ReadDir(r.fsys, dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("listing %s: %w", dir, err)
	}
	r.dirs[dir] = entries
	return entries, nil
}

// absent is what stat returns for a name that is not there.
const absent = fs.ModeIrregular

// stat returns the type of a file (following symbolic links), or absent.
// A listing already read answers without asking the file system.
func (r *Repo) stat(name string) fs.FileMode {
	if entries, ok := r.dirs[path.Dir(name)]; ok && name != "." {
		base := path.Base(name)
		i, found := slices.BinarySearchFunc(entries, base, func(e fs.DirEntry, name string) int { return strings.Compare(e.Name(), name) })
		switch {
		case !found:
			return absent
		case entries[i].Type()&fs.ModeSymlink == 0:
			return entries[i].Type()
		}
	}
	fi, err := fs.Stat(r.fsys, name)
	if err != nil {
		return absent
	}
	return fi.Mode().Type()
}

// errOverLimit is in the error for a file over MaxFileSize.
var errOverLimit = errors.New("over the limit")

// ReadFile returns a file's contents as a rule reads them: a file over
// MaxFileSize is an error.
func (r *Repo) ReadFile(name string) ([]byte, error) {
	f, err := r.fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tooBig := func(size string) error {
		return fmt.Errorf("%s%w of %d bytes a rule reads", size, errOverLimit, r.MaxFileSize)
	}
	if fi, err := f.Stat(); err == nil && fi.Size() > r.MaxFileSize {
		return nil, tooBig(fmt.Sprintf("%d bytes, ", fi.Size()))
	}
	data, err := io.ReadAll(io.LimitReader(f, r.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > r.MaxFileSize {
		return nil, tooBig("")
	}
	return data, nil
}

// nearby names the file beside name, which is not there, that name may
// have meant: "; did you mean go.mod?", or "".
func (r *Repo) nearby(name string) string {
	dir, base := path.Dir(name), path.Base(name)
	entries, err := r.readDir(dir)
	if err != nil {
		return ""
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && e.Name() != base {
			names = append(names, e.Name())
		}
	}
	if hint := suggest.DidYouMean(base, names, func(n string) string { return path.Join(dir, n) }); hint != "" {
		return "; " + hint
	}
	return ""
}

// CompileRegex compiles a rule's regular expression (RE2 syntax, in
// multi-line mode) and checks it has the group named version.
func CompileRegex(expr string) (*regexp.Regexp, error) {
	re, err := regexp.Compile("(?m)" + expr)
	if err != nil {
		// Word the error about the expression as the rule gives it.
		if _, plain := regexp.Compile(expr); plain != nil {
			err = plain
		}
		return nil, fmt.Errorf("bad regular expression: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	if re.SubexpIndex("version") < 0 {
		return nil, fmt.Errorf("the regex has no group named version: put (?P<version>...) around the version, as in 'FROM ubuntu:(?P<version>[0-9.]+)'")
	}
	return re, nil
}

// Check reports what is wrong with a rule itself, before any file is read.
func (r Rule) Check() error {
	if err := CheckGlob(r.File); err != nil {
		return err
	}
	_, err := r.extractor()
	return err
}

// extractor returns the function that finds values in a file's contents.
func (r Rule) extractor() (func([]byte) (found []value, miss string, bad []string, err error), error) {
	switch {
	case r.Regex != "" && r.YAML != "":
		return nil, errors.New("give regex or yaml, not both")
	case r.Regex != "":
		re, err := CompileRegex(r.Regex)
		if err != nil {
			return nil, err
		}
		return func(data []byte) ([]value, string, []string, error) {
			found := matches(re, data)
			switch {
			case len(found) > maxValues:
				return nil, "", nil, fmt.Errorf("the regex matches more than %d times: make it stricter", maxValues)
			case len(found) == 0:
				return nil, "the regex matches nothing", nil, nil
			}
			return found, "", nil, nil
		}, nil
	case r.YAML != "":
		p, err := ParsePath(r.YAML)
		if err != nil {
			return nil, err
		}
		return p.find, nil
	}
	return nil, errors.New("give regex (with a group named version) or yaml (a path such as .image.tag) to read versions from the file")
}

// maxValues bounds the versions a regex finds in one file, and
// maxProblems the problems reported for one rule.
const (
	maxValues   = 10_000
	maxProblems = 10
)

// matches returns the text of each match's version group, with its place:
// maxValues+1 at most.
func matches(re *regexp.Regexp, data []byte) []value {
	g := re.SubexpIndex("version")
	var found []value
	line, lineStart, at := 1, 0, 0
	for _, m := range re.FindAllSubmatchIndex(data, maxValues+1) {
		start, end := m[2*g], m[2*g+1]
		if start < 0 { // the group did not take part in this match
			continue
		}
		for {
			i := bytes.IndexByte(data[at:start], '\n')
			if i < 0 {
				break
			}
			line++
			at += i + 1
			lineStart = at
		}
		found = append(found, value{text: string(data[start:end]), line: line, col: start - lineStart + 1})
	}
	return found
}

// Detect runs the rules over the repository and maps each version found to
// one of releases, the product's release names. It returns an error (a
// join of *Problem) for the problems of rules that are not optional, and
// what all rules found.
func (r *Repo) Detect(rules []Rule, releases []string) (*Result, error) {
	res := &Result{}
	var errs []error
	for i, rule := range rules {
		found, problems := r.run(rule, releases)
		for j := range found {
			found[j].Rule = i
		}
		res.Found = append(res.Found, found...)
		for _, p := range problems {
			if rule.Optional {
				res.Warnings = append(res.Warnings, p)
			} else {
				errs = append(errs, p)
			}
		}
	}
	return res, errors.Join(errs...)
}

// run runs one rule.
func (r *Repo) run(rule Rule, releases []string) (found []Found, problems []error) {
	problem := func(file string, line, col int, format string, args ...any) {
		problems = append(problems, &Problem{Rule: rule.Name, File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
	}
	extract, err := rule.extractor()
	if err != nil {
		problem("", 0, 0, "%v", err)
		return nil, problems
	}
	files, err := r.glob(rule.File)
	switch {
	case err != nil:
		problem("", 0, 0, "%v", err)
		return nil, problems
	case len(files) == 0 && !hasMeta(rule.File):
		problem("", 0, 0, "%s: no such file%s", rule.File, r.nearby(rule.File))
		return nil, problems
	case len(files) == 0:
		problem("", 0, 0, "no file matches %s", rule.File)
		return nil, problems
	}
	var misses []string
	values := 0
	for _, file := range files {
		data, err := r.ReadFile(file)
		if errors.Is(err, errOverLimit) {
			// The advice fits a file named alone as well as a pattern.
			problem(file, 0, 0, "%v; point the rule's file at the files that state the versions", err)
			continue
		}
		if err != nil {
			problem(file, 0, 0, "%v", err)
			continue
		}
		vals, miss, bad, err := extract(data)
		if err != nil {
			problem(file, 0, 0, "%v", err)
			continue
		}
		for _, b := range bad {
			problem(file, 0, 0, "%s: expected a version, found %s", rule.YAML, b)
		}
		if miss != "" {
			misses = append(misses, file+": "+miss)
		}
		values += len(vals)
		for _, v := range vals {
			found = append(found, r.releases(rule, file, v, releases, problem)...)
		}
	}
	if values == 0 && len(problems) == 0 {
		if len(misses) == 1 {
			problem("", 0, 0, "%s", misses[0])
		} else {
			problem("", 0, 0, "found nothing in the %d files %s matches: %s", len(files), rule.File, summary(misses, "; "))
		}
	}
	if n := len(problems); n > maxProblems {
		problems = problems[:maxProblems]
		problem("", 0, 0, "and %d more problems", n-maxProblems)
	}
	return found, problems
}

// releases maps one value found to release names.
func (r *Repo) releases(rule Rule, file string, v value, releases []string, problem func(string, int, int, string, ...any)) []Found {
	at := Found{Value: v.text, File: file, Line: v.line, Col: v.col}
	if !rule.Semver {
		name, known, err := Normalize(v.text, releases)
		if err != nil {
			problem(file, v.line, v.col, "%v", err)
			return nil
		}
		at.Release, at.Known = name, known
		return []Found{at}
	}
	c, err := ParseConstraint(v.text)
	if err != nil {
		problem(file, v.line, v.col, "%v", err)
		return nil
	}
	var found []Found
	for _, name := range releases {
		if c.Allows(name) {
			at.Release, at.Known = name, true
			found = append(found, at)
		}
	}
	if len(found) == 0 {
		problem(file, v.line, v.col, "constraint %q allows no release the data knows (%s)", c, summary(releases, ", "))
	}
	return found
}

// summary lists items, the first ten at most.
func summary(items []string, sep string) string {
	switch {
	case len(items) == 0:
		return "none"
	case len(items) > 10:
		return strings.Join(items[:10], sep) + fmt.Sprintf(" and %d more", len(items)-10)
	}
	return strings.Join(items, sep)
}

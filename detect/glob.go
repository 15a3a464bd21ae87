package detect

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
)

// Skipped names the directories a wildcard never enters: version control,
// and other people's code. A pattern that names one literally
// (vendor/modules.txt, **/vendor/modules.txt) still reads inside it.
var Skipped = []string{".git", "node_modules", "vendor"}

// CheckGlob reports what is wrong with a file pattern: it must be a
// slash-separated path relative to the repository root, without . or ..
// steps; each step is a path.Match pattern (*, ?, [a-z], \ escapes), or
// ** for any number of directories.
func CheckGlob(pattern string) error {
	switch {
	case pattern == "":
		return errors.New("empty file pattern")
	case strings.HasPrefix(pattern, "/"):
		return fmt.Errorf("%q: give a path relative to the repository root, not an absolute one", pattern)
	}
	for seg := range strings.SplitSeq(pattern, "/") {
		switch seg {
		case "":
			return fmt.Errorf("%q: empty path step (// or a trailing /)", pattern)
		case ".", "..":
			return fmt.Errorf("%q: %s steps are not allowed: patterns stay inside the repository", pattern, seg)
		}
		if _, err := path.Match(seg, ""); err != nil {
			return fmt.Errorf("%q: malformed pattern step %q", pattern, seg)
		}
	}
	return nil
}

// hasMeta reports whether a path step is a pattern rather than a name.
func hasMeta(seg string) bool { return strings.ContainsAny(seg, `*?[\`) }

// glob returns the regular files that match pattern, sorted, each once;
// a pattern matched before answers from memory.
func (r *Repo) glob(pattern string) ([]string, error) {
	if files, ok := r.globs[pattern]; ok {
		return files, nil
	}
	if err := CheckGlob(pattern); err != nil {
		return nil, err
	}
	segs := strings.Split(pattern, "/")
	// Collapse **/** to **: the same files, far fewer ways to reach them.
	segs = slices.CompactFunc(segs, func(a, b string) bool { return a == "**" && b == "**" })
	// The pattern's literal prefix is opened directly: nothing outside it
	// is ever listed.
	dir := "."
	for len(segs) > 1 && !hasMeta(segs[0]) {
		dir = path.Join(dir, segs[0])
		segs = segs[1:]
	}
	g := globber{repo: r, seen: map[string]bool{}}
	if !hasMeta(segs[0]) {
		g.literalFile(path.Join(dir, segs[0]))
	} else if r.stat(dir).IsDir() {
		g.match(dir, segs)
	}
	slices.Sort(g.files)
	if g.err == nil {
		r.globs[pattern] = g.files
	}
	return g.files, g.err
}

type globber struct {
	repo  *Repo
	files []string
	seen  map[string]bool
	err   error
}

func (g *globber) add(name string) {
	if !g.seen[name] {
		g.seen[name] = true
		g.files = append(g.files, name)
	}
}

// literalFile adds name when it is a regular file.
func (g *globber) literalFile(name string) {
	if g.repo.stat(name).IsRegular() {
		g.add(name)
	}
}

// match adds the files under dir that match segs.
func (g *globber) match(dir string, segs []string) {
	if g.err != nil {
		return
	}
	seg, rest := segs[0], segs[1:]
	if !hasMeta(seg) {
		if len(rest) == 0 {
			g.literalFile(path.Join(dir, seg))
		} else if sub := path.Join(dir, seg); g.repo.stat(sub).IsDir() {
			g.match(sub, rest)
		}
		return
	}
	entries, err := g.repo.readDir(dir)
	if err != nil {
		g.err = err
		return
	}
	if seg == "**" {
		if len(rest) == 0 { // everything below
			for _, e := range entries {
				switch {
				case e.Type().IsRegular():
					g.add(path.Join(dir, e.Name()))
				case e.IsDir() && !slices.Contains(Skipped, e.Name()):
					g.match(path.Join(dir, e.Name()), segs)
				}
			}
			return
		}
		g.match(dir, rest) // ** as no directory at all
		for _, e := range entries {
			if e.IsDir() && !slices.Contains(Skipped, e.Name()) {
				g.match(path.Join(dir, e.Name()), segs)
			}
		}
		return
	}
	for _, e := range entries {
		if ok, _ := path.Match(seg, e.Name()); !ok {
			continue
		}
		switch {
		case len(rest) == 0 && e.Type().IsRegular():
			g.add(path.Join(dir, e.Name()))
		case len(rest) > 0 && e.IsDir() && !slices.Contains(Skipped, e.Name()):
			g.match(path.Join(dir, e.Name()), rest)
		}
	}
}

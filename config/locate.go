package config

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// FileName is the policy file keepup reads when none is named, and the
// one keepup init writes.
const FileName = ".keepup.yml"

// Names are the names a policy file may have; discovery looks for each in
// every directory it searches, and two in one directory are an error.
var Names = []string{FileName, ".keepup.yaml"}

// RepoRoot returns the top directory of the repository dir is in:
// projectDir (CI_PROJECT_DIR) when set, else the nearest directory from
// dir up that holds a .git entry (the top of a git work tree), else "".
func RepoRoot(dir, projectDir string) string {
	if projectDir != "" {
		if !filepath.IsAbs(projectDir) {
			projectDir = filepath.Join(dir, projectDir)
		}
		return filepath.Clean(projectDir)
	}
	for d := filepath.Clean(dir); ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// Find discovers the policy in the work tree: .keepup.yml or .keepup.yaml
// in dir, else in each parent of dir up to root (the repository's top
// directory; only dir itself when root is "" or does not hold dir). It
// returns the file's path relative to dir, or "" when there is none.
func Find(dir, root string) (string, error) {
	for _, d := range searchDirs(dir, root) {
		var found []string
		for _, name := range Names {
			p := filepath.Join(d, name)
			_, err := os.Stat(p)
			switch {
			case err == nil:
				found = append(found, p)
			case !errors.Is(err, fs.ErrNotExist):
				return "", fmt.Errorf("looking for the policy: %w", err)
			}
		}
		if len(found) == 0 {
			continue
		}
		for i, p := range found {
			if rel, err := filepath.Rel(dir, p); err == nil {
				found[i] = rel
			}
		}
		if len(found) > 1 {
			return "", bothError(found)
		}
		return found[0], nil
	}
	return "", nil
}

// searchDirs returns the directories discovery searches, nearest first:
// dir and its parents up to root, or dir alone when root does not hold it.
func searchDirs(dir, root string) []string {
	dir = filepath.Clean(dir)
	dirs := []string{dir}
	if root == "" {
		return dirs
	}
	root = filepath.Clean(root)
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return dirs
	}
	// dir is root or below it: one parent for each element of rel, a
	// walk that ends whatever the paths.
	if rel != "." {
		d := dir
		for range strings.Split(rel, string(filepath.Separator)) {
			d = filepath.Dir(d)
			dirs = append(dirs, d)
		}
	}
	return dirs
}

func bothError(paths []string) error {
	return fmt.Errorf("both %s and %s exist: keep one policy file", paths[0], paths[1])
}

// ReadFunc reads a file of a branch by its path from the repository root;
// found is false when the file does not exist there.
type ReadFunc func(ctx context.Context, path string) (data []byte, found bool, err error)

// MissingError is a policy file named explicitly that a branch lacks.
type MissingError struct {
	Path string // from the repository root
}

func (e *MissingError) Error() string { return e.Path + " is not there" }

// FindOnBranch reads the policy from a branch with read. A file named
// explicitly (relative to dir, the working directory) must be there, at
// its path from the repository root (root, or dir when ""); else
// .keepup.yml or .keepup.yaml is searched for as Find does, in dir's
// place and up. It returns the path read, from the root, and the file's
// data; file is "" when no policy was named and none was found.
func FindOnBranch(ctx context.Context, read ReadFunc, explicit, dir, root string) (file string, data []byte, err error) {
	if explicit != "" {
		if file, err = RepoPath(explicit, dir, root); err != nil {
			return "", nil, err
		}
		data, found, err := read(ctx, file)
		switch {
		case err != nil:
			return "", nil, err
		case !found:
			return "", nil, &MissingError{Path: file}
		}
		return file, data, nil
	}
	rel, err := RepoPath(".", dir, root)
	if err != nil {
		rel = "." // working outside the repository: its root alone
	}
	for d := rel; ; d = path.Dir(d) {
		var paths []string
		for _, name := range Names {
			p := path.Join(d, name)
			b, found, err := read(ctx, p)
			if err != nil {
				return "", nil, err
			}
			if found {
				paths, data = append(paths, p), b
			}
		}
		switch {
		case len(paths) > 1:
			return "", nil, bothError(paths)
		case len(paths) == 1:
			return paths[0], data, nil
		case d == ".":
			return "", nil, nil
		}
	}
}

// RepoPath returns file's path from the repository root, with slashes:
// file is absolute or relative to dir; root is the repository's top
// directory, or "" when unknown, in which case dir is taken for it. A file
// outside the repository is an error: no branch has it.
func RepoPath(file, dir, root string) (string, error) {
	switch {
	case root == "":
		root = dir
	case !filepath.IsAbs(root):
		root = filepath.Join(dir, root)
	}
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(dir, file)
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", &OutsideError{File: file, Root: root}
	}
	return filepath.ToSlash(rel), nil
}

// OutsideError is a policy file outside the repository, where no branch has it.
type OutsideError struct {
	File string // as named
	Root string // the repository's top directory
}

func (e *OutsideError) Error() string {
	return fmt.Sprintf("%s is outside the repository (%s)", e.File, e.Root)
}

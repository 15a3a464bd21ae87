package config

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FileName is the policy file keepup reads when none is named.
const FileName = ".keepup.yml"

// Find returns the policy file to read from the work tree: explicit when
// one was named (--policy or KEEPUP_POLICY), else FileName in dir when it
// exists, else "": no policy file, the embedded default applies.
func Find(explicit, dir string) string {
	if explicit != "" {
		return explicit
	}
	if _, err := os.Stat(filepath.Join(dir, FileName)); err != nil {
		return ""
	}
	return FileName
}

// ReadFunc reads a file of a branch by its path from the repository root;
// found is false when the file does not exist there.
type ReadFunc func(ctx context.Context, path string) (data []byte, found bool, err error)

// FindOnBranch reads the policy from a branch with read: the file explicit
// names (relative to dir, the working directory), else FileName at the
// repository root. It returns the file's path from the root, and its
// data when found.
func FindOnBranch(ctx context.Context, read ReadFunc, explicit, dir, root string) (path string, data []byte, found bool, err error) {
	name := explicit
	if name == "" {
		name = FileName
	}
	if path, err = RepoPath(name, dir, root); err != nil {
		return "", nil, false, err
	}
	data, found, err = read(ctx, path)
	return path, data, found, err
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

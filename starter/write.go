package starter

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"gitlab.com/keepup/keepup/report"
	"gitlab.com/keepup/keepup/upstream"
)

// Init is keepup init: it scans the repository in file's directory (which
// detect rules' patterns start from), writes the starter policy to file
// and returns what it found. It never overwrites file unless force, which
// replaces it whole (a temporary file renamed into place).
func Init(file string, force bool, data upstream.Catalog) (*Result, error) {
	switch fi, err := os.Lstat(file); {
	case err == nil && fi.IsDir():
		return nil, fmt.Errorf("%s is a directory: give the policy file's path, such as %s", file, filepath.Join(file, ".keepup.yml"))
	case err == nil && !force:
		return nil, fmt.Errorf("%s exists (keepup never overwrites a policy; --force does)", file)
	}
	res, err := ScanDir(filepath.Dir(file), data)
	if err != nil {
		return nil, err
	}
	text, err := res.Policy()
	if err != nil {
		return nil, err
	}
	if err := writeFile(file, text, force); err != nil {
		return nil, err
	}
	return res, nil
}

// writeFile writes a new policy file, or with force replaces it whole.
func writeFile(file string, text []byte, force bool) error {
	write := func(w io.Writer) error { _, err := w.Write(text); return err }
	if force {
		if file == "-" { // a file named -, not stdout
			file = "." + string(filepath.Separator) + file
		}
		return report.WriteFile(file, nil, write)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("%w (keepup never overwrites a policy; --force does)", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(file)
		return fmt.Errorf("writing %s: %w", file, err)
	}
	return nil
}

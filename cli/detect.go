package cli

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/detect"
	"gitlab.com/keepup/keepup/upstream"
)

// maxPlaces is how many places a detected release's Found lists.
const maxPlaces = 5

// detectSupported runs each target's detect rules over the repository and
// adds the releases they find to the target's supported releases (a union
// with those listed), each with where it was found. File patterns are
// relative to the directory of the policy file; for a policy read from a
// branch (text), to that directory in the work tree.
func detectSupported(a *App, policy *config.Policy, data upstream.Catalog, text *policyText) error {
	if !slices.ContainsFunc(policy.Targets, func(t config.Target) bool { return len(t.Detect) > 0 }) {
		return nil
	}
	dir, err := detectRoot(a, policy, text)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("detect: opening the repository: %w", err)
	}
	defer root.Close()
	repo := detect.NewRepo(root.FS())
	base := displayPath(dir, ".") // dir as the working directory names it, once
	shown := func(file string) string { return path.Join(base, file) }
	var errs []error
	for i := range policy.Targets {
		t := &policy.Targets[i]
		if len(t.Detect) == 0 {
			continue
		}
		// A minor target speaks of minor releases: 9.6 stays 9.6.
		p, err := data.Product(t.Product)
		if err == nil && t.Filter == "minor" {
			p, err = upstream.ProductWithMinors(data, t.Product)
		}
		if err != nil {
			return fmt.Errorf("target %s: %w", t.Name, err)
		}
		names := p.ReleaseNames()
		rules := make([]detect.Rule, len(t.Detect))
		for j, d := range t.Detect {
			rules[j] = d.Rule
			rules[j].Name = fmt.Sprintf("%s: targets[%d].detect[%d]", d.Pos, i, j)
		}
		res, err := repo.Detect(rules, names)
		for _, w := range res.Warnings {
			a.Log.Warn(w.Error() + " (optional: ignored)")
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		addDetected(t, res.Found, shown)
		if found := res.Releases(); len(found) > 0 {
			a.Log.Info(fmt.Sprintf("target %s: detected %s %s", t.Name, p.Name, strings.Join(found, ", ")))
		} else if len(t.Supported) == 0 {
			a.Log.Warn(fmt.Sprintf("%s: target %s: its detect rules found no release and it lists none under supported, so it is in calendar mode and can never fail", t.Pos, t.Name))
		}
	}
	return errors.Join(errs...)
}

// detectRoot returns the directory detect rules' file patterns start from.
func detectRoot(a *App, policy *config.Policy, text *policyText) (string, error) {
	if text == nil {
		return filepath.Dir(policy.File), nil
	}
	// A policy from a branch is named BRANCH:PATH, PATH from the
	// repository root; git forbids ':' in branch names.
	_, file, _ := strings.Cut(text.name, ":")
	top := a.Env.ProjectDir
	if top == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", fmt.Errorf("detect: finding the repository: %w", err)
		}
		top = wd
	}
	return filepath.Join(top, filepath.FromSlash(path.Dir(file))), nil
}

// displayPath names a file found under dir as a person at the working
// directory would: relative to it when possible.
func displayPath(dir, file string) string {
	full := filepath.Join(dir, filepath.FromSlash(file))
	if filepath.IsAbs(full) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, full); err == nil && filepath.IsLocal(rel) {
				full = rel
			}
		}
	}
	return filepath.ToSlash(full)
}

// addDetected adds the releases found to the target's supported ones,
// recording where each was found (the first few places).
func addDetected(t *config.Target, found []detect.Found, shown func(string) string) {
	places := map[string][]string{}
	for _, f := range found {
		at := config.Pos{File: shown(f.File), Line: f.Line, Col: f.Col}
		if !slices.ContainsFunc(t.Supported, func(r config.Release) bool { return r.Name == f.Release }) {
			t.Supported = append(t.Supported, config.Release{Name: f.Release, Pos: at})
		}
		if !slices.Contains(places[f.Release], at.String()) {
			places[f.Release] = append(places[f.Release], at.String())
		}
	}
	for i, r := range t.Supported {
		p := places[r.Name]
		switch {
		case len(p) > maxPlaces:
			t.Supported[i].Found = fmt.Sprintf("%s and %d more", strings.Join(p[:maxPlaces], ", "), len(p)-maxPlaces)
		case len(p) > 0:
			t.Supported[i].Found = strings.Join(p, ", ")
		}
	}
}

package config

import (
	"github.com/goccy/go-yaml/ast"

	"gitlab.com/keepup/keepup/detect"
)

// Detect is one of a target's detect rules: a place in the repository that
// states releases the project supports, read to extend (or stand in for)
// supported. Rule.Name is left for the caller to set.
type Detect struct {
	detect.Rule
	Pos Pos // where the rule starts in the policy
}

// detectRules decodes a target's detect list into dst.
func (d *decoder) detectRules(dst *[]Detect) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		err := d.sequence(n, key, func(_ int, e ast.Node, key string) error {
			r, err := d.detectRule(e, key)
			*dst = append(*dst, r)
			return err
		})
		if err == nil && len(*dst) == 0 {
			return d.errorf(n, key, "an empty list detects nothing: list rules (file, and regex or yaml), or remove detect")
		}
		return err
	}
}

func (d *decoder) detectRule(n ast.Node, key string) (Detect, error) {
	r := Detect{Pos: d.pos(n)}
	seen, err := d.mapping(n, key, []field{
		{"file", func(n ast.Node, key string) error {
			if err := d.str(&r.File, "a file pattern such as charts/*/Chart.yaml")(n, key); err != nil {
				return err
			}
			if err := detect.CheckGlob(r.File); err != nil {
				return d.errorf(n, key, "%v", err)
			}
			return nil
		}},
		{"regex", func(n ast.Node, key string) error {
			if err := d.str(&r.Regex, "a regular expression with a group named version")(n, key); err != nil {
				return err
			}
			if _, err := detect.CompileRegex(r.Regex); err != nil {
				return d.errorf(n, key, "%v", err)
			}
			return nil
		}},
		{"yaml", func(n ast.Node, key string) error {
			if err := d.str(&r.YAML, "a YAML path such as .image.tag")(n, key); err != nil {
				return err
			}
			if _, err := detect.ParsePath(r.YAML); err != nil {
				return d.errorf(n, key, "%v", err)
			}
			return nil
		}},
		{"semver", d.boolean(&r.Semver)},
		{"optional", d.boolean(&r.Optional)},
	})
	switch {
	case err != nil:
		return r, err
	case !seen["file"]:
		return r, d.errorf(n, joinKey(key, "file"), "missing; a detect rule needs file (a glob such as charts/*/Chart.yaml) and regex or yaml")
	case seen["regex"] && seen["yaml"]:
		return r, d.errorf(n, key, "give regex or yaml, not both")
	case !seen["regex"] && !seen["yaml"]:
		return r, d.errorf(n, key, "give regex (with a group named version) or yaml (a path such as .image.tag) to read versions from %s", r.File)
	}
	return r, nil
}

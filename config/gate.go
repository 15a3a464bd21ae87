package config

import (
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// Gate is the policy's gate section: what keepup gate checks in merge-request pipelines.
type Gate struct {
	RedMain RedMain
	// Required lists the labels every merge request needs. An entry ending
	// in "::" is a scope: exactly one label of that scope.
	Required []string
	Pos      Pos
}

// RedMain configures the red default branch gate.
type RedMain struct {
	Enabled bool
	// AllowLabels let a merge request pass while the default branch is red:
	// the merge requests that fix it.
	AllowLabels []string
	// CountCanceled counts canceled and skipped pipelines as the branch's
	// state instead of skipping over them.
	CountCanceled bool
	// IgnoreSources are pipeline sources that say nothing about whether the
	// branch builds: by default "schedule", so that keepup's own nightly
	// job, failing on an overdue release, does not turn the branch red.
	IgnoreSources []string
}

// DefaultGate returns the gate section a policy gets when it has none.
func DefaultGate() Gate {
	return Gate{RedMain: RedMain{Enabled: true, AllowLabels: []string{"pipeline::expedited", "main:broken", "master:broken"}, IgnoreSources: []string{"schedule"}}}
}

func (d *decoder) gate(n ast.Node, key string, g *Gate) error {
	g.Pos = d.pos(n)
	_, err := d.mapping(n, key, []field{
		{"red_main", func(n ast.Node, key string) error {
			_, err := d.mapping(n, key, []field{
				{"enabled", d.boolean(&g.RedMain.Enabled)},
				{"allow_labels", d.labels(&g.RedMain.AllowLabels)},
				{"count_canceled", d.boolean(&g.RedMain.CountCanceled)},
				{"ignore_sources", d.names(&g.RedMain.IgnoreSources, "pipeline source")},
			})
			return err
		}},
		{"labels", func(n ast.Node, key string) error {
			_, err := d.mapping(n, key, []field{{"required", func(n ast.Node, key string) error {
				if err := d.labels(&g.Required)(n, key); err != nil {
					return err
				}
				for _, l := range g.Required {
					if l == "::" || strings.HasPrefix(l, "::") {
						return d.errorf(n, key, "%q is not a label or a scope like \"group::\"", clip(l))
					}
				}
				return nil
			}}})
			return err
		}},
	})
	return err
}

// names decodes a list of non-empty names (labels, pipeline sources),
// replacing dst's defaults; what names one in errors.
func (d *decoder) names(dst *[]string, what string) func(ast.Node, string) error {
	return func(n ast.Node, key string) error {
		*dst = []string{}
		return d.sequence(n, key, func(_ int, e ast.Node, key string) error {
			l, err := d.scalar(e, key, "a "+what)
			if err == nil && strings.TrimSpace(l) == "" {
				err = d.errorf(e, key, "empty %s", what)
			}
			*dst = append(*dst, l)
			return err
		})
	}
}

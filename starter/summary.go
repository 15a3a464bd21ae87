package starter

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// WriteSummary tells a person what keepup init wrote to file: the targets
// found, each release found and where (file:line), and what to check
// before committing the policy.
func (r *Result) WriteSummary(w io.Writer, file string) error {
	var found []string
	for _, t := range r.Targets {
		if t.Off == "" {
			found = append(found, t.Name)
		}
	}
	switch {
	case len(r.Targets) == 0 && len(r.Notes) == 0:
		_, err := fmt.Fprintf(w, "wrote %s: the default policy in calendar mode; add supported: lists to the targets you ship\n", file)
		return err
	case len(found) == 0:
		fmt.Fprintf(w, "wrote %s: the default policy in calendar mode; what keepup init found is commented out (see below)\n", file)
	default:
		fmt.Fprintf(w, "wrote %s: detect rules for %s; the default policy's other targets are commented out\n", file, strings.Join(found, ", "))
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(w, "found:")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, t := range r.Targets {
			name := t.Name
			if t.Off != "" {
				name += " (commented out)"
			}
			for _, f := range t.Releases() {
				fmt.Fprintf(tw, "  %s\t%s\t%s\n", name, f.Release, list(f.Places, 5))
			}
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "check:")
	for _, c := range r.toCheck() {
		fmt.Fprintf(w, "  - %s\n", c)
	}
	_, err := fmt.Fprintf(w, "  - then run 'keepup check' to see what is owed ('keepup explain TARGET' shows where each release was found) and commit %s\n", file)
	return err
}

// toCheck returns what a person should check in the starter policy.
func (r *Result) toCheck() []string {
	var out []string
	ciTokens := false
	for _, t := range r.Targets {
		if t.Off != "" {
			out = append(out, fmt.Sprintf("%s, commented out: %s", t.Name, t.Off))
			continue
		}
		for _, f := range t.Releases() {
			if !f.Known {
				out = append(out, fmt.Sprintf("%s: %s (%s) is no %s release keepup's data knows: keepup check takes it only if it is newer than every release known; correct the file if it is a typo",
					t.Name, f.Release, list(f.Places, 3), t.Product))
			}
		}
		var ranges []string              // kubeVersion values, in the order found
		rangeAt := map[string][]string{} // value → file:line
		for _, rule := range t.Rules {
			if len(rule.Problems) > 0 {
				out = append(out, fmt.Sprintf("%s: the rule on %s is optional, for it had %s: %v", t.Name, rule.File, count(len(rule.Problems), "problem"), rule.Problems[0]))
			}
			switch {
			case rule.Semver:
				for _, f := range rule.Found {
					at := fmt.Sprintf("%s:%d", f.File, f.Line)
					if !slices.Contains(ranges, f.Value) {
						ranges = append(ranges, f.Value)
					}
					if !slices.Contains(rangeAt[f.Value], at) {
						rangeAt[f.Value] = append(rangeAt[f.Value], at)
					}
				}
			case strings.HasPrefix(rule.What, "go.mod"):
				out = append(out, fmt.Sprintf("%s: go.mod's go line is the oldest Go the module accepts; keepup counts it (and a toolchain line) as the Go releases supported and owes newer ones: list the Go releases you build with under supported if they are newer", t.Name))
			case strings.HasPrefix(rule.What, "CI job names"):
				ciTokens = true
			}
		}
		if len(ranges) > 0 {
			for i, v := range ranges {
				ranges[i] = fmt.Sprintf("%q in %s", v, list(rangeAt[v], 1))
			}
			out = append(out, fmt.Sprintf("%s: a kubeVersion range counts every release it allows as supported (%s): widen it as you support new releases", t.Name, list(ranges, 3)))
		}
	}
	if ciTokens {
		out = append(out, "in CI files, every job name or image such as ubuntu-24.04 or debian:13 counts as a release supported, on commented lines too")
	}
	return append(out, r.Notes...)
}

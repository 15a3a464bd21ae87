package config

import "slices"

// Products lists the products the policy's targets name, sorted, each
// once: the release data a run needs.
func (p *Policy) Products() []string {
	var names []string
	for _, t := range p.Targets {
		if t.Product != "" {
			names = append(names, t.Product)
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

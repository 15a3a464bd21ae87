package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"gitlab.com/keepup/keepup/suggest"
)

// Products is the product names a policy may use: each product's own
// name, and the aliases that stand for one (k8s for kubernetes). A target
// may name its product either way, in any case; the policy holds the
// product's own name, which reports use.
type Products struct {
	Names   []string
	Aliases map[string]string // alias → the product's name
}

// Load reads and parses the policy file at path, like the package's Load.
func (n Products) Load(path string) (*Policy, error) {
	data, err := readPolicy(path)
	if err != nil {
		return nil, err
	}
	return n.Parse(data, path)
}

// Default returns the embedded default policy, like the package's Default.
func (n Products) Default() (*Policy, error) {
	return n.Parse(defaultPolicy, DefaultName)
}

// product returns the product's own name for name, as a policy may write
// it: the name or an alias, in any case.
func (n Products) product(name string) (string, bool) {
	if slices.Contains(n.Names, name) {
		return name, true
	}
	if p, ok := n.Aliases[name]; ok {
		return p, true
	}
	for _, p := range n.Names {
		if strings.EqualFold(p, name) {
			return p, true
		}
	}
	for _, a := range slices.Sorted(maps.Keys(n.Aliases)) {
		if strings.EqualFold(a, name) {
			return n.Aliases[a], true
		}
	}
	return "", false
}

// maxListed is how many product names an error lists when none is close:
// the embedded snapshot's products, not endoflife.date's hundreds.
const maxListed = 30

// unknownProduct words the error for a product name n does not know: the
// closest products, else the products when they are few; and the way to
// name releases no catalog knows.
func (n Products) unknownProduct(name string) string {
	msg := fmt.Sprintf("unknown product %q", clip(name))
	all := slices.Concat(n.Names, slices.Sorted(maps.Keys(n.Aliases)))
	var close []string
	for _, c := range suggest.Closest(name, all) {
		if p, ok := n.product(c); ok && !slices.Contains(close, p) {
			close = append(close, p)
		}
	}
	switch {
	case len(close) > 0:
		return msg + "; did you mean " + suggest.Or(close) + "?"
	case len(n.Names) <= maxListed:
		msg += "; expected one of " + strings.Join(n.Names, ", ")
	default:
		msg += fmt.Sprintf("; endoflife.date lists %d products at https://endoflife.date", len(n.Names))
	}
	return msg + "; for a product no catalog knows, leave out product and list its releases under releases:"
}

// didYouMean adds to msg the names in known closest to name, else the list
// of known names ("; expected one of ...").
func didYouMean(msg, name string, known []string) string {
	if hint := suggest.DidYouMean(name, known, nil); hint != "" {
		return msg + "; " + hint
	}
	return msg + "; expected one of " + strings.Join(known, ", ")
}

package upstream

import (
	"context"

	"gitlab.com/keepup/keepup/suggest"
)

// Suggest returns the name in known closest to name, for "did you mean"
// hints, or "" when nothing is close: the first that suggest.Closest finds.
func Suggest(name string, known []string) string {
	if names := suggest.Closest(name, known); len(names) > 0 {
		return names[0]
	}
	return ""
}

// unknownProduct words a 404 for name, with a suggestion from the product
// list (an alias suggests the product it names).
func (c *Client) unknownProduct(ctx context.Context, name, url string) error {
	e := &UnknownProductError{Name: name, URL: url}
	l := c.products(ctx)
	if l.list == nil {
		e.ListErr = l.err
		return e
	}
	var known []string
	product := map[string]string{}
	for _, s := range l.list {
		known = append(known, s.Name)
		product[s.Name] = s.Name
		for _, a := range s.Aliases {
			known = append(known, a)
			product[a] = s.Name
		}
	}
	e.Suggestion = product[Suggest(name, known)]
	return e
}

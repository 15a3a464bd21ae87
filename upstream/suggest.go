package upstream

import (
	"context"
	"strings"
)

// Suggest returns the name in known closest to name, for "did you mean"
// hints: the one at the smallest edit distance, if that is at most a third
// of name's length (at least 1), else one that starts with name or that name
// starts with ("postgres" → "postgresql"); "" when nothing is close.
func Suggest(name string, known []string) string {
	name = strings.ToLower(name)
	best, bestDist := "", -1
	for _, k := range known {
		if d := editDistance(name, strings.ToLower(k)); bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	if bestDist >= 0 && bestDist <= max(1, len(name)/3) {
		return best
	}
	if len(name) >= 3 {
		for _, k := range known {
			if l := strings.ToLower(k); strings.HasPrefix(l, name) || (strings.HasPrefix(name, l) && len(l) >= 3) {
				return k
			}
		}
	}
	return ""
}

// editDistance is the optimal string alignment distance between a and b:
// the insertions, deletions, substitutions and transpositions of adjacent
// bytes (product names are ASCII) that turn a into b.
func editDistance(a, b string) int {
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	prev2, prev, cur := rows[0], rows[1], rows[2]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
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

// Package suggest finds the known names closest to a mistyped one, for
// "did you mean" hints: products, targets, keys, releases, units and flags.
package suggest

import (
	"slices"
	"strings"
)

// maxNames is how many equally close names Closest returns at most.
const maxNames = 3

// Closest returns the names in known closest to name, case ignored: those
// at the smallest edit distance, if that is at most a third of name's
// length (at least 1), in known's order and at most three ("1.330" → 1.33,
// 1.30); else the first that starts with name or that name starts with
// ("postgres" → postgresql); nil when nothing is close. A name equal to
// name, case ignored, is closest of all.
func Closest(name string, known []string) []string {
	name = strings.ToLower(name)
	var best []string
	bestDist := -1
	for _, k := range known {
		d := editDistance(name, strings.ToLower(k))
		switch {
		case bestDist < 0 || d < bestDist:
			best, bestDist = append(best[:0], k), d
		case d == bestDist && len(best) < maxNames && !slices.Contains(best, k):
			best = append(best, k)
		}
	}
	if bestDist >= 0 && bestDist <= max(1, len(name)/3) {
		return best
	}
	if len(name) >= 3 {
		for _, k := range known {
			if l := strings.ToLower(k); strings.HasPrefix(l, name) || (strings.HasPrefix(name, l) && len(l) >= 3) {
				return []string{k}
			}
		}
	}
	return nil
}

// DidYouMean words the names Closest finds as a question: "did you mean
// ubuntu?", "did you mean 1.33 or 1.30?"; "" when nothing is close. quote
// formats each name ("--%s" for flags); nil leaves them as they are.
func DidYouMean(name string, known []string, quote func(string) string) string {
	names := Closest(name, known)
	if len(names) == 0 {
		return ""
	}
	if quote != nil {
		for i, n := range names {
			names[i] = quote(n)
		}
	}
	return "did you mean " + Or(names) + "?"
}

// Or joins names as a choice: "a", "a or b", "a, b or c".
func Or(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// editDistance is the optimal string alignment distance between a and b:
// the insertions, deletions, substitutions and transpositions of adjacent
// bytes that turn a into b.
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

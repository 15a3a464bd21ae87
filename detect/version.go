package detect

import (
	"fmt"
	"strings"
)

// Normalize maps a version found in a file to one of a product's release
// names: the longest name that is the version or a prefix of it ending at a
// dot, so 1.31.4 is the release 1.31 (not 1.3), 24.04 stays 24.04 and, when
// the names are minor releases, 9.6 stays 9.6. A leading "v" is dropped.
//
// A version that no release name covers but that starts with a number (a
// release newer than the names known, or a typo) is kept, cut to as many
// dot-separated parts as most numeric release names have (1.37.0 becomes
// 1.37), and known is false: whether it counts is the caller's business.
// Anything else (empty, "latest", "${KUBE_VERSION}") is an error.
func Normalize(version string, releases []string) (name string, known bool, err error) {
	v := strings.TrimSpace(version)
	if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && isDigit(v[1]) {
		v = v[1:]
	}
	if v == "" {
		return "", false, fmt.Errorf("empty version")
	}
	for _, r := range releases {
		if len(r) > len(name) && (v == r || strings.HasPrefix(v, r+".")) {
			name = r
		}
	}
	if name != "" {
		return name, true, nil
	}
	core := numericCore(v)
	if core == "" {
		return "", false, fmt.Errorf("%q is neither a version (it does not start with a number) nor a release name", version)
	}
	if n := usualParts(releases); n > 0 {
		parts := strings.Split(core, ".")
		core = strings.Join(parts[:min(n, len(parts))], ".")
	}
	return core, false, nil
}

// numericCore returns the leading dotted numbers of v: "1.37" of
// "1.37.0-rc.1", "" when v does not start with a digit.
func numericCore(v string) string {
	end := 0
	for i := 0; i < len(v); i++ {
		switch {
		case isDigit(v[i]):
			end = i + 1
		case v[i] == '.' && i > 0 && isDigit(v[i-1]) && i+1 < len(v) && isDigit(v[i+1]):
		default:
			return v[:end]
		}
	}
	return v[:end]
}

// usualParts returns how many dot-separated parts most of the numeric
// release names have (the fewer on a tie), 0 when none is numeric.
func usualParts(releases []string) int {
	count := map[int]int{}
	best := 0
	for _, r := range releases {
		if r == "" || numericCore(r) != r {
			continue
		}
		n := strings.Count(r, ".") + 1
		count[n]++
		if count[n] > count[best] || count[n] == count[best] && n < best {
			best = n
		}
	}
	return best
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

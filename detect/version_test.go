package detect

import (
	"slices"
	"strings"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		version  string
		releases []string
		want     string
		known    bool
	}{
		{"1.31.4", kubernetes, "1.31", true},
		{"1.31", kubernetes, "1.31", true},
		{"v1.31.4", kubernetes, "1.31", true},
		{" 1.31.4-gke.100 ", kubernetes, "1.31", true},
		{"1.31.0-rc.1", kubernetes, "1.31", true},
		// 1.3 is a release too, but no dot follows it in 1.31.4.
		{"1.31.4", []string{"1.3", "1.31"}, "1.31", true},
		{"1.3.4", []string{"1.31", "1.3"}, "1.3", true},
		{"24.04", ubuntu, "24.04", true},
		{"24.04.1", ubuntu, "24.04", true},
		{"9.6", rocky, "9", true},
		{"9.6", rockyMinor, "9.6", true},
		{"9.6.1", rockyMinor, "9.6", true},
		{"9.7", rockyMinor, "9", true},
		{"13.1", debian, "13", true},
		{"3.1.8", debian, "3.1", true},
		{"bookworm", []string{"bookworm", "bullseye"}, "bookworm", true},
		// Versions no name covers are kept, cut to the names' usual length.
		{"1.37.0", kubernetes, "1.37", false},
		{"v1.37.2-rc.0", kubernetes, "1.37", false},
		{"1.330", kubernetes, "1.330", false},
		{"1", kubernetes, "1", false},
		{"14.2", debian, "14", false},
		{"26.10.1", ubuntu, "26.10", false},
		{"10.1", rockyMinor, "10.1", false},
		{"2.0.1", nil, "2.0.1", false},
		{"2.0.1", []string{"bookworm"}, "2.0.1", false},
		{"12-slim", []string{"11", "10"}, "12", false},
		{"1..2", kubernetes, "1", false},
		{"1.2.", kubernetes, "1.2", false},
	}
	for _, tt := range tests {
		got, known, err := Normalize(tt.version, tt.releases)
		if err != nil || got != tt.want || known != tt.known {
			t.Errorf("Normalize(%q, %v) = %q, %v, %v; want %q, %v", tt.version, tt.releases, got, known, err, tt.want, tt.known)
		}
	}
	for _, bad := range []string{"", "  ", "latest", "v", "vv1.2", "${KUBE_VERSION}", ".1", "jammy"} {
		if got, known, err := Normalize(bad, kubernetes); err == nil {
			t.Errorf("Normalize(%q) = %q, %v; want an error", bad, got, known)
		}
	}
}

func TestUsualParts(t *testing.T) {
	for _, tt := range []struct {
		names []string
		want  int
	}{
		{nil, 0},
		{[]string{"bookworm"}, 0},
		{[]string{"1.2", "3"}, 1}, // a tie: the fewer
		{[]string{"3", "1.2"}, 1},
		{[]string{"1.2", "1.3", "3"}, 2},
		{[]string{"13", "12", "3.1", "3.0"}, 1},
		{[]string{"1.2.3", "", "x.1"}, 3},
	} {
		if got := usualParts(tt.names); got != tt.want {
			t.Errorf("usualParts(%q) = %d, want %d", tt.names, got, tt.want)
		}
	}
}

// FuzzNormalize checks what Normalize promises for any version: a known
// name is one of the releases, the version or a dot-boundary prefix of it,
// and no longer release is; an unknown one is the version's leading
// numbers, no more parts than the usual, and no release covers it.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"1.31.4", "v1.31", "24.04", "9.6", "latest", "", "1.3", "1..3", "v", "13.1-slim"} {
		f.Add(s, "1.3 1.31 1.30 24.04 9 9.6")
	}
	f.Add("bookworm", "bookworm 12")
	f.Fuzz(func(t *testing.T, version, names string) {
		releases := strings.Fields(names)
		got, known, err := Normalize(version, releases)
		if err != nil {
			if got != "" || known {
				t.Fatalf("error %v with a result %q, %v", err, got, known)
			}
			return
		}
		v := strings.TrimSpace(version)
		if len(v) > 1 && (v[0] == 'v' || v[0] == 'V') && isDigit(v[1]) {
			v = v[1:]
		}
		covers := func(r string) bool { return r != "" && (v == r || strings.HasPrefix(v, r+".")) }
		if known {
			if !slices.Contains(releases, got) || !covers(got) {
				t.Fatalf("Normalize(%q) = %q: not a release covering the version", version, got)
			}
			for _, r := range releases {
				if covers(r) && len(r) > len(got) {
					t.Fatalf("Normalize(%q) = %q, but %q is longer", version, got, r)
				}
			}
			return
		}
		if slices.ContainsFunc(releases, covers) {
			t.Fatalf("Normalize(%q) = %q unknown, but a release covers it", version, got)
		}
		if got == "" || !strings.HasPrefix(v, got) || numericCore(got) != got {
			t.Fatalf("Normalize(%q) = %q: not the version's leading numbers", version, got)
		}
		if n := usualParts(releases); n > 0 && strings.Count(got, ".")+1 > n {
			t.Fatalf("Normalize(%q) = %q: more than %d parts", version, got, n)
		}
	})
}

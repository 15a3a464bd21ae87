package suggest

import (
	"slices"
	"testing"
)

func TestClosest(t *testing.T) {
	products := []string{"kubernetes", "k8s", "postgresql", "go", "rhel", "redis", "ubuntu"}
	releases := []string{"1.36", "1.35", "1.34", "1.33", "1.32", "1.31", "1.30"}
	flags := []string{"policy", "now", "all", "data", "fail-on", "json", "junit"}
	tests := []struct {
		name  string
		known []string
		want  []string
	}{
		{"kubernets", products, []string{"kubernetes"}},
		{"Kubernetes", products, []string{"kubernetes"}}, // case is ignored
		{"ubunut", products, []string{"ubuntu"}},         // a transposition counts once
		{"k8", products, []string{"k8s"}},
		{"rhel9", products, []string{"rhel"}},
		{"postgres", products, []string{"postgresql"}}, // a prefix
		{"redis-srv", products, []string{"redis"}},     // name starts with it
		{"golang", products, nil},                      // "go" is too short to be a prefix match
		{"windows", products, nil},
		{"", products, nil},
		{"1.330", releases, []string{"1.33", "1.30"}},       // ties, in known's order
		{"1.3", releases, []string{"1.36", "1.35", "1.34"}}, // at most three
		{"1.36", releases, []string{"1.36"}},
		{"polcy", flags, []string{"policy"}},
		{"jsn", flags, []string{"json"}},
		{"fail", flags, []string{"fail-on"}},
		{"x", nil, nil},
	}
	for _, tt := range tests {
		if got := Closest(tt.name, tt.known); !slices.Equal(got, tt.want) {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A longer name tolerates more edits: a third of its length.
func TestClosestTolerance(t *testing.T) {
	known := []string{"drop_after_eol", "supported"}
	for name, want := range map[string]string{
		"drop_aftr_eol":  "drop_after_eol", // 1 of 13
		"drop_afte_eo":   "drop_after_eol", // 2
		"drp_afte_eo":    "drop_after_eol", // 3 of 11: a third
		"drp_aft_eo":     "",               // 4 of 10
		"suportd":        "supported",      // 2 of 7
		"sprtd":          "",               // 4 of 5
		"supportedfixed": "supported",      // starts with it
	} {
		got := Closest(name, known)
		if (want == "") != (got == nil) || (want != "" && got[0] != want) {
			t.Errorf("Closest(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	flags := []string{"policy", "now", "all"}
	if got := DidYouMean("polcy", flags, func(n string) string { return "--" + n }); got != "did you mean --policy?" {
		t.Errorf("got %q", got)
	}
	if got := DidYouMean("1.330", []string{"1.33", "1.30", "1.31"}, nil); got != "did you mean 1.33 or 1.30?" {
		t.Errorf("got %q", got)
	}
	if got := DidYouMean("zzz", flags, nil); got != "" {
		t.Errorf("nothing close: got %q", got)
	}
}

func TestOr(t *testing.T) {
	for want, names := range map[string][]string{
		"":             nil,
		"a":            {"a"},
		"a or b":       {"a", "b"},
		"a, b or c":    {"a", "b", "c"},
		"a, b, c or d": {"a", "b", "c", "d"},
	} {
		if got := Or(names); got != want {
			t.Errorf("Or(%q) = %q, want %q", names, got, want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"abc", "abc", 0},
		{"abc", "acb", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3}, {"ubunut", "ubuntu", 1},
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

package config

import (
	"strings"
	"testing"

	"github.com/goccy/go-yaml/lexer"
)

// checkTokens measures what the lexer made of the text, whatever
// checkShape thought of it.
func TestCheckTokens(t *testing.T) {
	const deep = ": lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)"
	r := strings.Repeat
	tests := []struct{ name, yaml, want string }{
		{"brackets in a mapping", "a: " + r("[", maxDepth), "p.yml:1:35" + deep},
		{"braces", r("{", maxDepth+1), "p.yml:1:33" + deep},
		{"brackets closed as they go", "a: " + r(r("[", maxDepth-1)+r("]", maxDepth-1), 10), ""},
		// The lexer reads a "]" with nothing open as a closing bracket;
		// it closes nothing.
		{"closing brackets first", r("]", 10) + " " + r("[", maxDepth+1), "p.yml:1:44" + deep},
		{"compact lists", r("- ", maxDepth+1) + "x", "p.yml:1:65" + deep},
		{"explicit keys", r("? ", maxDepth+1) + "x", "p.yml:1:65" + deep},
		{"block mappings, at the key", blockNest(40), "p.yml:33:33" + deep},
		{"lists in mappings", seqMapNest(40), "p.yml:48:33" + deep},
		{"a new document starts at the top", blockNest(maxDepth) + "---\n" + blockNest(maxDepth), ""},
		{"... ends a document", blockNest(maxDepth) + "...\n" + blockNest(maxDepth), ""},
		// A list written at its key's column ends at the next key there.
		{"lists at their keys' column", r("a:\n- x\n", 40), ""},
		{"a colon first", ": x\n", ""},
		{"tokens", "[" + r("a,", maxTokens/2), "p.yml:1:20001: the policy has more than 20000 keys, values, punctuation marks and comments, the most keepup reads (a policy has hundreds)"},
		{"a token short", "[" + r("a,", maxTokens/2-1) + "a", ""},
		// What the lexer finds invalid, the parser refuses before parsing.
		{"invalid", "a: " + r("[", 40) + "@", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkTokens(lexer.Tokenize(tt.yaml), "p.yml")
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			wantError(t, err, tt.want)
		})
	}
}

// Parse measures the lexer's tokens behind checkShape: this text got past
// checkShape once (found by FuzzCheckShape), and does still.
func TestParseChecksTokens(t *testing.T) {
	text := "0 \n0:\n0\n " + strings.Repeat("[", maxDepth+1)
	if err := checkShape([]byte(text), "p.yml"); err != nil {
		t.Fatalf("checkShape refuses %q now (%v): find another text it lets through", text, err)
	}
	_, err := Parse([]byte(text), "p.yml", products)
	wantError(t, err, "p.yml:4:33: lists and mappings nest more than 32 levels deep here, the most keepup reads (a policy needs four or five)")
}

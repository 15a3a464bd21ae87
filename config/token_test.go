package config

import (
	"strings"
	"testing"
)

func TestTokenVariable(t *testing.T) {
	for _, tt := range []struct {
		name    string
		environ map[string]string
		want    string
	}{
		{"named variable", map[string]string{"KEEPUP_TOKEN_VARIABLE": "MY_TOKEN", "MY_TOKEN": "named", "KEEPUP_GITLAB_TOKEN": "keepup"}, "named"},
		{"named but empty: no fallback to another token", map[string]string{"KEEPUP_TOKEN_VARIABLE": "MY_TOKEN", "KEEPUP_GITLAB_TOKEN": "keepup", "GITLAB_TOKEN": "gitlab"}, ""},
		{"naming KEEPUP_GITLAB_TOKEN is the default", map[string]string{"KEEPUP_TOKEN_VARIABLE": "KEEPUP_GITLAB_TOKEN", "KEEPUP_GITLAB_TOKEN": "keepup"}, "keepup"},
		{"naming KEEPUP_GITLAB_TOKEN keeps the GITLAB_TOKEN fallback", map[string]string{"KEEPUP_TOKEN_VARIABLE": "KEEPUP_GITLAB_TOKEN", "GITLAB_TOKEN": "gitlab"}, "gitlab"},
		{"unset", map[string]string{"GITLAB_TOKEN": "gitlab"}, "gitlab"},
	} {
		e, err := ReadEnv(tt.environ)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := e.APIToken(); got != tt.want {
			t.Errorf("%s: token %q, want %q", tt.name, got, tt.want)
		}
	}

	e, _ := ReadEnv(map[string]string{"KEEPUP_TOKEN_VARIABLE": "MY_TOKEN"})
	if h := e.NoTokenHint(); !strings.Contains(h, "KEEPUP_TOKEN_VARIABLE names MY_TOKEN, which is not set") {
		t.Errorf("hint %q", h)
	}
	e, _ = ReadEnv(map[string]string{"KEEPUP_TOKEN_VARIABLE": "KEEPUP_GITLAB_TOKEN"})
	if h := e.NoTokenHint(); !strings.HasPrefix(h, "no GitLab token: set KEEPUP_GITLAB_TOKEN") {
		t.Errorf("hint %q", h)
	}

	for _, bad := range []string{"MY-TOKEN", "1TOKEN", "$TOKEN", "A B"} {
		_, err := ReadEnv(map[string]string{"KEEPUP_TOKEN_VARIABLE": bad, "MY-TOKEN": "glpat-secret"})
		if err == nil || !strings.Contains(err.Error(), "KEEPUP_TOKEN_VARIABLE=") || strings.Contains(err.Error(), "glpat-secret") {
			t.Errorf("KEEPUP_TOKEN_VARIABLE=%q: error %v", bad, err)
		}
	}
}

package config

import "testing"

// KEEPUP_GITLAB_TOKEN wins over GITLAB_TOKEN; CI_PROJECT_ID over
// CI_PROJECT_PATH.
func TestEnvPrecedence(t *testing.T) {
	tests := []struct {
		env            map[string]string
		token, project string
	}{
		{map[string]string{}, "", ""},
		{map[string]string{"GITLAB_TOKEN": "g", "CI_PROJECT_PATH": "group/p"}, "g", "group/p"},
		{map[string]string{"KEEPUP_GITLAB_TOKEN": "k", "GITLAB_TOKEN": "g", "CI_PROJECT_ID": "42", "CI_PROJECT_PATH": "group/p"}, "k", "42"},
		{map[string]string{"KEEPUP_GITLAB_TOKEN": "k", "CI_PROJECT_ID": "42"}, "k", "42"},
	}
	for _, tt := range tests {
		e, err := ReadEnv(tt.env)
		if err != nil {
			t.Fatal(err)
		}
		if e.APIToken() != tt.token || e.Project() != tt.project {
			t.Errorf("%v: token %q project %q; want %q %q", tt.env, e.APIToken(), e.Project(), tt.token, tt.project)
		}
	}
}

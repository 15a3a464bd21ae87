package config

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
)

// Env is keepup's environment: KEEPUP_* settings, which flags override, and
// the variables of the CI system it runs in.
type Env struct {
	Policy   string `env:"KEEPUP_POLICY"`    // policy file path
	Now      string `env:"KEEPUP_NOW"`       // evaluation date, YYYY-MM-DD
	FailOn   string `env:"KEEPUP_FAIL_ON"`   // overdue | due-soon | never
	JUnit    string `env:"KEEPUP_JUNIT"`     // JUnit report path
	JSON     string `env:"KEEPUP_JSON"`      // JSON report path or -
	Markdown string `env:"KEEPUP_MARKDOWN"`  // markdown report path or -
	All      bool   `env:"KEEPUP_ALL"`       // list releases that are not required too
	NoColor  string `env:"NO_COLOR"`         // any value but the empty string turns colors off (no-color.org)
	LogLevel string `env:"KEEPUP_LOG_LEVEL"` // debug | info | warn | error
	// LogFormat is human (keepup: warning: ...) or json.
	LogFormat string `env:"KEEPUP_LOG_FORMAT"`
	// CI is "true" in CI jobs (GitLab CI, GitHub Actions).
	CI string `env:"CI"`
	// SourceDateEpoch, seconds since 1970, fixes the reports' generated_at.
	SourceDateEpoch string `env:"SOURCE_DATE_EPOCH"`

	// Upstream data: where release data comes from.
	Data         string `env:"KEEPUP_DATA"`          // embedded | live | auto (default)
	EndoflifeURL string `env:"KEEPUP_ENDOFLIFE_URL"` // the endoflife.date API's base, for mirrors
	// ReleaseDataURL is where keepup data update reads release-data
	// documents, <base>/<product>.json.
	ReleaseDataURL string `env:"KEEPUP_RELEASE_DATA_URL"`

	// GitLab: --issues and the milestone calendar.
	Issues        bool           `env:"KEEPUP_ISSUES"`            // open, update and close issues
	RedMain       bool           `env:"KEEPUP_RED_MAIN"`          // report the default branch's red time
	DryRun        *bool          `env:"KEEPUP_DRY_RUN"`           // true | false; default true in merge-request pipelines
	GitLabTimeout *time.Duration `env:"KEEPUP_GITLAB_TIMEOUT"`    // per request; nil when unset
	RetryWait     time.Duration  `env:"KEEPUP_GITLAB_RETRY_WAIT"` // first wait before retrying a failed read
	Token         string         `env:"KEEPUP_GITLAB_TOKEN"`      // never printed
	GitLabToken   string         `env:"GITLAB_TOKEN"`             // never printed
	JobToken      string         `env:"CI_JOB_TOKEN"`             // never printed; cannot use the Issues API
	// TokenVariable names the variable that holds the token, for CI/CD
	// components whose users keep it under another name; the job's image
	// has no shell to copy it into KEEPUP_GITLAB_TOKEN.
	TokenVariable      string `env:"KEEPUP_TOKEN_VARIABLE"`
	namedToken         string // the value of TokenVariable's variable; never printed
	APIURL             string `env:"CI_API_V4_URL"`
	ProjectID          string `env:"CI_PROJECT_ID"`
	ProjectPath        string `env:"CI_PROJECT_PATH"`
	ProjectURL         string `env:"CI_PROJECT_URL"`
	ProjectDir         string `env:"CI_PROJECT_DIR"`
	DefaultBranch      string `env:"CI_DEFAULT_BRANCH"`
	JobURL             string `env:"CI_JOB_URL"`
	MergeRequestIID    string `env:"CI_MERGE_REQUEST_IID"`
	MergeRequestLabels string `env:"CI_MERGE_REQUEST_LABELS"`
	// PipelineSource is merge_request_event in merge-request pipelines.
	PipelineSource string `env:"CI_PIPELINE_SOURCE"`
}

// APIToken returns the token for the GitLab API: the variable that
// KEEPUP_TOKEN_VARIABLE names, else KEEPUP_GITLAB_TOKEN, else GITLAB_TOKEN.
func (e Env) APIToken() string {
	if e.namesToken() {
		return e.namedToken
	}
	if e.Token != "" {
		return e.Token
	}
	return e.GitLabToken
}

// namesToken reports whether KEEPUP_TOKEN_VARIABLE names another variable
// than KEEPUP_GITLAB_TOKEN for the token.
func (e Env) namesToken() bool {
	return e.TokenVariable != "" && e.TokenVariable != "KEEPUP_GITLAB_TOKEN"
}

// NoTokenHint says where keepup looked for a token it did not find.
func (e Env) NoTokenHint() string {
	if e.namesToken() {
		return fmt.Sprintf("KEEPUP_TOKEN_VARIABLE names %s, which is not set or is empty: add %s as a masked CI/CD variable holding a project access token with the api scope", e.TokenVariable, e.TokenVariable)
	}
	return "no GitLab token: set KEEPUP_GITLAB_TOKEN (or GITLAB_TOKEN) to a project access token with the api scope"
}

// InCI reports whether keepup runs in a CI job.
func (e Env) InCI() bool { return strings.EqualFold(e.CI, "true") || e.CI == "1" }

// Project returns the project to talk about: CI_PROJECT_ID, else CI_PROJECT_PATH.
func (e Env) Project() string {
	if e.ProjectID != "" {
		return e.ProjectID
	}
	return e.ProjectPath
}

// ReadEnv parses keepup's variables from environ; env.ToMap(os.Environ()) gives the process's.
func ReadEnv(environ map[string]string) (Env, error) {
	var e Env
	err := env.ParseWithOptions(&e, env.Options{Environment: environ})
	var pe env.ParseError
	if errors.As(err, &pe) {
		// Name the variable, not the Go field.
		f, _ := reflect.TypeOf(e).FieldByName(pe.Name)
		name := f.Tag.Get("env")
		t := pe.Type
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		return e, fmt.Errorf("environment variable %s=%q: expected %s", name, environ[name], expectedValue(t))
	}
	if err != nil {
		return e, fmt.Errorf("reading environment: %w", err)
	}
	if e.TokenVariable != "" {
		if !envNameRE.MatchString(e.TokenVariable) {
			return e, fmt.Errorf("environment variable KEEPUP_TOKEN_VARIABLE=%q: expected the name of a variable, such as GITLAB_API_TOKEN", clip(e.TokenVariable))
		}
		e.namedToken = environ[e.TokenVariable]
	}
	return e, nil
}

// envNameRE matches the name of an environment variable.
var envNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expectedValue words the values a variable of type t accepts.
func expectedValue(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return "a duration such as 30s, 1m30s or 500ms"
	case t.Kind() == reflect.Bool:
		// strconv.ParseBool's values
		return "true or false (1, t, T, TRUE, True and 0, f, F, FALSE, False work too)"
	}
	return fmt.Sprintf("a %s value", t)
}

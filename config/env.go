package config

import (
	"errors"
	"fmt"
	"reflect"

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
	NoColor  string `env:"NO_COLOR"`         // any value turns colors off (no-color.org)
	LogLevel string `env:"KEEPUP_LOG_LEVEL"` // debug | info | warn | error
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
		return e, fmt.Errorf("environment variable %s=%q: expected a %s value", name, environ[name], pe.Type)
	}
	if err != nil {
		return e, fmt.Errorf("reading environment: %w", err)
	}
	return e, nil
}

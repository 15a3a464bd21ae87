package report

import (
	"encoding/json"
	"io"
	"time"

	"gitlab.com/keepup/keepup/checks"
	"gitlab.com/keepup/keepup/config"
)

// SchemaJSON names the JSON report's format. Field names are a contract:
// fields are added, never renamed.
const SchemaJSON = "keepup/v1"

type jsonReport struct {
	Schema      string         `json:"schema"`
	Now         string         `json:"now"`
	GeneratedAt string         `json:"generated_at"`
	Data        jsonData       `json:"data"`
	Policy      string         `json:"policy"`
	Findings    []jsonFinding  `json:"findings"`
	Summary     map[string]int `json:"summary"`
	Notes       []string       `json:"notes"`
	Gate        *jsonGate      `json:"gate,omitempty"`
	Errors      []jsonProblem  `json:"errors"`
}

type jsonProblem struct {
	Name    string `json:"name"`
	Message string `json:"message"`
}

type jsonGate struct {
	Passed       bool            `json:"passed"`
	PolicySource string          `json:"policy_source"`
	Checks       []jsonGateCheck `json:"checks"`
}

type jsonGateCheck struct {
	Name    string   `json:"name"`
	Passed  bool     `json:"passed"`
	Summary string   `json:"summary"`
	Details []string `json:"details"`
}

type jsonData struct {
	Source string `json:"source"`
	Date   string `json:"date"`
	// Products says where each product's data came from.
	Products map[string]jsonOrigin `json:"products,omitempty"`
}

type jsonOrigin struct {
	Source string `json:"source"`
	Date   string `json:"date"`
}

type jsonFinding struct {
	Target     string  `json:"target"`
	Product    string  `json:"product"`
	Release    string  `json:"release"`
	Released   *string `json:"released"`
	Due        *string `json:"due"`
	Status     string  `json:"status"`
	DaysLeft   *int    `json:"days_left"`
	Rule       string  `json:"rule"`
	PolicyLine int     `json:"policy_line"`
	Issue      *string `json:"issue"`
	IssueState *string `json:"issue_state"`
	Reason     string  `json:"reason"`
	// ClearedBy is, for an owed release older than the newest owed one,
	// that release: supporting it clears this one.
	ClearedBy *string `json:"cleared_by"`
	// EOL is the release's upstream end of life, past or future.
	EOL *string `json:"eol"`
}

// EmbeddedDefault is the JSON report's policy when the embedded default
// policy was used: no policy file was found.
const EmbeddedDefault = "embedded-default"

func jsonPolicy(file string) string {
	if file == config.DefaultName {
		return EmbeddedDefault
	}
	return file
}

// JSON writes the report in the keepup/v1 format of design.md section 4,
// findings in policy order. Unknown dates and links are null.
func JSON(w io.Writer, r Report) error {
	out := jsonReport{
		Schema:      SchemaJSON,
		Now:         r.Now.String(),
		GeneratedAt: r.GeneratedAt.UTC().Format(time.RFC3339),
		Data:        jsonData{Source: r.DataSource, Date: r.DataDate.String(), Products: jsonOrigins(r.ProductData)},
		Policy:      jsonPolicy(r.Policy),
		Findings:    []jsonFinding{},
		Summary:     map[string]int{},
		Notes:       r.Notes,
	}
	if out.Notes == nil {
		out.Notes = []string{}
	}
	out.Errors = []jsonProblem{}
	for _, p := range r.Problems {
		out.Errors = append(out.Errors, jsonProblem(p))
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Target: f.Target, Product: f.Product, Release: f.Release,
			Released: nullable(f.Released.String()), Due: nullable(f.Due.String()),
			Status: string(f.Status), DaysLeft: f.DaysLeft, Rule: f.Rule,
			PolicyLine: f.Pos.Line, Issue: nullable(f.Issue), IssueState: nullable(f.IssueState), Reason: f.Reason,
			ClearedBy: nullable(f.ClearedBy), EOL: nullable(f.EOL.String()),
		})
	}
	counts := r.Counts()
	for _, s := range checks.Statuses {
		out.Summary[string(s)] = counts[s]
	}
	if r.Gate != nil {
		out.Gate = &jsonGate{Passed: r.Gate.Passed(), PolicySource: r.Gate.PolicySource, Checks: []jsonGateCheck{}}
		for _, g := range r.Gate.Checks {
			out.Gate.Checks = append(out.Gate.Checks, jsonGateCheck{Name: g.Name, Passed: g.Passed, Summary: g.Summary, Details: append([]string{}, g.Details...)})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func jsonOrigins(m map[string]DataOrigin) map[string]jsonOrigin {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]jsonOrigin, len(m))
	for name, o := range m {
		out[name] = jsonOrigin{Source: o.Source, Date: o.Date.String()}
	}
	return out
}

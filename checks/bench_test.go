package checks

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/upstream"
)

// BenchmarkEvaluate200Targets evaluates 200 targets, spread over every
// product of the embedded snapshot and each mode (supported lists, calendar
// mode, milestone and month windows, warn windows), against all their
// releases.
func BenchmarkEvaluate200Targets(b *testing.B) {
	benchEvaluate(b, bench200(b))
}

// benchEvaluate measures Evaluate of in, reporting its findings per run.
func benchEvaluate(b *testing.B, in Input) {
	res, err := Evaluate(in)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Evaluate(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Findings)), "findings/op")
}

// bench200 is the input of BenchmarkEvaluate200Targets: 200 targets, spread
// over every product of the embedded snapshot and each mode.
func bench200(b testing.TB) Input {
	data := upstream.Embedded()
	var y strings.Builder
	y.WriteString("version: 1\ntargets:\n")
	names := data.Names()
	for i := range 200 {
		name := names[i%len(names)]
		p, err := data.Product(name)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(&y, "  - name: t%d\n    product: %s\n", i, name)
		switch i % 4 {
		case 0:
			y.WriteString("    window: 3 months\n")
		case 1:
			y.WriteString("    warn: 3 milestones\n    window: 5 milestones\n    drop_after_eol: 12 months\n")
		case 2:
			y.WriteString("    window: 2 milestones\n")
		case 3:
			y.WriteString("    window: 6 weeks\n    filter: major\n")
		}
		if i%5 != 0 { // every fifth target is in calendar mode
			oldest := p.Releases[len(p.Releases)-1].Name
			fmt.Fprintf(&y, "    supported: [%q]\n", oldest)
		}
	}
	policy, err := config.Parse([]byte(y.String()), "bench.yml", names)
	if err != nil {
		b.Fatal(err)
	}
	return Input{Policy: policy, Catalog: data, Calendar: calendar.GitLab(), Now: calendar.MustParseDate("2026-08-25"), All: true}
}

// TestREADMEPerformance holds the README's Performance section to the
// number of findings the benchmark evaluates.
func TestREADMEPerformance(t *testing.T) {
	res, err := Evaluate(bench200(t))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	says := "nothing"
	if m := regexp.MustCompile(`evaluates 200\s+targets against all their releases \((\d+) findings\)`).FindSubmatch(readme); m != nil {
		says = string(m[1])
	}
	if says != fmt.Sprint(len(res.Findings)) {
		t.Errorf("README.md's Performance section says %s findings; the benchmark evaluates %d", says, len(res.Findings))
	}
}

package plan

import (
	"fmt"
	"testing"

	"gitlab.com/keepup/keepup/checks"
)

// BenchmarkSync plans a nightly run of 200 targets owing 10 releases each,
// every one with its issue open already, under either issues.group.
func BenchmarkSync(b *testing.B) {
	for _, group := range []string{"release", GroupTarget} {
		b.Run(group, func(b *testing.B) {
			p := planner(&testing.T{}, options(func(o *Options) { o.Group = group }))
			var findings []checks.Finding
			for t := range 200 {
				for r := range 10 {
					f := finding(fmt.Sprintf("1.%d", 30+r), checks.Overdue)
					f.Target = fmt.Sprintf("t%d", t)
					if r < 9 {
						f.ClearedBy = "1.39"
					}
					findings = append(findings, f)
				}
			}
			var issues []Issue
			for _, a := range p.Sync(findings, nil).Actions {
				issues = append(issues, Issue{IID: int64(len(issues) + 1), State: Opened, Title: a.Draft.Title,
					Description: a.Draft.Description, Labels: a.Draft.Labels, Due: a.Draft.Due})
			}
			for _, a := range p.Sync(findings, issues).Actions {
				if a.Kind != Nothing {
					b.Fatalf("a nightly run with every issue up to date plans %s", a)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				pl := p.Sync(findings, issues)
				if len(pl.Errors) > 0 {
					b.Fatal(pl.Errors)
				}
			}
			b.ReportMetric(float64(len(issues)), "issues")
		})
	}
}

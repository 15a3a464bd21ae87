package detect

import (
	"testing"

	"gitlab.com/keepup/keepup/internal/monorepo"
)

// BenchmarkDetect50k runs a policy's detect rules (Kubernetes from the CI
// matrix and the charts, Ubuntu from every Dockerfile, Go from every
// go.mod) over a generated 50,000-file repository, from a fresh Repo each
// time (the listings are read again; the OS caches the files).
func BenchmarkDetect50k(b *testing.B) {
	root, files := monorepo.Write(b, map[string]string{
		".gitlab-ci.yml": "kubeconform:\n  parallel:\n    matrix:\n      - KUBE_VERSION: [\"1.33.4\", \"1.34.1\", \"1.35.0\"]\n",
	})
	if files != monorepo.Files {
		b.Fatalf("generated %d files, want %d", files, monorepo.Files)
	}
	targets := []struct {
		rules    []Rule
		releases []string
		want     int // releases found
	}{
		{[]Rule{
			{File: ".gitlab-ci.yml", YAML: ".kubeconform.parallel.matrix[*].KUBE_VERSION"},
			{File: "services/*/chart/Chart.yaml", YAML: ".kubeVersion", Semver: true},
		}, kubernetes, 3},
		{[]Rule{{File: "**/Dockerfile", Regex: `^FROM ubuntu:(?P<version>\S+)`}}, ubuntu, 2},
		{[]Rule{{File: "**/go.mod", Regex: `^go (?P<version>\S+)`}}, golang, 2},
	}
	b.ResetTimer()
	for b.Loop() {
		repo := openRepo(b, root)
		for _, tg := range targets {
			res, err := repo.Detect(tg.rules, tg.releases)
			if err != nil || len(res.Releases()) != tg.want {
				b.Fatalf("found %v, %v; want %d releases", res.Releases(), err, tg.want)
			}
		}
	}
	b.ReportMetric(float64(files), "files")
}

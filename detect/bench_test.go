package detect

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// monorepo writes a generated repository of 50,000 files outside the
// skipped directories (250 services, each with a Dockerfile, a go.mod and
// 10 packages of 19 files; every tenth with a Helm chart; a CI file at the
// top) plus 15,000 in node_modules, vendor and .git, which no wildcard may
// enter. It returns the root and the number of files outside those.
func monorepo(b *testing.B) (string, int) {
	b.Helper()
	root := b.TempDir()
	files := 0
	write := func(name, data string, count bool) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
		if count {
			files++
		}
	}
	write(".gitlab-ci.yml", "kubeconform:\n  parallel:\n    matrix:\n      - KUBE_VERSION: [\"1.33.4\", \"1.34.1\", \"1.35.0\"]\n", true)
	for s := range 250 {
		svc := fmt.Sprintf("services/svc%03d", s)
		write(svc+"/Dockerfile", fmt.Sprintf("FROM golang:1.25 AS build\nRUN make\nFROM ubuntu:%s\nCOPY --from=build /app /app\n", []string{"22.04", "24.04"}[s%2]), true)
		write(svc+"/go.mod", fmt.Sprintf("module example.com/svc%03d\n\ngo 1.%d.3\n", s, 24+s%2), true)
		write(svc+"/README.md", "# service\n", true)
		extra := 0
		if s%10 == 0 {
			write(svc+"/chart/Chart.yaml", "apiVersion: v2\nname: svc\nkubeVersion: \">=1.33.0-0 <1.36.0-0\"\n", true)
			write(svc+"/chart/values.yaml", "replicas: 1\n", true)
			extra = 2
		}
		for p := range 10 {
			for f := range 19 - extra*(p/9) { // the chart's files in place of the last package's
				write(fmt.Sprintf("%s/pkg/p%02d/f%02d.go", svc, p, f), "package p\n", true)
			}
		}
	}
	for i := range 5000 {
		write(fmt.Sprintf("node_modules/m%03d/lib/f%d.js", i/20, i%20), "module.exports = 1\n", false)
		write(fmt.Sprintf("vendor/example.com/m%03d/f%d.go", i/20, i%20), "package m\n", false)
		write(fmt.Sprintf(".git/objects/%02x/%038x", i%256, i), "x", false)
	}
	// The top-level files and the Helm charts' extra file make up the count.
	for i := files; i < 50_000; i++ {
		write(fmt.Sprintf("docs/page%05d.md", i), "# docs\n", true)
	}
	return root, files
}

// BenchmarkDetect50k runs a policy's detect rules (Kubernetes from the CI
// matrix and the charts, Ubuntu from every Dockerfile, Go from every
// go.mod) over a generated 50,000-file repository, from a fresh Repo each
// time (the listings are read again; the OS caches the files).
func BenchmarkDetect50k(b *testing.B) {
	root, files := monorepo(b)
	if files != 50_000 {
		b.Fatalf("generated %d files, want 50000", files)
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

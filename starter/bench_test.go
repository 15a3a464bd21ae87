package starter

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"gitlab.com/keepup/keepup/upstream"
)

// monorepo writes a generated repository of 50,000 files outside the
// directories wildcards skip (250 services, each with a Dockerfile, a
// go.mod and 10 packages of 19 files; every tenth with a Helm chart; a CI
// file and .tool-versions at the top; pages of docs) plus 15,000 in
// node_modules, vendor and .git. It returns the root and the number of
// files outside those.
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
	write(".gitlab-ci.yml", "kubeconform:\n  parallel:\n    matrix:\n      - KUBE_VERSION: [\"1.33.4\", \"1.34.1\", \"1.35.0\"]\npackage:debian-13:\n  script: make\n", true)
	write(".tool-versions", "golang 1.25.4\nruby 3.4.1\n", true)
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
			for f := range 19 - extra*(p/9) {
				write(fmt.Sprintf("%s/pkg/p%02d/f%02d.go", svc, p, f), "package p\n", true)
			}
		}
	}
	for i := range 5000 {
		write(fmt.Sprintf("node_modules/m%03d/lib/f%d.js", i/20, i%20), "module.exports = 1\n", false)
		write(fmt.Sprintf("vendor/example.com/m%03d/Dockerfile", i), "FROM debian:9\n", false)
		write(fmt.Sprintf(".git/objects/%02x/%038x", i%256, i), "x", false)
	}
	for i := files; i < 50_000; i++ {
		write(fmt.Sprintf("docs/page%05d.md", i), "# docs\n", true)
	}
	return root, files
}

// BenchmarkScan50k scans a generated 50,000-file repository as keepup init
// does, from a fresh scan each time (the OS caches the files).
func BenchmarkScan50k(b *testing.B) {
	root, files := monorepo(b)
	if files != 50_000 {
		b.Fatalf("generated %d files, want 50000", files)
	}
	// Releases found by target; debian-minor is commented out (debian-13
	// names no minor).
	want := map[string]int{"kubernetes": 3, "ubuntu": 2, "debian": 1, "debian-minor": 0, "go": 2, "ruby": 1}
	b.ResetTimer()
	for b.Loop() {
		res, err := ScanDir(root, upstream.Embedded())
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Targets) != len(want) {
			b.Fatalf("found %d targets, want %v", len(res.Targets), want)
		}
		for _, t := range res.Targets {
			if n := len(t.Releases()); n != want[t.Name] || (t.Off != "") != (t.Name == "debian-minor") {
				b.Fatalf("%s: %d releases (%v), off %q; want %d", t.Name, n, t.Releases(), t.Off, want[t.Name])
			}
		}
		if _, err := res.Policy(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(files), "files")
}

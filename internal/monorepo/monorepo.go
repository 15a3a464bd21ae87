// Package monorepo writes a large generated repository for the benchmarks
// of the packages that read a project's files (detect, starter).
package monorepo

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Files is how many files Write writes outside the directories wildcards
// skip.
const Files = 50_000

// Write writes a generated repository of Files files outside the
// directories wildcards skip: the top files given (name to contents), 250
// services, each with a Dockerfile (FROM golang:1.25, then ubuntu:22.04 or
// 24.04), a go.mod (go 1.24.3 or 1.25.3) and 10 packages of 19 files, every
// tenth with a Helm chart (kubeVersion ">=1.33.0-0 <1.36.0-0"), and pages
// of docs to make up the count; plus 15,000 files in node_modules, vendor
// (Dockerfiles FROM debian:9) and .git, which no wildcard may enter. It
// returns the root and the number of files written outside those.
func Write(tb testing.TB, top map[string]string) (string, int) {
	tb.Helper()
	root := tb.TempDir()
	files := 0
	write := func(name, data string, count bool) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			tb.Fatal(err)
		}
		if count {
			files++
		}
	}
	for name, data := range top {
		write(name, data, true)
	}
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
		write(fmt.Sprintf("vendor/example.com/m%03d/Dockerfile", i), "FROM debian:9\n", false)
		write(fmt.Sprintf(".git/objects/%02x/%038x", i%256, i), "x", false)
	}
	for i := files; i < Files; i++ {
		write(fmt.Sprintf("docs/page%05d.md", i), "# docs\n", true)
	}
	return root, files
}

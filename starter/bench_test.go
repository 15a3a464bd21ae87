package starter

import (
	"testing"

	"gitlab.com/keepup/keepup/internal/monorepo"
	"gitlab.com/keepup/keepup/upstream"
)

// BenchmarkScan50k scans a generated 50,000-file repository as keepup init
// does, from a fresh scan each time (the OS caches the files).
func BenchmarkScan50k(b *testing.B) {
	root, files := monorepo.Write(b, map[string]string{
		".gitlab-ci.yml": "kubeconform:\n  parallel:\n    matrix:\n      - KUBE_VERSION: [\"1.33.4\", \"1.34.1\", \"1.35.0\"]\npackage:debian-13:\n  script: make\n",
		".tool-versions": "golang 1.25.4\nruby 3.4.1\n",
	})
	if files != monorepo.Files {
		b.Fatalf("generated %d files, want %d", files, monorepo.Files)
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

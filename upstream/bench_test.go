package upstream

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// defaultPolicyProducts are the products of keepup's default policy
// (config/default.keepup.yml).
var defaultPolicyProducts = []string{"kubernetes", "ubuntu", "rhel", "almalinux", "rocky-linux", "oracle-linux",
	"debian", "opensuse", "sles", "amazon-linux", "postgresql", "redis"}

// BenchmarkLoad fetches the default policy's products from the fake
// server: cold (empty cache: full 200 answers) and warm (conditional
// requests answered 304), without and with 20 ms of server latency per
// request, which shows what the in-flight bound costs.
func BenchmarkLoad(b *testing.B) {
	for _, latency := range []time.Duration{0, 20 * time.Millisecond} {
		for _, warm := range []bool{false, true} {
			name := "cold"
			if warm {
				name = "warm"
			}
			b.Run(name+"/latency="+latency.String(), func(b *testing.B) {
				f := newFakeEOL(b)
				if latency > 0 {
					f.setHook(func(http.ResponseWriter, *http.Request) bool {
						time.Sleep(latency)
						return false
					})
				}
				dir := b.TempDir()
				if warm {
					c, _, _ := f.newClient(dir, testNow)
					if _, err := Load(context.Background(), ModeLive, defaultPolicyProducts, c); err != nil {
						b.Fatal(err)
					}
					f.seen()
				}
				b.ResetTimer()
				for i := 0; b.Loop(); i++ {
					cacheDir := dir
					if !warm {
						cacheDir = b.TempDir()
					}
					c, _, _ := f.newClient(cacheDir, testNow)
					if _, err := Load(context.Background(), ModeLive, defaultPolicyProducts, c); err != nil {
						b.Fatal(err)
					}
				}
				rs := f.seen()
				var full, notModified int
				for _, r := range rs {
					switch r.Status {
					case http.StatusOK:
						full++
					case http.StatusNotModified:
						notModified++
					}
				}
				b.ReportMetric(float64(len(rs))/float64(b.N), "requests/op")
				b.ReportMetric(float64(full)/float64(b.N), "200s/op")
				b.ReportMetric(float64(notModified)/float64(b.N), "304s/op")
			})
		}
	}
}

// BenchmarkSnapshotAliases reads the aliases of every embedded product, as
// each run of a policy does once to resolve its product names.
func BenchmarkSnapshotAliases(b *testing.B) {
	names := Embedded().Names()
	for b.Loop() {
		s := &Snapshot{names: names}
		if len(s.Aliases()) == 0 {
			b.Fatal("no aliases")
		}
	}
}

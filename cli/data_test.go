package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// snapshotServer serves the embedded snapshot's files as endoflife.date
// (/api/v1/products/<name>/) and the release-data repository
// (/rd/<name>.json) do, and counts the requests.
func snapshotServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	root, err := filepath.Abs("../upstream/data/endoflife.date")
	if err != nil {
		t.Fatal(err)
	}
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		file := ""
		if name, ok := strings.CutPrefix(r.URL.Path, "/api/v1/products/"); ok {
			file = filepath.Join(root, "v1/products", strings.TrimSuffix(name, "/")+".json")
		} else if name, ok := strings.CutPrefix(r.URL.Path, "/rd/"); ok {
			file = filepath.Join(root, "release-data", name)
		}
		http.ServeFile(w, r, file)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// data update writes the day it ran as SNAPSHOT, and the documents as served.
func TestDataUpdate(t *testing.T) {
	srv, requests := snapshotServer(t)
	want, err := os.ReadFile("../upstream/data/endoflife.date/v1/products/rhel.json") // before runIn changes directory
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	environ := map[string]string{"KEEPUP_ENDOFLIFE_URL": srv.URL, "KEEPUP_RELEASE_DATA_URL": srv.URL + "/rd"}
	code, stdout, stderr := runIn(t, dir, environ, "data", "update", "--out", "snap")
	if code != exitOK || stdout != "wrote 24 product documents, 18 release-data documents and SNAPSHOT (2026-08-25) to snap\n" {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if n := requests.Load(); n != 42 {
		t.Errorf("%d requests, want 42: one per document", n)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "snap/SNAPSHOT")); err != nil || string(b) != "2026-08-25\n" {
		t.Errorf("SNAPSHOT = %q, %v", b, err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, "snap/endoflife.date/v1/products/rhel.json")); err != nil || string(got) != string(want) {
		t.Errorf("rhel.json: %d bytes, %v; want the %d served", len(got), err, len(want))
	}
	if !strings.Contains(stderr, "keepup: rebuild keepup to embed them\nkeepup: hint: the tests pin the embedded snapshot") {
		t.Errorf("stderr:\n%s", stderr)
	}
}

func TestDataShow(t *testing.T) {
	code, stdout, stderr := runIn(t, t.TempDir(), nil, "data", "show", "rhel")
	want := `rhel (Red Hat Enterprise Linux), also redhat, redhatlinux
RELEASE  RELEASED    END OF LIFE  LTS  FROM
10       2025-05-20  2035-05-31   yes  endoflife.date snapshot of 2026-08-22
  10.2   2026-05-20  2035-05-31   -    latest of cycle 10 in the endoflife.date snapshot of 2026-08-22
9        2022-05-18  2032-05-31   yes  endoflife.date snapshot of 2026-08-22
  9.8    2026-05-20  2032-05-31   -    latest of cycle 9 in the endoflife.date snapshot of 2026-08-22
8        2019-05-07  2029-05-31   yes  endoflife.date snapshot of 2026-08-22
  8.10   2024-05-22  2029-05-31   -    latest of cycle 8 in the endoflife.date snapshot of 2026-08-22
`
	if code != exitOK || !strings.HasPrefix(stdout, want) || stderr != "" ||
		!strings.HasSuffix(stdout, "\n7 release cycles, 7 minor releases within them · data embedded snapshot of 2026-08-22\n") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
	// Minors sort by version, not as text: 9.10 before 9.9.
	for _, tt := range []struct {
		a, b string
		want int
	}{{"9.10", "9.9", 1}, {"9.9", "9.10", -1}, {"10", "9.8", 1}, {"1.2", "1.2", 0}, {"1.2.1", "1.2", 1}, {"a", "b", -1}} {
		if got := compareDotted(tt.a, tt.b); (got > 0) != (tt.want > 0) || (got < 0) != (tt.want < 0) {
			t.Errorf("compareDotted(%s, %s) = %d", tt.a, tt.b, got)
		}
	}
}

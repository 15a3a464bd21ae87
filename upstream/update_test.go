package upstream

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
)

// updateClients returns the Clients of a snapshot update against f: the
// API and the release-data base, without a cache.
func (f *fakeEOL) updateClients() (api, releaseData *Client) {
	api, _, _ = f.newClient("", testNow)
	releaseData, _, _ = f.newClient("", testNow)
	releaseData.BaseURL = f.srv.URL + "/release-data"
	return api, releaseData
}

// snapshotFiles reads every file under dir: path relative to dir → content.
func snapshotFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestFetchSnapshot(t *testing.T) {
	f := newFakeEOL(t)
	api, rd := f.updateClients()
	s := Embedded()
	products, withVersions := s.Names(), s.ReleaseDataNames()
	if len(withVersions) < 10 || !slices.Contains(withVersions, "almalinux") || slices.Contains(withVersions, "centos") {
		t.Fatalf("release-data names %v", withVersions)
	}
	u, err := FetchSnapshot(context.Background(), api, rd, products, withVersions, calendar.MustParseDate("2026-11-30"))
	if err != nil {
		t.Fatal(err)
	}
	// One plain request per document, at most 4 in flight.
	reqs := f.seen()
	if len(reqs) != len(products)+len(withVersions) || f.maxIn > DefaultMaxInFlight {
		t.Errorf("%d requests (want %d), %d in flight at most", len(reqs), len(products)+len(withVersions), f.maxIn)
	}
	for _, r := range reqs {
		if r.Conditional || r.Status != http.StatusOK {
			t.Errorf("request %+v", r)
		}
	}

	dir := t.TempDir()
	written, err := u.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(written) != len(products)+len(withVersions)+1 {
		t.Errorf("%d files written", len(written))
	}
	files := snapshotFiles(t, dir)
	if files["SNAPSHOT"] != "2026-11-30\n" {
		t.Errorf("SNAPSHOT = %q", files["SNAPSHOT"])
	}
	// The documents as served: the embedded ones, since the fake serves them.
	for _, name := range products {
		want, _ := snapshotFS.ReadFile(productsDir + "/" + name + ".json")
		if got := files["endoflife.date/v1/products/"+name+".json"]; got != string(want) {
			t.Errorf("%s: wrote %d bytes, want the %d served", name, len(got), len(want))
		}
	}
	for _, name := range withVersions {
		want, _ := releaseDataFS.ReadFile(releaseDataDir + "/" + name + ".json")
		if got := files["endoflife.date/release-data/"+name+".json"]; got != string(want) {
			t.Errorf("release-data %s: wrote %d bytes, want the %d served", name, len(got), len(want))
		}
	}
	if len(files) != len(written) {
		t.Errorf("%d files in the directory, %d written: temporary files left?", len(files), len(written))
	}
}

// A snapshot is fetched whole or not at all: any failure is an error
// naming the document, and nothing is returned to write.
func TestFetchSnapshotFailures(t *testing.T) {
	for _, tt := range []struct {
		name string
		hook func(w http.ResponseWriter, r *http.Request) bool
		want []string
	}{
		{"release-data missing", func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path == "/release-data/redis.json" {
				http.NotFound(w, r)
				return true
			}
			return false
		}, []string{"the release-data of redis: endoflife.date answers 404 Not Found for http://", "/release-data/redis.json"}},
		{"server error", func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path == "/api/v1/products/ubuntu/" {
				http.Error(w, "oops", http.StatusBadGateway)
				return true
			}
			return false
		}, []string{"the endoflife.date document of ubuntu: endoflife.date answers 502 Bad Gateway"}},
		{"not a document", func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path == "/release-data/debian.json" {
				w.Write([]byte(`{"releases": {}}`))
				return true
			}
			return false
		}, []string{"the release-data of debian: parsing ", "no versions: not an endoflife.date release-data document"}},
		{"renamed", func(w http.ResponseWriter, r *http.Request) bool {
			if r.URL.Path == "/api/v1/products/centos/" {
				http.Redirect(w, r, "/api/v1/products/centos-stream/", http.StatusMovedPermanently)
				return true
			}
			return false
		}, []string{"the endoflife.date document of centos: endoflife.date renamed centos to centos-stream: rename upstream/data/endoflife.date/v1/products/centos.json to centos-stream.json"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEOL(t)
			f.setHook(tt.hook)
			api, rd := f.updateClients()
			u, err := FetchSnapshot(context.Background(), api, rd, Embedded().Names(), Embedded().ReleaseDataNames(), calendar.MustParseDate("2026-11-30"))
			if u != nil || err == nil {
				t.Fatalf("FetchSnapshot = %v, %v; want only an error", u, err)
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}

	// A cancelled fetch returns nothing.
	f := newFakeEOL(t)
	api, rd := f.updateClients()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if u, err := FetchSnapshot(ctx, api, rd, []string{"kubernetes"}, nil, calendar.MustParseDate("2026-11-30")); u != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, %v", u, err)
	}
	if _, err := FetchSnapshot(context.Background(), api, rd, []string{"../etc"}, nil, calendar.MustParseDate("2026-11-30")); !errors.Is(err, ErrUnknownProduct) {
		t.Errorf("a bad name: %v", err)
	}
}

// A write that fails leaves the old snapshot as it was, with no temporary
// file behind.
func TestSnapshotWriteAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	write := func(files map[string]string) {
		for p, data := range files {
			if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, p), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A file stands where the release-data directory goes: the product
	// documents are staged, then the release-data cannot be.
	old := map[string]string{
		"SNAPSHOT":                             "2026-08-22\n",
		"endoflife.date/v1/products/a.json":    "old a",
		"endoflife.date/v1/products/keep.json": "not in the update",
		"endoflife.date/release-data":          "a file, not a directory",
	}
	write(old)
	u := &SnapshotUpdate{Date: calendar.MustParseDate("2026-11-30"),
		Products:    map[string][]byte{"a": []byte("new a"), "b": []byte("new b")},
		ReleaseData: map[string][]byte{"a": []byte("new a versions")}}
	if _, err := u.Write(dir); err == nil || !strings.Contains(err.Error(), "writing "+filepath.Join(dir, "endoflife.date/release-data/a.json")) {
		t.Errorf("Write = %v, want the failure naming the file", err)
	}
	if got := snapshotFiles(t, dir); !mapsEqual(got, old) {
		t.Errorf("after a failed write:\n%v\nwant the old snapshot:\n%v", got, old)
	}

	// Then whole, leaving the files it has nothing for.
	if err := os.Remove(filepath.Join(dir, "endoflife.date/release-data")); err != nil {
		t.Fatal(err)
	}
	delete(old, "endoflife.date/release-data")
	written, err := u.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"SNAPSHOT":                             "2026-11-30\n",
		"endoflife.date/v1/products/a.json":    "new a",
		"endoflife.date/v1/products/b.json":    "new b",
		"endoflife.date/release-data/a.json":   "new a versions",
		"endoflife.date/v1/products/keep.json": "not in the update",
	}
	if got := snapshotFiles(t, dir); !mapsEqual(got, want) || len(written) != 4 {
		t.Errorf("after the write (%d written):\n%v\nwant:\n%v", len(written), got, want)
	}
	if info, err := os.Stat(filepath.Join(dir, "SNAPSHOT")); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("SNAPSHOT: %v, %v", info, err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

func TestProductList(t *testing.T) {
	list, source, err := ProductList(context.Background(), ModeEmbedded, nil)
	if err != nil {
		t.Fatal(err)
	}
	if source != "endoflife.date snapshot of 2026-08-22" || len(list) != len(Embedded().Names()) {
		t.Errorf("embedded: %s, %d products", source, len(list))
	}
	i := slices.IndexFunc(list, func(p ProductSummary) bool { return p.Name == "kubernetes" })
	if i < 0 || list[i].Label != "Kubernetes" || !slices.Equal(list[i].Aliases, []string{"k8s"}) {
		t.Errorf("kubernetes: %+v", list)
	}

	f := newFakeEOL(t)
	c, _, logs := f.newClient(t.TempDir(), testNow)
	list, source, err = ProductList(context.Background(), ModeLive, c)
	if len(logs.all()) != 0 {
		t.Errorf("live logs %v", logs.all())
	}
	if err != nil || source != "endoflife.date live of 2026-08-25" || !slices.IsSortedFunc(list, func(a, b ProductSummary) int { return strings.Compare(a.Name, b.Name) }) {
		t.Fatalf("live: %s, %v", source, err)
	}
	if i := slices.IndexFunc(list, func(p ProductSummary) bool { return p.Name == "almalinux" }); i < 0 || list[i].Label != "AlmaLinux OS" || !slices.Equal(list[i].Aliases, []string{"alma-linux", "alma"}) {
		t.Errorf("almalinux: %+v", list)
	}
	if got := statuses(f.seen()); got != "/api/v1/products/ 200\n" {
		t.Errorf("requests:\n%s", got)
	}

	// Down: live fails; auto uses the cached list, else the snapshot's.
	f.down()
	c2, _, _ := f.newClient(c.CacheDir, testNow.AddDate(0, 0, 2))
	if _, _, err := ProductList(context.Background(), ModeLive, c2); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("live while down: %v", err)
	}
	c3, _, logs := f.newClient(c.CacheDir, testNow.AddDate(0, 0, 2))
	if _, source, err := ProductList(context.Background(), ModeAuto, c3); err != nil || source != "endoflife.date cache of 2026-08-25" ||
		!slices.ContainsFunc(logs.all(), func(m string) bool {
			return strings.HasPrefix(m, "WARN ") && strings.Contains(m, "using the cached product list of 2026-08-25 (2 days old)")
		}) {
		t.Errorf("auto with a cache: %s, %v, %v", source, err, logs.all())
	}
	c4, _, logs := f.newClient("", testNow)
	if list, source, err := ProductList(context.Background(), ModeAuto, c4); err != nil || source != "endoflife.date snapshot of 2026-08-22" || len(list) != len(Embedded().Names()) ||
		!slices.ContainsFunc(logs.all(), func(m string) bool {
			return strings.Contains(m, "using the embedded snapshot's products of 2026-08-22")
		}) {
		t.Errorf("auto without a cache: %s, %v, %v", source, err, logs.all())
	}
}

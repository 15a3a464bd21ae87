package upstream

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/calendar"
)

func TestParseMode(t *testing.T) {
	for _, s := range []string{"embedded", "live", "auto"} {
		if m, err := ParseMode(s); err != nil || string(m) != s {
			t.Errorf("ParseMode(%q) = %q, %v", s, m, err)
		}
	}
	if _, err := ParseMode("online"); err == nil || err.Error() != `unknown data mode "online"; expected embedded, live or auto` {
		t.Errorf("ParseMode(online) err = %v", err)
	}
}

func TestDefaultCacheDir(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"CI_PROJECT_DIR": "/builds/g/p", "XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/builds/g/p/.cache/keepup"},
		{map[string]string{"XDG_CACHE_HOME": "/x", "HOME": "/h"}, "/x/keepup"},
		{map[string]string{"XDG_CACHE_HOME": "relative", "HOME": "/h"}, "/h/.cache/keepup"},
		{map[string]string{"HOME": "/h"}, "/h/.cache/keepup"},
		{map[string]string{}, ""},
	}
	for _, tt := range tests {
		if got := DefaultCacheDir(tt.env); got != filepath.FromSlash(tt.want) {
			t.Errorf("DefaultCacheDir(%v) = %q, want %q", tt.env, got, tt.want)
		}
	}
}

// embedded mode never touches the network, even with a client.
func TestLoadEmbedded(t *testing.T) {
	f := newFakeEOL(t)
	c, _, logs := f.newClient(t.TempDir(), testNow)
	for _, client := range []*Client{c, nil} {
		d, err := Load(context.Background(), ModeEmbedded, []string{"kubernetes", "debian"}, client)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := Embedded().Product("debian")
		if p, _ := d.Product("debian"); p != want {
			t.Error("embedded mode does not give the snapshot's product")
		}
		if o, _ := d.Origin("kubernetes"); o != (Origin{Kind: SourceEmbedded, Source: "embedded snapshot of 2026-08-22", Date: calendar.MustParseDate("2026-08-22")}) {
			t.Errorf("Origin = %+v", o)
		}
		if src, date := d.Summary(); src != "endoflife.date snapshot" || date.String() != "2026-08-22" {
			t.Errorf("Summary() = %q, %s", src, date)
		}
	}
	if _, err := Load(context.Background(), ModeEmbedded, []string{"nodejs"}, c); !errors.Is(err, ErrUnknownProduct) {
		t.Errorf("unknown product in embedded mode: err = %v", err)
	}
	if rs := f.seen(); len(rs) != 0 {
		t.Errorf("embedded mode sent requests: %v", rs)
	}
	if msgs := logs.all(); len(msgs) != 0 {
		t.Errorf("logs = %q", msgs)
	}
}

// fill runs a live load on day to fill dir's cache with products.
func fill(t *testing.T, f *fakeEOL, dir string, day time.Time, products ...string) {
	t.Helper()
	c, _, _ := f.newClient(dir, day)
	if _, err := Load(context.Background(), ModeLive, products, c); err != nil {
		t.Fatal(err)
	}
	f.seen()
}

// Each step of auto's chain: live, else the cache however old, else the
// embedded snapshot, each fallback with a warning naming the age of what
// was used. After the first failure no more requests are sent.
func TestAutoFallbackChain(t *testing.T) {
	f := newFakeEOL(t)
	dir := t.TempDir()
	fill(t, f, dir, time.Date(2026, 8, 20, 9, 0, 0, 0, time.UTC), "kubernetes", "rhel")

	c, _, logs := f.newClient(dir, testNow)
	d, err := Load(context.Background(), ModeAuto, []string{"kubernetes", "rhel", "debian"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if rs := f.seen(); len(rs) != 3 || slices.ContainsFunc(rs, func(r request) bool { return r.Status != 200 && r.Status != 304 }) {
		t.Errorf("requests while up: %v", rs)
	}
	for _, name := range d.Names() {
		if o, _ := d.Origin(name); o.Kind != SourceLive {
			t.Errorf("%s: %+v, want live", name, o)
		}
	}
	if msgs := logs.all(); len(msgs) != 0 {
		t.Errorf("logs while up: %q", msgs)
	}

	f.down()
	c, _, _ = f.newClient(dir, testNow)
	c.MaxInFlight = 1
	d, err = Load(context.Background(), ModeAuto, []string{"kubernetes", "rhel", "debian"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if rs := f.seen(); len(rs) != 1 || rs[0].Status != 503 {
		t.Errorf("requests while down: %v; want one, then none after it failed", rs)
	}
	wantOrigins := map[string]Origin{
		"kubernetes": {SourceCache, "cache of 2026-08-25", calendar.MustParseDate("2026-08-25")},
		"rhel":       {SourceCache, "cache of 2026-08-25", calendar.MustParseDate("2026-08-25")},
		"debian":     {SourceCache, "cache of 2026-08-25", calendar.MustParseDate("2026-08-25")},
	}
	for name, want := range wantOrigins {
		if o, _ := d.Origin(name); o != want {
			t.Errorf("%s: origin %+v, want %+v", name, o, want)
		}
	}

	// A cache of 2026-08-20 for two products, nothing cached for debian.
	dir = t.TempDir()
	f.setHook(nil)
	fill(t, f, dir, time.Date(2026, 8, 20, 9, 0, 0, 0, time.UTC), "kubernetes", "rhel")
	f.down()
	c, _, logs = f.newClient(dir, testNow)
	d, err = Load(context.Background(), ModeAuto, []string{"kubernetes", "rhel", "debian"}, c)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, name := range d.Names() {
		o, _ := d.Origin(name)
		p, _ := d.Product(name)
		got[name] = o.Source + " / " + p.Source
	}
	want := map[string]string{
		"kubernetes": "cache of 2026-08-20 / endoflife.date cache of 2026-08-20",
		"rhel":       "cache of 2026-08-20 / endoflife.date cache of 2026-08-20",
		"debian":     "embedded snapshot of 2026-08-22 / endoflife.date snapshot of 2026-08-22",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sources = %v\nwant %v", got, want)
	}
	if src, date := d.Summary(); src != "endoflife.date cache, snapshot" || date.String() != "2026-08-20" {
		t.Errorf("Summary() = %q, %s", src, date)
	}
	msgs := logs.all()
	if len(msgs) != 2 ||
		!strings.HasPrefix(msgs[0], "WARN no live data: endoflife.date answers 503 Service Unavailable for "+f.srv.URL+"/api/v1/products/") || !strings.HasSuffix(msgs[0], "; using the cache of 2026-08-20 (5 days old) for kubernetes, rhel") ||
		!strings.Contains(msgs[1], "; using the embedded snapshot of 2026-08-22 (3 days old) for debian") ||
		!strings.Contains(msgs[0], "503 Service Unavailable") {
		t.Errorf("warnings:\n%s", strings.Join(msgs, "\n"))
	}
}

// Once the server has failed, requests already holding a slot may finish,
// but no further request is sent: auto mode falls back at once instead of
// waiting out a timeout per product.
func TestNoRequestsAfterFailure(t *testing.T) {
	f := newFakeEOL(t)
	f.down()
	c, _, _ := f.newClient("", testNow)
	if _, err := Load(context.Background(), ModeAuto, Embedded().Names(), c); err != nil {
		t.Fatal(err)
	}
	if rs := f.seen(); len(rs) == 0 || len(rs) > DefaultMaxInFlight {
		t.Errorf("%d requests for %d products, want 1 to %d", len(rs), len(Embedded().Names()), DefaultMaxInFlight)
	}
}

func TestAutoFailsWhenFoundNowhere(t *testing.T) {
	f := newFakeEOL(t)
	f.docs["nodejs"] = []byte(`{"result":{"name":"nodejs","releases":[{"name":"24","releaseDate":"2025-05-06"}]}}`)
	f.down()
	c, _, _ := f.newClient(t.TempDir(), testNow)
	_, err := Load(context.Background(), ModeAuto, []string{"nodejs", "debian", "kubernetes"}, c)
	if err == nil || !strings.HasPrefix(err.Error(), "no live data for nodejs (endoflife.date answers 503 Service Unavailable for ") || !strings.HasSuffix(err.Error(), "), and none in the cache or the embedded snapshot") {
		t.Errorf("err = %v", err)
	}
}

func TestLiveFailsWithoutFallback(t *testing.T) {
	f := newFakeEOL(t)
	dir := t.TempDir()
	fill(t, f, dir, testNow, "kubernetes", "rhel", "debian")
	f.down()
	c, _, logs := f.newClient(dir, testNow)
	_, err := Load(context.Background(), ModeLive, []string{"kubernetes", "rhel", "debian"}, c)
	if err == nil || !strings.HasPrefix(err.Error(), "fetching debian, kubernetes, rhel from endoflife.date: endoflife.date answers 503 Service Unavailable for ") || strings.Contains(err.Error(), "\n") {
		t.Errorf("err = %v", err)
	}
	if msgs := logs.all(); len(msgs) != 0 {
		t.Errorf("logs = %q", msgs)
	}
}

// A corrupt cache entry is ignored with a warning: the document is fetched
// afresh (unconditionally) and the entry replaced.
func TestCorruptCacheEntry(t *testing.T) {
	tests := map[string]func(good []byte) []byte{
		"truncated":   func(good []byte) []byte { return good[:len(good)/2] },
		"empty":       func([]byte) []byte { return nil },
		"not a cache": func([]byte) []byte { return []byte(`{"hello":"world"}`) },
		"bad body": func(good []byte) []byte {
			return bytes.Replace(good, []byte(`"releaseDate":"`), []byte(`"releaseDate":"x`), 1)
		},
		"oversized": func(good []byte) []byte { return append(good, bytes.Repeat([]byte(" "), 2<<20)...) },
	}
	for name, corrupt := range tests {
		t.Run(name, func(t *testing.T) {
			f := newFakeEOL(t)
			dir := t.TempDir()
			fill(t, f, dir, testNow, "debian")
			file, err := cachePath(dir, f.srv.URL+"/api/v1/products/debian/")
			if err != nil {
				t.Fatal(err)
			}
			good, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, corrupt(good), 0o644); err != nil {
				t.Fatal(err)
			}
			c, _, logs := f.newClient(dir, testNow)
			c.MaxBody = 1 << 20
			if _, err := Load(context.Background(), ModeAuto, []string{"debian"}, c); err != nil {
				t.Fatal(err)
			}
			if got, want := statuses(f.seen()), "/api/v1/products/debian/ 200\n"; got != want {
				t.Errorf("requests:\n%swant:\n%s", got, want)
			}
			if msgs := logs.all(); len(msgs) != 1 || !strings.HasPrefix(msgs[0], "WARN ignoring the cache: corrupt cache file "+file) {
				t.Errorf("logs = %q", msgs)
			}
			if e, err := readEntry(dir, f.srv.URL+"/api/v1/products/debian/", 2<<20); err != nil || e == nil {
				t.Errorf("the entry was not replaced: %v", err)
			}
		})
	}
}

// A corrupt entry is also no fallback, and it is reported once.
func TestCorruptCacheNoFallback(t *testing.T) {
	f := newFakeEOL(t)
	dir := t.TempDir()
	fill(t, f, dir, testNow, "debian")
	file, _ := cachePath(dir, f.srv.URL+"/api/v1/products/debian/")
	if err := os.WriteFile(file, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.down()
	c, _, logs := f.newClient(dir, testNow)
	d, err := Load(context.Background(), ModeAuto, []string{"debian"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := d.Origin("debian"); o.Kind != SourceEmbedded {
		t.Errorf("origin = %+v, want the embedded snapshot", o)
	}
	msgs := logs.all()
	if len(msgs) != 2 || !strings.Contains(msgs[0], "corrupt cache file") || !strings.Contains(msgs[1], "using the embedded snapshot") {
		t.Errorf("logs:\n%s", strings.Join(msgs, "\n"))
	}
}

func TestCacheWriteIsAtomic(t *testing.T) {
	dir := t.TempDir()
	e := &entry{URL: "https://endoflife.date/api/v1/products/debian/", ETag: `"x"`, Fetched: testNow, Body: []byte(`{"result":{}}`)}
	for range 3 {
		if err := writeEntry(dir, e, 1<<10); err != nil {
			t.Fatal(err)
		}
	}
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if !d.IsDir() {
			files = append(files, strings.TrimPrefix(path, dir))
		}
		return err
	})
	if want := []string{filepath.FromSlash("/endoflife.date/api/v1/products/debian.json")}; !reflect.DeepEqual(files, want) {
		t.Errorf("cache files = %v, want %v (no temporary files left)", files, want)
	}
	got, err := readEntry(dir, e.URL, 1<<10)
	if err != nil || got.ETag != `"x"` || !got.Fetched.Equal(testNow) {
		t.Errorf("readEntry = %+v, %v", got, err)
	}
	e.Body = []byte(`"` + strings.Repeat("x", 2<<10) + `"`)
	if err := writeEntry(dir, e, 1<<10); err == nil || !strings.Contains(err.Error(), "larger than the 1 KiB limit") {
		t.Errorf("oversized entry: err = %v", err)
	}
}

func TestCachePathStaysInDir(t *testing.T) {
	for _, u := range []string{"https://endoflife.date/", "https://../api/v1/x/", "https://h/a/../../x/", "https://h/./x"} {
		if p, err := cachePath("/c", u); err == nil {
			t.Errorf("cachePath(%s) = %s, want an error", u, p)
		}
	}
}

func TestProductNames(t *testing.T) {
	f := newFakeEOL(t)
	dir := t.TempDir()
	c, _, _ := f.newClient(dir, time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC))
	names, err := productNames(context.Background(), ModeLive, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"kubernetes", "k8s", "almalinux", "alma"} {
		if !slices.Contains(names, want) {
			t.Errorf("live names lack %s: %v", want, names)
		}
	}
	if !slices.IsSorted(names) {
		t.Error("names not sorted")
	}
	// The list is fetched once per client, also for 404 suggestions.
	if _, err := Load(context.Background(), ModeLive, []string{"kubernets"}, c); !errors.Is(err, ErrUnknownProduct) {
		t.Fatal(err)
	}
	if got, want := statuses(f.seen()), "/api/v1/products/ 200\n/api/v1/products/kubernets/ 404\n"; got != want {
		t.Errorf("requests:\n%swant:\n%s", got, want)
	}

	f.down()
	c, _, logs := f.newClient(dir, testNow)
	cached, err := productNames(context.Background(), ModeAuto, c)
	if err != nil || !reflect.DeepEqual(cached, names) {
		t.Errorf("auto with a cached list = %v, %v", cached, err)
	}
	if msgs := logs.all(); len(msgs) != 1 || !strings.HasSuffix(msgs[0], "; using the cached product list of 2026-08-01 (24 days old)") {
		t.Errorf("logs = %q", msgs)
	}

	c, _, logs = f.newClient(t.TempDir(), testNow)
	embedded, err := productNames(context.Background(), ModeAuto, c)
	if err != nil || !reflect.DeepEqual(embedded, allNames(Embedded().KnownNames())) {
		t.Errorf("auto without a cache = %v, %v", embedded, err)
	}
	if msgs := logs.all(); len(msgs) != 1 || !strings.HasSuffix(msgs[0], "; using the embedded snapshot's product names of 2026-08-22 (3 days old)") {
		t.Errorf("logs = %q", msgs)
	}

	c, _, _ = f.newClient(dir, testNow)
	if _, err := productNames(context.Background(), ModeLive, c); err == nil || !strings.Contains(err.Error(), "fetching the product list from endoflife.date: endoflife.date answers 503") || !strings.HasSuffix(err.Error(), "(data mode live never falls back; auto falls back to the cached or embedded data)") {
		t.Errorf("live while down: err = %v", err)
	}
	if names, err := productNames(context.Background(), ModeEmbedded, nil); err != nil || !reflect.DeepEqual(names, allNames(Embedded().KnownNames())) {
		t.Errorf("embedded = %v, %v", names, err)
	}
}

// KnownNames gives each product's name and its aliases apart, in every
// mode, so that a policy may use an alias and be reported by the name.
func TestKnownNames(t *testing.T) {
	f := newFakeEOL(t)
	c, _, _ := f.newClient(t.TempDir(), testNow)
	for _, mode := range []Mode{ModeLive, ModeEmbedded} {
		n, err := KnownNames(context.Background(), mode, c)
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if n.Aliases["k8s"] != "kubernetes" || n.Aliases["alma"] != "almalinux" || slices.Contains(n.Products, "k8s") || !slices.Contains(n.Products, "kubernetes") || !slices.IsSorted(n.Products) {
			t.Errorf("%s: %+v", mode, n)
		}
		if all := allNames(n); !slices.Contains(all, "k8s") || !slices.Contains(all, "kubernetes") || !slices.IsSorted(all) || len(all) != len(n.Products)+len(n.Aliases) {
			t.Errorf("%s: names and aliases = %v", mode, all)
		}
	}
	if _, err := KnownNames(context.Background(), ModeLive, nil); err == nil {
		t.Error("live without a client: no error")
	}
	if _, err := KnownNames(context.Background(), Mode("bogus"), c); err == nil {
		t.Error("mode bogus: no error")
	}
}

// The snapshot knows its products' aliases, and an alias names its product.
func TestSnapshotAliases(t *testing.T) {
	s := Embedded()
	if a := s.Aliases(); a["k8s"] != "kubernetes" || a["postgres"] != "postgresql" || a["rocky"] != "rocky-linux" || len(a) != 24 {
		t.Errorf("aliases = %v (%d)", a, len(a))
	}
	p, err := s.Product("k8s")
	if err != nil || p.Name != "kubernetes" || !slices.Equal(p.Aliases, []string{"k8s"}) {
		t.Fatalf("Product(k8s) = %+v, %v", p, err)
	}
	if q, err := s.Product("kubernetes"); err != nil || q != p {
		t.Errorf("Product(kubernetes) is another copy: %v", err)
	}
	if q, err := s.Product("psql"); err != nil || q.Name != "postgresql" {
		t.Errorf("Product(psql) = %+v, %v", q, err)
	}
	if _, err := s.Product("k9s"); !errors.Is(err, ErrUnknownProduct) {
		t.Errorf("Product(k9s): %v", err)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"kubernetes", "k8s", "postgresql", "go", "rhel", "redis", "ubuntu"}
	tests := map[string]string{
		"kubernets":  "kubernetes",
		"Kubernetes": "kubernetes",
		"k8":         "k8s",
		"postgres":   "postgresql",
		"golang":     "",
		"rehl":       "rhel",
		"redis-srv":  "redis",
		"windows":    "",
		"":           "",
	}
	for name, want := range tests {
		if got := Suggest(name, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestDocumentAliases(t *testing.T) {
	tests := map[string]string{
		`{"schema_version": "1", "result": {"name": "x", "aliases": ["a", "b"], "releases": []}}`: "[a b] <nil>",
		`{"result": {"aliases": [], "name": "x"}}`:                                                "[] <nil>",
		`{"result": {"name": "x", "releases": [{"aliases": ["no"]}]}}`:                            "[] no aliases",
		`{"other": {"aliases": ["no"]}}`:                                                          "[] no result",
		`[]`:                                                                                      "[] expected an object with result: <nil>",
		`{"result": {"name": "x", "aliases": "k8s"}}`:                                             "[] json: cannot unmarshal string into Go value of type []string",
	}
	for doc, want := range tests {
		aliases, err := documentAliases([]byte(doc))
		if got := fmt.Sprint(aliases, " ", err); got != want {
			t.Errorf("%s: %s, want %s", doc, got, want)
		}
	}
}

// productNames lists the product names and aliases KnownNames gives in
// mode, sorted.
func productNames(ctx context.Context, mode Mode, c *Client) ([]string, error) {
	n, err := KnownNames(ctx, mode, c)
	if err != nil {
		return nil, err
	}
	return allNames(n), nil
}

// allNames lists n's product names and aliases, sorted.
func allNames(n Names) []string {
	all := slices.Concat(n.Products, slices.Collect(maps.Keys(n.Aliases)))
	slices.Sort(all)
	return slices.Compact(all)
}

package upstream

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/calendar"
)

func TestLiveFetch(t *testing.T) {
	f := newFakeEOL(t)
	dir := t.TempDir()
	c, _, logs := f.newClient(dir, testNow)
	d, err := Load(context.Background(), ModeLive, []string{"ubuntu", "kubernetes", "ubuntu"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(f.seen()), "/api/v1/products/kubernetes/ 200\n/api/v1/products/ubuntu/ 200\n"; got != want {
		t.Errorf("requests:\n%swant:\n%s", got, want)
	}
	if got := d.Names(); !reflect.DeepEqual(got, []string{"kubernetes", "ubuntu"}) {
		t.Errorf("Names() = %v", got)
	}
	k8s, err := d.Product("kubernetes")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Embedded().Product("kubernetes")
	if len(k8s.Releases) != len(want.Releases) || k8s.Releases[0] != want.Releases[0] {
		t.Errorf("kubernetes releases differ from the served document: %v", k8s.Releases[:1])
	}
	if k8s.Source != "endoflife.date live data of 2026-08-25" {
		t.Errorf("Source = %q", k8s.Source)
	}
	o, ok := d.Origin("kubernetes")
	if wantO := (Origin{Kind: SourceLive, Source: "endoflife.date live", Date: calendar.MustParseDate("2026-08-25")}); !ok || o != wantO {
		t.Errorf("Origin = %+v, %v; want %+v", o, ok, wantO)
	}
	if src, date := d.Summary(); src != "endoflife.date live" || date.String() != "2026-08-25" {
		t.Errorf("Summary() = %q, %s", src, date)
	}
	if _, err := d.Product("debian"); !errors.Is(err, ErrUnknownProduct) {
		t.Errorf("a product not loaded: err = %v", err)
	}
	if msgs := logs.all(); len(msgs) != 0 {
		t.Errorf("warnings on a clean fetch: %q", msgs)
	}
	for _, name := range []string{"kubernetes", "ubuntu"} {
		if _, err := os.Stat(filepath.Join(dir, strings.ReplaceAll(strings.TrimPrefix(f.srv.URL, "http://"), ":", "_"), "api", "v1", "products", name+".json")); err != nil {
			t.Errorf("not cached: %v", err)
		}
	}
}

func TestRequestHeaders(t *testing.T) {
	f := newFakeEOL(t)
	c, _, _ := f.newClient("", testNow)
	if _, err := Load(context.Background(), ModeLive, []string{"debian"}, c); err != nil {
		t.Fatal(err)
	}
	rs := f.seen()
	if len(rs) != 1 || rs[0].UserAgent != "keepup/1.2.3" || rs[0].Accept != "application/json" || rs[0].Conditional {
		t.Errorf("requests = %+v; want one unconditional request with User-Agent keepup/1.2.3", rs)
	}
}

// A warm cache sends only conditional requests, which the server answers
// with 304, by ETag or, from a server without ETags, by Last-Modified.
func TestWarmCacheRevalidates(t *testing.T) {
	for _, noETag := range []bool{false, true} {
		t.Run(fmt.Sprintf("noETag=%v", noETag), func(t *testing.T) {
			f := newFakeEOL(t)
			f.noETag = noETag
			dir := t.TempDir()
			products := []string{"kubernetes", "rhel", "postgresql"}
			c, _, _ := f.newClient(dir, testNow.AddDate(0, 0, -5))
			cold, err := Load(context.Background(), ModeLive, products, c)
			if err != nil {
				t.Fatal(err)
			}
			if got := statuses(f.seen()); strings.Contains(got, "conditional") || strings.Count(got, " 200") != 3 {
				t.Errorf("cold run requests:\n%s", got)
			}

			c, _, logs := f.newClient(dir, testNow)
			warm, err := Load(context.Background(), ModeLive, products, c)
			if err != nil {
				t.Fatal(err)
			}
			want := "/api/v1/products/kubernetes/ 304 conditional\n/api/v1/products/postgresql/ 304 conditional\n/api/v1/products/rhel/ 304 conditional\n"
			rs := f.seen()
			if got := statuses(rs); got != want {
				t.Errorf("warm run requests:\n%swant:\n%s", got, want)
			}
			for _, r := range rs {
				wantETag := fmt.Sprintf(`"%x"`, sha256.Sum256(f.docs[strings.Split(r.Path, "/")[4]]))
				if noETag {
					wantETag = ""
				}
				if r.IfNoneMatch != wantETag || r.IfModified != "Sat, 22 Aug 2026 00:00:00 GMT" {
					t.Errorf("%s: If-None-Match %q, If-Modified-Since %q; want %q and the Last-Modified sent", r.Path, r.IfNoneMatch, r.IfModified, wantETag)
				}
			}
			for _, name := range products {
				a, _ := cold.Product(name)
				b, _ := warm.Product(name)
				if !reflect.DeepEqual(a.Releases, b.Releases) {
					t.Errorf("%s: the revalidated copy differs from the fetched one", name)
				}
				if o, _ := warm.Origin(name); o.Kind != SourceLive || o.Date.String() != "2026-08-25" {
					t.Errorf("%s: a 304 is live data of today, got %+v", name, o)
				}
			}
			if msgs := logs.all(); len(msgs) != 0 {
				t.Errorf("warnings: %q", msgs)
			}
			// The revalidation is recorded: a later fallback names its date.
			f.down()
			c, _, _ = f.newClient(dir, testNow.AddDate(0, 0, 1))
			d, err := Load(context.Background(), ModeAuto, []string{"rhel"}, c)
			if err != nil {
				t.Fatal(err)
			}
			if o, _ := d.Origin("rhel"); o.Source != "cache of 2026-08-25" {
				t.Errorf("fallback origin = %+v, want the cache of the revalidation day", o)
			}
		})
	}
}

// A 304 rewrites the cache entry only when the day it records changes:
// reports show the day, and many runs a day need not cost a write each.
func TestRevalidationWritesOncePerDay(t *testing.T) {
	f := newFakeEOL(t)
	dir := t.TempDir()
	file, err := cachePath(dir, f.srv.URL+"/api/v1/products/debian/")
	if err != nil {
		t.Fatal(err)
	}
	read := func() string {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	load := func(now time.Time) {
		c, _, _ := f.newClient(dir, now)
		if _, err := Load(context.Background(), ModeLive, []string{"debian"}, c); err != nil {
			t.Fatal(err)
		}
	}
	load(testNow)
	first := read()
	load(testNow.Add(6 * time.Hour))
	if read() != first {
		t.Error("a 304 on the same day rewrote the cache entry")
	}
	load(testNow.Add(24 * time.Hour))
	if e, err := readEntry(dir, f.srv.URL+"/api/v1/products/debian/", 1<<20); err != nil || !e.Fetched.Equal(testNow.Add(24*time.Hour)) {
		t.Errorf("after a 304 on the next day: entry %+v, %v; want it fetched %s", e, err, testNow.Add(24*time.Hour))
	}
	if got, want := statuses(f.seen()), "/api/v1/products/debian/ 200\n/api/v1/products/debian/ 304 conditional\n/api/v1/products/debian/ 304 conditional\n"; got != want {
		t.Errorf("requests:\n%swant:\n%s", got, want)
	}
}

func TestRenamedProduct(t *testing.T) {
	f := newFakeEOL(t)
	dir := t.TempDir()
	c, _, logs := f.newClient(dir, testNow)
	d, err := Load(context.Background(), ModeLive, []string{"k8s"}, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(f.seen()), "/api/v1/products/k8s/ 301\n/api/v1/products/kubernetes/ 200\n"; got != want {
		t.Errorf("requests:\n%swant:\n%s", got, want)
	}
	p, err := d.Product("k8s")
	if err != nil || p.Name != "kubernetes" {
		t.Fatalf("Product(k8s) = %v, %v; want the kubernetes document under the policy's name", p, err)
	}
	if msgs := logs.all(); len(msgs) != 1 || msgs[0] != `WARN endoflife.date renamed product "k8s" to "kubernetes": name it "kubernetes" in the policy` {
		t.Errorf("logs = %q", msgs)
	}
	// The cached copy is kept under the name asked for, and revalidated
	// through the redirect.
	c, _, _ = f.newClient(dir, testNow)
	if _, err := Load(context.Background(), ModeLive, []string{"k8s"}, c); err != nil {
		t.Fatal(err)
	}
	if got, want := statuses(f.seen()), "/api/v1/products/k8s/ 301 conditional\n/api/v1/products/kubernetes/ 304 conditional\n"; got != want {
		t.Errorf("warm requests:\n%swant:\n%s", got, want)
	}
}

func TestRedirectLoop(t *testing.T) {
	f := newFakeEOL(t)
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		http.Redirect(w, r, r.URL.Path+"x/", http.StatusMovedPermanently)
		return true
	})
	c, _, _ := f.newClient("", testNow)
	_, err := Load(context.Background(), ModeLive, []string{"kubernetes"}, c)
	if err == nil || !strings.Contains(err.Error(), "more than 5 redirects") {
		t.Errorf("err = %v", err)
	}
	if n := len(f.seen()); n != 6 {
		t.Errorf("%d requests, want 6 (the first and 5 redirects)", n)
	}
}

func TestUnknownProductSuggests(t *testing.T) {
	tests := []struct{ name, want string }{
		{"kubernets", `unknown product "kubernets": endoflife.date answers 404 Not Found for URL/api/v1/products/kubernets/; did you mean "kubernetes"?`},
		{"alma-linu", `did you mean "almalinux"?`}, // close to the alias alma-linux
		{"postgre", `did you mean "postgresql"?`},
		{"zzzzzzzz", `404 Not Found for URL/api/v1/products/zzzzzzzz/; the products it knows are listed at https://endoflife.date/api/v1/products/`},
	}
	for _, mode := range []Mode{ModeLive, ModeAuto} {
		for _, tt := range tests {
			t.Run(string(mode)+"/"+tt.name, func(t *testing.T) {
				f := newFakeEOL(t)
				c, _, _ := f.newClient(t.TempDir(), testNow)
				_, err := Load(context.Background(), mode, []string{"kubernetes", tt.name}, c)
				var ue *UnknownProductError
				if !errors.As(err, &ue) || !errors.Is(err, ErrUnknownProduct) || ue.Name != tt.name {
					t.Fatalf("err = %v, want an UnknownProductError for %s", err, tt.name)
				}
				if want := strings.ReplaceAll(tt.want, "URL", f.srv.URL); !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v\nwant it to contain %s", err, want)
				}
				want := statuses([]request{{Path: "/api/v1/products/", Status: 200}, {Path: "/api/v1/products/" + tt.name + "/", Status: 404}, {Path: "/api/v1/products/kubernetes/", Status: 200}})
				if got := statuses(f.seen()); got != want {
					t.Errorf("requests:\n%swant:\n%s", got, want)
				}
			})
		}
	}
}

func TestUnknownProductWithoutList(t *testing.T) {
	f := newFakeEOL(t)
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path == "/api/v1/products/" {
			http.Error(w, "bad gateway", http.StatusBadGateway)
			return true
		}
		return false
	})
	c, _, _ := f.newClient("", testNow)
	_, err := Load(context.Background(), ModeLive, []string{"kubernets"}, c)
	if !errors.Is(err, ErrUnknownProduct) || !strings.Contains(err.Error(), "(no suggestion: fetching the product list from endoflife.date: endoflife.date answers 502 Bad Gateway") {
		t.Errorf("err = %v", err)
	}
}

func TestInvalidProductName(t *testing.T) {
	f := newFakeEOL(t)
	c, _, _ := f.newClient("", testNow)
	for _, name := range []string{"../etc", "a/b", ".hidden", "", "kube rnetes"} {
		_, err := Load(context.Background(), ModeLive, []string{name}, c)
		if !errors.Is(err, ErrUnknownProduct) {
			t.Errorf("%q: err = %v", name, err)
		}
	}
	if rs := f.seen(); len(rs) != 0 {
		t.Errorf("invalid names were requested: %v", rs)
	}
}

func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func(now time.Time) string
		sleeps     []time.Duration
	}{
		{"seconds", func(time.Time) string { return "7" }, []time.Duration{7 * time.Second}},
		{"date", func(now time.Time) string { return now.Add(12 * time.Second).Format(http.TimeFormat) }, []time.Duration{12 * time.Second}},
		{"missing", func(time.Time) string { return "" }, []time.Duration{time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEOL(t)
			c, clock, _ := f.newClient("", testNow)
			var once sync.Once
			f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
				limited := false
				once.Do(func() {
					if ra := tt.retryAfter(clock.Now()); ra != "" {
						w.Header().Set("Retry-After", ra)
					}
					w.WriteHeader(http.StatusTooManyRequests)
					limited = true
				})
				return limited
			})
			if _, err := Load(context.Background(), ModeLive, []string{"debian"}, c); err != nil {
				t.Fatal(err)
			}
			if got, want := statuses(f.seen()), "/api/v1/products/debian/ 200\n/api/v1/products/debian/ 429\n"; got != want {
				t.Errorf("requests:\n%swant:\n%s", got, want)
			}
			if !reflect.DeepEqual(clock.sleeps, tt.sleeps) {
				t.Errorf("slept %v, want %v", clock.sleeps, tt.sleeps)
			}
		})
	}
}

func TestRetryAfterBounds(t *testing.T) {
	tests := []struct {
		name, retryAfter string
		requests         int
		sleeps           []time.Duration
		want             string
	}{
		{"too long", "120", 1, nil, "endoflife.date rate-limits keepup at URL/api/v1/products/debian/: it asks to retry after 2m0s, longer than keepup waits (30s)"},
		{"unreadable", "soon", 1, nil, `unreadable Retry-After "soon"`},
		{"always", "2", 3, []time.Duration{2 * time.Second, 2 * time.Second}, "still 429 Too Many Requests after 3 attempts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEOL(t)
			c, clock, _ := f.newClient("", testNow)
			f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
				w.Header().Set("Retry-After", tt.retryAfter)
				w.WriteHeader(http.StatusTooManyRequests)
				return true
			})
			_, err := Load(context.Background(), ModeLive, []string{"debian"}, c)
			if want := strings.ReplaceAll(tt.want, "URL", f.srv.URL); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v\nwant it to contain %s", err, want)
			}
			if n := len(f.seen()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if !reflect.DeepEqual(clock.sleeps, tt.sleeps) {
				t.Errorf("slept %v, want %v", clock.sleeps, tt.sleeps)
			}
		})
	}
}

// A server that never answers fails the request at the per-request
// timeout. The handler waits for the client to give up, so the outcome does
// not depend on how long anything takes.
func TestTimeout(t *testing.T) {
	f := newFakeEOL(t)
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		<-r.Context().Done()
		return true
	})
	c, _, _ := f.newClient("", testNow)
	c.Timeout = 50 * time.Millisecond
	_, err := Load(context.Background(), ModeLive, []string{"debian"}, c)
	want := "fetching debian from endoflife.date: GET " + f.srv.URL + "/api/v1/products/debian/: no complete answer within 50ms (the per-request timeout)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant %s", err, want)
	}
}

// A body that stalls after the headers is bounded by the same timeout.
func TestTimeoutDuringBody(t *testing.T) {
	f := newFakeEOL(t)
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		w.Write([]byte(`{"result":`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		return true
	})
	c, _, _ := f.newClient("", testNow)
	c.Timeout = 50 * time.Millisecond
	_, err := Load(context.Background(), ModeLive, []string{"debian"}, c)
	if err == nil || !strings.Contains(err.Error(), "no complete answer within 50ms (the per-request timeout)") {
		t.Errorf("err = %v", err)
	}
}

func TestOversizedBody(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			f := newFakeEOL(t)
			f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
				body := []byte(`{"result":{"name":"debian","releases":[]},"padding":"` + strings.Repeat("x", 2<<10) + `"}`)
				if chunked {
					w.Write(body[:10])
					w.(http.Flusher).Flush() // no Content-Length
					w.Write(body[10:])
				} else {
					w.Header().Set("Content-Length", fmt.Sprint(len(body)))
					w.Write(body)
				}
				return true
			})
			c, _, _ := f.newClient(t.TempDir(), testNow)
			c.MaxBody = 1 << 10
			_, err := Load(context.Background(), ModeLive, []string{"debian"}, c)
			want := "the answer is larger than keepup's limit of 1 KiB"
			if !chunked {
				want = "the answer is 2.1 KiB, more than keepup's limit of 1 KiB"
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v\nwant it to contain %s", err, want)
			}
		})
	}
}

func TestServerErrorAndHTMLBody(t *testing.T) {
	tests := []struct {
		name string
		hook func(w http.ResponseWriter, r *http.Request) bool
		want string
	}{
		{"503", func(w http.ResponseWriter, r *http.Request) bool {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return true
		}, "fetching debian from endoflife.date: endoflife.date answers 503 Service Unavailable for URL/api/v1/products/debian/"},
		{"403", func(w http.ResponseWriter, r *http.Request) bool {
			http.Error(w, "no", http.StatusForbidden)
			return true
		}, "endoflife.date answers 403 Forbidden for URL/api/v1/products/debian/"},
		{"portal", func(w http.ResponseWriter, r *http.Request) bool {
			w.Write([]byte("<html>log in first</html>"))
			return true
		}, "parsing URL/api/v1/products/debian/: invalid character '<'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeEOL(t)
			f.setHook(tt.hook)
			dir := t.TempDir()
			c, _, _ := f.newClient(dir, testNow)
			_, err := Load(context.Background(), ModeLive, []string{"debian"}, c)
			if want := strings.ReplaceAll(tt.want, "URL", f.srv.URL); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v\nwant it to contain %s", err, want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Errorf("a failed fetch wrote the cache: %v", entries)
			}
		})
	}
}

func TestBadBaseURL(t *testing.T) {
	for _, base := range []string{"ftp://mirror.example/", "endoflife.date", "https://user:hunter2@/x?q=1"} {
		for _, mode := range []Mode{ModeLive, ModeAuto} {
			c := &Client{BaseURL: base}
			_, err := Load(context.Background(), mode, []string{"debian"}, c)
			if err == nil || !strings.Contains(err.Error(), "expected http(s)://host[/path]") || strings.Contains(err.Error(), "hunter2") {
				t.Errorf("%s, %s: err = %v", base, mode, err)
			}
			if _, err := productNames(context.Background(), mode, c); err == nil || !strings.Contains(err.Error(), "expected http(s)://host[/path]") {
				t.Errorf("%s, %s: productNames err = %v", base, mode, err)
			}
		}
	}
}

// A password in the base URL (a private mirror) never shows in errors.
func TestBaseURLPasswordRedacted(t *testing.T) {
	f := newFakeEOL(t)
	f.down()
	c, _, _ := f.newClient("", testNow)
	c.BaseURL = strings.Replace(f.srv.URL, "http://", "http://user:hunter2@", 1)
	_, err := Load(context.Background(), ModeLive, []string{"debian"}, c)
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "user:xxxxx@") {
		t.Errorf("err = %v", err)
	}
	// Nor in the cache.
	f.setHook(nil)
	f.seen()
	dir := t.TempDir()
	c, _, _ = f.newClient(dir, testNow)
	c.BaseURL = strings.Replace(f.srv.URL, "http://", "http://user:hunter2@", 1)
	if _, err := Load(context.Background(), ModeLive, []string{"debian"}, c); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if data, _ := os.ReadFile(path); strings.Contains(path+string(data), "hunter2") {
			t.Errorf("%s holds the password", path)
		}
		return err
	})
	c, _, _ = f.newClient(dir, testNow)
	c.BaseURL = strings.Replace(f.srv.URL, "http://", "http://user:hunter2@", 1)
	if _, err := Load(context.Background(), ModeLive, []string{"debian"}, c); err != nil {
		t.Fatal(err)
	}
	if rs := f.seen(); len(rs) != 2 || rs[0].Conditional || !rs[1].Conditional {
		t.Errorf("requests with a password in the URL: %+v; want the second conditional", rs)
	}
	f.srv.Close()
	c, _, _ = f.newClient("", testNow)
	c.BaseURL = strings.Replace(f.srv.URL, "http://", "http://user:hunter2@", 1)
	_, err = Load(context.Background(), ModeLive, []string{"debian"}, c)
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("connection refused: err = %v", err)
	}
}

// At most MaxInFlight requests are in flight. The server holds each request
// until four are in (or every request has arrived), so a client without
// the bound would have more than four in at once.
func TestInFlightBound(t *testing.T) {
	f := newFakeEOL(t)
	products := Embedded().Names() // 24 products
	var mu sync.Mutex
	cond := sync.NewCond(&mu)
	arrived, current, open := 0, 0, 0
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		arrived++
		current++
		if current == DefaultMaxInFlight || arrived == len(products) {
			open = arrived
			cond.Broadcast()
		}
		for open < arrived {
			cond.Wait()
		}
		current--
		mu.Unlock()
		return false
	})
	c, _, _ := f.newClient("", testNow)
	d, err := Load(context.Background(), ModeLive, products, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Names()) != len(products) {
		t.Errorf("loaded %d products, want %d", len(d.Names()), len(products))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.maxIn != DefaultMaxInFlight {
		t.Errorf("at most %d requests were in flight, want %d", f.maxIn, DefaultMaxInFlight)
	}
}

func TestCanceled(t *testing.T) {
	f := newFakeEOL(t)
	ctx, cancel := context.WithCancel(context.Background())
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		cancel()
		<-r.Context().Done()
		return true
	})
	for _, mode := range []Mode{ModeLive, ModeAuto} {
		c, _, logs := f.newClient("", testNow)
		_, err := Load(ctx, mode, []string{"debian"}, c)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled (no fallback)", mode, err)
		}
		if msgs := logs.all(); len(msgs) != 0 {
			t.Errorf("%s: logs = %q", mode, msgs)
		}
	}
}

package upstream

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeEOL is an endoflife.date API v1 server for tests: it serves the
// embedded snapshot's product documents and testdata/products.json with
// ETag and Last-Modified validators, answers conditional requests with 304,
// aliases with a 301 to the product, unknown products with the HTML 404
// page, and records every request. It serves the snapshot's release-data
// too, at /release-data/<product>.json.
type fakeEOL struct {
	srv      *httptest.Server
	docs     map[string][]byte // by product name
	aliases  map[string]string // alias → product
	list     []byte
	notFound []byte
	modified time.Time
	noETag   bool // answer with Last-Modified only

	mu       sync.Mutex
	requests []request
	inFlight int
	maxIn    int
	// hook, when set, may answer a request itself (and returns true).
	hook func(w http.ResponseWriter, r *http.Request) bool
}

// request is what fakeEOL saw of one request.
type request struct {
	Path        string
	Conditional bool // If-None-Match or If-Modified-Since sent
	Status      int
	UserAgent   string
	Accept      string
	IfNoneMatch string
	IfModified  string // If-Modified-Since
}

func newFakeEOL(t testing.TB) *fakeEOL {
	t.Helper()
	f := &fakeEOL{docs: map[string][]byte{}, aliases: map[string]string{}, modified: time.Date(2026, 8, 22, 0, 0, 0, 0, time.UTC)}
	entries, err := fs.ReadDir(snapshotFS, productsDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := snapshotFS.ReadFile(path.Join(productsDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Result struct {
				Name    string   `json:"name"`
				Aliases []string `json:"aliases"`
			} `json:"result"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		f.docs[doc.Result.Name] = data
		for _, a := range doc.Result.Aliases {
			f.aliases[a] = doc.Result.Name
		}
	}
	if f.list, err = os.ReadFile("testdata/products.json"); err != nil {
		t.Fatal(err)
	}
	if f.notFound, err = os.ReadFile("testdata/404.html"); err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// recorder keeps the status a handler wrote.
type recorder struct {
	http.ResponseWriter
	status int
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Flush() { r.ResponseWriter.(http.Flusher).Flush() }

func (f *fakeEOL) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.inFlight++
	f.maxIn = max(f.maxIn, f.inFlight)
	hook := f.hook
	f.mu.Unlock()
	rec := &recorder{ResponseWriter: w}
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.requests = append(f.requests, request{
			Path:        r.URL.Path,
			Conditional: r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "",
			Status:      rec.status,
			UserAgent:   r.Header.Get("User-Agent"),
			Accept:      r.Header.Get("Accept"),
			IfNoneMatch: r.Header.Get("If-None-Match"),
			IfModified:  r.Header.Get("If-Modified-Since"),
		})
		f.mu.Unlock()
	}()
	if hook != nil && hook(rec, r) {
		return
	}
	if name, ok := strings.CutPrefix(r.URL.Path, "/release-data/"); ok {
		if data, err := releaseDataFS.ReadFile(path.Join(releaseDataDir, name)); err == nil && !strings.Contains(name, "/") {
			f.document(rec, r, data)
			return
		}
	}
	name, ok := strings.CutPrefix(r.URL.Path, "/api/v1/products/")
	name, _ = strings.CutSuffix(name, "/")
	switch {
	case !ok || strings.Contains(name, "/"):
	case name == "":
		f.document(rec, r, f.list)
		return
	case f.docs[name] != nil:
		f.document(rec, r, f.docs[name])
		return
	case f.aliases[name] != "":
		http.Redirect(rec, r, "/api/v1/products/"+f.aliases[name]+"/", http.StatusMovedPermanently)
		return
	}
	rec.Header().Set("Content-Type", "text/html; charset=utf-8")
	rec.WriteHeader(http.StatusNotFound)
	rec.Write(f.notFound)
}

// document answers with body, or 304 when the request's validators match.
func (f *fakeEOL) document(w http.ResponseWriter, r *http.Request, body []byte) {
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
	lastModified := f.modified.Format(http.TimeFormat)
	if !f.noETag {
		w.Header().Set("ETag", etag)
	}
	w.Header().Set("Last-Modified", lastModified)
	if inm := r.Header.Get("If-None-Match"); inm != "" && !f.noETag {
		if inm == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !f.modified.After(t) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

// seen returns the requests so far and forgets them.
func (f *fakeEOL) seen() []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.requests
	f.requests = nil
	return r
}

// setHook installs h (nil removes it).
func (f *fakeEOL) setHook(h func(w http.ResponseWriter, r *http.Request) bool) {
	f.mu.Lock()
	f.hook = h
	f.mu.Unlock()
}

// down makes every request fail with 503, as Netlify does when it cannot serve.
func (f *fakeEOL) down() {
	f.setHook(func(w http.ResponseWriter, r *http.Request) bool {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return true
	})
}

// logRecorder is a slog.Handler that keeps messages as "LEVEL msg".
type logRecorder struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (l *logRecorder) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *logRecorder) WithGroup(string) slog.Handler            { return l }
func (l *logRecorder) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r.Level.String()+" "+r.Message)
	return nil
}

func (l *logRecorder) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.msgs...)
}

// testClock is an injected clock; sleeping advances it and is recorded.
type testClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func (c *testClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// testNow is the tests' today: three days after the snapshot.
var testNow = time.Date(2026, 8, 25, 12, 0, 0, 0, time.UTC)

// newClient returns a Client for f's server with a cache in dir ("" for
// none), the test clock at now, and a log recorder.
func (f *fakeEOL) newClient(dir string, now time.Time) (*Client, *testClock, *logRecorder) {
	clock := &testClock{now: now}
	logs := &logRecorder{}
	return &Client{
		BaseURL:  f.srv.URL,
		CacheDir: dir,
		Version:  "1.2.3",
		Log:      slog.New(logs),
		Now:      clock.Now,
		Sleep:    clock.Sleep,
	}, clock, logs
}

// statuses sums up requests as sorted "path status [conditional]" lines
// (concurrent requests arrive in any order).
func statuses(rs []request) string {
	var lines []string
	for _, r := range rs {
		c := ""
		if r.Conditional {
			c = " conditional"
		}
		lines = append(lines, fmt.Sprintf("%s %d%s\n", r.Path, r.Status, c))
	}
	slices.Sort(lines)
	return strings.Join(lines, "")
}

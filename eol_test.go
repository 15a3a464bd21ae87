package main

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// eolServer is a stand-in for endoflife.date's API v1 in scripts: it
// serves the product documents of the embedded snapshot and the product
// list, with ETags (If-None-Match gets 304), endoflife.date's HTML 404 for
// unknown products, and 503 for everything while down. It stands in for
// the release-data repository too: /release-data/releases/<product>.json
// serves the snapshot's release-data.
type eolServer struct {
	*httptest.Server
	mu     sync.Mutex
	down   bool
	counts map[int]int     // requests answered, by status
	paths  map[string]int  // requests answered, by kind: api, release-data
	failed map[string]bool // paths answered with 404, as a missing document
	// hold, when set, keeps every request waiting until it is closed or
	// the client goes away; started counts the requests that arrived.
	hold    chan struct{}
	started int
}

func newEOLServer(t *testing.T) *eolServer {
	s := &eolServer{counts: map[int]int{}, paths: map[string]int{}, failed: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *eolServer) serve(w http.ResponseWriter, r *http.Request) {
	status := s.answer(w, r)
	s.mu.Lock()
	s.counts[status]++
	if strings.HasPrefix(r.URL.Path, "/release-data/") {
		s.paths["release-data"]++
	} else {
		s.paths["api"]++
	}
	s.mu.Unlock()
}

func (s *eolServer) answer(w http.ResponseWriter, r *http.Request) int {
	s.mu.Lock()
	down, hold, failed := s.down, s.hold, s.failed[r.URL.Path]
	s.started++
	s.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			return 0
		}
	}
	if down {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return http.StatusServiceUnavailable
	}
	file := ""
	switch name, ok := strings.CutPrefix(r.URL.Path, "/api/v1/products/"); {
	case ok && name == "":
		file = "upstream/testdata/products.json"
	case ok && strings.HasSuffix(name, "/") && !strings.Contains(strings.TrimSuffix(name, "/"), "/"):
		file = filepath.Join("upstream/data/endoflife.date/v1/products", strings.TrimSuffix(name, "/")+".json")
	}
	if name, ok := strings.CutPrefix(r.URL.Path, "/release-data/releases/"); ok && strings.HasSuffix(name, ".json") && !strings.Contains(name, "/") {
		file = filepath.Join("upstream/data/endoflife.date/release-data", name)
	}
	body, err := os.ReadFile(file)
	if file == "" || err != nil || failed {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, "<!DOCTYPE html><html><body><h1>404</h1></body></html>")
		return http.StatusNotFound
	}
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
	return http.StatusOK
}

// command is the scripts' eol command:
//
//	eol down|up      answer every request with 503, or serve again
//	eol requests     print the requests answered since the last call, by status: "200:12 304:0"
//	eol paths        print the requests answered since the last call, by kind: "api:24 release-data:18"
//	eol fail PATH    answer PATH with 404 from now on
func (s *eolServer) command(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: eol down|up|requests|paths|fail PATH"
	if neg || len(args) == 0 || (args[0] == "fail") != (len(args) == 2) || len(args) > 2 {
		ts.Fatalf(usage)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch args[0] {
	case "down", "up":
		s.down = args[0] == "down"
	case "requests":
		fmt.Fprintf(ts.Stdout(), "200:%d 304:%d 404:%d 503:%d\n", s.counts[200], s.counts[304], s.counts[404], s.counts[503])
		s.counts = map[int]int{}
	case "paths":
		fmt.Fprintf(ts.Stdout(), "api:%d release-data:%d\n", s.paths["api"], s.paths["release-data"])
		s.paths = map[string]int{}
	case "fail":
		s.failed[args[1]] = true
	default:
		ts.Fatalf(usage)
	}
}

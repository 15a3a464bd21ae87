// Package gitlabtest is a stateful, in-memory fake of the parts of the GitLab
// REST API v4 that keepup uses: issues and their notes, merge requests and
// their notes, project and group milestones, pipelines and their jobs, and raw
// repository files.
//
// It is meant for tests that drive the real client
// (gitlab.com/gitlab-org/api/client-go/v2) against it, so requests go through
// the client's own encoding, retries and pagination. Responses are marshalled
// from the client's own types, with GitLab's offset pagination headers, and
// faults (rate limits, 5xx, slow answers, writes that fail after being
// applied) can be queued to test error handling.
package gitlabtest

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// DefaultToken is the token a Server accepts unless WithToken says otherwise.
const DefaultToken = "glpat-gitlabtest-token"

// APIUsername is the user that the token belongs to: the author of
// everything created through the API.
const APIUsername = "gitlabtest-bot"

// PersonUsername is the default author of issues seeded with AddIssue and the
// user who closes issues with CloseIssue, standing in for a person.
const PersonUsername = "someone"

const apiPrefix = "/api/v4"

// Server is a fake GitLab instance. Its state and request log are safe for
// concurrent use.
type Server struct {
	t     testing.TB
	srv   *httptest.Server
	mux   *http.ServeMux
	token string
	done  chan struct{} // closed at cleanup, to release delayed requests

	mu       sync.Mutex
	clock    func() time.Time
	seq      int64               // last ID handed out; IDs are unique across all kinds
	projects map[string]*project // by lower-cased path
	groups   map[string]*group   // by lower-cased path
	faults   []*queuedFault
	log      []*Request
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the token the server accepts in the PRIVATE-TOKEN header.
func WithToken(token string) Option {
	return func(s *Server) { s.token = token }
}

// WithClock sets the clock used for created_at, updated_at and closed_at.
// The default clock starts at 2025-01-01T00:00:00Z and advances one second
// per reading, so objects get distinct, ordered timestamps. now is called
// with the server's lock held, so it must not call the Server.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.clock = now }
}

// New starts a fake GitLab server that is closed when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	tick := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := &Server{
		t:        t,
		mux:      http.NewServeMux(),
		token:    DefaultToken,
		done:     make(chan struct{}),
		projects: map[string]*project{},
		groups:   map[string]*group{},
		clock: func() time.Time {
			tick = tick.Add(time.Second)
			return tick
		},
	}
	for _, o := range opts {
		o(s)
	}
	s.routes()
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(func() {
		close(s.done)
		s.srv.Close()
	})
	return s
}

// URL is the API base URL, ending in /api/v4, for gitlab.WithBaseURL.
func (s *Server) URL() string { return s.srv.URL + apiPrefix }

// Token is the token the server accepts.
func (s *Server) Token() string { return s.token }

// Client returns a real client for this server, authenticated with Token.
// opts are applied after the base URL, e.g. gitlab.WithOnlyIdempotentRetries().
func (s *Server) Client(t testing.TB, opts ...gitlab.ClientOptionFunc) *gitlab.Client {
	t.Helper()
	c, err := gitlab.NewClient(s.token, append([]gitlab.ClientOptionFunc{gitlab.WithBaseURL(s.URL())}, opts...)...)
	if err != nil {
		t.Fatalf("gitlabtest: creating client: %v", err)
	}
	return c
}

// Fault is a failure to inject into matching requests; see Server.Fail.
type Fault struct {
	// Status is the HTTP status to answer with. Zero answers normally,
	// which is useful with Delay alone.
	Status int
	// RetryAfter, if set, is sent as the Retry-After header.
	RetryAfter string
	// Header holds further response headers, e.g. RateLimit-Reset.
	Header http.Header
	// Delay holds the request this long before answering. The wait ends
	// early, with no answer, if the client gives up or the test ends.
	Delay time.Duration
	// AfterApply processes the request normally, changing state, and then
	// answers Status instead: a write that happened but looks failed.
	AfterApply bool
	// Reset drops the connection without an answer, as a network that
	// resets it does. The request is not processed.
	Reset bool
	// Body, if set, is the answer's body instead of what the endpoint
	// says, with ContentType (text/html if empty) and Status (200 if
	// zero): a proxy's sign-in page, say. The request is not processed.
	Body, ContentType string
	// Then, if set, runs after the request is answered and before the next
	// one is, outside the server's lock: a change that happens between two
	// requests, such as InsertIssue.
	Then func()
}

// InsertIssue returns a Then that adds an issue to a project (as AddIssue
// does) and dates it before every other issue of the project, so that it
// sorts first in a list ordered by creation time: a person adding the
// label to an old issue while a client pages through the list does this,
// and the issues of later pages shift by one, so the client sees one issue
// at the end of a page and again at the start of the next.
func (s *Server) InsertIssue(projectPath string, is gitlab.Issue) func() {
	return func() {
		s.mu.Lock()
		oldest := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, other := range s.mustProject(projectPath).issues {
			if other.CreatedAt.Before(oldest) {
				oldest = *other.CreatedAt
			}
		}
		s.mu.Unlock()
		before := oldest.Add(-time.Hour)
		is.CreatedAt = &before
		s.AddIssue(projectPath, is)
	}
}

type queuedFault struct {
	method, pattern string
	fault           Fault
	left            int
}

// Fail makes the next times (at least 1) requests matching method and
// pattern fail with f. An empty method matches any method. pattern is a
// path.Match pattern over the escaped path below /api/v4, so "*" matches one
// segment, such as a URL-encoded project path: "/projects/*/issues" matches
// "/projects/group%2Fapp/issues". Faults are used in the order queued.
func (s *Server) Fail(method, pattern string, f Fault, times int) {
	s.t.Helper()
	if _, err := path.Match(pattern, ""); err != nil || times < 1 {
		s.t.Fatalf("gitlabtest: bad fault pattern %q or count %d: %v", pattern, times, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &queuedFault{method: method, pattern: pattern, fault: f, left: times})
}

// takeFault returns the first queued fault matching the request, using it up.
func (s *Server) takeFault(method, rawPath string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, q := range s.faults {
		if ok, _ := path.Match(q.pattern, rawPath); !ok || (q.method != "" && q.method != method) {
			continue
		}
		if q.left--; q.left <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return &q.fault
	}
	return nil
}

// Request is one logged request.
type Request struct {
	Method string
	// Path is the unescaped path below /api/v4, e.g. "/projects/group/app/issues".
	Path string
	// RawPath is the escaped path below /api/v4, e.g. "/projects/group%2Fapp/issues".
	RawPath string
	// Query holds the query parameters; any value equal to the token is redacted.
	Query url.Values
	// Status is the status answered, or 0 if the client gave up first.
	Status int
	// Time is when the request arrived (wall clock, not the server clock).
	Time time.Time
}

// Requests returns the request log in order of arrival. It never holds the
// token.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i], out[i].Query = *r, url.Values{}
		for k, vs := range r.Query {
			out[i].Query[k] = slices.Clone(vs)
		}
	}
	return out
}

// ResetRequests empties the request log, e.g. between two runs of a tool.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}

// Count is the number of logged requests with the given method.
func (s *Server) Count(method string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

// Writes is the number of logged requests other than GET and HEAD.
func (s *Server) Writes() int {
	return len(s.Requests()) - s.Count(http.MethodGet) - s.Count(http.MethodHead)
}

// serve logs the request, applies any fault, checks the token and routes.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rawPath := strings.TrimPrefix(r.URL.EscapedPath(), apiPrefix)
	query := r.URL.Query()
	for _, vs := range query {
		for i, v := range vs {
			if v == s.token {
				vs[i] = "REDACTED"
			}
		}
	}
	entry := &Request{
		Method:  r.Method,
		Path:    strings.TrimPrefix(r.URL.Path, apiPrefix),
		RawPath: rawPath,
		Query:   query,
		Time:    time.Now(),
	}
	s.mu.Lock()
	s.log = append(s.log, entry)
	s.mu.Unlock()

	f := s.takeFault(r.Method, rawPath)
	status := s.respond(w, r, f)

	s.mu.Lock()
	entry.Status = status
	s.mu.Unlock()
	if f != nil && f.Then != nil {
		f.Then()
	}
}

// respond answers a request, applying fault f if not nil, and returns the
// status, or 0 if the client gave up during a delay. Faults take effect
// before the token is checked.
func (s *Server) respond(w http.ResponseWriter, r *http.Request, f *Fault) int {
	if f != nil && f.Delay > 0 {
		timer := time.NewTimer(f.Delay)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done():
			return 0
		case <-s.done:
			return 0
		}
	}
	if f != nil && f.Reset {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			if tcp, ok := conn.(*net.TCPConn); ok {
				_ = tcp.SetLinger(0) // close with a reset, not a goodbye
			}
			conn.Close()
		}
		return 0
	}
	if f != nil && f.Body != "" {
		w.Header().Set("Content-Type", cmp.Or(f.ContentType, "text/html; charset=utf-8"))
		w.WriteHeader(cmp.Or(f.Status, http.StatusOK))
		_, _ = io.WriteString(w, f.Body)
		return cmp.Or(f.Status, http.StatusOK)
	}
	rec := httptest.NewRecorder()
	switch {
	case f != nil && f.Status != 0 && !f.AfterApply:
		// answered with the fault alone, below
	case r.Header.Get("PRIVATE-TOKEN") != s.token:
		writeError(rec, http.StatusUnauthorized, "401 Unauthorized")
	default:
		s.route(rec, r)
	}
	if f != nil && f.Status != 0 {
		rec = httptest.NewRecorder()
		maps.Copy(rec.Header(), f.Header)
		if f.RetryAfter != "" {
			rec.Header().Set("Retry-After", f.RetryAfter)
		}
		writeError(rec, f.Status, fmt.Sprintf("%d %s", f.Status, http.StatusText(f.Status)))
	}
	maps.Copy(w.Header(), rec.Header())
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
	return rec.Code
}

// route runs the matching endpoint with the state locked.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern == "" {
		writeError(w, http.StatusNotFound, "404 Not Found")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mux.ServeHTTP(w, r)
}

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"message":"500 Internal Server Error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeError answers like GitLab does for a status: {"message": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

// badParam answers 400 like GitLab's parameter validation: {"error": msg}.
func badParam(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": msg})
}

// missing answers 400 if the required parameter name has no value v.
func missing(w http.ResponseWriter, name, v string) bool {
	if v == "" {
		badParam(w, name+" is missing")
	}
	return v == ""
}

// oneOf checks that query parameter name is empty or one of allowed (the
// values GitLab accepts that this fake supports), answering 400 otherwise.
func oneOf(w http.ResponseWriter, q url.Values, name string, allowed ...string) bool {
	if v := q.Get(name); v == "" || slices.Contains(allowed, v) {
		return true
	}
	badParam(w, fmt.Sprintf("%s does not have a valid value (gitlabtest supports %s)", name, strings.Join(allowed, ", ")))
	return false
}

// paginate writes one page of items with GitLab's offset pagination
// headers, built like GitLab's OffsetHeaderBuilder.
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T) {
	q := r.URL.Query()
	page, err := strconv.Atoi(q.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	perPage, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || perPage < 1 {
		perPage = 20
	}
	perPage = min(perPage, 100)
	total := len(items)
	totalPages := max((total+perPage-1)/perPage, 1)

	h := w.Header()
	h.Set("X-Per-Page", strconv.Itoa(perPage))
	h.Set("X-Page", strconv.Itoa(page))
	h.Set("X-Next-Page", "")
	h.Set("X-Prev-Page", "")
	h.Set("X-Total", strconv.Itoa(total))
	h.Set("X-Total-Pages", strconv.Itoa(totalPages))
	var links []string
	link := func(p int, rel string) {
		q.Set("page", strconv.Itoa(p))
		q.Set("per_page", strconv.Itoa(perPage))
		links = append(links, fmt.Sprintf(`<http://%s%s?%s>; rel="%s"`, r.Host, r.URL.EscapedPath(), q.Encode(), rel))
	}
	if page > 1 {
		h.Set("X-Prev-Page", strconv.Itoa(page-1))
		link(page-1, "prev")
	}
	if page < totalPages {
		h.Set("X-Next-Page", strconv.Itoa(page+1))
		link(page+1, "next")
	}
	link(1, "first")
	link(totalPages, "last")
	h.Set("Link", strings.Join(links, ", "))

	lo := min((page-1)*perPage, total)
	writeJSON(w, http.StatusOK, append([]T{}, items[lo:min(lo+perPage, total)]...))
}

// form is a decoded JSON request body, as the client sends for POST and PUT.
type form map[string]any

// readForm decodes the JSON request body, answering 400 if it is malformed.
func readForm(w http.ResponseWriter, r *http.Request) (form, bool) {
	f := form{}
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		badParam(w, "malformed JSON body: "+err.Error())
		return nil, false
	}
	return f, true
}

// str returns parameter k as a string ("" for null) and whether it was sent.
func (f form) str(k string) (string, bool) {
	v, ok := f[k]
	if !ok || v == nil {
		return "", ok
	}
	return fmt.Sprint(v), true
}

// list returns parameter k, a JSON array or a comma-separated string.
func (f form) list(k string) ([]string, bool) {
	v, ok := f[k]
	if arr, isArr := v.([]any); isArr {
		out := make([]string, len(arr))
		for i, e := range arr {
			out[i] = fmt.Sprint(e)
		}
		return out, true
	}
	s, _ := f.str(k)
	return splitList(s), ok
}

// splitList splits a comma-separated parameter, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// pathID parses an integer path value such as an issue IID.
func pathID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PathValue(name), 10, 64)
	return n
}

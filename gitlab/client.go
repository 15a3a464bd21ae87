// Package gitlab is everything keepup says to GitLab: it lists the issues
// that track findings and the red default branch and applies the actions
// package plan decides (issues.go), reads milestones as a calendar
// (milestones.go), the default branch's pipelines (pipelines.go), and the
// policy file and one note of a merge request (mergerequests.go). It consumes findings and never computes deadlines. It
// talks to GitLab only through gitlab.com/gitlab-org/api/client-go/v2.
package gitlab

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"syscall"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// Config says which GitLab to talk to, as whom, about which project.
type Config struct {
	BaseURL string // the API root, as in CI_API_V4_URL: https://gitlab.example.com/api/v4
	Token   string // a project or group access token with api scope
	Project string // numeric ID or full path (group/project)
	// Timeout bounds each HTTP request; 0 means 30 seconds.
	Timeout time.Duration
	// RetryWaitMin and RetryWaitMax bound the wait between retries of a
	// failed idempotent request; 0 means 500ms and 10s. A 429's
	// Retry-After is honoured up to MaxRetryAfter.
	RetryWaitMin, RetryWaitMax time.Duration
	// Log receives client-go's messages: its warnings about the base URL,
	// and, at debug level, each request and retry of its HTTP client.
	// Default: discarded.
	Log *slog.Logger

	// MaxResponse bounds the bytes keepup reads of one answer; 0 means
	// DefaultMaxResponse.
	MaxResponse int64
}

// DefaultMaxResponse is the most keepup reads of one answer from GitLab:
// a page of 100 issues with long descriptions fits.
const DefaultMaxResponse = 64 << 20

// MaxRetryAfter is the longest keepup waits when GitLab answers 429.
const MaxRetryAfter = 60 * time.Second

// Client is a GitLab API client for one project.
type Client struct {
	api     *gl.Client
	project string
	token   string
}

// ErrNoToken is returned when no usable token is configured.
var ErrNoToken = errors.New("no GitLab token")

// New returns a client. Only idempotent requests are retried on server
// errors, and only reads (GET, HEAD) when the connection failed (reset,
// timeout): a retried POST is how duplicate issues are born. Rate-limited
// requests (429) are retried for every method, after Retry-After. At most
// four retries. Answers are read up to cfg.MaxResponse bytes, and an
// answer that should be JSON and is not (an HTML page, when the API URL
// is wrong) is an error saying so.
func New(cfg Config) (*Client, error) {
	if cfg.Token == "" {
		return nil, ErrNoToken
	}
	if cfg.BaseURL == "" {
		return nil, errors.New("no GitLab API URL: set CI_API_V4_URL or --gitlab-url")
	}
	if cfg.Project == "" {
		return nil, errors.New("no GitLab project: set CI_PROJECT_ID or CI_PROJECT_PATH, or --project")
	}
	timeout := cmp.Or(cfg.Timeout, 30*time.Second)
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	hc := &http.Client{Timeout: timeout, Transport: &guard{base: transport, max: cmp.Or(cfg.MaxResponse, DefaultMaxResponse)}}
	api, err := gl.NewClient(cfg.Token,
		// Before WithBaseURL, whose warnings it takes.
		gl.WithURLWarningLogger(log),
		gl.WithCustomLeveledLogger(httpLog{log: log, token: cfg.Token}),
		gl.WithBaseURL(cfg.BaseURL),
		gl.WithHTTPClient(hc),
		gl.WithCustomRetry(retry),
		gl.WithCustomRetryMax(4),
		gl.WithCustomRetryWaitMinMax(cmp.Or(cfg.RetryWaitMin, 500*time.Millisecond), cmp.Or(cfg.RetryWaitMax, 10*time.Second)),
		gl.WithCustomBackoff(backoff),
	)
	if err != nil {
		return nil, fmt.Errorf("GitLab client for %s: %w", cfg.BaseURL, err)
	}
	return &Client{api: api, project: cfg.Project, token: cfg.Token}, nil
}

// httpLog passes the messages of client-go's HTTP client (each request,
// each failed attempt, each retry) to keepup's log at debug level: a
// request that fails for good reaches the user as keepup's own error, with
// context. The token is masked, should a message ever carry it.
type httpLog struct {
	log   *slog.Logger
	token string
}

func (h httpLog) Error(msg string, kv ...any) { h.debug(msg, kv) }
func (h httpLog) Warn(msg string, kv ...any)  { h.debug(msg, kv) }
func (h httpLog) Info(msg string, kv ...any)  { h.debug(msg, kv) }
func (h httpLog) Debug(msg string, kv ...any) { h.debug(msg, kv) }

func (h httpLog) debug(msg string, kv []any) {
	if !h.log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	mask := func(s string) string {
		if h.token == "" {
			return s
		}
		return strings.ReplaceAll(s, h.token, "[MASKED]")
	}
	args := make([]any, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		args = append(args, slog.String(fmt.Sprint(kv[i]), mask(fmt.Sprint(kv[i+1]))))
	}
	h.log.Debug("GitLab HTTP client: "+mask(msg), args...)
}

// backoff waits as Retry-After says on 429 and 503 (at most
// MaxRetryAfter), and exponentially otherwise.
func backoff(lo, hi time.Duration, attempt int, resp *http.Response) time.Duration {
	return min(retryablehttp.DefaultBackoff(lo, hi, attempt, resp), MaxRetryAfter)
}

// retry decides whether a request is tried again (up to the retry
// maximum): after 429 for any method; after a 5xx for idempotent methods
// (GET, HEAD, PUT, DELETE); after a failed connection (reset, timeout,
// refused) for reads (GET, HEAD); for writes only when the request never
// left (a failed dial or DNS lookup). An answer that is not JSON is not
// retried.
func retry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		var nj *notJSONError
		var ue *url.Error
		var dns *net.DNSError
		var op *net.OpError
		switch {
		case errors.As(err, &nj):
			return false, nil
		case errors.As(err, &dns):
			return !dns.IsNotFound, nil
		case errors.As(err, &ue) && (ue.Op == "Get" || ue.Op == "Head"):
			return ue.Timeout() || errors.As(err, &op) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
				errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED), nil
		case errors.As(err, &op):
			return op.Op == "dial", nil
		}
		return false, nil
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case resp.StatusCode == 0 || resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		switch resp.Request.Method {
		case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete:
			return true, nil
		}
	}
	return false, nil
}

// guard is the transport under the client: it bounds what keepup reads of
// each answer and checks that answers are JSON, except raw files.
type guard struct {
	base http.RoundTripper
	max  int64
}

// notJSONError is an answer that is not JSON.
type notJSONError struct {
	what   string // HTML, or the media type
	status string // "" for a success
}

func (e *notJSONError) Error() string {
	const hint = ", not JSON: check CI_API_V4_URL or --gitlab-url, the API root (such as https://gitlab.com/api/v4)"
	if e.status != "" {
		return "GitLab answered " + e.status + " with " + e.what + hint
	}
	return "GitLab answered with " + e.what + hint
}

// errTooLarge is an answer longer than the client reads.
type errTooLarge int64

func (e errTooLarge) Error() string {
	return fmt.Sprintf("GitLab's answer is larger than %d bytes, more than keepup reads", int64(e))
}

func (g *guard) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := g.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	body := bufio.NewReader(&limitedBody{rc: resp.Body, left: g.max, max: g.max})
	resp.Body = struct {
		io.Reader
		io.Closer
	}{body, resp.Body}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	// A raw file is no JSON; GitLab serves it as text/plain, so only an
	// HTML page (a sign-in page, a proxy) tells that it is not the file.
	if strings.HasSuffix(r.URL.Path, "/raw") && mt != "text/html" || resp.StatusCode == http.StatusNoContent || r.Method == http.MethodHead {
		return resp, nil
	}
	what := ""
	switch start, _ := body.Peek(1); {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
	case mt == "text/html" || len(start) > 0 && start[0] == '<':
		what = "HTML"
	case mt == "" && len(start) > 0 && (start[0] == '{' || start[0] == '['):
	case mt == "":
		what = "an untyped answer"
	default:
		what = mt
	}
	switch {
	case what == "":
		return resp, nil
	case resp.StatusCode/100 == 2:
		resp.Body.Close()
		return nil, &notJSONError{what: what}
	case resp.StatusCode < 500:
		resp.Body.Close()
		return nil, &notJSONError{what: what, status: resp.Status}
	}
	// A server error page: keep the status, so that it is retried, and
	// say in JSON that it came as HTML rather than passing the page on.
	resp.Body.Close()
	msg, _ := json.Marshal(map[string]string{"message": fmt.Sprintf("%s (%s)", resp.Status, (&notJSONError{what: what}).Error())})
	resp.Body = io.NopCloser(bytes.NewReader(msg))
	resp.Header.Set("Content-Type", "application/json")
	resp.ContentLength = int64(len(msg))
	return resp, nil
}

// limitedBody reads at most max bytes, and fails when there are more.
type limitedBody struct {
	rc        io.Reader
	left, max int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		if n, err := b.rc.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, errTooLarge(b.max)
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

// apiError is an error from the API with context added and the token
// masked out of its message.
type apiError struct {
	msg string
	err error
}

func (e *apiError) Error() string { return e.msg }
func (e *apiError) Unwrap() error { return e.err }

// wrap adds context and a hint to an error from the API, and makes sure the
// token never reaches its message.
func (c *Client) wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf(format, args...) + ": " + err.Error()
	var er *gl.ErrorResponse
	switch {
	case errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err):
		msg += " (GitLab did not answer in time; it may be down or overloaded: try again later)"
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusUnauthorized:
		msg += " (the token is invalid or expired)"
	case errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusForbidden:
		msg += " (the token lacks the api scope or access to the project: use a project access token with the Reporter role and api scope)"
	}
	if c.token != "" {
		msg = strings.ReplaceAll(msg, c.token, "[MASKED]")
	}
	return &apiError{msg: msg, err: err}
}

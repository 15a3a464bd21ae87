// Package gitlab is everything keepup says to GitLab: the issues that
// track findings and the red default branch (issues.go, redmain.go),
// milestones as a calendar (milestones.go), the default branch's pipelines
// (pipelines.go), and the policy file and one note of a merge request
// (mergerequests.go). It consumes findings and never computes deadlines. It
// talks to GitLab only through gitlab.com/gitlab-org/api/client-go/v2.
package gitlab

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
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
}

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
// errors: a retried POST is how duplicate issues are born. Rate-limited
// requests (429) are retried for every method, after Retry-After.
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
	api, err := gl.NewClient(cfg.Token,
		// Before WithBaseURL, whose warnings it takes.
		gl.WithURLWarningLogger(log),
		gl.WithCustomLeveledLogger(httpLog{log: log, token: cfg.Token}),
		gl.WithBaseURL(cfg.BaseURL),
		gl.WithHTTPClient(&http.Client{Timeout: timeout}),
		gl.WithOnlyIdempotentRetries(),
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

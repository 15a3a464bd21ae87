package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"gitlab.com/keepup/keepup/calendar"
)

// DefaultBaseURL is where the endoflife.date API lives; a mirror serving the
// same /api/v1/ paths can stand in for it.
const DefaultBaseURL = "https://endoflife.date"

// Defaults for the Client's bounds.
const (
	DefaultTimeout       = 10 * time.Second // per request
	DefaultMaxBody       = 4 << 20          // bytes per response
	DefaultMaxRetryAfter = 30 * time.Second // longest 429 Retry-After keepup waits
	DefaultMaxInFlight   = 4                // concurrent requests
	DefaultProgressAfter = time.Second      // fetching time before the progress line shows
)

// maxRedirects bounds the 301s followed for one document.
const maxRedirects = 5

// maxAttempts bounds the requests made for one document when the server
// answers 429 Too Many Requests.
const maxAttempts = 3

// defaultRetryAfter is the wait after a 429 without a Retry-After header.
const defaultRetryAfter = time.Second

// Client fetches endoflife.date API v1 documents, revalidating copies kept in
// an on-disk cache with conditional requests. Set its fields before first
// use; the zero value fetches from endoflife.date without a cache. A Client
// is safe for concurrent use.
type Client struct {
	// BaseURL is the API's server, without /api/v1; default DefaultBaseURL.
	BaseURL string
	// CacheDir keeps fetched documents (DefaultCacheDir gives keepup's
	// choice); "" runs without a cache.
	CacheDir string
	// Version goes into the User-Agent, keepup/<Version>.
	Version string
	// HTTPClient sends the requests; default a client using
	// http.DefaultTransport (which honours HTTPS_PROXY). The Client follows
	// redirects itself, whatever HTTPClient.CheckRedirect says.
	HTTPClient *http.Client
	// Timeout bounds each request, headers and body; default DefaultTimeout.
	Timeout time.Duration
	// MaxBody bounds a response body; default DefaultMaxBody.
	MaxBody int64
	// MaxRetryAfter is the longest Retry-After of a 429 answer the Client
	// waits; a longer one fails the request. Default DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// MaxInFlight bounds the concurrent requests; default DefaultMaxInFlight.
	MaxInFlight int
	// Progress receives a one-line progress indicator, on a terminal only
	// (Terminal), when fetching takes longer than ProgressAfter (default
	// DefaultProgressAfter). The line is cleared when fetching ends.
	Progress      io.Writer
	Terminal      bool
	ProgressAfter time.Duration
	// Log receives warnings: corrupt cache files, cache write failures,
	// renamed products and the fallbacks of auto mode. Default: discarded.
	Log *slog.Logger
	// Now and Sleep stand in for the clock in tests; defaults time.Now and
	// a sleep that ends early when ctx is done.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	once sync.Once
	base string // BaseURL without a trailing slash
	err  error  // BaseURL is unusable
	sem  chan struct{}

	mu       sync.Mutex
	down     error           // the failure that showed the server unreachable
	progress *progress       // the progress line while fetching, or nil
	list     *productList    // the product list, fetched at most once per Client
	listMu   sync.Mutex      // held while the product list is fetched
	ignored  map[string]bool // URLs whose corrupt cache entry was reported
}

func (c *Client) init() {
	c.once.Do(func() {
		c.base = strings.TrimRight(c.BaseURL, "/")
		if c.base == "" {
			c.base = DefaultBaseURL
		}
		u, err := url.Parse(c.base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			c.err = fmt.Errorf("endoflife.date URL %q: expected http(s)://host[/path], the server of /api/v1/", redactURL(c.BaseURL))
		}
		n := c.MaxInFlight
		if n <= 0 {
			n = DefaultMaxInFlight
		}
		c.sem = make(chan struct{}, n)
	})
}

// check reports an unusable BaseURL.
func (c *Client) check() error {
	c.init()
	return c.err
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) timeout() time.Duration       { return cmp(c.Timeout, DefaultTimeout) }
func (c *Client) maxRetryAfter() time.Duration { return cmp(c.MaxRetryAfter, DefaultMaxRetryAfter) }
func (c *Client) maxBody() int64               { return cmp(c.MaxBody, DefaultMaxBody) }

// cacheLimit bounds a cache file: the body plus room for the validators.
func (c *Client) cacheLimit() int64 { return c.maxBody() + 64<<10 }

// cmp returns v, or def when v is not positive.
func cmp[T int64 | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

func (c *Client) logger() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.DiscardHandler)
}

// warn logs a warning, clearing the progress line first so the two do not
// share a line; the line comes back on its next update.
func (c *Client) warn(msg string) {
	c.mu.Lock()
	p := c.progress
	c.mu.Unlock()
	if p != nil {
		p.interrupt(func() { c.logger().Warn(msg) })
		return
	}
	c.logger().Warn(msg)
}

// validName is what a product name may look like: it becomes a URL path
// segment and a cache file name.
var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]{0,99}$`)

func productPath(name string) (string, error) {
	if !validName.MatchString(name) {
		return "", fmt.Errorf("%w %q: a product name is letters, digits, '.', '-', '_' and '+'", ErrUnknownProduct, name)
	}
	return "/api/v1/products/" + name + "/", nil
}

const listPath = "/api/v1/products/"

// UnknownProductError is the answer for a product endoflife.date does not
// know (a 404). It wraps ErrUnknownProduct.
type UnknownProductError struct {
	Name       string
	URL        string // the URL that answered 404
	Suggestion string // the closest known product, or ""
	// ListErr is why the product list, which suggestions come from, could
	// not be fetched; nil when it was.
	ListErr error
}

func (e *UnknownProductError) Error() string {
	msg := fmt.Sprintf("unknown product %q: endoflife.date answers 404 Not Found for %s", e.Name, e.URL)
	switch {
	case e.Suggestion != "":
		return msg + fmt.Sprintf("; did you mean %q?", e.Suggestion)
	case e.ListErr != nil:
		return msg + fmt.Sprintf(" (no suggestion: %v)", e.ListErr)
	}
	return msg + "; the products it knows are listed at https://endoflife.date/api/v1/products/"
}

func (e *UnknownProductError) Unwrap() error { return ErrUnknownProduct }

// statusError is an HTTP answer the Client does not take.
type statusError struct {
	URL    string
	Status int
}

func (e *statusError) Error() string {
	return fmt.Sprintf("endoflife.date answers %d %s for %s", e.Status, http.StatusText(e.Status), e.URL)
}

// unreachableError marks failures that say the server cannot be used this
// run (network errors, timeouts, 5xx, rate limits): after one, the Client
// sends no more requests, so auto mode falls back at once instead of waiting
// out a timeout per product.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string { return e.err.Error() }
func (e *unreachableError) Unwrap() error { return e.err }

// doc is a fetched document: its cache entry (with the parsed body when a
// 304 vouched for the cached copy), and whether the cache needs writing.
type doc struct {
	entry *entry
	url   string // the URL requested, redacted
	store bool   // new body, or a revalidation on a new day
}

// fetch gets the document at path: from the server, sending the cached
// copy's validators, and stores what the server sends in the cache.
func (c *Client) fetch(ctx context.Context, path string, parse parser) (*doc, error) {
	c.init()
	if c.err != nil {
		return nil, c.err
	}
	u := c.base + path
	cached := c.readCache(u, parse)
	d, err := c.get(ctx, u, cached)
	if err != nil {
		c.markDown(ctx, err)
		return nil, err
	}
	return d, nil
}

// markDown remembers err if it shows the server unreachable: later requests
// are not sent.
func (c *Client) markDown(ctx context.Context, err error) {
	var unreachable *unreachableError
	if errors.As(err, &unreachable) && ctx.Err() == nil {
		c.mu.Lock()
		if c.down == nil {
			c.down = unreachable.err
		}
		c.mu.Unlock()
	}
}

// readCache returns the cache entry for u, or nil. A corrupt entry, or one
// whose body does not parse, is reported once and ignored: the document is
// fetched afresh and replaces it.
func (c *Client) readCache(u string, parse parser) *entry {
	if c.CacheDir == "" {
		return nil
	}
	e, err := readEntry(c.CacheDir, u, c.cacheLimit())
	if err == nil && e != nil {
		var perr error
		if e.parsed, perr = parse(e.Body, "the cached copy of "+redactURL(u)); perr != nil {
			path, _ := cachePath(c.CacheDir, u)
			err = fmt.Errorf("%w %s: %w", errCorrupt, path, perr)
			e = nil
		}
	}
	if err != nil {
		c.mu.Lock()
		warned := c.ignored[u]
		if c.ignored == nil {
			c.ignored = map[string]bool{}
		}
		c.ignored[u] = true
		c.mu.Unlock()
		if !warned {
			c.warn(fmt.Sprintf("ignoring the cache: %v", err))
		}
		return nil
	}
	return e
}

// writeCache stores e; a failure costs the next run a full fetch, so it is
// a warning.
func (c *Client) writeCache(e *entry) {
	if c.CacheDir == "" {
		return
	}
	if err := writeEntry(c.CacheDir, e, c.cacheLimit()); err != nil {
		c.warn(fmt.Sprintf("not caching endoflife.date data: %v", err))
	}
}

// get sends GET u, conditional on cached, following redirects and waiting
// out 429s, with at most MaxInFlight requests in flight.
func (c *Client) get(ctx context.Context, u string, cached *entry) (*doc, error) {
	target := u
	for hops, attempts := 0, 1; ; {
		a, err := c.roundTrip(ctx, target, cached)
		if err != nil {
			return nil, err
		}
		switch {
		case a.status == http.StatusOK:
			e := &entry{URL: redactURL(u), ETag: a.header.Get("ETag"), LastModified: a.header.Get("Last-Modified"), Fetched: c.now().UTC(), Body: a.body}
			return &doc{entry: e, url: redactURL(u), store: true}, nil
		case a.status == http.StatusNotModified:
			if cached == nil {
				return nil, fmt.Errorf("endoflife.date answers 304 Not Modified for %s, which keepup did not ask for", redactURL(target))
			}
			e := *cached
			e.Fetched = c.now().UTC()
			// The fetch day is what reports show; rewriting the entry on
			// every 304 would only cost writes.
			return &doc{entry: &e, url: redactURL(u), store: calendar.Of(e.Fetched) != calendar.Of(cached.Fetched)}, nil
		case a.status == http.StatusMovedPermanently || a.status == http.StatusFound || a.status == http.StatusTemporaryRedirect || a.status == http.StatusPermanentRedirect:
			if hops++; hops > maxRedirects {
				return nil, fmt.Errorf("GET %s: more than %d redirects", redactURL(u), maxRedirects)
			}
			next, err := redirect(target, a.header.Get("Location"))
			if err != nil {
				return nil, err
			}
			target = next
		case a.status == http.StatusNotFound:
			return nil, &statusError{URL: redactURL(target), Status: a.status}
		case a.status == http.StatusTooManyRequests:
			wait, err := c.retryAfter(a.header.Get("Retry-After"))
			if err == nil && attempts >= maxAttempts {
				err = fmt.Errorf("still 429 Too Many Requests after %d attempts", attempts)
			}
			if err != nil {
				return nil, &unreachableError{fmt.Errorf("endoflife.date rate-limits keepup at %s: %w", redactURL(target), err)}
			}
			if err := c.sleep(ctx, wait); err != nil {
				return nil, err
			}
			attempts++
		default:
			return nil, &statusError{URL: redactURL(target), Status: a.status}
		}
	}
}

// retryAfter reads a Retry-After header, seconds or an HTTP date.
func (c *Client) retryAfter(h string) (time.Duration, error) {
	wait := defaultRetryAfter
	if h != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
			wait = time.Duration(s) * time.Second
		} else if t, err := http.ParseTime(h); err == nil {
			wait = max(t.Sub(c.now()), 0)
		} else {
			return 0, fmt.Errorf("unreadable Retry-After %q", h)
		}
	}
	if wait > c.maxRetryAfter() {
		return 0, fmt.Errorf("it asks to retry after %s, longer than keepup waits (%s)", wait, c.maxRetryAfter())
	}
	return wait, nil
}

// redirect resolves a Location header against the URL that sent it.
func redirect(from, location string) (string, error) {
	if location == "" {
		return "", fmt.Errorf("GET %s: redirect without a Location", redactURL(from))
	}
	base, err := url.Parse(from)
	if err != nil {
		return "", err
	}
	to, err := base.Parse(location)
	if err != nil || (to.Scheme != "http" && to.Scheme != "https") {
		return "", fmt.Errorf("GET %s: redirect to an unusable Location %q", redactURL(from), location)
	}
	return to.String(), nil
}

// answer is one HTTP response, read whole (bodies of 200 answers only).
type answer struct {
	status int
	header http.Header
	body   []byte
}

// roundTrip sends one request holding a slot of the in-flight semaphore,
// unless the server has failed this run. A 5xx answer is a failure.
func (c *Client) roundTrip(ctx context.Context, target string, cached *entry) (*answer, error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.sem }()
	c.mu.Lock()
	down := c.down
	c.mu.Unlock()
	if down != nil {
		return nil, &unreachableError{fmt.Errorf("not asked after an earlier failure: %w", down)}
	}
	c.progressStep(0)
	a, err := c.send(ctx, target, cached)
	if err == nil && a.status >= 500 {
		err = &unreachableError{&statusError{URL: redactURL(target), Status: a.status}}
	}
	if err != nil {
		c.markDown(ctx, err) // before the slot is free: no request waiting for it is sent
		return nil, err
	}
	return a, nil
}

// send sends one request under the per-request timeout and reads the answer.
func (c *Client) send(ctx context.Context, target string, cached *entry) (*answer, error) {
	rctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", redactURL(target), err)
	}
	version := c.Version
	if version == "" {
		version = "dev"
	}
	req.Header.Set("User-Agent", "keepup/"+version)
	req.Header.Set("Accept", "application/json")
	if cached != nil {
		if cached.ETag != "" {
			req.Header.Set("If-None-Match", cached.ETag)
		}
		if cached.LastModified != "" {
			req.Header.Set("If-Modified-Since", cached.LastModified)
		}
	}
	hc := http.Client{}
	if c.HTTPClient != nil {
		hc = *c.HTTPClient
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := hc.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, rctx, target, err)
	}
	defer resp.Body.Close()
	a := &answer{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return a, nil
	}
	limit := c.maxBody()
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("GET %s: the answer is %s, more than keepup's limit of %s", redactURL(target), formatBytes(resp.ContentLength), formatBytes(limit))
	}
	a.body, err = io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, c.transportError(ctx, rctx, target, err)
	}
	if int64(len(a.body)) > limit {
		return nil, fmt.Errorf("GET %s: the answer is larger than keepup's limit of %s", redactURL(target), formatBytes(limit))
	}
	return a, nil
}

// transportError words a failed request: the per-request timeout is named
// as such, and both it and network errors mark the server unreachable. The
// caller's own cancellation is returned as is.
func (c *Client) transportError(ctx, rctx context.Context, target string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if rctx.Err() != nil {
		return &unreachableError{fmt.Errorf("GET %s: no complete answer within %s (the per-request timeout)", redactURL(target), c.timeout())}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // url.Error repeats the URL, with any password redacted; we name it ourselves
	}
	return &unreachableError{fmt.Errorf("GET %s: %w", redactURL(target), err)}
}

// redactURL hides a password in u (a mirror's URL may carry credentials).
func redactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(an unparsable URL)"
	}
	return p.Redacted()
}

// fetchProduct fetches the named product's document and parses it.
func (c *Client) fetchProduct(ctx context.Context, name string) (*Product, Origin, error) {
	path, err := productPath(name)
	if err != nil {
		return nil, Origin{}, err
	}
	d, err := c.fetch(ctx, path, parseProduct)
	var se *statusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return nil, Origin{}, c.unknownProduct(ctx, name, se.URL)
	}
	if err != nil {
		return nil, Origin{}, err
	}
	p, ok := d.entry.parsed.(*Product) // the cached copy, revalidated
	if !ok {
		if p, err = ParseProduct(d.entry.Body, d.url); err != nil {
			return nil, Origin{}, err
		}
	}
	if d.store {
		c.writeCache(d.entry)
	}
	o := newOrigin(SourceLive, calendar.Of(d.entry.Fetched))
	p.Source = o.explain()
	return p, o, nil
}

// cachedProduct reads the named product from the cache, without the network.
func (c *Client) cachedProduct(name string) (*Product, Origin, error) {
	c.init()
	path, err := productPath(name)
	if err != nil || c.err != nil || c.CacheDir == "" {
		return nil, Origin{}, errors.New("no cache")
	}
	e := c.readCache(c.base+path, parseProduct)
	if e == nil {
		return nil, Origin{}, errors.New("not in the cache")
	}
	p := e.parsed.(*Product)
	o := newOrigin(SourceCache, calendar.Of(e.Fetched))
	p.Source = o.explain()
	return p, o, nil
}

// parser parses a document; source names it in errors.
type parser func(body []byte, source string) (any, error)

func parseProduct(body []byte, source string) (any, error) { return ParseProduct(body, source) }
func parseListAny(body []byte, source string) (any, error) { return parseList(body, source) }

// summary is an entry of the product list.
type summary struct {
	Name    string   `json:"name"`
	Label   string   `json:"label"`
	Aliases []string `json:"aliases"`
}

// productList is the list of products endoflife.date knows: live, or,
// when that fails, the cached copy.
type productList struct {
	list    []summary
	fetched time.Time // when the list was fetched or revalidated
	err     error     // why the live list could not be had; list is then the cached copy, or nil
}

func parseList(body []byte, source string) ([]summary, error) {
	var doc struct {
		Result []summary `json:"result"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", source, err)
	}
	if len(doc.Result) == 0 {
		return nil, fmt.Errorf("parsing %s: no products: not an endoflife.date v1 product list", source)
	}
	return doc.Result, nil
}

// products fetches the product list once per Client; when that fails, it
// falls back to the cached copy, if any. Callers that want live data only
// check err.
func (c *Client) products(ctx context.Context) *productList {
	c.listMu.Lock()
	defer c.listMu.Unlock()
	if c.list != nil {
		return c.list
	}
	l := &productList{}
	d, err := c.fetch(ctx, listPath, parseListAny)
	if err == nil {
		var ok bool
		if l.list, ok = d.entry.parsed.([]summary); !ok {
			l.list, err = parseList(d.entry.Body, d.url)
		}
		if err == nil {
			if d.store {
				c.writeCache(d.entry)
			}
			l.fetched = d.entry.Fetched
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			return &productList{err: ctx.Err()} // not kept: a later call may succeed
		}
		l.err = fmt.Errorf("fetching the product list from endoflife.date: %w", err)
		if c.CacheDir != "" && c.err == nil {
			if e := c.readCache(c.base+listPath, parseListAny); e != nil {
				l.list, l.fetched = e.parsed.([]summary), e.Fetched
			}
		}
	}
	c.list = l
	return l
}

package upstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultCacheDir returns the directory keepup keeps fetched endoflife.date
// documents in, from the environment env: in GitLab CI (CI_PROJECT_DIR set)
// $CI_PROJECT_DIR/.cache/keepup, which a job's `cache: paths: [.cache/keepup]`
// keeps between pipelines; else $XDG_CACHE_HOME/keepup when XDG_CACHE_HOME is
// an absolute path; else $HOME/.cache/keepup. It returns "" when none of
// these is set, and the caller then runs without a cache.
func DefaultCacheDir(env map[string]string) string {
	if dir := env["CI_PROJECT_DIR"]; dir != "" {
		return filepath.Join(dir, ".cache", "keepup")
	}
	if dir := env["XDG_CACHE_HOME"]; filepath.IsAbs(dir) {
		return filepath.Join(dir, "keepup")
	}
	if home := env["HOME"]; home != "" {
		return filepath.Join(home, ".cache", "keepup")
	}
	return ""
}

// cacheVersion is the format of cache files; files of another format are
// ignored (and replaced on the next successful fetch).
const cacheVersion = 1

// entry is one cached response: the document and what a conditional
// request needs to revalidate it.
type entry struct {
	Version      int             `json:"keepup_cache"`
	URL          string          `json:"url"` // the URL requested, before redirects, password redacted
	ETag         string          `json:"etag,omitempty"`
	LastModified string          `json:"last_modified,omitempty"`
	Fetched      time.Time       `json:"fetched"` // last fetched or revalidated
	Body         json.RawMessage `json:"body"`

	parsed any // Body parsed, once read and checked
}

// cachePath is where the document at rawURL is kept: one directory per
// server (so a mirror given by KEEPUP_ENDOFLIFE_URL does not revalidate
// another server's validators), then the URL's path. The caller has checked
// product names, so the path cannot leave dir.
func cachePath(dir, rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("cache key %s: %w", rawURL, err)
	}
	host := strings.NewReplacer(":", "_", "/", "_", `\`, "_").Replace(u.Host)
	p := strings.Trim(u.Path, "/")
	if p == "" || host == "" || host == "." || host == ".." || strings.Contains("/"+p+"/", "/../") || strings.Contains("/"+p+"/", "/./") {
		return "", fmt.Errorf("cache key %s: not a cacheable URL", rawURL)
	}
	return filepath.Join(dir, host, filepath.FromSlash(p)+".json"), nil
}

// errCorrupt marks a cache file that exists but cannot be used.
var errCorrupt = errors.New("corrupt cache file")

// readEntry reads the cache entry for rawURL. A missing file is (nil, nil);
// an unreadable, oversized or malformed one is an error wrapping errCorrupt,
// which callers report as a warning and otherwise treat as missing.
func readEntry(dir, rawURL string, limit int64) (*entry, error) {
	path, err := cachePath(dir, rawURL)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", errCorrupt, path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%w %s: %w", errCorrupt, path, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w %s: larger than %s", errCorrupt, path, formatBytes(limit))
	}
	var e entry
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, fmt.Errorf("%w %s: %w", errCorrupt, path, err)
	}
	switch {
	case e.Version != cacheVersion:
		return nil, fmt.Errorf("%w %s: format %d, want %d", errCorrupt, path, e.Version, cacheVersion)
	case e.URL != redactURL(rawURL):
		return nil, fmt.Errorf("%w %s: holds %s, not %s", errCorrupt, path, e.URL, redactURL(rawURL))
	case len(e.Body) == 0 || e.Fetched.IsZero():
		return nil, fmt.Errorf("%w %s: no body or no fetch time", errCorrupt, path)
	}
	return &e, nil
}

// writeEntry stores e whole or not at all: it writes a temporary file in the
// same directory and renames it over the old entry, so a reader (another
// keepup job sharing the cache) sees the old entry or the new one.
func writeEntry(dir string, e *entry, limit int64) error {
	path, err := cachePath(dir, e.URL)
	if err != nil {
		return err
	}
	e.Version = cacheVersion
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encoding cache entry for %s: %w", e.URL, err)
	}
	if int64(len(data)) > limit {
		return fmt.Errorf("cache entry for %s: %s is larger than the %s limit", e.URL, formatBytes(int64(len(data))), formatBytes(limit))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating cache directory: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("writing cache: %w", err)
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing cache %s: %w", path, err)
	}
	return nil
}

// formatBytes formats n as "4 MiB", "512 KiB" or "100 bytes".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

package upstream

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"gitlab.com/keepup/keepup/calendar"
)

// This file refreshes the embedded snapshot (keepup data update) and lists
// the products a policy may name (keepup data products).

// DefaultReleaseDataURL is where endoflife.date's release-data documents
// live: <base>/<product>.json, as in releases/ of
// github.com/endoflife-date/release-data.
const DefaultReleaseDataURL = "https://raw.githubusercontent.com/endoflife-date/release-data/main/releases"

// ReleaseDataNames lists the products the snapshot has release-data for,
// sorted.
func (s *Snapshot) ReleaseDataNames() []string {
	entries, err := fs.ReadDir(releaseDataFS, releaseDataDir)
	if err != nil {
		panic(err) // the embed directive guarantees the directory
	}
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(names)
	return names
}

// SnapshotUpdate is a new snapshot, fetched whole: what keepup data update
// writes for the next build to embed.
type SnapshotUpdate struct {
	Date        calendar.Date     // the day it was fetched: SNAPSHOT
	Products    map[string][]byte // product → its API v1 document, as served
	ReleaseData map[string][]byte // product → its release-data document, as served
}

// FetchSnapshot fetches, for each of products, its API v1 document through
// api, and for each of withVersions, its release-data document
// (<base>/<product>.json) through releaseData, a Client whose BaseURL is
// the release-data base (DefaultReleaseDataURL). Requests are plain, not
// conditional: give the Clients no CacheDir. Each document must parse as
// keepup reads it, and a product document must name the product asked for
// (a product renamed on endoflife.date is an error: the snapshot would
// lose the name policies use). Every failure is reported, joined, and then
// nothing is returned: a snapshot is fetched whole or not at all.
func FetchSnapshot(ctx context.Context, api, releaseData *Client, products, withVersions []string, date calendar.Date) (*SnapshotUpdate, error) {
	u := &SnapshotUpdate{Date: date, Products: map[string][]byte{}, ReleaseData: map[string][]byte{}}
	type job struct {
		c      *Client
		name   string
		path   string
		parse  parser
		into   map[string][]byte
		what   string
		verify func(parsed any) error
	}
	var jobs []job
	for _, name := range products {
		jobs = append(jobs, job{c: api, name: name, parse: parseProduct, into: u.Products, what: "the endoflife.date document of",
			verify: func(parsed any) error {
				if got := parsed.(*Product).Name; got != name {
					return fmt.Errorf("endoflife.date renamed %s to %s: rename upstream/data/endoflife.date/v1/products/%s.json to %s.json (and its release-data), then update again", name, got, name, got)
				}
				return nil
			}})
	}
	for _, name := range withVersions {
		jobs = append(jobs, job{c: releaseData, name: name, parse: parseVersionsAny, into: u.ReleaseData, what: "the release-data of"})
	}
	for i, j := range jobs {
		if !validName.MatchString(j.name) {
			return nil, fmt.Errorf("%w %q: a product name is letters, digits, '.', '-', '_' and '+'", ErrUnknownProduct, j.name)
		}
		jobs[i].path = "/" + j.name + ".json"
		if j.c == api {
			jobs[i].path = "/api/v1/products/" + j.name + "/"
		}
	}

	finish := api.startProgress(len(jobs))
	defer finish()
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			body, err := j.c.document(ctx, j.path, j.parse, j.verify)
			api.progressStep(1)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("%s %s: %w", j.what, j.name, err))
				return
			}
			j.into[j.name] = body
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("fetching the snapshot: %w", err)
	}
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
		return nil, errors.Join(errs...)
	}
	return u, nil
}

// document fetches the document at path, checks that it parses (and
// passes verify, if given), and returns its body.
func (c *Client) document(ctx context.Context, path string, parse parser, verify func(any) error) ([]byte, error) {
	d, err := c.fetch(ctx, path, parse)
	if err != nil {
		return nil, err
	}
	parsed := d.entry.parsed
	if parsed == nil {
		if parsed, err = parse(d.entry.Body, d.url); err != nil {
			return nil, err
		}
	}
	if verify != nil {
		if err := verify(parsed); err != nil {
			return nil, err
		}
	}
	return d.entry.Body, nil
}

func parseVersionsAny(body []byte, source string) (any, error) { return ParseVersions(body, source) }

// Paths of the snapshot's files under its directory (upstream/data).
const (
	snapshotDateFile   = "SNAPSHOT"
	productsSubdir     = "endoflife.date/v1/products"
	releaseDataSubdir  = "endoflife.date/release-data"
	snapshotFileSuffix = ".json"
)

// Write writes the snapshot under dir as upstream/data is laid out:
// endoflife.date/v1/products/<product>.json,
// endoflife.date/release-data/<product>.json and SNAPSHOT, the date. Files
// it has no document for are left as they are. Every file is first written
// whole to a temporary file beside it; only when all are written are they
// renamed into place, SNAPSHOT last, so that a failure leaves the old
// snapshot as it was. It returns the paths written, sorted.
func (u *SnapshotUpdate) Write(dir string) ([]string, error) {
	type file struct {
		path string
		data []byte
		tmp  string
	}
	var files []file
	for _, name := range slices.Sorted(maps.Keys(u.Products)) {
		files = append(files, file{path: filepath.Join(dir, productsSubdir, name+snapshotFileSuffix), data: u.Products[name]})
	}
	for _, name := range slices.Sorted(maps.Keys(u.ReleaseData)) {
		files = append(files, file{path: filepath.Join(dir, releaseDataSubdir, name+snapshotFileSuffix), data: u.ReleaseData[name]})
	}
	files = append(files, file{path: filepath.Join(dir, snapshotDateFile), data: []byte(u.Date.String() + "\n")})

	cleanup := func() {
		for _, f := range files {
			if f.tmp != "" {
				os.Remove(f.tmp)
			}
		}
	}
	for i := range files {
		f := &files[i]
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			cleanup()
			return nil, fmt.Errorf("writing %s: %w", f.path, err)
		}
		tmp, err := writeTemp(f.path, f.data)
		if err != nil {
			cleanup()
			return nil, err
		}
		f.tmp = tmp
	}
	var written []string
	for i := range files {
		f := &files[i]
		if err := os.Rename(f.tmp, f.path); err != nil {
			cleanup()
			return written, fmt.Errorf("writing %s: %w (%d files were written before it; run the update again)", f.path, err, len(written))
		}
		f.tmp = ""
		written = append(written, f.path)
	}
	slices.Sort(written)
	return written, nil
}

// writeTemp writes data whole to a new temporary file beside path, and
// returns its name.
func writeTemp(path string, data []byte) (string, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("writing %s: %w", path, err)
	}
	return tmp.Name(), nil
}

// ProductSummary is a product a policy may name, with the other names
// endoflife.date answers to.
type ProductSummary struct {
	Name    string
	Label   string
	Aliases []string
}

// ProductList lists the products of mode with their aliases, sorted by
// name, and where the list came from: in embedded mode the snapshot's
// products (aliases from their documents); else endoflife.date's product
// list, which in auto mode falls back to the cached list, else to the
// snapshot's, with a warning.
func ProductList(ctx context.Context, mode Mode, c *Client) ([]ProductSummary, string, error) {
	embedded := func() ([]ProductSummary, string, error) {
		s := Embedded()
		var list []ProductSummary
		for _, name := range s.Names() {
			p, err := s.Product(name)
			if err != nil {
				return nil, "", err
			}
			list = append(list, ProductSummary{Name: p.Name, Label: p.Label, Aliases: p.Aliases})
		}
		return list, "endoflife.date snapshot of " + s.Date().String(), nil
	}
	switch mode {
	case ModeEmbedded:
		return embedded()
	case ModeLive, ModeAuto:
		if c == nil {
			return nil, "", fmt.Errorf("data mode %s needs a client", mode)
		}
		if err := c.check(); err != nil {
			return nil, "", err
		}
	default:
		return nil, "", fmt.Errorf("unknown data mode %q; expected embedded, live or auto", mode)
	}
	l := c.products(ctx)
	if err := ctx.Err(); err != nil {
		return nil, "", fmt.Errorf("fetching the endoflife.date product list: %w", err)
	}
	today := calendar.Of(c.now())
	source := "endoflife.date live of " + calendar.Of(l.fetched).String()
	switch {
	case l.err == nil:
	case mode == ModeLive:
		return nil, "", l.err
	case l.list != nil:
		date := calendar.Of(l.fetched)
		c.warn(fmt.Sprintf("%v; using the cached product list of %s (%s)", l.err, date, age(date, today)))
		source = "endoflife.date cache of " + date.String()
	default:
		s := Embedded()
		c.warn(fmt.Sprintf("%v; using the embedded snapshot's products of %s (%s)", l.err, s.Date(), age(s.Date(), today)))
		return embedded()
	}
	list := make([]ProductSummary, 0, len(l.list))
	for _, s := range l.list {
		list = append(list, ProductSummary(s))
	}
	slices.SortFunc(list, func(a, b ProductSummary) int { return strings.Compare(a.Name, b.Name) })
	return list, source, nil
}

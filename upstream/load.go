package upstream

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"gitlab.com/keepup/keepup/calendar"
)

// Mode says where release data comes from.
type Mode string

const (
	// ModeEmbedded uses the snapshot compiled into keepup, never the network.
	ModeEmbedded Mode = "embedded"
	// ModeLive fetches from endoflife.date and fails when that fails.
	ModeLive Mode = "live"
	// ModeAuto fetches from endoflife.date; for a product that fails it
	// falls back to the cached copy, however old, else to the embedded
	// snapshot, and warns naming the age of what it used.
	ModeAuto Mode = "auto"
)

// ParseMode parses a --data value: embedded, live or auto.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case ModeEmbedded, ModeLive, ModeAuto:
		return m, nil
	}
	return "", fmt.Errorf("unknown data mode %q; expected embedded, live or auto", s)
}

// SourceKind says where one product's data came from.
type SourceKind int

const (
	// SourceEmbedded is the snapshot compiled into keepup.
	SourceEmbedded SourceKind = iota
	// SourceCache is a copy fetched by an earlier run; the live fetch failed.
	SourceCache
	// SourceLive is endoflife.date itself, this run (a 304 Not Modified for
	// a cached copy counts: the server vouched for it).
	SourceLive
)

// Origin is where one product's data came from and how old it is, for
// reports: Source is "endoflife.date live", "cache of 2026-08-20" or
// "embedded snapshot of 2026-08-22".
type Origin struct {
	Kind   SourceKind
	Source string
	// Date is the day the data was current: the day it was fetched or
	// revalidated (live, cache) or the snapshot was taken (embedded).
	Date calendar.Date
}

func newOrigin(kind SourceKind, date calendar.Date) Origin {
	o := Origin{Kind: kind, Date: date}
	switch kind {
	case SourceLive:
		o.Source = "endoflife.date live"
	case SourceCache:
		o.Source = "cache of " + date.String()
	default:
		o.Source = "embedded snapshot of " + date.String()
	}
	return o
}

// explain is how explanations name the data ("not in the %s"), Product.Source.
func (o Origin) explain() string {
	switch o.Kind {
	case SourceLive:
		return "endoflife.date live data of " + o.Date.String()
	case SourceCache:
		return "endoflife.date cache of " + o.Date.String()
	}
	return "endoflife.date snapshot of " + o.Date.String()
}

// Data is a catalog of the products a policy names, as Load found them, each
// with its Origin. It implements Catalog.
type Data struct {
	names    []string
	products map[string]*Product
	origins  map[string]Origin
}

var _ Catalog = (*Data)(nil)

// Product returns the named product, as the policy names it; after a rename
// on endoflife.date, the product's Name is the new one.
func (d *Data) Product(name string) (*Product, error) {
	if p, ok := d.products[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("%w %q: the release data was loaded for %s only", ErrUnknownProduct, name, strings.Join(d.names, ", "))
}

// Names lists the loaded products, sorted.
func (d *Data) Names() []string { return d.names }

// Origin returns where the named product's data came from.
func (d *Data) Origin(name string) (Origin, bool) {
	o, ok := d.origins[name]
	return o, ok
}

// Summary describes all the data in one source and date, for reports that
// give one: the source is "endoflife.date snapshot", "endoflife.date live"
// or "endoflife.date cache" when every product came from one kind, else the
// kinds joined ("endoflife.date live, cache"); the date is the oldest.
func (d *Data) Summary() (source string, date calendar.Date) {
	kinds := map[SourceKind]bool{}
	for _, o := range d.origins {
		kinds[o.Kind] = true
		if date.IsZero() || o.Date.Before(date) {
			date = o.Date
		}
	}
	var words []string
	for _, k := range []SourceKind{SourceLive, SourceCache, SourceEmbedded} {
		if kinds[k] {
			words = append(words, map[SourceKind]string{SourceLive: "live", SourceCache: "cache", SourceEmbedded: "snapshot"}[k])
		}
	}
	return strings.TrimSpace("endoflife.date " + strings.Join(words, ", ")), date
}

// Load loads the named products (the ones the policy uses) in mode. c is
// the client for live and auto; it may be nil in embedded mode, which never
// touches the network. Warnings (fallbacks, renamed products, corrupt cache
// files) go to c.Log. An unknown product is an error in every mode, with a
// suggestion; so is, in auto mode, a product found nowhere.
func Load(ctx context.Context, mode Mode, products []string, c *Client) (*Data, error) {
	names := slices.Clone(products)
	slices.Sort(names)
	names = slices.Compact(names)
	d := &Data{names: names, products: map[string]*Product{}, origins: map[string]Origin{}}
	if mode == ModeEmbedded {
		s := Embedded()
		for _, name := range names {
			p, err := s.Product(name)
			if err != nil {
				return nil, err
			}
			d.products[name], d.origins[name] = p, newOrigin(SourceEmbedded, s.Date())
		}
		return d, nil
	}
	if mode != ModeLive && mode != ModeAuto {
		return nil, fmt.Errorf("unknown data mode %q; expected embedded, live or auto", mode)
	}
	if c == nil {
		return nil, fmt.Errorf("data mode %s needs a client", mode)
	}
	if err := c.check(); err != nil {
		return nil, err // a setting to fix, not an outage to fall back from
	}
	results := c.fetchProducts(ctx, names)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("fetching endoflife.date data: %w", err)
	}

	c.mu.Lock()
	down := c.down
	c.mu.Unlock()
	// why is the live failure to report: after the server failed, the
	// failure itself rather than "not asked after it".
	why := func(err error) error {
		var unreachable *unreachableError
		if down != nil && errors.As(err, &unreachable) {
			return down
		}
		return err
	}

	var unknown []error
	var failed failures
	fallbacks := map[Origin][]string{} // what was used → for which products
	reasons := map[Origin]error{}      // the first live failure behind each
	for i, name := range names {
		r := results[i]
		switch {
		case r.err == nil:
			d.products[name], d.origins[name] = r.p, r.origin
			continue
		case errors.Is(r.err, ErrUnknownProduct):
			unknown = append(unknown, r.err)
			continue
		case mode == ModeLive:
			failed.add(name, why(r.err), "fetching %s from endoflife.date: %w")
			continue
		}
		p, o, err := c.cachedProduct(name)
		if err != nil {
			s := Embedded()
			if p, err = s.Product(name); err != nil {
				failed.add(name, why(r.err), "no live data for %s (%w), and none in the cache or the embedded snapshot")
				continue
			}
			o = newOrigin(SourceEmbedded, s.Date())
		}
		d.products[name], d.origins[name] = p, o
		fallbacks[o] = append(fallbacks[o], name)
		if reasons[o] == nil {
			reasons[o] = why(r.err)
		}
	}
	if len(unknown) > 0 {
		return nil, errors.Join(unknown...)
	}
	if err := failed.err(); err != nil {
		return nil, err
	}

	today := calendar.Of(c.now())
	for _, o := range slices.SortedFunc(maps.Keys(fallbacks), func(a, b Origin) int { return int(b.Kind) - int(a.Kind) }) {
		what := "the cache of " + o.Date.String()
		if o.Kind == SourceEmbedded {
			what = "the embedded snapshot of " + o.Date.String()
		}
		c.warn(fmt.Sprintf("no live data: %v; using %s (%s) for %s", reasons[o], what, age(o.Date, today), strings.Join(fallbacks[o], ", ")))
	}
	for _, name := range names {
		if p := d.products[name]; p.Name != name {
			c.warn(fmt.Sprintf("endoflife.date renamed product %q to %q: name it %q in the policy", name, p.Name, p.Name))
		}
	}
	return d, nil
}

// age words how old data of date is: "fetched today", "3 days old".
func age(date, today calendar.Date) string {
	switch n := date.DaysUntil(today); {
	case n <= 0:
		return "from today"
	case n == 1:
		return "1 day old"
	default:
		return fmt.Sprintf("%d days old", n)
	}
}

// failures gathers the products that could not be loaded, grouped by
// failure, so that one unreachable server is one line, not one per product.
type failures struct {
	order  []string            // failure texts, first seen first
	byText map[string]*failure // by failure text and wording
}

type failure struct {
	names  []string
	err    error
	format string // with %s for the names and %w for err
}

func (f *failures) add(name string, err error, format string) {
	key := format + "\x00" + err.Error()
	if f.byText == nil {
		f.byText = map[string]*failure{}
	}
	if f.byText[key] == nil {
		f.byText[key] = &failure{err: err, format: format}
		f.order = append(f.order, key)
	}
	f.byText[key].names = append(f.byText[key].names, name)
}

// err returns the failures as one error, nil if none.
func (f *failures) err() error {
	var errs []error
	for _, key := range f.order {
		g := f.byText[key]
		errs = append(errs, fmt.Errorf(g.format, strings.Join(g.names, ", "), g.err))
	}
	return errors.Join(errs...)
}

// fetched is the outcome of fetching one product.
type fetched struct {
	p      *Product
	origin Origin
	err    error
}

// fetchProducts fetches the named products concurrently (the Client bounds
// the requests in flight), showing the progress line when it is slow.
func (c *Client) fetchProducts(ctx context.Context, names []string) []fetched {
	finish := c.startProgress(len(names))
	defer finish()
	results := make([]fetched, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() {
			r := &results[i]
			r.p, r.origin, r.err = c.fetchProduct(ctx, name)
			c.progressStep(1)
		})
	}
	wg.Wait()
	return results
}

// Names is the product names a catalog knows: each product's own name,
// and the aliases endoflife.date gives products (k8s for kubernetes).
type Names struct {
	Products []string          // sorted
	Aliases  map[string]string // alias → the product's name
}

// KnownNames returns the product names a policy may use in mode, with
// their aliases: the embedded snapshot's in embedded mode; else
// endoflife.date's product list (GET /api/v1/products/, cached like the
// products), which in auto mode falls back to the cached list, else to the
// snapshot's names, with a warning.
func KnownNames(ctx context.Context, mode Mode, c *Client) (Names, error) {
	switch mode {
	case ModeEmbedded:
		return Embedded().KnownNames(), nil
	case ModeLive, ModeAuto:
		if c == nil {
			return Names{}, fmt.Errorf("data mode %s needs a client", mode)
		}
		if err := c.check(); err != nil {
			return Names{}, err
		}
	default:
		return Names{}, fmt.Errorf("unknown data mode %q; expected embedded, live or auto", mode)
	}
	l := c.products(ctx)
	if err := ctx.Err(); err != nil {
		return Names{}, fmt.Errorf("fetching the endoflife.date product list: %w", err)
	}
	switch {
	case l.err == nil:
	case mode == ModeLive:
		return Names{}, fmt.Errorf("%w (data mode live never falls back; auto falls back to the cached or embedded data)", l.err)
	case l.list != nil:
		date := calendar.Of(l.fetched)
		c.warn(fmt.Sprintf("%v; using the cached product list of %s (%s)", l.err, date, age(date, calendar.Of(c.now()))))
	default:
		s := Embedded()
		c.warn(fmt.Sprintf("%v; using the embedded snapshot's product names of %s (%s)", l.err, s.Date(), age(s.Date(), calendar.Of(c.now()))))
		return s.KnownNames(), nil
	}
	n := Names{Aliases: map[string]string{}}
	for _, s := range l.list {
		n.Products = append(n.Products, s.Name)
		for _, a := range s.Aliases {
			n.Aliases[a] = s.Name
		}
	}
	slices.Sort(n.Products)
	n.Products = slices.Compact(n.Products)
	return n, nil
}

var _ VersionCatalog = (*Data)(nil)

// Versions returns a product's per-version release dates for minor
// targets. endoflife.date's API v1 does not serve release-data, so they
// come from the embedded snapshot whatever the mode; a product the
// snapshot does not know has none (its minors are dated by each cycle's
// latest alone).
func (d *Data) Versions(name string) ([]Version, string, error) {
	s := Embedded()
	if p, ok := d.products[name]; ok && !slices.Contains(s.Names(), name) {
		name = p.Name // renamed on endoflife.date
	}
	if !slices.Contains(s.Names(), name) {
		return nil, "", nil
	}
	return s.Versions(name)
}

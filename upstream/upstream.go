// Package upstream provides release catalogs: which releases an upstream
// product has, when each was released and when it reaches end of life. The
// catalog compiled into keepup is a snapshot of endoflife.date's API v1
// product documents; ParseProduct reads the same documents from any source.
package upstream

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gitlab.com/keepup/keepup/calendar"
)

// Release is one release cycle of a product.
type Release struct {
	Name     string        // "1.32", "24.04", "9"
	Released calendar.Date // general availability
	// EOL is when upstream end of life starts; zero when not known.
	EOL calendar.Date
	// LTS tells whether the release cycle receives long-term support, now or
	// from a later date (endoflife.date's isLts, or a set ltsFrom).
	LTS bool
	// Latest is the cycle's newest version (endoflife.date's latest); zero
	// when the document gives none.
	Latest Version
	// Cycle is, for a minor release found within a major release cycle
	// (RHEL 9.6 within 9), the name of that cycle; empty for a cycle.
	Cycle string
	// Source says where Released came from when that is not the product's
	// document (a minor's release-data); empty otherwise.
	Source string
}

// Product is an upstream product with its releases, newest first.
type Product struct {
	Name     string
	Label    string   // the name people use: "Red Hat Enterprise Linux"
	Aliases  []string // other names endoflife.date answers to: "k8s"
	Releases []Release
	// Source says where the releases came from, for explanations.
	Source string
	// Date is when the data was generated.
	Date calendar.Date
}

// ReleaseNames returns the names of the product's releases, in the order
// of Releases.
func (p *Product) ReleaseNames() []string {
	names := make([]string, len(p.Releases))
	for i, r := range p.Releases {
		names[i] = r.Name
	}
	return names
}

// Release returns the release with the given name.
func (p *Product) Release(name string) (Release, bool) {
	for _, r := range p.Releases {
		if r.Name == name {
			return r, true
		}
	}
	return Release{}, false
}

// document is the subset of an endoflife.date API v1 product document
// (GET /api/v1/products/<product>/) that keepup reads. Statuses are computed
// from dates: isEol and the other is* flags are not read, but for isLts,
// which says what kind of release a cycle is.
type document struct {
	GeneratedAt string `json:"generated_at"`
	Result      struct {
		Name     string   `json:"name"`
		Label    string   `json:"label"`
		Aliases  []string `json:"aliases"`
		Releases []struct {
			Name        string  `json:"name"`
			ReleaseDate string  `json:"releaseDate"`
			IsLTS       bool    `json:"isLts"`
			LTSFrom     *string `json:"ltsFrom"`
			EOLFrom     *string `json:"eolFrom"`
			Latest      *struct {
				Name string  `json:"name"`
				Date *string `json:"date"`
			} `json:"latest"`
		} `json:"releases"`
	} `json:"result"`
}

// Bounds on the text a product document gives, which keepup prints to
// terminals, job logs, reports and issues.
const (
	maxName = 64  // a product, alias or release name
	maxText = 200 // a label or a latest version's name
)

// check refuses names and labels that are empty where a name is needed,
// too long, or hold characters that are not printable (control, format
// and bidirectional characters could rewrite a terminal line or a job
// log) or, in names, white space.
func (doc *document) check() error {
	r := &doc.Result
	if err := checkText("result.label", r.Label, maxText, false); err != nil {
		return err
	}
	for i, a := range r.Aliases {
		if a == "" {
			return fmt.Errorf("result.aliases[%d] is empty", i)
		}
		if err := checkText(fmt.Sprintf("result.aliases[%d]", i), a, maxName, true); err != nil {
			return err
		}
	}
	for i, rel := range r.Releases {
		if rel.Name == "" {
			return fmt.Errorf("releases[%d] has no name", i)
		}
		if err := checkText(fmt.Sprintf("releases[%d].name", i), rel.Name, maxName, true); err != nil {
			return err
		}
		if rel.Latest != nil {
			if err := checkText(fmt.Sprintf("releases[%d].latest.name", i), rel.Latest.Name, maxText, false); err != nil {
				return err
			}
		}
	}
	return checkText("result.name", r.Name, maxName, true)
}

// checkText says what is wrong with the text s of the named field, if
// anything: more than most runes, a rune that is not printable, or in a
// name, white space.
func checkText(field, s string, most int, name bool) error {
	if n := utf8.RuneCountInString(s); n > most {
		return fmt.Errorf("%s is %d characters long (%+.20q...); keepup takes at most %d", field, n, s, most)
	}
	for _, c := range s {
		switch {
		case c == utf8.RuneError:
			return fmt.Errorf("%s %+.40q is not valid UTF-8", field, s)
		case name && unicode.IsSpace(c):
			return fmt.Errorf("%s %+.40q holds white space, which no name has", field, s)
		case !unicode.IsPrint(c) && c != ' ':
			return fmt.Errorf("%s %+.40q holds the unprintable character %U", field, s, c)
		}
	}
	return nil
}

// ParseProduct parses an endoflife.date API v1 product document; source
// names where it came from in errors and explanations.
func ParseProduct(data []byte, source string) (*Product, error) {
	var doc document
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", source, err)
	}
	if doc.Result.Name == "" {
		return nil, fmt.Errorf("parsing %s: no result.name: not an endoflife.date v1 product document", source)
	}
	if err := doc.check(); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", source, err)
	}
	p := &Product{Name: doc.Result.Name, Label: doc.Result.Label, Aliases: doc.Result.Aliases, Source: source}
	if doc.GeneratedAt != "" {
		d, err := calendar.ParseDate(strings.SplitN(doc.GeneratedAt, "T", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("parsing %s: generated_at: %w", source, err)
		}
		p.Date = d
	}
	for _, r := range doc.Result.Releases {
		rel := Release{Name: r.Name, LTS: r.IsLTS || r.LTSFrom != nil}
		var err error
		if rel.Released, err = calendar.ParseDate(r.ReleaseDate); err != nil {
			return nil, fmt.Errorf("parsing %s: release %s: releaseDate: %w", source, r.Name, err)
		}
		if r.EOLFrom != nil {
			if rel.EOL, err = calendar.ParseDate(*r.EOLFrom); err != nil {
				return nil, fmt.Errorf("parsing %s: release %s: eolFrom: %w", source, r.Name, err)
			}
		}
		if r.Latest != nil && r.Latest.Name != "" {
			rel.Latest.Name = r.Latest.Name
			if r.Latest.Date != nil {
				if rel.Latest.Released, err = calendar.ParseDate(*r.Latest.Date); err != nil {
					return nil, fmt.Errorf("parsing %s: release %s: latest.date: %w", source, r.Name, err)
				}
			}
		}
		p.Releases = append(p.Releases, rel)
	}
	SortNewestFirst(p.Releases)
	return p, nil
}

// SortNewestFirst sorts releases by release date, newest first, the order
// Product.Releases keeps; releases of one date keep their order.
func SortNewestFirst(releases []Release) {
	slices.SortStableFunc(releases, func(a, b Release) int { return newerFirst(a.Released, b.Released) })
}

// Catalog gives the products a policy can name.
type Catalog interface {
	// Product returns the named product or an error that says why not.
	Product(name string) (*Product, error)
	// Names lists the products the catalog knows, sorted.
	Names() []string
}

// ErrUnknownProduct is returned (wrapped) for a product a catalog does not know.
var ErrUnknownProduct = errors.New("unknown product")

//go:embed data/SNAPSHOT data/endoflife.date/v1/products/*.json
var snapshotFS embed.FS

const productsDir = "data/endoflife.date/v1/products"

// Snapshot is the catalog compiled into keepup. Products are parsed on first
// use, so a run pays only for the products its policy names.
type Snapshot struct {
	date  calendar.Date
	names []string

	mu       sync.Mutex
	parsed   map[string]*Product
	versions map[string][]Version // release-data, parsed on first use
	aliases  map[string]string    // alias → product, read on first use
}

// Embedded returns the compiled-in snapshot.
func Embedded() *Snapshot { return embedded() }

// embedded reads the snapshot's index on first use, not at start-up.
var embedded = sync.OnceValue(func() *Snapshot {
	raw, err := snapshotFS.ReadFile("data/SNAPSHOT")
	if err != nil {
		panic(err) // the embed directive guarantees the file
	}
	s := &Snapshot{date: calendar.MustParseDate(strings.TrimSpace(string(raw))), parsed: map[string]*Product{}}
	entries, err := fs.ReadDir(snapshotFS, productsDir)
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		s.names = append(s.names, strings.TrimSuffix(e.Name(), ".json"))
	}
	slices.Sort(s.names) // "centos-stream.json" sorts before "centos.json"
	return s
})

// Date is the day the snapshot was taken.
func (s *Snapshot) Date() calendar.Date { return s.date }

// Names lists the products in the snapshot, sorted.
func (s *Snapshot) Names() []string { return s.names }

// KnownNames returns the snapshot's product names and their aliases.
func (s *Snapshot) KnownNames() Names {
	return Names{Products: slices.Clone(s.names), Aliases: maps.Clone(s.Aliases())}
}

// Aliases maps the aliases of the snapshot's products (k8s) to the
// products' names (kubernetes). It reads every document on first use.
func (s *Snapshot) Aliases() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readAliases()
}

// readAliases reads the products' aliases, once; s.mu is held.
func (s *Snapshot) readAliases() map[string]string {
	if s.aliases != nil {
		return s.aliases
	}
	s.aliases = map[string]string{}
	for _, name := range s.names {
		data, err := snapshotFS.ReadFile(path.Join(productsDir, name+".json"))
		if err != nil {
			panic(err) // the embed directive guarantees the file
		}
		aliases, _ := documentAliases(data) // a broken document is Product's to report
		for _, a := range aliases {
			s.aliases[a] = name
		}
	}
	return s.aliases
}

// documentAliases reads result.aliases of a v1 product document, reading
// no further than it (it comes second in result): a run reads every
// embedded document's.
func documentAliases(data []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	// enter reads up to the value of key in the object that starts next.
	enter := func(key string) error {
		if t, err := dec.Token(); err != nil || t != json.Delim('{') {
			return fmt.Errorf("expected an object with %s: %v", key, err)
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return err
			}
			if t == key {
				return nil
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
		return fmt.Errorf("no %s", key)
	}
	if err := enter("result"); err != nil {
		return nil, err
	}
	if err := enter("aliases"); err != nil {
		return nil, err
	}
	var aliases []string
	err := dec.Decode(&aliases)
	return aliases, err
}

// Product parses and returns the named product; an alias (k8s) names the
// product it stands for.
func (s *Snapshot) Product(name string) (*Product, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p, ok := s.parsed[name]; ok {
		return p, nil
	}
	if _, found := slices.BinarySearch(s.names, name); !found {
		if product, ok := s.readAliases()[name]; ok {
			name = product
		} else {
			return nil, fmt.Errorf("%w %q: the data snapshot of %s knows %s", ErrUnknownProduct, name, s.date, strings.Join(s.names, ", "))
		}
		if p, ok := s.parsed[name]; ok {
			return p, nil
		}
	}
	file := path.Join(productsDir, name+".json")
	data, err := snapshotFS.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading embedded %s: %w", file, err)
	}
	p, err := ParseProduct(data, "endoflife.date snapshot of "+s.date.String())
	if err != nil {
		return nil, err
	}
	s.parsed[name] = p
	return p, nil
}

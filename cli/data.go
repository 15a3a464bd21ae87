package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/upstream"
)

const dataSynopsis = `Usage: keepup data show PRODUCT | products | update [--out DIR]

The release data keepup knows, and the refresh of the snapshot it embeds.

  keepup data show PRODUCT   the product's release cycles, newest first, each
                             with its release date, end of life and LTS, the
                             minor releases within it with their dates, and
                             where each date came from
  keepup data products       the products a policy may name, with their aliases
  keepup data update         fetch every product of the embedded snapshot from
                             endoflife.date (KEEPUP_ENDOFLIFE_URL), and its
                             release-data where the snapshot has some
                             (KEEPUP_RELEASE_DATA_URL, default
                             ` + upstream.DefaultReleaseDataURL + `),
                             and write them with SNAPSHOT, today's date, to
                             --out (default upstream/data: run it from
                             keepup's repository; the next build embeds them).
                             Nothing is written unless every document was
                             fetched and parses; each file is replaced whole.

show and products read the data as check does (--data, KEEPUP_DATA).
`

// defaultSnapshotDir is the snapshot the build embeds, from the repository root.
const defaultSnapshotDir = "upstream/data"

func (c *dataCmd) run(ctx context.Context, a *App) int {
	switch c.sub {
	case "show":
		return c.show(ctx, a)
	case "products":
		return c.products(ctx, a)
	}
	return c.update(ctx, a)
}

// show prints the releases keepup knows of one product.
func (c *dataCmd) show(ctx context.Context, a *App) int {
	client := dataClient(a, c.mode)
	list, _, err := upstream.ProductList(ctx, c.mode, client)
	if err != nil {
		return a.fail(err)
	}
	name, err := resolveProduct(c.product, list)
	if err != nil {
		return a.fail(err, "'keepup data products' lists the products and their aliases")
	}
	data, err := upstream.Load(ctx, c.mode, []string{name}, client)
	if err != nil {
		return a.fail(fmt.Errorf("loading the release data (--data %s): %w", c.mode, err))
	}
	p, err := data.Product(name)
	if err == nil {
		var versions []upstream.Version
		var source string
		if versions, source, err = data.Versions(name); err == nil {
			p = p.WithMinors(versions, source)
		}
	}
	if err != nil {
		return a.fail(err)
	}

	w := tabwriter.NewWriter(a.IO.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "%s\n", productTitle(p.Name, p.Label, p.Aliases))
	fmt.Fprintln(w, "RELEASE\tRELEASED\tEND OF LIFE\tLTS\tFROM")
	cycles, minors := 0, 0
	for _, r := range p.Releases {
		if r.Cycle != "" {
			continue
		}
		cycles++
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.Name, dateOr(r.Released), dateOr(r.EOL), yesNo(r.LTS), p.Source)
		var within []upstream.Release
		for _, m := range p.Releases {
			if m.Cycle == r.Name {
				within = append(within, m)
			}
		}
		// Newest first by version: 9.10 before 9.9.
		slices.SortStableFunc(within, func(x, y upstream.Release) int { return compareDotted(y.Name, x.Name) })
		for _, m := range within {
			minors++
			fmt.Fprintf(w, "  %s\t%s\t%s\t%s\t%s\n", m.Name, dateOr(m.Released), dateOr(m.EOL), "-", m.Source)
		}
	}
	if err := w.Flush(); err != nil {
		return a.fail(fmt.Errorf("writing the releases: %w", err))
	}
	o, _ := data.Origin(name)
	summary := fmt.Sprintf("%d release cycles", cycles)
	if minors > 0 {
		summary += fmt.Sprintf(", %d minor releases within them", minors)
	}
	fmt.Fprintf(a.IO.Out, "%s · data %s\n", summary, o.Source)
	return exitOK
}

// products prints the products a policy may name.
func (c *dataCmd) products(ctx context.Context, a *App) int {
	list, source, err := upstream.ProductList(ctx, c.mode, dataClient(a, c.mode))
	if err != nil {
		return a.fail(err)
	}
	w := tabwriter.NewWriter(a.IO.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "PRODUCT\tNAME\tALIASES")
	for _, p := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\n", p.Name, or(p.Label, "-"), or(strings.Join(p.Aliases, ", "), "-"))
	}
	if err := w.Flush(); err != nil {
		return a.fail(fmt.Errorf("writing the products: %w", err))
	}
	fmt.Fprintf(a.IO.Out, "%d products · data %s\n", len(list), source)
	return exitOK
}

// update refreshes the snapshot under --out: everything is fetched first,
// and written only when all of it came.
func (c *dataCmd) update(ctx context.Context, a *App) int {
	if !c.outSet {
		if _, err := os.Stat(filepath.Join(c.out, "SNAPSHOT")); errors.Is(err, fs.ErrNotExist) {
			return a.fail(fmt.Errorf("%s/SNAPSHOT does not exist here: this is not keepup's repository", c.out),
				"run keepup data update from the root of keepup's repository, or give --out DIR")
		}
	}
	s := upstream.Embedded()
	products, withVersions := s.Names(), s.ReleaseDataNames()
	client := func(base string) *upstream.Client {
		// No cache: every document is asked for whole.
		return &upstream.Client{BaseURL: base, Version: a.Build.Version, Log: a.Log, Progress: a.IO.Err, Terminal: a.IO.ErrTerminal && a.logFormat != logJSON}
	}
	apiBase := or(a.Env.EndoflifeURL, upstream.DefaultBaseURL)
	rdBase := or(a.Env.ReleaseDataURL, upstream.DefaultReleaseDataURL)
	a.Log.Info(fmt.Sprintf("fetching %d product documents from %s and %d release-data documents from %s", len(products), apiBase, len(withVersions), rdBase))
	today := calendar.Of(a.Now)
	u, err := upstream.FetchSnapshot(ctx, client(apiBase), client(rdBase), products, withVersions, today)
	if err != nil {
		return a.fail(err, "nothing was written; "+c.out+" is as it was")
	}
	if _, err := u.Write(c.out); err != nil {
		return a.fail(err)
	}
	fmt.Fprintf(a.IO.Out, "wrote %d product documents, %d release-data documents and SNAPSHOT (%s) to %s\n", len(u.Products), len(u.ReleaseData), today, c.out)
	a.Log.Info("rebuild keepup to embed them", hint("the tests pin the embedded snapshot: go test ./... shows what the new data changes"))
	return exitOK
}

// resolveProduct returns the product name, from the list, that name (in
// any case) is or is an alias of; else an error with the closest name.
func resolveProduct(name string, list []upstream.ProductSummary) (string, error) {
	lower := strings.ToLower(name)
	var known []string
	canonical := map[string]string{}
	for _, p := range list {
		known = append(known, p.Name)
		canonical[p.Name] = p.Name
		for _, alias := range p.Aliases {
			known = append(known, alias)
			canonical[alias] = p.Name
		}
	}
	if p, ok := canonical[lower]; ok {
		return p, nil
	}
	if s := upstream.Suggest(lower, known); s != "" {
		return "", fmt.Errorf("unknown product %q; did you mean %s?", name, canonical[s])
	}
	return "", fmt.Errorf("unknown product %q", name)
}

// productTitle is "rhel (Red Hat Enterprise Linux), also redhat": the
// name, the label and the aliases.
func productTitle(name, label string, aliases []string) string {
	t := name
	if label != "" {
		t += " (" + label + ")"
	}
	if len(aliases) > 0 {
		t += ", also " + strings.Join(aliases, ", ")
	}
	return t
}

func dateOr(d calendar.Date) string {
	if d.IsZero() {
		return "-"
	}
	return d.String()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "-"
}

// compareDotted compares version names part by part, numbers as numbers.
func compareDotted(a, b string) int {
	for a != "" || b != "" {
		var pa, pb string
		pa, a, _ = strings.Cut(a, ".")
		pb, b, _ = strings.Cut(b, ".")
		var na, nb int
		_, errA := fmt.Sscan(pa, &na)
		_, errB := fmt.Sscan(pb, &nb)
		c := strings.Compare(pa, pb)
		if errA == nil && errB == nil {
			c = na - nb
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

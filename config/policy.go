// Package config reads what keepup is asked to do: the policy file
// (.keepup.yml), strictly, with errors that name file, line, column and key;
// the embedded default policy; and the environment.
package config

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/suggest"
)

// Policy is a parsed, validated policy file.
type Policy struct {
	File     string // the path it was read from, or DefaultName
	Version  int
	Calendar Calendar
	// DueSoon is how long before its due date a release is due-soon.
	DueSoon calendar.Window
	Targets []Target
	Ignore  []Ignore
	Issues  Issues
	Gate    Gate
}

// Calendar is the policy's milestone calendar: a list of dates, or
// milestones read from a GitLab group or project (Source "gitlab"); with
// neither, GitLab's release cadence is used.
type Calendar struct {
	Dates   []calendar.Date
	Source  string // "" or "gitlab"
	Group   string // with Source gitlab: the group whose milestones count
	Project string // with Source gitlab: or the project whose milestones count
	Pos     Pos
}

// Target is one line of the policy: a product, its window and what the
// project supports now.
type Target struct {
	Name string
	// Product is the endoflife.date product's own name (an alias or
	// another case in the file is resolved); empty for a target whose
	// releases are all listed under releases.
	Product string
	Window  calendar.Window
	// Warn, when set, starts the due-soon state this long after the release.
	Warn calendar.Window
	// Filter picks the releases that count: "" (all), "lts", "major", "minor".
	Filter string
	// Supported lists the releases the project supports; none means calendar mode.
	Supported []Release
	// Detect lists rules that read supported releases from the repository.
	Detect []Detect
	// Releases lists releases no catalog knows, which the policy gives
	// itself (releases:); with no Product, they are all the target has.
	Releases []ListedRelease
	// DropAfterEOL, when set, makes a release still supported this long
	// after its upstream end of life overdue.
	DropAfterEOL calendar.Window
	Pos          Pos // where the target starts
}

// Release is a release named in the policy, with where it was named.
type Release struct {
	Name string
	Pos  Pos
	// Found says where detect rules found it in the repository
	// ("charts/app/Chart.yaml:4:14, .gitlab-ci.yml:9:24"); empty when it is
	// only listed. A release only detected has its Pos at the first place.
	Found string
}

// ListedRelease is a release the policy lists under a target's releases:
// one no catalog knows, with its dates.
type ListedRelease struct {
	Name     string
	Released calendar.Date
	EOL      calendar.Date // zero when not given
	Pos      Pos
}

// Ignore snoozes one release of one target until a date, for a reason.
type Ignore struct {
	Target  string
	Release string
	Until   calendar.Date
	Reason  string
	Pos     Pos
}

// Filters lists the values a target's filter may take.
var Filters = []string{"lts", "major", "minor"}

// DefaultName names the embedded default policy in messages and reports.
const DefaultName = "(embedded default policy)"

// DefaultDueSoon is due_soon when the policy does not set it.
var DefaultDueSoon = calendar.Window{N: 30, Unit: calendar.Days}

//go:embed default.keepup.yml
var defaultPolicy []byte

// DefaultYAML returns the text of the embedded default policy.
func DefaultYAML() []byte { return slices.Clone(defaultPolicy) }

// Default returns the embedded default policy: the support policy of
// GitLab's Distribution team. products lists the product names a target
// may use (Products.Default takes aliases too).
func Default(products []string) (*Policy, error) {
	return Products{Names: products}.Default()
}

// Load reads and parses the policy file at path: a regular file of at most
// MaxPolicySize bytes. Errors other than a missing or unreadable file are
// *Error values. products lists the product names a target may use
// (Products.Load takes aliases too).
func Load(path string, products []string) (*Policy, error) {
	return Products{Names: products}.Load(path)
}

// Parse parses and validates a policy of at most MaxPolicySize bytes; file
// names it in errors. products lists the product names a target may use
// (Products.Parse takes aliases too). The error, if any, is an *Error.
func Parse(data []byte, file string, products []string) (*Policy, error) {
	return Products{Names: products}.Parse(data, file)
}

// Parse parses and validates a policy of at most MaxPolicySize bytes
// whose targets name products of names; file names it in errors. The error,
// if any, is an *Error.
func (names Products) Parse(data []byte, file string) (*Policy, error) {
	d := &decoder{file: file}
	body, err := d.parse(data)
	if err != nil {
		return nil, err
	}
	if body == nil {
		return nil, &Error{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: "the policy is empty; start it with \"version: 1\" and a list of targets"}
	}
	p := &Policy{File: file, DueSoon: DefaultDueSoon, Issues: DefaultIssues(), Gate: DefaultGate()}
	seen, err := d.mapping(body, "", []field{
		{"version", func(n ast.Node, key string) error {
			if err := d.integer(&p.Version)(n, key); err != nil {
				return err
			}
			if p.Version != 1 {
				return d.errorf(n, key, "this keepup reads version 1 policies, not version %d", p.Version)
			}
			return nil
		}},
		{"calendar", func(n ast.Node, key string) error { return d.calendar(n, key, &p.Calendar) }},
		{"due_soon", parsed(d, &p.DueSoon, `a window like "30 days"`, parseDueSoon)},
		{"targets", func(n ast.Node, key string) error {
			return d.sequence(n, key, func(_ int, e ast.Node, key string) error {
				t, err := d.target(e, key, names)
				p.Targets = append(p.Targets, t)
				return err
			})
		}},
		{"ignore", func(n ast.Node, key string) error {
			return d.sequence(n, key, func(_ int, e ast.Node, key string) error {
				ig, err := d.ignore(e, key)
				p.Ignore = append(p.Ignore, ig)
				return err
			})
		}},
		{"issues", func(n ast.Node, key string) error { return d.issues(n, key, &p.Issues) }},
		{"gate", func(n ast.Node, key string) error { return d.gate(n, key, &p.Gate) }},
	})
	if err != nil {
		return nil, err
	}
	start := d.pos(body)
	switch {
	case !seen["version"]:
		return nil, &Error{Pos: start, Key: "version", Msg: "missing; add \"version: 1\" at the top"}
	case len(p.Targets) == 0:
		return nil, &Error{Pos: start, Key: "targets", Msg: "the policy has no targets; list at least one (name, product, window)"}
	}
	return p, p.crossCheck()
}

func parseDueSoon(s string) (calendar.Window, error) {
	w, err := parseWindow(s)
	if err == nil && w.Unit == calendar.Milestones {
		return w, fmt.Errorf("%q: due_soon counts days, weeks or months, not milestones", s)
	}
	return w, err
}

func (d *decoder) calendar(n ast.Node, key string, c *Calendar) error {
	c.Pos = d.pos(n)
	seen, err := d.mapping(n, key, []field{
		{"dates", func(n ast.Node, key string) error {
			listed := map[calendar.Date]bool{}
			err := d.sequence(n, key, func(_ int, e ast.Node, key string) error {
				var date calendar.Date
				if err := parsed(d, &date, "a date (YYYY-MM-DD)", calendar.ParseDate)(e, key); err != nil {
					return err
				}
				if listed[date] {
					return d.errorf(e, key, "%s is listed twice", date)
				}
				listed[date] = true
				c.Dates = append(c.Dates, date)
				return nil
			})
			if err == nil && len(c.Dates) == 0 {
				return d.errorf(n, key, "expected a list of milestone release dates (YYYY-MM-DD); remove calendar to use GitLab's cadence")
			}
			return err
		}},
		{"source", d.oneOf(&c.Source, "calendar source", []string{"gitlab"})},
		{"group", d.str(&c.Group, "a group path")},
		{"project", d.str(&c.Project, "a project path")},
	})
	switch {
	case err != nil:
		return err
	case seen["dates"] && seen["source"]:
		return d.errorf(n, key, "give either dates or source: gitlab, not both")
	case seen["source"] && seen["group"] == seen["project"]:
		return d.errorf(n, joinKey(key, "group"), "source: gitlab reads the milestones of one group or one project: give group: PATH or project: PATH")
	case !seen["source"] && (seen["group"] || seen["project"]):
		return d.errorf(n, joinKey(key, "source"), "group and project go with source: gitlab")
	}
	return nil
}

func (d *decoder) target(n ast.Node, key string, products Products) (Target, error) {
	t := Target{Pos: d.pos(n)}
	window := func(dst *calendar.Window) func(ast.Node, string) error {
		return parsed(d, dst, `a window like "3 months" or "2 milestones"`, parseWindow)
	}
	supported := map[string]bool{}
	seen, err := d.mapping(n, key, []field{
		{"name", d.name(&t.Name, "name")},
		{"product", func(n ast.Node, key string) error {
			var name string
			if err := d.str(&name, "a product")(n, key); err != nil {
				return err
			}
			product, ok := products.product(name)
			if !ok {
				return d.errorf(n, key, "%s", products.unknownProduct(name))
			}
			t.Product = product
			return nil
		}},
		{"window", window(&t.Window)},
		{"warn", window(&t.Warn)},
		{"drop_after_eol", window(&t.DropAfterEOL)},
		{"filter", d.oneOf(&t.Filter, "filter", Filters)},
		{"supported", func(n ast.Node, key string) error {
			return d.sequence(n, key, func(_ int, e ast.Node, key string) error {
				name, err := d.scalar(e, key, "a release name")
				if err != nil {
					return err
				}
				if supported[name] {
					return d.errorf(e, key, "release %q is listed twice", clip(name))
				}
				supported[name] = true
				t.Supported = append(t.Supported, Release{Name: name, Pos: d.pos(e)})
				return nil
			})
		}},
		{"detect", d.detectRules(&t.Detect)},
		{"releases", func(n ast.Node, key string) error { return d.releases(n, key, &t) }},
	})
	if err != nil {
		return t, err
	}
	for _, k := range []string{"name", "window"} {
		if !seen[k] {
			msg := "missing; every target needs a name and a window, and a product or its own releases"
			if k == "window" {
				msg += defaultWindow(t.Product, t.Filter)
			}
			return t, d.errorf(n, joinKey(key, k), "%s", msg)
		}
	}
	if !seen["product"] && len(t.Releases) == 0 {
		return t, d.errorf(n, joinKey(key, "product"), "missing; name the endoflife.date product, or, for releases no catalog knows (an internal platform, a vendor SDK), list them under releases: with name and date")
	}
	if !t.Warn.IsZero() && t.Warn.Unit == t.Window.Unit && t.Warn.N >= t.Window.N {
		return t, &Error{Pos: t.Pos, Key: joinKey(key, "warn"), Msg: fmt.Sprintf("warn (%s) must be shorter than window (%s)", t.Warn, t.Window)}
	}
	return t, nil
}

// defaultTarget is a target of the embedded default policy, as text.
type defaultTarget struct{ Product, Filter, Window string }

// defaultTargets are the embedded default policy's targets, as plain text:
// what defaultWindow looks up.
var defaultTargets = sync.OnceValue(func() []defaultTarget {
	var def struct{ Targets []defaultTarget }
	_ = yaml.Unmarshal(defaultPolicy, &def) // tests parse it; were it broken, no hint
	return def.Targets
})

// defaultWindow says, for a target without a window, which window the
// embedded default policy (the support policy) gives the product with
// that filter, or with another: "; keepup's default policy gives
// kubernetes window: 3 months". It is empty when the default has no
// target for the product.
func defaultWindow(product, filter string) string {
	var found *defaultTarget
	for _, t := range defaultTargets() {
		if t.Product == product && (found == nil || t.Filter == filter) {
			found = &t
		}
	}
	switch {
	case found == nil:
		return ""
	case found.Filter == filter:
		return fmt.Sprintf("; keepup's default policy gives %s window: %s", product, found.Window)
	}
	return fmt.Sprintf("; keepup's default policy gives %s filter: %s and window: %s", product, found.Filter, found.Window)
}

// releases decodes a target's releases: the releases no catalog knows,
// each with name and date (YYYY-MM-DD), and optionally eol.
func (d *decoder) releases(n ast.Node, key string, t *Target) error {
	listed := map[string]bool{}
	return d.sequence(n, key, func(_ int, e ast.Node, key string) error {
		r := ListedRelease{Pos: d.pos(e)}
		seen, err := d.mapping(e, key, []field{
			{"name", func(n ast.Node, key string) error {
				if err := d.str(&r.Name, "a release name")(n, key); err != nil {
					return err
				}
				if strings.TrimSpace(r.Name) == "" {
					return d.errorf(n, key, "expected a release name, found an empty one")
				}
				if listed[r.Name] {
					return d.errorf(n, key, "release %q is listed twice", clip(r.Name))
				}
				listed[r.Name] = true
				return nil
			}},
			{"date", parsed(d, &r.Released, "a date (YYYY-MM-DD)", calendar.ParseDate)},
			{"eol", parsed(d, &r.EOL, "a date (YYYY-MM-DD)", calendar.ParseDate)},
		})
		switch {
		case err != nil:
			return err
		case !seen["name"] || !seen["date"]:
			missing := "name"
			if seen["name"] {
				missing = "date"
			}
			return d.errorf(e, joinKey(key, missing), "missing; a release under releases needs name and date (YYYY-MM-DD), and may give eol")
		case !r.EOL.IsZero() && r.EOL.Before(r.Released):
			return d.errorf(e, joinKey(key, "eol"), "end of life %s is before the release date %s", r.EOL, r.Released)
		}
		t.Releases = append(t.Releases, r)
		return nil
	})
}

func (d *decoder) ignore(n ast.Node, key string) (Ignore, error) {
	ig := Ignore{Pos: d.pos(n)}
	seen, err := d.mapping(n, key, []field{
		{"target", d.str(&ig.Target, "a target name")},
		{"release", d.str(&ig.Release, "a release name")},
		{"until", parsed(d, &ig.Until, "a date (YYYY-MM-DD)", calendar.ParseDate)},
		{"reason", d.str(&ig.Reason, "a reason")},
	})
	if err != nil {
		return ig, err
	}
	for _, k := range []string{"target", "release", "until", "reason"} {
		if !seen[k] || (k == "reason" && strings.TrimSpace(ig.Reason) == "") {
			return ig, d.errorf(n, joinKey(key, k), "missing; an ignore entry needs target, release, until (YYYY-MM-DD) and reason, so that it expires and says why")
		}
	}
	return ig, nil
}

// crossCheck validates what spans entries: unique target names, ignore
// entries naming existing targets.
func (p *Policy) crossCheck() error {
	names := map[string]bool{}
	ignored := map[[2]string]int{} // target and release: index in p.Ignore
	for i, t := range p.Targets {
		if names[t.Name] {
			return &Error{Pos: t.Pos, Key: fmt.Sprintf("targets[%d].name", i), Msg: fmt.Sprintf("target %q is defined twice; names must be unique", clip(t.Name))}
		}
		names[t.Name] = true
	}
	for i, ig := range p.Ignore {
		if !names[ig.Target] {
			return &Error{Pos: ig.Pos, Key: fmt.Sprintf("ignore[%d].target", i), Msg: p.noTarget(ig.Target)}
		}
		if j, ok := ignored[[2]string{ig.Target, ig.Release}]; ok {
			return &Error{Pos: ig.Pos, Key: fmt.Sprintf("ignore[%d]", i), Msg: fmt.Sprintf("%s %s is already ignored by ignore[%d] (%s): keep one entry", ig.Target, ig.Release, j, p.Ignore[j].Pos)}
		}
		ignored[[2]string{ig.Target, ig.Release}] = i
	}
	return nil
}

// Target returns the target with the given name.
func (p *Policy) Target(name string) (Target, bool) {
	for _, t := range p.Targets {
		if t.Name == name {
			return t, true
		}
	}
	return Target{}, false
}

// FindTarget returns the target with the given name, or an error naming
// the closest targets, else all of them.
func (p *Policy) FindTarget(name string) (Target, error) {
	if t, ok := p.Target(name); ok {
		return t, nil
	}
	return Target{}, fmt.Errorf("%s has no target %q; %s", p.File, clip(name), p.targetHint(name, "targets: "))
}

// noTarget words that no target is named name.
func (p *Policy) noTarget(name string) string {
	return fmt.Sprintf("no target is named %q; %s", clip(name), p.targetHint(name, "the targets are "))
}

// targetHint names the targets closest to name ("did you mean k8s?"),
// else all of them after list.
func (p *Policy) targetHint(name, list string) string {
	names := make([]string, len(p.Targets))
	for i, t := range p.Targets {
		names[i] = t.Name
	}
	if hint := suggest.DidYouMean(name, names, nil); hint != "" {
		return hint
	}
	return list + strings.Join(names, ", ")
}

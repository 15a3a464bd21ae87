package config

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
)

var products = []string{"kubernetes", "ubuntu", "debian", "postgresql"}

const good = `version: 1
calendar:
  dates: [2025-01-16, "2025-02-20"]
due_soon: 2 weeks
targets:
  - name: kubernetes
    product: kubernetes
    window: 3 months
    drop_after_eol: 12 months
    supported: [1.30, "1.31"]
  - name: ubuntu
    product: ubuntu
    filter: lts
    window: 2 milestones
    supported: &ubuntu
      - 24.04
  - name: db
    product: postgresql
    warn: 3 milestones
    window: 5 milestones
    supported: *ubuntu
ignore:
  - target: kubernetes
    release: 1.32
    until: 2026-01-31
    reason: |
      waiting for the ingress chart
`

func TestParseGood(t *testing.T) {
	p, err := Parse([]byte(good), ".keepup.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	if p.Version != 1 || p.DueSoon != (calendar.Window{N: 2, Unit: calendar.Weeks}) || len(p.Calendar.Dates) != 2 {
		t.Errorf("policy = %+v", p)
	}
	k := p.Targets[0]
	// 1.30 written as a YAML number keeps its trailing zero.
	if k.Name != "kubernetes" || k.Window.String() != "3 months" || k.DropAfterEOL.String() != "12 months" ||
		len(k.Supported) != 2 || k.Supported[0].Name != "1.30" || k.Supported[0].Pos.String() != ".keepup.yml:10:17" {
		t.Errorf("targets[0] = %+v", k)
	}
	if k.Pos.String() != ".keepup.yml:6:5" {
		t.Errorf("targets[0] at %s, want .keepup.yml:6:5", k.Pos)
	}
	if u := p.Targets[1]; u.Filter != "lts" || u.Supported[0].Name != "24.04" {
		t.Errorf("targets[1] = %+v", u)
	}
	if db := p.Targets[2]; db.Warn.String() != "3 milestones" || len(db.Supported) != 1 || db.Supported[0].Name != "24.04" {
		t.Errorf("targets[2] (alias for supported) = %+v", db)
	}
	ig := p.Ignore[0]
	if ig.Release != "1.32" || ig.Until.String() != "2026-01-31" || ig.Reason != "waiting for the ingress chart" {
		t.Errorf("ignore[0] = %+v", ig)
	}
}

func TestDefaultPolicy(t *testing.T) {
	p, err := Default([]string{"kubernetes", "ubuntu", "rhel", "almalinux", "rocky-linux", "oracle-linux", "debian", "opensuse", "sles", "amazon-linux", "postgresql", "redis"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"kubernetes": "3 months", "ubuntu": "2 milestones", "rhel": "3 milestones", "almalinux": "3 milestones",
		"rocky-linux": "3 milestones", "oracle-linux": "3 milestones", "debian": "3 milestones",
		"opensuse-major": "4 milestones", "opensuse-minor": "3 milestones", "sles-major": "4 milestones",
		"sles-minor": "3 milestones", "amazon-linux": "4 milestones", "postgresql": "5 milestones", "redis": "5 milestones",
		"rhel-minor": "3 milestones", "almalinux-minor": "3 milestones", "rocky-linux-minor": "3 milestones",
		"oracle-linux-minor": "3 milestones", "debian-minor": "3 milestones",
	}
	if len(p.Targets) != len(want) {
		t.Errorf("%d targets, want %d", len(p.Targets), len(want))
	}
	for _, tg := range p.Targets {
		if want[tg.Name] != tg.Window.String() || len(tg.Supported) != 0 {
			t.Errorf("%s: window %s, supported %v; want %s in calendar mode", tg.Name, tg.Window, tg.Supported, want[tg.Name])
		}
	}
	if u, _ := p.Target("ubuntu"); u.Filter != "lts" {
		t.Errorf("ubuntu filter %q, want lts", u.Filter)
	}
	if pg, _ := p.Target("postgresql"); pg.Warn.String() != "3 milestones" {
		t.Errorf("postgresql warn %s, want 3 milestones", pg.Warn)
	}
	if p.File != DefaultName || p.DueSoon != DefaultDueSoon {
		t.Errorf("file %q due_soon %s", p.File, p.DueSoon)
	}
}

// Every bad policy gives file:line:column, the key, and what was expected.
func TestParseErrors(t *testing.T) {
	const head = "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n    window: 3 months\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown key", head + "    windw: 2 months\n", `p.yml:6:5: targets[0].windw: unknown key; did you mean window?`},
		{"unknown key, none close", head + "    version: 2\n", `p.yml:6:5: targets[0].version: unknown key; expected one of name, product, window, warn, drop_after_eol, filter, supported, detect, releases`},
		{"unknown top key", "version: 1\ntarget: []\n", `p.yml:2:1: target: unknown key; did you mean targets?`},
		{"wrong type", "version: 1\ntargets:\n  name: k\n", `p.yml:3:3: targets: expected a list, found a mapping`},
		{"wrong scalar type", head + "    supported: [[1.30]]\n", `p.yml:6:17: targets[0].supported[0]: expected a release name, found a list`},
		{"version type", "version: one\n", `p.yml:1:10: version: expected a whole number, found "one"`},
		{"version", "version: 2\n", `p.yml:1:10: version: this keepup reads version 1 policies, not version 2`},
		{"no version", "targets: []\n", `p.yml:1:1: version: missing; add "version: 1" at the top`},
		{"bad window", strings.Replace(head, "3 months", "3 mnths", 1), `p.yml:5:13: targets[0].window: "3 mnths" is not a window: unknown unit "mnths"; did you mean "3 months"?`},
		{"bad window unit, none close", strings.Replace(head, "3 months", "3 fortnights", 1), `p.yml:5:13: targets[0].window: "3 fortnights" is not a window: unit "fortnights" is not one of days, weeks, months, milestones`},
		{"bad warn", head + "    warn: 5 months\n", `p.yml:3:5: targets[0].warn: warn (5 months) must be shorter than window (3 months)`},
		{"bad due_soon", "version: 1\ndue_soon: 2 milestones\n", `p.yml:2:11: due_soon: "2 milestones": due_soon counts days, weeks or months, not milestones`},
		{"bad date", "version: 1\ncalendar:\n  dates: [2025-02-30]\n", `p.yml:3:11: calendar.dates[0]: "2025-02-30" is not a day: February 2025 has 28 days`},
		{"duplicate date", "version: 1\ncalendar:\n  dates: [2025-02-20, 2025-02-20]\n", `p.yml:3:23: calendar.dates[1]: 2025-02-20 is listed twice`},
		{"unknown product", strings.Replace(head, "product: kubernetes", "product: kubernets", 1), `p.yml:4:14: targets[0].product: unknown product "kubernets"; did you mean kubernetes?`},
		{"unknown product, none close", strings.Replace(head, "product: kubernetes", "product: windows", 1), `p.yml:4:14: targets[0].product: unknown product "windows"; expected one of kubernetes, ubuntu, debian, postgresql; for a product no catalog knows, leave out product and list its releases under releases:`},
		{"unknown filter", head + "    filter: stable\n", `p.yml:6:13: targets[0].filter: unknown filter "stable"; expected one of lts, major, minor`},
		{"missing window", "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n", `p.yml:3:5: targets[0].window: missing; every target needs a name and a window, and a product or its own releases; keepup's default policy gives kubernetes window: 3 months`},
		{"missing window, the default filters", "version: 1\ntargets:\n  - name: u\n    product: ubuntu\n", `p.yml:3:5: targets[0].window: missing; every target needs a name and a window, and a product or its own releases; keepup's default policy gives ubuntu filter: lts and window: 2 milestones`},
		{"missing window, filter", "version: 1\ntargets:\n  - name: d\n    product: debian\n    filter: minor\n", `p.yml:3:5: targets[0].window: missing; every target needs a name and a window, and a product or its own releases; keepup's default policy gives debian window: 3 milestones`},
		{"missing window, first of two", "version: 1\ntargets:\n  - name: d\n    product: debian\n", `p.yml:3:5: targets[0].window: missing; every target needs a name and a window, and a product or its own releases; keepup's default policy gives debian window: 3 milestones$`},
		{"missing window, postgresql", "version: 1\ntargets:\n  - name: p\n    product: postgresql\n", `p.yml:3:5: targets[0].window: missing; every target needs a name and a window, and a product or its own releases; keepup's default policy gives postgresql window: 5 milestones$`},
		{"missing window, no product", "version: 1\ntargets:\n  - name: p\n    releases: [{name: \"1\", date: 2024-01-01}]\n", `p.yml:3:5: targets[0].window: missing; every target needs a name and a window, and a product or its own releases$`},
		{"missing product", "version: 1\ntargets:\n  - name: k\n    window: 3 months\n", `p.yml:3:5: targets[0].product: missing; name the endoflife.date product, or, for releases no catalog knows (an internal platform, a vendor SDK), list them under releases: with name and date`},
		{"missing product, no releases", "version: 1\ntargets:\n  - name: k\n    window: 3 months\n    releases: []\n", `p.yml:3:5: targets[0].product: missing; name the endoflife.date product`},
		{"bad name", strings.Replace(head, "name: k", "name: k 8 s", 1), `p.yml:3:11: targets[0].name: "k 8 s" is not a name`},
		{"duplicate target", head + "  - name: k\n    product: ubuntu\n    window: 2 milestones\n", `p.yml:6:5: targets[1].name: target "k" is defined twice`},
		{"duplicate key", head + "    window: 2 months\n", `p.yml:6:5: targets[0].window: duplicate key`},
		{"duplicate release", head + "    supported: [1.30, \"1.30\"]\n", `p.yml:6:23: targets[0].supported[1]: release "1.30" is listed twice`},
		{"syntax", "version: 1\ntargets: [\n", `p.yml:2:10: this [ is never closed: end the list with ]`},
		{"tab syntax", "version: 1\ntargets:\n\t- name: k\n", `p.yml:3:1: YAML indents with spaces, not tabs: replace the tab with spaces`},
		{"empty", "", `p.yml:1:1: the policy is empty`},
		{"no targets", "version: 1\n", `p.yml:1:1: targets: the policy has no targets`},
		{"two documents", "version: 1\n---\nversion: 1\n", `p.yml:3:1: the policy must be one YAML document; found 2`},
		{"ignore without reason", head + "ignore:\n  - target: k\n    release: 1.32\n    until: 2026-01-01\n", `p.yml:7:5: ignore[0].reason: missing; an ignore entry needs target, release, until (YYYY-MM-DD) and reason`},
		{"ignore with empty reason", head + "ignore:\n  - target: k\n    release: 1.32\n    until: 2026-01-01\n    reason: \"  \"\n", `p.yml:7:5: ignore[0].reason: missing`},
		{"ignore without until", head + "ignore:\n  - target: k\n    release: 1.32\n    reason: later\n", `p.yml:7:5: ignore[0].until: missing`},
		{"ignore bad until", head + "ignore:\n  - target: k\n    release: 1.32\n    until: soon\n    reason: x\n", `p.yml:9:12: ignore[0].until: "soon" is not a date of the form YYYY-MM-DD`},
		{"ignore twice", head + "ignore:\n  - {target: k, release: \"1.32\", until: 2026-01-01, reason: x}\n  - {target: k, release: \"1.32\", until: 2026-02-01, reason: y}\n", `p.yml:8:6: ignore[1]: k 1.32 is already ignored by ignore[0] (p.yml:7:6): keep one entry`},
		{"ignore unknown target", head + "ignore:\n  - target: xyz\n    release: 1.32\n    until: 2026-01-01\n    reason: x\n", `p.yml:7:5: ignore[0].target: no target is named "xyz"; the targets are k`},
		{"ignore mistyped target", head + "ignore:\n  - target: kk\n    release: 1.32\n    until: 2026-01-01\n    reason: x\n", `p.yml:7:5: ignore[0].target: no target is named "kk"; did you mean k?`},
		{"merge key", "version: 1\nbase: &b {window: 3 months}\n", `p.yml:2:1: base: unknown key`},
		{"unknown alias", head + "    supported: [*nope]\n", `p.yml:6:17: unknown alias *nope: no anchor &nope is defined`},
		{"merge key use", head + "    <<: {filter: lts}\n", `p.yml:6:5: targets[0]: merge keys (<<) are not supported`},
		{"bool for string", head + "    filter: yes\n", `p.yml:6:13: targets[0].filter: unknown filter "yes"`},
		{"null window", strings.Replace(head, "3 months", "", 1), `p.yml:5:13: targets[0].window: expected a window like "3 months" or "2 milestones", found nothing (null)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml), "p.yml", products)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse = %v, want a *config.Error", err)
			}
			// A want ending in $ is the whole error, else its start.
			if whole, ok := strings.CutSuffix(tt.want, "$"); ok && err.Error() != whole || !ok && !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error\n  %s\nwant\n  %s", err, tt.want)
			}
		})
	}
}

// A product the default policy has no target for gets no hint.
func TestDefaultWindowUnknown(t *testing.T) {
	if got := defaultWindow("nginx", ""); got != "" {
		t.Errorf("defaultWindow(nginx) = %q, want none", got)
	}
}

func TestByteOrderMark(t *testing.T) {
	p, err := Parse(append([]byte("\ufeff"), good...), "bom.yml", products)
	if err != nil || p.Version != 1 {
		t.Errorf("a policy with a byte-order mark: %v", err)
	}
}

func TestLoad(t *testing.T) {
	if _, err := Load("testdata/does-not-exist.yml", products); err == nil || !strings.Contains(err.Error(), "does-not-exist.yml") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestReadEnv(t *testing.T) {
	e, err := ReadEnv(map[string]string{"KEEPUP_POLICY": "p.yml", "KEEPUP_ALL": "true", "KEEPUP_FAIL_ON": "never"})
	if err != nil || e.Policy != "p.yml" || !e.All || e.FailOn != "never" {
		t.Errorf("ReadEnv = %+v, %v", e, err)
	}
	// A bad value names the variable and the values it takes.
	for environ, want := range map[string]string{
		"KEEPUP_ALL=maybe":             `environment variable KEEPUP_ALL="maybe": expected true or false (1, t, T, TRUE, True and 0, f, F, FALSE, False work too)`,
		"KEEPUP_DRY_RUN=yes":           `environment variable KEEPUP_DRY_RUN="yes": expected true or false (1, t, T, TRUE, True and 0, f, F, FALSE, False work too)`,
		"KEEPUP_GITLAB_TIMEOUT=30":     `environment variable KEEPUP_GITLAB_TIMEOUT="30": expected a duration such as 30s, 1m30s or 500ms`,
		"KEEPUP_GITLAB_RETRY_WAIT=1 s": `environment variable KEEPUP_GITLAB_RETRY_WAIT="1 s": expected a duration such as 30s, 1m30s or 500ms`,
	} {
		name, value, _ := strings.Cut(environ, "=")
		if _, err := ReadEnv(map[string]string{name: value}); err == nil || err.Error() != want {
			t.Errorf("ReadEnv with %s: %v, want %s", environ, err, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add(DefaultYAML())
	f.Add([]byte("version: 1\ntargets: [{name: a, product: ubuntu, window: 1 day}]\n"))
	f.Add([]byte("version: 1\ntargets:\n  - &a {name: a}\n  - *a\n"))
	f.Add([]byte("a: &x [*x]\n"))
	// The bounds: directives, depth, aliases, labels and windows.
	f.Add([]byte("%YAML 1.2\n---\n" + minimal))
	f.Add([]byte("%TAG ! tag:x,2000:\n---\n" + minimal))
	f.Add([]byte(minimal + "    supported: " + strings.Repeat("[", 40) + "\n"))
	f.Add([]byte(minimal + "    supported: [\"1.30 [[[\", '[{', x[y] # [[[\n      ]\n"))
	f.Add([]byte(blockNest(40)))
	f.Add([]byte(strings.Repeat("- ", 40) + "x\n"))
	f.Add([]byte(laughs(4)))
	f.Add([]byte(minimal + "    supported: &s [*s]\n"))
	f.Add([]byte(minimal + "issues:\n  label: \"a,b\"\n  labels: [\" x\", \"y\\nz\"]\ngate:\n  labels:\n    required: [\"group::\"]\n"))
	f.Add([]byte(strings.Replace(minimal, "3 months", "0 months", 1) + "    warn: 121 milestones\ndue_soon: 3651 days\n"))
	f.Add([]byte(minimal + "ignore:\n  - reason: |2\n      [[[[\n    [[[[\n"))
	f.Add([]byte("version: 1\r\ntargets: [{name: k, product: ubuntu, window: 1 day}]\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, "fuzz.yml", products)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *config.Error", err)
			}
			return
		}
		if p.Version != 1 || len(p.Targets) == 0 {
			t.Fatalf("accepted an invalid policy: %+v", p)
		}
		for _, tg := range p.Targets {
			if tg.Name == "" || tg.Window.IsZero() && tg.Window.Unit == 0 {
				t.Fatalf("accepted a target without name or window: %+v", tg)
			}
			for _, w := range []calendar.Window{tg.Window, tg.Warn, tg.DropAfterEOL} {
				if err := checkWindow(w.String(), w); !w.IsZero() && err != nil {
					t.Fatalf("accepted a window out of bounds: %v", err)
				}
			}
		}
		for _, l := range slices.Concat([]string{p.Issues.Label}, p.Issues.Labels, p.Gate.RedMain.AllowLabels, p.Gate.Required) {
			if msg := checkLabel(l); msg != "" {
				t.Fatalf("accepted a bad label: %s", msg)
			}
		}
	})
}

func TestIssuesSection(t *testing.T) {
	const head = "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n    window: 3 months\n"
	p, err := Parse([]byte(head+`issues:
  open_on: due-soon
  labels: [group::distribution, "type::maintenance"]
  fiscal_label: true
  namespace: charts
  confidential: true
  assignees: [42, 7]
  close_resolved: false
  reopen: true
  group: target
  title: "{{.Product}} {{.Release}}"
  body: |
    Due {{.Due}}.
`), "p.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	is := p.Issues
	if is.OpenOn != "due-soon" || len(is.Labels) != 2 || !is.FiscalLabel || is.Namespace != "charts" || !is.Confidential ||
		len(is.Assignees) != 2 || is.Assignees[0] != 42 || is.CloseResolved || !is.Reopen || is.Label != "keepup" ||
		is.Title != "{{.Product}} {{.Release}}" || is.Body != "Due {{.Due}}." || is.TitlePos.Line != 16 || is.Group != "target" {
		t.Errorf("issues = %+v", is)
	}
	def, err := Parse([]byte(head), "p.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	if d := def.Issues; d.OpenOn != "overdue" || d.Label != "keepup" || d.Namespace != "default" || !d.CloseResolved || d.Reopen || d.Group != "release" {
		t.Errorf("default issues = %+v", d)
	}
	bad := []struct{ yaml, want string }{
		{"issues:\n  open_on: eol\n", `p.yml:7:12: issues.open_on: unknown status "eol"; expected one of overdue, due-soon, pending`},
		{"issues:\n  group: person\n", `p.yml:7:10: issues.group: unknown grouping "person"; expected one of release, target`},
		{"issues:\n  group: [target]\n", `p.yml:7:10: issues.group: expected a grouping`},
		{"issues:\n  confidential: maybe\n", `p.yml:7:17: issues.confidential: expected true or false, found "maybe"`},
		{"issues:\n  assignees: [alice]\n", `p.yml:7:15: issues.assignees[0]: "alice" is not a GitLab user ID`},
		{"issues:\n  namespace: a/b\n", `p.yml:7:14: issues.namespace: "a/b" is not a namespace`},
		{"issues:\n  title: \"{{.Product\"\n", `p.yml:7:10: issues.title: template: issues.title:1: unclosed action`},
		{"issues:\n  label: \"\"\n", `p.yml:7:3: issues.label: must not be empty`},
		{"issues:\n  labels: [\"\"]\n", `p.yml:7:12: issues.labels[0]: empty label`},
		{"issues:\n  lables: [x]\n", `p.yml:7:3: issues.lables: unknown key`},
		{"calendar:\n  source: gitlab\n", `p.yml:7:3: calendar.group: source: gitlab reads the milestones of one group or one project`},
		{"calendar:\n  source: gitlab\n  group: a\n  project: b\n", `p.yml:7:3: calendar.group: source: gitlab reads the milestones of one group or one project`},
		{"calendar:\n  source: jira\n", `p.yml:7:11: calendar.source: unknown calendar source "jira"; expected one of gitlab`},
		{"calendar:\n  group: a\n", `p.yml:7:3: calendar.source: group and project go with source: gitlab`},
		{"calendar:\n  source: gitlab\n  group: a\n  dates: [2026-01-01]\n", `p.yml:7:3: calendar: give either dates or source: gitlab, not both`},
	}
	for _, tt := range bad {
		_, err := Parse([]byte(head+tt.yaml), "p.yml", products)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%q:\n  got  %v\n  want %s", tt.yaml, err, tt.want)
		}
	}
	p, err = Parse([]byte(head+"calendar:\n  source: gitlab\n  group: gitlab-org\n"), "p.yml", products)
	if err != nil || p.Calendar.Source != "gitlab" || p.Calendar.Group != "gitlab-org" {
		t.Errorf("calendar source gitlab: %+v %v", p.Calendar, err)
	}
}

package checks

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/config"
	"gitlab.com/keepup/keepup/upstream"
)

// catalog is an in-memory upstream.Catalog for tests.
type catalog map[string]*upstream.Product

func (c catalog) Product(name string) (*upstream.Product, error) {
	if p, ok := c[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("%w %q", upstream.ErrUnknownProduct, name)
}

func (c catalog) Names() []string { return []string{"k8s", "os", "db"} }

var d = calendar.MustParseDate

// testCatalog: a Kubernetes-like product with 3-month windows, an OS with
// LTS, major and minor releases, and a dependency.
var testCatalog = catalog{
	"k8s": {Name: "k8s", Source: "test data", Releases: []upstream.Release{
		{Name: "1.33", Released: d("2025-04-23"), EOL: d("2026-06-28")},
		{Name: "1.32", Released: d("2024-12-11"), EOL: d("2026-02-28")},
		{Name: "1.31", Released: d("2024-08-13"), EOL: d("2025-10-28")},
	}},
	"os": {Name: "os", Source: "test data", Releases: []upstream.Release{
		{Name: "16.0", Released: d("2025-10-01")},
		{Name: "15.7", Released: d("2025-06-17"), LTS: true},
		{Name: "15.6", Released: d("2024-06-12"), EOL: d("2025-12-31")},
	}},
}

func policy(t *testing.T, yaml string) *config.Policy {
	t.Helper()
	p, err := config.Parse([]byte(yaml), "test.yml", []string{"k8s", "os", "db"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func evaluate(t *testing.T, yaml, now string, all bool) *Result {
	t.Helper()
	res, err := Evaluate(Input{Policy: policy(t, yaml), Catalog: testCatalog, Calendar: calendar.GitLab(), Now: d(now), All: all})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func find(t *testing.T, res *Result, target, release string) Finding {
	t.Helper()
	for _, f := range res.Findings {
		if f.Target == target && f.Release == release {
			return f
		}
	}
	t.Fatalf("no finding for %s %s in %+v", target, release, res.Findings)
	return Finding{}
}

const k8sPolicy = `version: 1
targets:
  - name: kubernetes
    product: k8s
    window: 3 months
    supported: ["1.31"]
`

// Kubernetes 1.32 was released 2024-12-11 and is due 2025-03-11: due-soon
// from 30 days before, on the day itself, and overdue the day after.
func TestStatusBoundaries(t *testing.T) {
	tests := []struct {
		now    string
		status Status
		left   int
	}{
		{"2024-12-11", Pending, 90},
		{"2025-02-08", Pending, 31},
		{"2025-02-09", DueSoon, 30}, // the due-soon edge: exactly due_soon away
		{"2025-03-10", DueSoon, 1},  // the day before
		{"2025-03-11", DueSoon, 0},  // on the due date: not yet late
		{"2025-03-12", Overdue, -1}, // the day after
		{"2026-01-01", Overdue, -296},
	}
	for _, tt := range tests {
		f := find(t, evaluate(t, k8sPolicy, tt.now, false), "kubernetes", "1.32")
		if f.Status != tt.status || f.DaysLeft == nil || *f.DaysLeft != tt.left || f.Due != d("2025-03-11") {
			t.Errorf("now %s: %s, due %s, days left %v; want %s, 2025-03-11, %d", tt.now, f.Status, f.Due, f.DaysLeft, tt.status, tt.left)
		}
	}
}

func TestDueSoonWindowFromPolicy(t *testing.T) {
	p := strings.Replace(k8sPolicy, "targets:", "due_soon: 2 weeks\ntargets:", 1)
	if f := find(t, evaluate(t, p, "2025-02-24", false), "kubernetes", "1.32"); f.Status != Pending {
		t.Errorf("15 days before with due_soon 2 weeks: %s, want pending", f.Status)
	}
	if f := find(t, evaluate(t, p, "2025-02-25", false), "kubernetes", "1.32"); f.Status != DueSoon {
		t.Errorf("14 days before with due_soon 2 weeks: %s, want due-soon", f.Status)
	}
}

func TestRequiredReleases(t *testing.T) {
	res := evaluate(t, k8sPolicy, "2025-06-01", false)
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Release+"="+string(f.Status))
	}
	// 1.33 (due 2025-07-23) is pending, 1.32 overdue, 1.31 supported.
	if want := "1.33=pending,1.32=overdue,1.31=supported"; strings.Join(got, ",") != want {
		t.Errorf("findings = %v, want %s", got, want)
	}
	// Supporting 1.32 only: 1.31 is older, so not required and not listed...
	res = evaluate(t, strings.Replace(k8sPolicy, `"1.31"`, `"1.32"`, 1), "2025-06-01", false)
	if len(res.Findings) != 2 {
		t.Errorf("supporting 1.32: %d findings, want 2 (1.33, 1.32)", len(res.Findings))
	}
	// ...unless --all asks for it.
	res = evaluate(t, strings.Replace(k8sPolicy, `"1.31"`, `"1.32"`, 1), "2025-06-01", true)
	if f := find(t, res, "kubernetes", "1.31"); f.Status != NotRequired || f.DaysLeft != nil {
		t.Errorf("1.31 with --all: %s %v, want not-required without a due date", f.Status, f.DaysLeft)
	}
}

func TestWarnWindow(t *testing.T) {
	p := `version: 1
targets:
  - name: db
    product: os
    warn: 3 milestones
    window: 5 milestones
    supported: ["15.6"]
`
	// 15.7 released 2025-06-17: milestones 06-19, 07-17, 08-21 (warn), 09-18, 10-16 (due).
	tests := []struct {
		now    string
		status Status
	}{
		{"2025-08-20", Pending},
		{"2025-08-21", DueSoon}, // the warn window ends: due-soon although 56 days are left
		{"2025-10-16", DueSoon},
		{"2025-10-17", Overdue},
	}
	for _, tt := range tests {
		f := find(t, evaluate(t, p, tt.now, false), "db", "15.7")
		if f.Status != tt.status || f.Due != d("2025-10-16") || f.Why.Warn != d("2025-08-21") {
			t.Errorf("now %s: %s due %s warn %s; want %s due 2025-10-16 warn 2025-08-21", tt.now, f.Status, f.Due, f.Why.Warn, tt.status)
		}
	}
	f := find(t, evaluate(t, p, "2025-09-01", false), "db", "15.7")
	if f.Rule != "warn 3 milestones, due 5 milestones after release" || len(f.Why.Counted) != 5 {
		t.Errorf("rule %q, counted %d milestones", f.Rule, len(f.Why.Counted))
	}
}

func TestFilters(t *testing.T) {
	tests := []struct{ filter, want string }{
		{"lts", "15.7"},
		{"major", "16.0"},
		{"minor", "15.7"},
	}
	for _, tt := range tests {
		p := fmt.Sprintf("version: 1\ntargets:\n  - name: os\n    product: os\n    filter: %s\n    window: 4 milestones\n    supported: [\"15.6\"]\n", tt.filter)
		var got []string
		for _, f := range evaluate(t, p, "2025-12-01", false).Findings {
			if f.Status != Supported && f.Status != EOL {
				got = append(got, f.Release)
			}
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("filter %s: required %v, want %s", tt.filter, got, tt.want)
		}
	}
	for name, major := range map[string]bool{"16.0": true, "13": true, "2023": true, "15.7": false, "1.32": false, "2018.03": false, "1.0.1": false, "bookworm": true} {
		if isMajor(name) != major {
			t.Errorf("isMajor(%q) = %v", name, !major)
		}
	}
}

func TestIgnore(t *testing.T) {
	p := k8sPolicy + `ignore:
  - target: kubernetes
    release: "1.32"
    until: 2025-04-30
    reason: waiting for upstream chart support
`
	f := find(t, evaluate(t, p, "2025-04-01", false), "kubernetes", "1.32")
	if f.Status != Snoozed || !strings.Contains(f.Reason, "would be overdue") || f.Why.Snooze == nil {
		t.Errorf("covered: %s %q, want snoozed saying it would be overdue", f.Status, f.Reason)
	}
	res := evaluate(t, p, "2025-04-30", false) // the last day it covers
	if f := find(t, res, "kubernetes", "1.32"); f.Status != Snoozed || len(res.Notes) != 0 {
		t.Errorf("on until: %s, notes %v; want snoozed, no notes", f.Status, res.Notes)
	}
	res = evaluate(t, p, "2025-05-01", false) // expired
	if f := find(t, res, "kubernetes", "1.32"); f.Status != Overdue || !strings.Contains(f.Reason, "expired on 2025-04-30") {
		t.Errorf("expired: %s %q, want overdue saying the ignore expired", f.Status, f.Reason)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "expired on 2025-04-30") || !strings.Contains(res.Notes[0], "test.yml:8:5") {
		t.Errorf("expired: notes %v, want one naming the entry and its line", res.Notes)
	}
	stale := strings.Replace(p, `release: "1.32"`, `release: "1.30"`, 1)
	if res := evaluate(t, stale, "2025-04-01", false); len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "matches no required release") {
		t.Errorf("unmatched ignore: notes %v", res.Notes)
	}
}

func TestEOLAndDropAfterEOL(t *testing.T) {
	p := `version: 1
targets:
  - name: kubernetes
    product: k8s
    window: 3 months
    supported: ["1.31", "1.32", "1.33"]
`
	if f := find(t, evaluate(t, p, "2025-10-27", false), "kubernetes", "1.31"); f.Status != Supported {
		t.Errorf("the day before EOL: %s", f.Status)
	}
	if f := find(t, evaluate(t, p, "2025-10-28", false), "kubernetes", "1.31"); f.Status != EOL || f.DaysLeft != nil || f.Kind != Support {
		t.Errorf("on EOL: %s %v %s, want eol with no deadline, kind support (no drop_after_eol)", f.Status, f.DaysLeft, f.Kind)
	}
	drop := strings.Replace(p, "window: 3 months", "window: 3 months\n    drop_after_eol: 6 months", 1)
	f := find(t, evaluate(t, drop, "2026-04-28", false), "kubernetes", "1.31")
	if f.Status != EOL || f.Due != d("2026-04-28") || *f.DaysLeft != 0 || f.Kind != Drop || f.Kind.String() != "drop" {
		t.Errorf("on the drop date: %s due %s kind %s, want eol due 2026-04-28, kind drop", f.Status, f.Due, f.Kind)
	}
	if f := find(t, evaluate(t, drop, "2026-04-28", false), "kubernetes", "1.33"); f.Kind != Support || f.Kind.String() != "support" {
		t.Errorf("a supported release before its end of life: kind %s, want support", f.Kind)
	}
	f = find(t, evaluate(t, drop, "2026-04-29", false), "kubernetes", "1.31")
	if f.Status != Overdue || f.Rule != "6 months after end of life" {
		t.Errorf("after the drop date: %s %q, want overdue by 6 months after end of life", f.Status, f.Rule)
	}
}

func TestCalendarMode(t *testing.T) {
	p := "version: 1\ntargets:\n  - name: kubernetes\n    product: k8s\n    window: 3 months\n"
	res := evaluate(t, p, "2025-09-01", false)
	// Only the last 12 months: 1.33 and 1.32, never a breach.
	if len(res.Findings) != 2 {
		t.Fatalf("findings %+v, want 1.33 and 1.32", res.Findings)
	}
	for _, f := range res.Findings {
		if f.Status != Untracked || f.Due.IsZero() {
			t.Errorf("%s: %s due %s, want untracked with a due date", f.Release, f.Status, f.Due)
		}
	}
	if res := evaluate(t, p, "2025-09-01", true); len(res.Findings) != 3 {
		t.Errorf("--all in calendar mode: %d findings, want every release (3)", len(res.Findings))
	}
}

func TestUnknownSupportedRelease(t *testing.T) {
	_, err := Evaluate(Input{Policy: policy(t, strings.Replace(k8sPolicy, `"1.31"`, `"1.3"`, 1)), Catalog: testCatalog, Calendar: calendar.GitLab(), Now: d("2025-06-01")})
	var ce *config.Error
	if !errors.As(err, &ce) || ce.Pos.Line != 6 || ce.Pos.Col != 17 || ce.Key != "targets[0].supported[0]" ||
		ce.Msg != `k8s has no release "1.3" in the test data; did you mean 1.33, 1.32 or 1.31? If it came out after that data, refresh the data (--data live), or list it under the target's releases with name and date.` {
		t.Fatalf("err = %v, want a config.Error at 6:17 naming the closest releases", err)
	}
	// A release newer than all the data knows is no exception: a typo
	// there would switch the target off.
	_, err = Evaluate(Input{Policy: policy(t, strings.Replace(k8sPolicy, `"1.31"`, `"1.34"`, 1)), Catalog: testCatalog, Calendar: calendar.GitLab(), Now: d("2025-06-01")})
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Msg, `k8s has no release "1.34" in the test data; did you mean 1.33, 1.32 or 1.31?`) {
		t.Errorf("1.34, newer than the data: err = %v", err)
	}
}

// Replaying an earlier date, releases that came out after it are owed nothing.
func TestReleasesAfterNowAreNotRequired(t *testing.T) {
	res := evaluate(t, k8sPolicy, "2025-01-01", true)
	if f := find(t, res, "kubernetes", "1.33"); f.Status != NotRequired || f.Reason != "not released yet on 2025-01-01" {
		t.Errorf("1.33 (released 2025-04-23) on 2025-01-01: %s %q", f.Status, f.Reason)
	}
	if f := find(t, res, "kubernetes", "1.32"); f.Status != Pending {
		t.Errorf("1.32 on 2025-01-01: %s, want pending", f.Status)
	}
}

func TestMilestoneCalendarFromPolicy(t *testing.T) {
	cal, err := calendar.FromDates("calendar.dates", []calendar.Milestone{{Date: d("2025-01-01")}, {Date: d("2025-02-01")}})
	if err != nil {
		t.Fatal(err)
	}
	p := "version: 1\ntargets:\n  - name: os\n    product: os\n    window: 3 milestones\n    supported: [\"15.6\"]\n"
	res, err := Evaluate(Input{Policy: policy(t, p), Catalog: testCatalog, Calendar: cal, Now: d("2025-12-01")})
	if err != nil {
		t.Fatal(err)
	}
	f := find(t, res, "os", "16.0")
	if f.Status != Error || !strings.Contains(f.Reason, "(calendar.dates) ends on 2025-02-01") {
		t.Errorf("beyond the calendar: %s %q, want error naming the calendar", f.Status, f.Reason)
	}
	// An ignore entry for a release in error is no stale entry.
	p += "ignore:\n  - target: os\n    release: \"16.0\"\n    until: 2026-01-01\n    reason: later\n"
	res, err = Evaluate(Input{Policy: policy(t, p), Catalog: testCatalog, Calendar: cal, Now: d("2025-12-01")})
	if err != nil || len(res.Notes) != 0 {
		t.Errorf("notes %v, %v; want none", res.Notes, err)
	}
}

func TestExplainMilestones(t *testing.T) {
	p := "version: 1\ntargets:\n  - name: os\n    product: os\n    window: 3 milestones\n    supported: [\"15.6\"]\n"
	f := find(t, evaluate(t, p, "2025-12-01", false), "os", "16.0")
	text := strings.Join(f.Explain(), "\n")
	// 16.0 released 2025-10-01: milestones 18.5 (10-16), 18.6 (11-20), 18.7 (12-18).
	for _, want := range []string{
		"released   2025-10-01 (test data)",
		"rule       3 milestones after release (policy test.yml:3:5)",
		"  1.       milestone 18.5 released 2025-10-16",
		"  3.       milestone 18.7 released 2025-12-18",
		"due        2025-12-18: the release day of milestone 3 after 2025-10-01",
		"status     due-soon: not supported, due 2025-12-18: 17 days left",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("explain lacks %q:\n%s", want, text)
		}
	}
}

func TestFailOn(t *testing.T) {
	if _, err := ParseFailOn("sometimes"); err == nil {
		t.Error("ParseFailOn accepted sometimes")
	}
	for _, tt := range []struct {
		f     FailOn
		s     Status
		fails bool
	}{
		{FailOnOverdue, Overdue, true}, {FailOnOverdue, DueSoon, false},
		{FailOnDueSoon, DueSoon, true}, {FailOnDueSoon, Pending, false},
		{FailOnNever, Overdue, false}, {FailOnDueSoon, Snoozed, false},
		{FailOnDueSoon, EOL, true}, {FailOnOverdue, EOL, false}, {FailOnNever, EOL, false},
	} {
		if tt.f.Fails(tt.s) != tt.fails {
			t.Errorf("%s.Fails(%s) = %v", tt.f, tt.s, !tt.fails)
		}
	}
}

// A filter that matches no release of the product is said, not silent.
func TestFilterMatchingNothing(t *testing.T) {
	p := "version: 1\ntargets:\n  - name: k\n    product: k8s\n    filter: lts\n    window: 3 months\n    supported: [\"1.31\"]\n"
	res := evaluate(t, p, "2025-06-01", false)
	if len(res.Findings) != 1 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "filter lts matches no release of k8s in the test data") {
		t.Errorf("findings %v, notes %v", res.Findings, res.Notes)
	}
	// In calendar mode --all explains filtered releases too.
	p = "version: 1\ntargets:\n  - name: os\n    product: os\n    filter: lts\n    window: 3 months\n"
	if f := find(t, evaluate(t, p, "2025-12-01", true), "os", "16.0"); f.Status != NotRequired || f.Reason != "not a lts release" {
		t.Errorf("16.0 in calendar mode with --all: %s %q", f.Status, f.Reason)
	}
}

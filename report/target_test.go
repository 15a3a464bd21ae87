package report

import (
	"strings"
	"testing"
	"time"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
)

// behind is a report with a target several releases behind (redis owes
// 8.0 to 8.6, one snoozed, with issues for two), a minor target owing in
// two major lines, a target that owes nothing, one past its end of life
// and one in calendar mode.
func behind() Report {
	d := calendar.MustParseDate
	const rule = "warn 3 milestones, due 5 milestones after release"
	return Report{
		Meta: Meta{Policy: ".keepup.yml", DataSource: "test data", DataDate: d("2026-08-22"), Now: d("2026-08-25"), GeneratedAt: time.Date(2026, 8, 25, 12, 0, 0, 0, time.UTC)},
		Result: &checks.Result{Findings: []checks.Finding{
			{Target: "redis", Release: "8.6", Status: checks.Pending, Due: d("2026-12-17"), DaysLeft: intp(114), Rule: rule},
			{Target: "redis", Release: "8.4", Status: checks.Snoozed, Due: d("2026-01-15"), DaysLeft: intp(-222), Rule: rule, ClearedBy: "8.6"},
			{Target: "redis", Release: "8.2", Status: checks.Overdue, Due: d("2025-12-18"), DaysLeft: intp(-250), Rule: rule, ClearedBy: "8.6", Issue: "https://gitlab.example/g/p/-/issues/12"},
			{Target: "redis", Release: "8.0", Status: checks.Overdue, Due: d("2025-09-18"), DaysLeft: intp(-341), Rule: rule, ClearedBy: "8.6", Issue: "https://gitlab.example/g/p/-/work_items/11"},
			{Target: "redis", Release: "7.4", Status: checks.Supported, Released: d("2024-07-29")},
			{Target: "rhel-minor", Release: "9.6", Status: checks.DueSoon, Due: d("2026-09-01"), DaysLeft: intp(7), Rule: "3 milestones after release", Issue: "https://gitlab.example/g/p/-/issues/20"},
			{Target: "rhel-minor", Release: "9.5", Status: checks.Overdue, Due: d("2026-08-01"), DaysLeft: intp(-24), Rule: "3 milestones after release", ClearedBy: "9.6", Issue: "https://gitlab.example/g/p/-/issues/19"},
			{Target: "rhel-minor", Release: "8.10", Status: checks.Pending, Due: d("2026-10-01"), DaysLeft: intp(37), Rule: "3 milestones after release"},
			{Target: "rhel-minor", Release: "9.4", Status: checks.Supported},
			{Target: "nginx", Release: "1.31", Status: checks.Supported, Released: d("2026-05-13")},
			{Target: "nginx", Release: "1.30", Status: checks.Supported, Released: d("2026-04-14")},
			{Target: "kubernetes-with-a-long-name", Release: "1.33", Status: checks.EOL, EOL: d("2026-06-28")},
			{Target: "kubernetes-with-a-long-name", Release: "1.32", Status: checks.Overdue, Kind: checks.Drop, Due: d("2026-08-28"), DaysLeft: intp(-3), Rule: "2 months after end of life", EOL: d("2026-02-28")},
			{Target: "openssl", Release: "4.0", Status: checks.Untracked, Due: d("2026-06-18"), DaysLeft: intp(-68), Rule: "3 milestones after release"},
			{Target: "openssl", Release: "3.6", Status: checks.Untracked, Due: d("2025-12-18"), DaysLeft: intp(-250), Rule: "3 milestones after release"},
		}},
	}
}

// One row per release to support, "+N older" for what it clears, with the
// most urgent status of those: a snoozed release does not hide an overdue
// one; the newest release's issue, else the most urgent one's, as #N.
func TestTextPerTarget(t *testing.T) {
	want := strings.Join([]string{
		"STATUS     TARGET                       RELEASE       DUE         WHEN              RULE                                               ISSUE",
		"overdue    redis                        8.6 +3 older  2025-09-18  341 days late     warn 3 milestones, due 5 milestones after release  #11",
		"overdue    rhel-minor                   9.6 +1 older  2026-08-01  24 days late      3 milestones after release                         #20",
		"overdue    kubernetes-with-a-long-name  1.32          2026-08-28  3 days late       2 months after end of life                         -",
		"eol        kubernetes-with-a-long-name  1.33          -           since 2026-06-28  -                                                  -",
		"pending    rhel-minor                   8.10          2026-10-01  in 37 days        3 milestones after release                         -",
		"untracked  openssl                      3.6           2025-12-18  250 days ago      3 milestones after release                         -",
		"untracked  openssl                      4.0           2026-06-18  68 days ago       3 milestones after release                         -",
		"ok         nginx                        1.31          -           -                 -                                                  -",
		"2 targets behind, 7 releases owed · 4 overdue, 1 due-soon, 1 eol, 2 pending, 1 snoozed, 2 untracked, 4 supported · policy .keepup.yml · data test data of 2026-08-22 · now 2026-08-25",
		"",
	}, "\n")
	if got := text(t, behind(), TextOptions{}); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}

// Fitting a width: rules in short first, then (by release) no release
// dates, rules cut, no rules, no due dates, target names cut; each step
// only when the one before does not fit.
func TestTextFitsWidth(t *testing.T) {
	const footer = "2 targets behind, 7 releases owed\n" +
		"4 overdue, 1 due-soon, 1 eol, 2 pending, 1 snoozed, 2 untracked, 4 supported\n" +
		"policy .keepup.yml · data test data of 2026-08-22 · now 2026-08-25\n"
	for _, tt := range []struct {
		width     int
		byRelease bool
		want      string
	}{
		{200, false, text(t, behind(), TextOptions{})},
		{120, true, "" +
			"STATUS     TARGET                       RELEASE  DUE         WHEN              RULE                      ISSUE\n" +
			"overdue    redis                        8.0      2025-09-18  341 days late     warn 3, due 5 milestones  #11\n" +
			"overdue    redis                        8.2      2025-12-18  250 days late     warn 3, due 5 milestones  #12\n" +
			"overdue    rhel-minor                   9.5      2026-08-01  24 days late      3 milestones              #19\n" +
			"overdue    kubernetes-with-a-long-name  1.32     2026-08-28  3 days late       eol + 2 months            -\n" +
			"due-soon   rhel-minor                   9.6      2026-09-01  in 7 days         3 milestones              #20\n" +
			"eol        kubernetes-with-a-long-name  1.33     -           since 2026-06-28  -                         -\n" +
			"pending    rhel-minor                   8.10     2026-10-01  in 37 days        3 milestones              -\n" +
			"pending    redis                        8.6      2026-12-17  in 114 days       warn 3, due 5 milestones  -\n" +
			"snoozed    redis                        8.4      2026-01-15  222 days late     warn 3, due 5 milestones  -\n" +
			"untracked  openssl                      3.6      2025-12-18  250 days ago      3 milestones              -\n" +
			"untracked  openssl                      4.0      2026-06-18  68 days ago       3 milestones              -\n" +
			"supported  redis                        7.4      -           -                 -                         -\n" +
			"supported  rhel-minor                   9.4      -           -                 -                         -\n" +
			"supported  nginx                        1.31     -           -                 -                         -\n" +
			"supported  nginx                        1.30     -           -                 -                         -\n" +
			"2 targets behind, 7 releases owed · 4 overdue, 1 due-soon, 1 eol, 2 pending, 1 snoozed, 2 untracked, 4 supported\n" +
			"policy .keepup.yml · data test data of 2026-08-22 · now 2026-08-25\n"},
		{105, false, "" +
			"STATUS     TARGET                       RELEASE       DUE         WHEN              RULE            ISSUE\n" +
			"overdue    redis                        8.6 +3 older  2025-09-18  341 days late     warn 3, due 5…  #11\n" +
			"overdue    rhel-minor                   9.6 +1 older  2026-08-01  24 days late      3 milestones    #20\n" +
			"overdue    kubernetes-with-a-long-name  1.32          2026-08-28  3 days late       eol + 2 months  -\n" +
			"eol        kubernetes-with-a-long-name  1.33          -           since 2026-06-28  -               -\n" +
			"pending    rhel-minor                   8.10          2026-10-01  in 37 days        3 milestones    -\n" +
			"untracked  openssl                      3.6           2025-12-18  250 days ago      3 milestones    -\n" +
			"untracked  openssl                      4.0           2026-06-18  68 days ago       3 milestones    -\n" +
			"ok         nginx                        1.31          -           -                 -               -\n" + footer},
		{100, false, "" +
			"STATUS     TARGET                       RELEASE       DUE         WHEN              ISSUE\n" +
			"overdue    redis                        8.6 +3 older  2025-09-18  341 days late     #11\n" +
			"overdue    rhel-minor                   9.6 +1 older  2026-08-01  24 days late      #20\n" +
			"overdue    kubernetes-with-a-long-name  1.32          2026-08-28  3 days late       -\n" +
			"eol        kubernetes-with-a-long-name  1.33          -           since 2026-06-28  -\n" +
			"pending    rhel-minor                   8.10          2026-10-01  in 37 days        -\n" +
			"untracked  openssl                      3.6           2025-12-18  250 days ago      -\n" +
			"untracked  openssl                      4.0           2026-06-18  68 days ago       -\n" +
			"ok         nginx                        1.31          -           -                 -\n" + footer},
		{80, false, "" +
			"STATUS     TARGET                       RELEASE       WHEN              ISSUE\n" +
			"overdue    redis                        8.6 +3 older  341 days late     #11\n" +
			"overdue    rhel-minor                   9.6 +1 older  24 days late      #20\n" +
			"overdue    kubernetes-with-a-long-name  1.32          3 days late       -\n" +
			"eol        kubernetes-with-a-long-name  1.33          since 2026-06-28  -\n" +
			"pending    rhel-minor                   8.10          in 37 days        -\n" +
			"untracked  openssl                      3.6           250 days ago      -\n" +
			"untracked  openssl                      4.0           68 days ago       -\n" +
			"ok         nginx                        1.31          -                 -\n" + footer},
		{60, false, "" +
			"STATUS     TARGET      RELEASE       WHEN              ISSUE\n" +
			"overdue    redis       8.6 +3 older  341 days late     #11\n" +
			"overdue    rhel-minor  9.6 +1 older  24 days late      #20\n" +
			"overdue    kubernete…  1.32          3 days late       -\n" +
			"eol        kubernete…  1.33          since 2026-06-28  -\n" +
			"pending    rhel-minor  8.10          in 37 days        -\n" +
			"untracked  openssl     3.6           250 days ago      -\n" +
			"untracked  openssl     4.0           68 days ago       -\n" +
			"ok         nginx       1.31          -                 -\n" +
			"2 targets behind, 7 releases owed\n" +
			"4 overdue, 1 due-soon, 1 eol, 2 pending, 1 snoozed, 2 untracked, 4 supported\n" +
			"policy .keepup.yml · data test data of 2026-08-22\n" +
			"now 2026-08-25\n"},
	} {
		if got := text(t, behind(), TextOptions{Width: tt.width, ByRelease: tt.byRelease}); got != tt.want {
			t.Errorf("width %d, by release %v:\n%s\nwant:\n%s", tt.width, tt.byRelease, got, tt.want)
		}
	}
}

// Whatever the width, down to what the status, a cut target, the release,
// WHEN and ISSUE need, no row is wider; from the widest summary part on,
// no line is.
func TestTextNeverWider(t *testing.T) {
	for _, byRelease := range []bool{false, true} {
		for width := 58; width <= 180; width++ {
			lines := strings.Split(strings.TrimSuffix(text(t, behind(), TextOptions{Width: width, ByRelease: byRelease}), "\n"), "\n")
			for i, l := range lines {
				n := len([]rune(l))
				if n > width && (i < len(lines)-3 || width >= 77) {
					t.Fatalf("width %d, by release %v: line %d is %d wide: %q", width, byRelease, i, n, l)
				}
			}
		}
	}
}

func TestIssueRef(t *testing.T) {
	for link, want := range map[string]string{
		"https://gitlab.example/g/p/-/issues/12":        "#12",
		"http://127.0.0.1:8080/e2e/x/-/issues/1":        "#1",
		"https://gitlab.example/g/p/-/work_items/7":     "#7",
		"https://gitlab.example/g/p/-/issues/":          "https://gitlab.example/g/p/-/issues/",
		"https://gitlab.example/g/p/-/issues/12a":       "https://gitlab.example/g/p/-/issues/12a",
		"https://gitlab.example/g/p/-/merge_requests/3": "https://gitlab.example/g/p/-/merge_requests/3",
		"https://gitlab.example/issues/3":               "https://gitlab.example/issues/3",
		"12":                                            "12",
		"":                                              "",
	} {
		if got := issueRef(link); got != want {
			t.Errorf("issueRef(%q) = %q, want %q", link, got, want)
		}
	}
}

func TestShortRule(t *testing.T) {
	for rule, want := range map[string]string{
		"3 months after release":                            "3 months",
		"warn 3 milestones, due 5 milestones after release": "warn 3, due 5 milestones",
		"warn 2 weeks, due 3 months after release":          "warn 2 weeks, due 3 months",
		"warn 1 milestone, due 2 milestones after release":  "warn 1 milestone, due 2 milestones",
		"6 months after end of life":                        "eol + 6 months",
		"":                                                  "",
	} {
		if got := shortRule(rule); got != want {
			t.Errorf("shortRule(%q) = %q, want %q", rule, got, want)
		}
	}
}

// The summary counts the targets behind and the releases they owe: owed
// releases to support, not releases to drop.
func TestOwedSummary(t *testing.T) {
	r := behind()
	fs := r.Findings
	if got := Owed(r); got != "2 targets behind, 7 releases owed" {
		t.Errorf("Owed = %q", got)
	}
	r.Result = &checks.Result{Findings: fs[:1]}
	if got := Owed(r); got != "1 target behind, 1 release owed" {
		t.Errorf("Owed = %q", got)
	}
	r.Result = &checks.Result{Findings: fs[len(fs)-4:]}
	if got := Owed(r); got != "nothing owed" {
		t.Errorf("Owed of eol, drop and untracked findings = %q, want nothing owed", got)
	}
}

// JSON keeps a finding per release: the older owed ones name the release
// that clears them, the others null; eol is the release's end of life, or
// null.
func TestJSONClearedByAndEOL(t *testing.T) {
	got := jsonOf(t, behind())
	findings := got["findings"].([]any)
	if len(findings) != len(behind().Findings) {
		t.Fatalf("%d findings, want one per release (%d)", len(findings), len(behind().Findings))
	}
	want := map[string][2]any{ // target release: cleared_by, eol
		"redis 8.6":                        {nil, nil},
		"redis 8.4":                        {"8.6", nil},
		"redis 8.0":                        {"8.6", nil},
		"rhel-minor 9.5":                   {"9.6", nil},
		"rhel-minor 8.10":                  {nil, nil},
		"kubernetes-with-a-long-name 1.33": {nil, "2026-06-28"},
		"kubernetes-with-a-long-name 1.32": {nil, "2026-02-28"},
		"nginx 1.31":                       {nil, nil},
	}
	seen := 0
	for _, f := range findings {
		f := f.(map[string]any)
		for _, k := range []string{"cleared_by", "eol"} {
			if _, ok := f[k]; !ok {
				t.Errorf("%v %v has no %s", f["target"], f["release"], k)
			}
		}
		w, ok := want[f["target"].(string)+" "+f["release"].(string)]
		if !ok {
			continue
		}
		seen++
		if f["cleared_by"] != w[0] || f["eol"] != w[1] {
			t.Errorf("%v %v: cleared_by %v, eol %v; want %v, %v", f["target"], f["release"], f["cleared_by"], f["eol"], w[0], w[1])
		}
	}
	if seen != len(want) {
		t.Errorf("checked %d findings, want %d", seen, len(want))
	}
}

// A release past its end of life says since when, unless it has a date to
// be dropped by.
func TestWhenEOL(t *testing.T) {
	d := calendar.MustParseDate
	for _, tt := range []struct {
		f    checks.Finding
		want string
	}{
		{checks.Finding{Status: checks.EOL, EOL: d("2025-02-28")}, "since 2025-02-28"},
		{checks.Finding{Status: checks.EOL, EOL: d("2025-02-28"), DaysLeft: intp(40)}, "in 40 days"},
		{checks.Finding{Status: checks.EOL}, ""},
		{checks.Finding{Status: checks.Supported, EOL: d("2025-02-28")}, ""},
	} {
		if got := When(tt.f); got != tt.want {
			t.Errorf("When(%s, eol %s, %v days) = %q, want %q", tt.f.Status, tt.f.EOL, tt.f.DaysLeft, got, tt.want)
		}
	}
}

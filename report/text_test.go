package report

import (
	"bytes"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/checks"
)

func text(t *testing.T, r Report, opt TextOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := Text(&b, r, opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The table by release: columns as wide as their widest cell plus two
// spaces, the last column unpadded, most urgent first, "-" for what is
// unknown, issues as #N; with no width, nothing is cut.
func TestTextTable(t *testing.T) {
	want := strings.Join([]string{
		"STATUS     TARGET  RELEASE  RELEASED    DUE         WHEN          RULE                    ISSUE",
		"overdue    b|c     7        2025-01-01  2026-08-20  5 days late   -                       #1",
		"error      b|c     8        -           -           -             -                       -",
		"pending    a       2        2026-01-01  2026-10-01  in 37 days    9 months after release  -",
		"snoozed    b|c     6        -           2026-08-01  24 days late  -                       -",
		"supported  a       1        2025-01-01  -           -             -                       -",
		"note: an | odd note",
		"2 targets behind, 4 releases owed · 1 overdue, 1 error, 1 pending, 1 snoozed, 1 supported · policy .keepup.yml · data test data of 2026-08-22 · now 2026-08-25",
		"",
	}, "\n")
	if got := text(t, sample(), TextOptions{ByRelease: true}); got != want {
		t.Errorf("text:\n%s\nwant:\n%s", got, want)
	}
}

// Colour marks the status cell only: the other cells, the header, the
// notes and the summary stay plain, and the columns line up as without
// colour.
func TestTextColorsOnlyTheStatus(t *testing.T) {
	r := sample()
	plain, colored := text(t, r, TextOptions{ByRelease: true}), text(t, r, TextOptions{Color: true, ByRelease: true})
	lines := strings.Split(colored, "\n")
	if strings.Contains(lines[0], "\x1b") {
		t.Errorf("header coloured: %q", lines[0])
	}
	for i, f := range r.ByUrgency() {
		line := lines[i+1]
		prefix := colors[f.Status.Severity()] + string(f.Status) + reset
		rest, ok := strings.CutPrefix(line, prefix)
		if !ok || strings.Contains(rest, "\x1b") {
			t.Errorf("row %d: %q, want %q and no other colour", i+1, line, prefix)
		}
	}
	for _, l := range lines[len(r.Findings)+1:] {
		if strings.Contains(l, "\x1b") {
			t.Errorf("coloured: %q", l)
		}
	}
	stripped := strings.NewReplacer(reset, "", colors[checks.Failure], "", colors[checks.Warning], "", colors[checks.Info], "", colors[checks.OK], "").Replace(colored)
	if stripped != plain {
		t.Errorf("colour changed the layout:\n%s\nwant:\n%s", stripped, plain)
	}
}

// The issue column is there only when some finding links an issue.
func TestTextWithoutIssues(t *testing.T) {
	r := sample()
	r.Result = &checks.Result{Findings: r.Findings[:2]}
	got := text(t, r, TextOptions{ByRelease: true})
	want := "STATUS     TARGET  RELEASE  RELEASED    DUE         WHEN        RULE\n" +
		"pending    a       2        2026-01-01  2026-10-01  in 37 days  9 months after release\n" +
		"supported  a       1        2025-01-01  -           -           -\n"
	if !strings.HasPrefix(got, want) {
		t.Errorf("text:\n%s\nwant it to start with:\n%s", got, want)
	}
}

func TestTextNoFindings(t *testing.T) {
	r := sample()
	r.Result = &checks.Result{Notes: []string{"targets[0]: filter lts matches nothing"}}
	want := "No releases to report.\nnote: targets[0]: filter lts matches nothing\nno findings · policy .keepup.yml · data test data of 2026-08-22 · now 2026-08-25\n"
	if got := text(t, r, TextOptions{Color: true}); got != want {
		t.Errorf("text %q, want %q", got, want)
	}
}

package checks

import "testing"

func TestRankFollowsStatuses(t *testing.T) {
	for i, s := range Statuses {
		if s.Rank() != i {
			t.Errorf("%s.Rank() = %d, want %d", s, s.Rank(), i)
		}
	}
	if got := Status("bogus").Rank(); got != len(Statuses) {
		t.Errorf("an unknown status ranks %d, want last (%d)", got, len(Statuses))
	}
}

// The severities of the statuses table.
func TestSeverity(t *testing.T) {
	want := map[Status]string{
		Overdue: "error", Error: "error",
		DueSoon: "warning", EOL: "warning",
		Pending: "info", Snoozed: "info", Untracked: "info",
		Supported: "ok", NotRequired: "ok",
	}
	for _, s := range Statuses {
		if got := s.Severity().String(); got != want[s] {
			t.Errorf("%s: severity %s, want %s", s, got, want[s])
		}
	}
}

func TestParseFailOnValues(t *testing.T) {
	for in, want := range map[string]FailOn{"overdue": FailOnOverdue, " Due-Soon ": FailOnDueSoon, "NEVER": FailOnNever} {
		if got, err := ParseFailOn(in); got != want || err != nil {
			t.Errorf("ParseFailOn(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFailOn("sometimes"); err == nil || err.Error() != `--fail-on "sometimes": expected overdue, due-soon or never` {
		t.Errorf("ParseFailOn(sometimes): %v", err)
	}
}

// Which findings fail a run, for every threshold and status: at due-soon
// every warning does (due-soon and eol, as the statuses table says);
// errors never do (the run exits 2 for them whatever the threshold).
func TestFailsMatrix(t *testing.T) {
	fails := map[FailOn][]Status{
		FailOnOverdue: {Overdue},
		FailOnDueSoon: {Overdue, DueSoon, EOL},
		FailOnNever:   nil,
	}
	for f, failing := range fails {
		for _, s := range Statuses {
			want := false
			for _, x := range failing {
				want = want || x == s
			}
			if f.Fails(s) != want {
				t.Errorf("%s.Fails(%s) = %v, want %v", f, s, !want, want)
			}
		}
	}
}

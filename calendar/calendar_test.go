package calendar

import (
	"strings"
	"testing"
	"time"
)

func TestAddMonthsClampsToMonthEnd(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2024-11-30", 3, "2025-02-28"}, // design.md example
		{"2024-12-11", 3, "2025-03-11"}, // Kubernetes 1.32
		{"2023-11-30", 3, "2024-02-29"}, // leap year
		{"2024-01-31", 1, "2024-02-29"},
		{"2024-03-31", 1, "2024-04-30"},
		{"2024-10-31", 2, "2024-12-31"},
		{"2024-11-15", 14, "2026-01-15"},
		{"2024-03-31", -1, "2024-02-29"},
		{"2024-01-15", -13, "2022-12-15"},
		{"2024-05-01", 0, "2024-05-01"},
	}
	for _, tt := range tests {
		got := MustParseDate(tt.from).AddMonths(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s + %d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestApplyWindows(t *testing.T) {
	tests := []struct {
		from, window, want string
		counted            []string
	}{
		// The worked examples of design.md section 2.
		{"2024-12-11", "3 months", "2025-03-11", nil},
		{"2024-04-25", "2 milestones", "2024-06-20", []string{"2024-05-16", "2024-06-20"}},
		{"2025-08-09", "3 milestones", "2025-10-16", []string{"2025-08-21", "2025-09-18", "2025-10-16"}},
		// A release dated on a milestone's release day counts from the next one.
		{"2024-05-16", "1 milestone", "2024-06-20", []string{"2024-06-20"}},
		{"2024-05-15", "1 milestone", "2024-05-16", []string{"2024-05-16"}},
		// Across the change of cadence: 16.5 on the 22nd, 16.6 on the third Thursday.
		{"2023-10-01", "2 milestones", "2023-11-16", []string{"2023-10-22", "2023-11-16"}},
		{"2023-10-22", "1 milestone", "2023-11-16", []string{"2023-11-16"}},
		{"2019-01-23", "1 milestone", "2019-02-22", []string{"2019-02-22"}},
		{"2024-02-28", "6 weeks", "2024-04-10", nil},
		{"2024-02-28", "2 days", "2024-03-01", nil},
		{"2024-12-31", "1 day", "2025-01-01", nil},
		{"2024-04-25", "0 milestones", "2024-04-25", nil},
	}
	for _, tt := range tests {
		w, err := ParseWindow(tt.window)
		if err != nil {
			t.Fatalf("ParseWindow(%q): %v", tt.window, err)
		}
		due, counted, err := w.Apply(GitLab(), MustParseDate(tt.from))
		if err != nil {
			t.Fatalf("%s + %s: %v", tt.from, tt.window, err)
		}
		if due.String() != tt.want {
			t.Errorf("%s + %s = %s, want %s", tt.from, tt.window, due, tt.want)
		}
		var got []string
		for _, m := range counted {
			got = append(got, m.Date.String())
		}
		if strings.Join(got, ",") != strings.Join(tt.counted, ",") {
			t.Errorf("%s + %s counted %v, want %v", tt.from, tt.window, got, tt.counted)
		}
	}
}

func TestGitLabCadence(t *testing.T) {
	cal := GitLab()
	first, last := cal.Span()
	if first != (Date{2014, time.January, 22}) || last != (Date{2040, time.December, 20}) {
		t.Errorf("span = %s .. %s, want 2014-01-22 .. 2040-12-20", first, last)
	}
	prev := Date{}
	for _, m := range cal.milestones {
		if !m.Date.After(prev) {
			t.Fatalf("milestones out of order at %s", m.Date)
		}
		prev = m.Date
		wd := m.Date.Time().Weekday()
		switch {
		case !m.Date.After(lastOn22nd):
			if m.Date.Day != 22 {
				t.Errorf("%s: before 16.6 releases are on the 22nd", m.Date)
			}
		case wd != time.Thursday || m.Date.Day < 15 || m.Date.Day > 21:
			t.Errorf("%s (%s): from 16.6 on releases are on the third Thursday", m.Date, wd)
		}
	}
	titles := map[string]string{
		"2014-01-22": "6.5", "2015-09-22": "8.0", "2017-02-22": "8.17", "2017-03-22": "9.0",
		"2021-05-22": "13.12", "2021-06-22": "14.0", "2023-10-22": "16.5", "2023-11-16": "16.6",
		"2024-04-18": "16.11", "2024-05-16": "17.0", "2026-08-20": "19.3", "2026-11-19": "19.6",
	}
	for date, want := range titles {
		ms, err := cal.After(MustParseDate(date).AddDays(-1), 1)
		if err != nil {
			t.Fatal(err)
		}
		if ms[0].Date.String() != date || ms[0].Title != want {
			t.Errorf("milestone after %s = %s %s, want %s %s", date, ms[0].Title, ms[0].Date, want, date)
		}
	}
}

func TestCalendarRunsOut(t *testing.T) {
	cal, err := FromDates("calendar.dates", []Milestone{
		{Date: MustParseDate("2025-02-20")},
		{Date: MustParseDate("2025-01-16")},
	})
	if err != nil {
		t.Fatal(err)
	}
	w := Window{N: 2, Unit: Milestones}
	due, counted, err := w.Apply(cal, MustParseDate("2025-01-16"))
	if err == nil {
		t.Fatalf("Apply past the end = %s %v, want an error", due, counted)
	}
	if !strings.Contains(err.Error(), "ends on 2025-02-20") {
		t.Fatalf("Apply past the end: err = %v, want one naming the calendar's last day", err)
	}
	w = Window{N: 1, Unit: Milestones}
	due, counted, err = w.Apply(cal, MustParseDate("2025-01-16"))
	if err != nil || due.String() != "2025-02-20" || counted[0].Title != "2025-02-20" {
		t.Fatalf("Apply = %s %v %v, want 2025-02-20", due, counted, err)
	}
	_, _, err = w.Apply(cal, MustParseDate("2025-01-15"))
	if err == nil || !strings.Contains(err.Error(), "starts on 2025-01-16") {
		t.Fatalf("Apply before the start: err = %v, want one naming the calendar's first day", err)
	}
	if _, _, err := w.Apply(GitLab(), MustParseDate("2013-12-31")); err == nil {
		t.Error("GitLab's cadence counted milestones from before 2014")
	}
	if _, err := FromDates("x", []Milestone{{Date: MustParseDate("2025-01-16")}, {Date: MustParseDate("2025-01-16")}}); err == nil {
		t.Error("FromDates accepted two milestones on one day")
	}
}

func TestParseWindow(t *testing.T) {
	good := map[string]Window{
		"3 months":      {3, Months},
		"1 month":       {1, Months},
		"2 milestones":  {2, Milestones},
		" 6  Weeks ":    {6, Weeks},
		"30 days":       {30, Days},
		"0 days":        {0, Days},
		"10000 days":    {10000, Days},
		"1 milestone":   {1, Milestones},
		"12 MONTHS":     {12, Months},
		"01 milestones": {1, Milestones},
	}
	for in, want := range good {
		got, err := ParseWindow(in)
		if err != nil || got != want {
			t.Errorf("ParseWindow(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"":             "want a number and a unit",
		"3":            "want a number and a unit",
		"months":       "want a number and a unit",
		"3 month s":    "want a number and a unit",
		"-1 days":      "not a whole number",
		"1.5 months":   "not a whole number",
		"10001 days":   "not a whole number",
		"3 fortnights": `unit "fortnights"`,
		"three months": "not a whole number",
	}
	for in, want := range bad {
		_, err := ParseWindow(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseWindow(%q) error = %v, want it to contain %q", in, err, want)
		}
	}
	for _, s := range []string{"1 day", "2 weeks", "1 month", "5 milestones"} {
		w, _ := ParseWindow(s)
		if w.String() != s {
			t.Errorf("String(ParseWindow(%q)) = %q", s, w.String())
		}
	}
}

func TestDates(t *testing.T) {
	a, b := MustParseDate("2024-02-28"), MustParseDate("2024-03-01")
	if a.DaysUntil(b) != 2 || b.DaysUntil(a) != -2 || a.DaysUntil(a) != 0 {
		t.Errorf("DaysUntil wrong: %d %d", a.DaysUntil(b), b.DaysUntil(a))
	}
	if far := MustParseDate("0001-01-01").DaysUntil(MustParseDate("9999-12-31")); far != 3652058 {
		t.Errorf("0001-01-01 to 9999-12-31 = %d days, want 3652058", far)
	}
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Before(a) {
		t.Error("Before/After wrong")
	}
	for _, s := range []string{"2024-02-30", "2024-2-1", "24-02-01", "2024-02-01T00:00:00Z", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted a bad date", s)
		}
	}
	var d Date
	if err := d.UnmarshalText([]byte("2026-08-22")); err != nil || d.String() != "2026-08-22" {
		t.Errorf("UnmarshalText = %v %v", d, err)
	}
	if (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Error("zero Date should print empty")
	}
}

func FuzzParseWindow(f *testing.F) {
	for _, s := range []string{"3 months", "2 milestones", "1 week", "0 days", "-1 days", "9999999999999999999 days", "3\tmonths"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWindow(s)
		if err != nil {
			return
		}
		// Whatever parses must print back to something that parses the same,
		// and must apply to any date in range without error or panic.
		again, err := ParseWindow(w.String())
		if err != nil || again != w {
			t.Fatalf("ParseWindow(%q) = %v, but %q parses to %v, %v", s, w, w.String(), again, err)
		}
		if w.Unit != Milestones {
			if _, _, err := w.Apply(nil, MustParseDate("2040-12-31")); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestParseDateErrors(t *testing.T) {
	for s, want := range map[string]string{
		"2026-02-30": `"2026-02-30" is not a day: February 2026 has 28 days`,
		"2024-02-30": `"2024-02-30" is not a day: February 2024 has 29 days`,
		"2026-04-31": `"2026-04-31" is not a day: April 2026 has 30 days`,
		"2026-13-01": `"2026-13-01" is not a day: there is no month 13`,
		"2026-00-10": `"2026-00-10" is not a day: there is no month 00`,
		"2026-01-00": `"2026-01-00" is not a day: January 2026 has 31 days`,
		"2026-12-32": `"2026-12-32" is not a day: December 2026 has 31 days`,
		"2026-1-10":  `"2026-1-10" is not a date of the form YYYY-MM-DD`,
		"2026-13-1":  `"2026-13-1" is not a date of the form YYYY-MM-DD`,
		"2026-ab-01": `"2026-ab-01" is not a date of the form YYYY-MM-DD`,
		"2026-02-+1": `"2026-02-+1" is not a date of the form YYYY-MM-DD`,
		"2026-+2-28": `"2026-+2-28" is not a date of the form YYYY-MM-DD`,
		"soon":       `"soon" is not a date of the form YYYY-MM-DD`,
		"2026-02-3x": `"2026-02-3x" is not a date of the form YYYY-MM-DD`,
		"2026/02/03": `"2026/02/03" is not a date of the form YYYY-MM-DD`,
	} {
		if _, err := ParseDate(s); err == nil || err.Error() != want {
			t.Errorf("ParseDate(%q) = %v, want %s", s, err, want)
		}
	}
	if d, err := ParseDate("2024-02-29"); err != nil || d.String() != "2024-02-29" {
		t.Errorf("ParseDate(2024-02-29) = %v, %v", d, err)
	}
}

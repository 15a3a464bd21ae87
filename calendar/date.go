// Package calendar provides calendar dates, support windows ("3 months",
// "2 milestones") and the milestone calendars that milestone windows count on.
package calendar

import (
	"fmt"
	"time"
)

// Date is a calendar date in UTC with no time of day. The zero Date means
// "unknown". Dates compare with ==, Before and After.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is the one textual form of a Date: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// ParseDate parses a YYYY-MM-DD date. A text of that form that names no
// day (2026-02-30, 2026-13-01) is an error saying why.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err == nil {
		return Of(t), nil
	}
	var y, m, d int
	if n, _ := fmt.Sscanf(s, "%4d-%2d-%2d", &y, &m, &d); n == 3 && len(s) == len(DateLayout) && s[4] == '-' && s[7] == '-' {
		switch days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day(); {
		case m < 1 || m > 12:
			return Date{}, fmt.Errorf("%q is not a day: there is no month %02d", s, m)
		case d < 1 || d > days:
			return Date{}, fmt.Errorf("%q is not a day: %s %d has %d days", s, time.Month(m), y, days)
		}
	}
	return Date{}, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
}

// MustParseDate is ParseDate for constants in code and tests; it panics on a bad date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Of returns the UTC calendar date of t.
func Of(t time.Time) Date {
	y, m, d := t.UTC().Date()
	return Date{y, m, d}
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// IsZero reports whether d is the zero (unknown) date.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Before reports whether d is strictly earlier than o.
func (d Date) Before(o Date) bool { return d.compare(o) < 0 }

// After reports whether d is strictly later than o.
func (d Date) After(o Date) bool { return d.compare(o) > 0 }

func (d Date) compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return d.Year - o.Year
	case d.Month != o.Month:
		return int(d.Month) - int(o.Month)
	default:
		return d.Day - o.Day
	}
}

// AddDays returns d moved by n days (n may be negative).
func (d Date) AddDays(n int) Date {
	return Date{d.Year, d.Month, d.Day + n}.normalize()
}

// AddMonths returns d moved by n calendar months, with the day clamped to the
// end of the target month: 2024-11-30 + 3 months = 2025-02-28.
func (d Date) AddMonths(n int) Date {
	// time.Date carries a month outside 1 to 12 into the year, both ways;
	// the first of the month always exists.
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	y, month := first.Year(), first.Month()
	return Date{y, month, min(d.Day, daysIn(y, month))}
}

// DaysUntil returns the number of days from d to o: positive when o is later.
func (d Date) DaysUntil(o Date) int {
	// Seconds since 1970 of two midnights differ by whole days, for any
	// year; a time.Duration would saturate after 292 years.
	return int((o.Time().Unix() - d.Time().Unix()) / 86400)
}

// MarshalText writes d as YYYY-MM-DD, so dates are strings in JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

func (d Date) normalize() Date { return Of(d.Time()) }

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

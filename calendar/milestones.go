package calendar

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// Milestone is one monthly release on a milestone calendar.
type Milestone struct {
	Title string // "16.6" on GitLab's cadence; the date itself for a list of dates
	Date  Date   // release day
	ID    int64  // the GitLab milestone's ID, when read from GitLab
}

// Calendar is an ordered list of milestone release days.
type Calendar struct {
	source     string
	milestones []Milestone // sorted by Date, no two on one day
	// complete is the first day from which the list misses no milestone;
	// milestones cannot be counted from an earlier day.
	complete Date
}

// The span of GitLab's default cadence.
var (
	cadenceFirst = Date{2014, time.January, 1}
	cadenceLast  = Date{2040, time.December, 31}
	// The cadence changed after 16.5 (2023-10-22, the 22nd of the month) to
	// the third Thursday of the month, from 16.6 (2023-11-16).
	lastOn22nd = Date{2023, time.October, 22}
)

// GitLab returns GitLab's release cadence from 2014 to 2040: a release on the
// 22nd of every month up to and including 2023-10-22 (16.5), and on the third
// Thursday of every month from 2023-11-16 (16.6) on. Milestones carry
// GitLab's version numbers as titles.
func GitLab() *Calendar { return gitlabCadence() }

// gitlabCadence builds the cadence on first use, not at start-up.
var gitlabCadence = sync.OnceValue(buildGitLab)

func buildGitLab() *Calendar {
	// A counted loop over the span's months, not one until a date is
	// passed: it ends whatever dates compare as.
	first := Date{cadenceFirst.Year, cadenceFirst.Month, 1}
	months := (cadenceLast.Year-first.Year)*12 + int(cadenceLast.Month) - int(first.Month) + 1
	ms := make([]Milestone, 0, months)
	for i := range months {
		d := first.AddMonths(i)
		day := Date{d.Year, d.Month, 22}
		if day.After(lastOn22nd) {
			day = thirdThursday(d.Year, d.Month)
		}
		ms = append(ms, Milestone{Title: gitlabVersion(d.Year, d.Month), Date: day})
	}
	return &Calendar{source: "GitLab's monthly release cadence", milestones: ms, complete: cadenceFirst}
}

// gitlabMajors lists the month each GitLab major version was first released
// in, with the minor it started at; from 16.0 on a new major ships every May.
var gitlabMajors = []struct {
	year         int
	month        time.Month
	major, minor int
}{
	{2014, time.January, 6, 5},
	{2014, time.June, 7, 0},
	{2015, time.September, 8, 0},
	{2017, time.March, 9, 0},
	{2017, time.September, 10, 0},
	{2018, time.June, 11, 0},
	{2019, time.June, 12, 0},
	{2020, time.May, 13, 0},
	{2021, time.June, 14, 0},
	{2022, time.May, 15, 0},
	{2023, time.May, 16, 0},
}

// gitlabVersion names the GitLab release of the given month: 16.5 in
// October 2023, 16.6 in November 2023, 17.0 in May 2024.
func gitlabVersion(y int, m time.Month) string {
	e := gitlabMajors[0]
	for _, x := range gitlabMajors {
		if (y-x.year)*12+int(m)-int(x.month) >= 0 {
			e = x
		}
	}
	minor := e.minor + (y-e.year)*12 + int(m) - int(e.month)
	if e == gitlabMajors[len(gitlabMajors)-1] {
		// Since the last major listed, a major each May: .0 to .11.
		return fmt.Sprintf("%d.%d", e.major+minor/12, minor%12)
	}
	return fmt.Sprintf("%d.%d", e.major, minor)
}

func thirdThursday(y int, m time.Month) Date {
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Weekday()
	offset := (int(time.Thursday) - int(first) + 7) % 7
	return Date{y, m, 1 + offset + 14}
}

// FromDates returns the calendar of the given release days, in any order;
// source says where they came from ("calendar.dates in .keepup.yml").
// Two milestones on one day are an error.
func FromDates(source string, ms []Milestone) (*Calendar, error) {
	ms = slices.Clone(ms)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Date.Before(ms[j].Date) })
	for i := 1; i < len(ms); i++ {
		if ms[i].Date == ms[i-1].Date {
			return nil, fmt.Errorf("two milestones on %s", ms[i].Date)
		}
	}
	for i := range ms {
		if ms[i].Title == "" {
			ms[i].Title = ms[i].Date.String()
		}
	}
	c := &Calendar{source: source, milestones: ms}
	c.complete, _ = c.Span()
	return c, nil
}

// Source says where the calendar's dates come from.
func (c *Calendar) Source() string { return c.source }

// Span returns the first and last milestone days, or zero dates for an empty calendar.
func (c *Calendar) Span() (first, last Date) {
	if len(c.milestones) == 0 {
		return Date{}, Date{}
	}
	return c.milestones[0].Date, c.milestones[len(c.milestones)-1].Date
}

// After returns the first n milestones released strictly after d. A
// milestone released on d itself does not count: a release dated on a
// milestone's release day counts from the next milestone.
func (c *Calendar) After(d Date, n int) ([]Milestone, error) {
	if d.Before(c.complete) {
		return nil, fmt.Errorf("the milestone calendar (%s) starts on %s, so it cannot count milestones after %s: add the milestones before it", c.source, c.complete, d)
	}
	i := sort.Search(len(c.milestones), func(i int) bool { return c.milestones[i].Date.After(d) })
	if i+n > len(c.milestones) {
		_, last := c.Span()
		return nil, fmt.Errorf("the milestone calendar (%s) ends on %s, before %d milestones after %s: add later milestones to it", c.source, last, n, d)
	}
	return c.milestones[i : i+n], nil
}

// Package report writes evaluation results for people and machines: a
// table for the terminal, JUnit for GitLab, JSON as a stable contract, and
// markdown for notes and issues. It never computes deadlines.
package report

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"gitlab.com/keepup/keepup/calendar"
	"gitlab.com/keepup/keepup/checks"
)

// Meta says what a report is about: where the policy and the data came from
// and when it was made.
type Meta struct {
	Policy      string        // the policy file, or config.DefaultName
	DataSource  string        // "endoflife.date snapshot"
	DataDate    calendar.Date // when the data was taken
	Now         calendar.Date // the evaluation date
	GeneratedAt time.Time     // when the report was made
	// ProductData says where each product's release data came from, by
	// product name; DataSource and DataDate sum it up.
	ProductData map[string]DataOrigin
	// Unenforced, when set, says why the run enforces nothing (a CI job
	// with no policy file): the table starts and ends with it, and JUnit
	// reports it as a skipped test case.
	Unenforced string
}

// DataOrigin is where one product's release data came from: "endoflife.date
// live", "cache of 2026-11-20", "embedded snapshot of 2026-08-22", and the
// day it was current.
type DataOrigin struct {
	Source string
	Date   calendar.Date
}

// Report is one evaluation with its metadata: what every writer takes.
type Report struct {
	Meta
	*checks.Result
	Gate *checks.GateResult // nil unless keepup gate ran
	// Problems are failures of the run that are not findings, such as a
	// GitLab request that failed; JUnit shows them as errors.
	Problems []Problem
}

// Problem is a failure of one part of a run.
type Problem struct {
	Name    string // what failed: "gitlab issues"
	Message string
}

// ByUrgency returns the findings most urgent first: by status rank, then the
// fewest days left, then policy order.
func (r Report) ByUrgency() []checks.Finding {
	fs := slices.Clone(r.Findings)
	slices.SortStableFunc(fs, urgency)
	return fs
}

// urgency orders findings most urgent first: by status rank, then the
// fewest days left.
func urgency(a, b checks.Finding) int {
	if c := cmp.Compare(a.Status.Rank(), b.Status.Rank()); c != 0 {
		return c
	}
	return cmp.Compare(daysLeft(a), daysLeft(b))
}

func daysLeft(f checks.Finding) int {
	if f.DaysLeft == nil {
		return 1 << 30
	}
	return *f.DaysLeft
}

// When says in words how far a finding's due date is: "12 days late",
// "due today", "in 30 days", or "" without a due date. In calendar mode
// nothing is late: a past due date reads "12 days ago". A release past its
// end of life with no date to drop it by reads "since 2025-02-28", its end
// of life.
func When(f checks.Finding) string {
	switch {
	case f.DaysLeft == nil && f.Status == checks.EOL && !f.EOL.IsZero():
		return "since " + f.EOL.String()
	case f.DaysLeft == nil:
		return ""
	case *f.DaysLeft < 0 && f.Status == checks.Untracked:
		return plural(-*f.DaysLeft, "day") + " ago"
	case *f.DaysLeft < 0:
		return plural(-*f.DaysLeft, "day") + " late"
	case *f.DaysLeft == 0:
		return "due today"
	}
	return "in " + plural(*f.DaysLeft, "day")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// WriteFile writes a report to path whole or not at all: it writes a
// temporary file beside path and renames it into place. A path of "-"
// writes to stdout instead.
func WriteFile(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename this fails harmlessly
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

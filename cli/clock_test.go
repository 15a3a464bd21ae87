package cli

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	gl "gitlab.com/gitlab-org/api/client-go/v2"
)

// --now and KEEPUP_NOW reach the red-branch checks: check --red-main says
// how long as of then, the gate for how many days as of then. The
// pipelines: green at 2026-08-20 10:00, red from 11:00 (gate: 12:00).
func TestNowReachesRedMain(t *testing.T) {
	srv := newFake(t)
	pipeline(srv, "success", 0)
	pipeline(srv, "failed", 1, gl.Job{Name: "build", Stage: "build", Status: "failed"})
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		// The clock reads 2026-08-25 12:00, and --now that day is that reading.
		{nil, nil, "red since 2026-08-20 11:00 UTC (5 days, first failed pipeline #"},
		// Another day stands for its end.
		{nil, []string{"--now", "2026-08-21"}, "red since 2026-08-20 11:00 UTC (37 hours, first failed pipeline #"},
		{map[string]string{"KEEPUP_NOW": "2026-08-22"}, nil, "red since 2026-08-20 11:00 UTC (2 days, first failed pipeline #"},
		{map[string]string{"KEEPUP_NOW": "2026-08-22"}, []string{"--now", "2026-08-20"}, "red since 2026-08-20 11:00 UTC (13 hours, first failed pipeline #"},
	} {
		code, stdout, _, _ := keepupCheck(t, srv, tt.env, append([]string{"--red-main"}, tt.args...)...)
		if code != exitOK && code != exitBreach || !strings.Contains(stdout, "note: the default branch main is "+tt.want) {
			t.Errorf("%v %v: exit %d, want the note %q:\n%s", tt.env, tt.args, code, tt.want, stdout)
		}
	}

	gsrv := gateFake(t)
	pipeline(gsrv, "success", 0)
	pipeline(gsrv, "failed", 2)
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, nil, "(5 days as of 2026-08-25)"},
		{nil, []string{"--now", "2026-08-22"}, "(2 days as of 2026-08-22)"},
		{map[string]string{"KEEPUP_NOW": "2026-08-21"}, nil, "(1 day as of 2026-08-21)"},
		{map[string]string{"KEEPUP_NOW": "2026-08-21"}, []string{"--now", "2026-08-23"}, "(3 days as of 2026-08-23)"},
	} {
		code, stdout, _ := gate(t, gsrv, goodLabels, tt.env, tt.args...)
		want := regexp.MustCompile(`(?m)^     red since 2026-08-20 12:00 UTC, first failed pipeline #\d+ ` + regexp.QuoteMeta(tt.want) + `$`)
		if code != exitBreach || !want.MatchString(stdout) {
			t.Errorf("gate %v %v: exit %d, want a line matching %s:\n%s", tt.env, tt.args, code, want, stdout)
		}
	}
}

// The clock reading is the reports' generated_at, whatever --now says;
// SOURCE_DATE_EPOCH fixes it, and a bad one is refused by the commands
// that write reports.
func TestGeneratedAt(t *testing.T) {
	dir := t.TempDir()
	generated := func(env map[string]string, args ...string) string {
		t.Helper()
		code, stdout, stderr := runIn(t, dir, env, append([]string{"check", "--json", "-"}, args...)...)
		var r struct {
			GeneratedAt string `json:"generated_at"`
			Now         string `json:"now"`
		}
		if err := json.Unmarshal([]byte(stdout), &r); err != nil || code != exitOK {
			t.Fatalf("exit %d, %v:\n%s%s", code, err, stdout, stderr)
		}
		return r.Now + " " + r.GeneratedAt
	}
	if got := generated(nil); got != "2026-08-25 2026-08-25T12:00:00Z" {
		t.Errorf("the clock: %s", got)
	}
	if got := generated(nil, "--now", "2026-01-01"); got != "2026-01-01 2026-08-25T12:00:00Z" {
		t.Errorf("--now 2026-01-01: %s", got)
	}
	if got := generated(map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}); got != "2026-08-25 2023-11-14T22:13:20Z" {
		t.Errorf("SOURCE_DATE_EPOCH=1700000000: %s", got)
	}
	if got := generated(map[string]string{"SOURCE_DATE_EPOCH": "0"}); got != "2026-08-25 1970-01-01T00:00:00Z" {
		t.Errorf("SOURCE_DATE_EPOCH=0: %s", got)
	}
	if got := generated(map[string]string{"SOURCE_DATE_EPOCH": "253402300799"}); got != "2026-08-25 9999-12-31T23:59:59Z" {
		t.Errorf("SOURCE_DATE_EPOCH at the end of 9999: %s", got)
	}
	for _, bad := range []string{"yesterday", "-1", "253402300800", "1.5"} {
		for _, cmd := range [][]string{{"check"}, {"explain", "kubernetes"}, {"gate", "--mr", "1"}} {
			code, stdout, stderr := runIn(t, dir, map[string]string{"SOURCE_DATE_EPOCH": bad}, cmd...)
			if want := "keepup: error: SOURCE_DATE_EPOCH=\"" + bad + "\": expected seconds since 1970, in the years 1970 to 9999\n"; code != exitError || stdout != "" || stderr != want {
				t.Errorf("%s with SOURCE_DATE_EPOCH=%s: exit %d\n%s%s", cmd[0], bad, code, stdout, stderr)
			}
		}
	}
	code, _, stderr := runIn(t, dir, map[string]string{"KEEPUP_GITLAB_RETRY_WAIT": "-1s"}, "check")
	if code != exitError || stderr != "keepup: error: KEEPUP_GITLAB_RETRY_WAIT=\"-1s\": expected a duration of zero or more\n" {
		t.Errorf("a negative KEEPUP_GITLAB_RETRY_WAIT: exit %d: %s", code, stderr)
	}
	// Commands that write no reports do not read it.
	if code, stdout, _ := runIn(t, dir, map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}, "version"); code != exitOK || !strings.HasPrefix(stdout, "keepup test (commit ") {
		t.Errorf("version with a bad SOURCE_DATE_EPOCH: exit %d: %s", code, stdout)
	}
	os.Remove(dir)
}

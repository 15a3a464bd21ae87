package cli

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

// The human format: "keepup: " and the level word, the message, the
// attributes as key=value, hints on lines of their own.
func TestHumanLog(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(newHumanHandler(&buf, slog.LevelDebug))
	log.Info("syncing issues")
	log.Warn("the data is old", hint("use --data live"))
	log.Error("two failures\nand a second line", "product", "kubernetes", "url", "http://x/a b", "empty", "", "n", 3)
	log.Debug("detail", slog.Group("req", "method", "GET"), hint("first"), hint("second\nover two lines"))
	log.With("job", 7).WithGroup("g").With("k", "v").Warn("grouped", "a", `say "hi"`, hint("still a hint"))
	log.WithGroup("").With().Info("no group")
	want := `keepup: syncing issues
keepup: warning: the data is old
keepup: hint: use --data live
keepup: error: two failures
keepup: error: and a second line product=kubernetes url="http://x/a b" empty="" n=3
keepup: debug: detail req.method=GET
keepup: hint: first
keepup: hint: second
keepup: hint: over two lines
keepup: warning: grouped job=7 g.k=v g.a="say \"hi\""
keepup: hint: still a hint
keepup: no group
`
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestHumanLogLevel(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(newHumanHandler(&buf, slog.LevelWarn))
	log.Debug("d")
	log.Info("i")
	log.Warn("w")
	log.Error("e")
	if buf.String() != "keepup: warning: w\nkeepup: error: e\n" {
		t.Errorf("at warn level:\n%s", buf.String())
	}
}

func TestNewLogger(t *testing.T) {
	var buf bytes.Buffer
	log, err := newLogger(&buf, "json", "warn")
	if err != nil {
		t.Fatal(err)
	}
	log.Info("not shown")
	log.Warn("the data is old", hint("use --data live"), "product", "redis")
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, buf.String())
	}
	if rec["level"] != "WARN" || rec["msg"] != "the data is old" || rec["hint"] != "use --data live" || rec["product"] != "redis" || rec["time"] == nil {
		t.Errorf("JSON record %v", rec)
	}
	for _, tt := range []struct{ format, level, want string }{
		{"xml", "", `log format "xml": expected human or json`},
		{"human", "loud", `KEEPUP_LOG_LEVEL="loud": expected debug, info, warn or error`},
	} {
		if _, err := newLogger(&buf, tt.format, tt.level); err == nil || err.Error() != tt.want {
			t.Errorf("newLogger(%q, %q) = %v, want %s", tt.format, tt.level, err, tt.want)
		}
	}
	buf.Reset()
	if log, err := newLogger(&buf, "", ""); err != nil {
		t.Fatal(err)
	} else {
		log.Debug("not shown")
		log.Info("shown")
	}
	if buf.String() != "keepup: shown\n" {
		t.Errorf("default format and level: %q", buf.String())
	}
}

// Every command logs in the format KEEPUP_LOG_FORMAT or --log-format says,
// errors included; a bad format is an error of the commands that read the
// environment, in the default format.
func TestLogFormat(t *testing.T) {
	dir := t.TempDir()
	jsonLines := func(t *testing.T, stderr string) []map[string]any {
		t.Helper()
		var recs []map[string]any
		for line := range strings.SplitSeq(strings.TrimSpace(stderr), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("%v: stderr is not JSON lines:\n%s", err, stderr)
			}
			recs = append(recs, rec)
		}
		return recs
	}
	for _, tt := range []struct {
		name    string
		environ map[string]string
		args    []string
	}{
		{"env", map[string]string{"KEEPUP_LOG_FORMAT": "json"}, []string{"check", "--now", "2026-13-01"}},
		{"flag", nil, []string{"check", "--log-format", "json", "--now", "2026-13-01"}},
		{"flag=", nil, []string{"check", "--now", "2026-13-01", "-log-format=json"}},
		{"flag beats env", map[string]string{"KEEPUP_LOG_FORMAT": "human"}, []string{"check", "--log-format", "json", "--now", "2026-13-01"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runIn(t, dir, tt.environ, tt.args...)
			recs := jsonLines(t, stderr)
			if code != exitError || len(recs) != 1 || recs[0]["level"] != "ERROR" || recs[0]["msg"] != `--now "2026-13-01": expected a date of the form YYYY-MM-DD` {
				t.Errorf("exit %d:\n%s", code, stderr)
			}
		})
	}

	// A warning with its hint, and info, in JSON: the default policy, stale data.
	code, _, stderr := runIn(t, dir, map[string]string{"KEEPUP_LOG_FORMAT": "json"}, "check", "--now", "2026-12-01")
	recs := jsonLines(t, stderr)
	if code != exitOK || len(recs) != 2 || recs[0]["level"] != "INFO" || recs[1]["level"] != "WARN" ||
		recs[1]["hint"] != "use --data auto or live, or update keepup" || !strings.HasPrefix(recs[1]["msg"].(string), "the embedded endoflife.date data is from 2026-08-22, 101 days before 2026-12-01") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	// The same, for people.
	code, _, stderr = runIn(t, dir, nil, "check", "--now", "2026-12-01")
	if want := "keepup: warning: the embedded endoflife.date data is from 2026-08-22, 101 days before 2026-12-01: releases since then are missing\nkeepup: hint: use --data auto or live, or update keepup\n"; code != exitOK || !strings.HasSuffix(stderr, want) ||
		!strings.HasPrefix(stderr, "keepup: no .keepup.yml or .keepup.yaml in ") || !strings.Contains(stderr, "using the embedded default policy (calendar mode)\nkeepup: hint: 'keepup init' writes it to .keepup.yml to edit\n") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}

	for _, tt := range []struct {
		environ map[string]string
		args    []string
		want    string
	}{
		{map[string]string{"KEEPUP_LOG_FORMAT": "xml"}, []string{"check"}, "keepup: error: KEEPUP_LOG_FORMAT=\"xml\": expected human or json\n"},
		{nil, []string{"explain", "--log-format", "xml", "k8s"}, "keepup: error: --log-format \"xml\": expected human or json\nkeepup: hint: see 'keepup explain --help'\n"},
		{nil, []string{"check", "--log-format"}, "keepup: error: --log-format \"\": expected human or json\nkeepup: hint: see 'keepup check --help'\n"},
		// A bad level and a good format: the format stands.
		{map[string]string{"KEEPUP_LOG_FORMAT": "json", "KEEPUP_LOG_LEVEL": "loud"}, []string{"check"}, `"msg":"KEEPUP_LOG_LEVEL=\"loud\": expected debug, info, warn or error"`},
	} {
		code, stdout, stderr := runIn(t, dir, tt.environ, tt.args...)
		if code != exitError || stdout != "" || (stderr != tt.want && !strings.Contains(stderr, tt.want)) {
			t.Errorf("%v %v: exit %d, stderr %q, want %q", tt.environ, tt.args, code, stderr, tt.want)
		}
	}
	// Commands that do not read the environment run with a bad format, in
	// the default one.
	if code, stdout, stderr := runIn(t, dir, map[string]string{"KEEPUP_LOG_FORMAT": "xml"}, "version"); code != exitOK || !strings.HasPrefix(stdout, "keepup test ") || stderr != "" {
		t.Errorf("version with KEEPUP_LOG_FORMAT=xml: exit %d\n%s%s", code, stdout, stderr)
	}
	// --log-format is taken out wherever it is, but not after "--" nor as
	// the value of another flag.
	for _, tt := range []struct {
		args, rest []string
		format     string
		given      bool
	}{
		{[]string{"--policy", "--log-format", "k8s"}, []string{"--policy", "--log-format", "k8s"}, "", false},
		{[]string{"k8s", "--", "--log-format", "json"}, []string{"k8s", "--", "--log-format", "json"}, "", false},
		{[]string{"--all", "--log-format", "json", "k8s"}, []string{"--all", "k8s"}, "json", true},
		{[]string{"--log-format=json", "--log-format", "human"}, nil, "human", true},
	} {
		rest, format, given := takeLogFormat(lookup("explain"), tt.args)
		if strings.Join(rest, " ") != strings.Join(tt.rest, " ") || format != tt.format || given != tt.given {
			t.Errorf("takeLogFormat(%q) = %q, %q, %v", tt.args, rest, format, given)
		}
	}
}

// client-go's warnings and its HTTP client's messages go through keepup's
// log, in its format, and never carry the token.
func TestGitLabClientLog(t *testing.T) {
	srv := newFake(t)
	// A base URL without a scheme: client-go warns, and the request fails.
	code, _, stderr, _ := keepupRun(t, srv, map[string]string{"CI_API_V4_URL": "gitlab.invalid/api/v4"}, "--issues")
	if code != exitError || !strings.Contains(stderr, `keepup: warning: URL validation warning url=gitlab.invalid/api/v4/ error="invalid base URL \"gitlab.invalid/api/v4/\": missing scheme`) {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	// At debug level, each request.
	code, _, stderr, _ = keepupRun(t, srv, map[string]string{"KEEPUP_LOG_LEVEL": "debug"}, "--issues")
	if code != exitBreach || !strings.Contains(stderr, "keepup: debug: GitLab HTTP client: performing request method=GET url=\""+srv.URL()+"/projects/group%2Fapp/issues?labels=keepup&") {
		t.Errorf("exit %d:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "GitLab HTTP client") && strings.Contains(stderr, secret) {
		t.Error("the token in the log") // keepupRun checks all output too
	}
	// Not below debug.
	_, _, stderr, _ = keepupRun(t, srv, nil, "--issues")
	if strings.Contains(stderr, "GitLab HTTP client") {
		t.Errorf("HTTP client messages at info level:\n%s", stderr)
	}
}

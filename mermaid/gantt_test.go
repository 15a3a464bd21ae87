package mermaid

import (
	"regexp"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
)

var d = calendar.MustParseDate

func TestLabel(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"kubernetes 1.36 (k8s)", "kubernetes 1.36 (k8s)"},
		{"a:b#c;d%e", "a b c d e"},
		{"x #9829; y", "x 9829 y"},
		{"%%{init: {'theme':'forest'}}%%", "init theme forest"},
		{"```\n<!-- keepup:end -->", "-- keepup end --"},
		{"1.0\n    hacked :crit, 2020-01-01, 2030-01-01", "1.0 hacked crit 2020-01-01 2030-01-01"},
		{"\t tabs\r\nand  spaces ", "tabs and spaces"},
		{"é ñ 日本 1_2+3/4", "é ñ 日本 1_2+3/4"},
		// Mermaid reads these words at the start of a line as its own.
		{"section evil", "_section evil"},
		{"Title x", "_Title x"},
		{"click x call alert()", "_click x call alert()"},
		{"dateFormat X", "_dateFormat X"},
		{"excludes weekends", "_excludes weekends"},
		{"weekday monday", "_weekday monday"},
		{"accTitle: hi", "_accTitle hi"},
		{"today 2026", "today 2026"},
		{"", ""},
		{"::", ""},
		{strings.Repeat("a", 100), strings.Repeat("a", MaxName-3) + "..."},
	} {
		if got := Label(tt.in); got != tt.want {
			t.Errorf("Label(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestGanttMarkdown(t *testing.T) {
	g := Gantt{Title: "Releases to support as of 2026-08-25", Today: d("2026-08-25"), Tasks: []Task{
		{Section: "overdue", Name: "kubernetes 1.36", Start: d("2026-04-22"), End: d("2026-07-22"), Tag: Crit},
		{Section: "overdue", Name: "ubuntu 26.04", Start: d("2026-04-23"), End: d("2026-06-18"), Tag: Crit},
		{Section: "due-soon", Name: "nginx 1.31", Start: d("2026-05-13"), End: d("2026-09-13"), Tag: Active},
		{Section: "pending", Name: "no due date", Start: d("2026-05-13")},
		{Section: "pending", Name: "ends before it starts", Start: d("2026-05-13"), End: d("2026-05-12")},
		{Section: "pending", Name: "redis 8.10", Start: d("2026-07-29"), End: d("2026-12-17")},
	}}
	want := "```mermaid\ngantt\n" +
		"    title Releases to support as of 2026-08-25\n" +
		"    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n" +
		"    todayMarker off\n    today 2026-08-25 :milestone, 2026-08-25, 0d\n" +
		"    section overdue\n" +
		"    kubernetes 1.36 :crit, 2026-04-22, 2026-07-22\n" +
		"    ubuntu 26.04 :crit, 2026-04-23, 2026-06-18\n" +
		"    section due-soon\n" +
		"    nginx 1.31 :active, 2026-05-13, 2026-09-13\n" +
		"    section pending\n" +
		"    redis 8.10 :2026-07-29, 2026-12-17\n" +
		"```\n"
	if got := g.Markdown(); got != want {
		t.Errorf("gantt:\n%s\nwant:\n%s", got, want)
	}

	// Without Today, Mermaid marks the day the chart is viewed; without a
	// title or sections, there are none.
	one := Gantt{Tasks: []Task{{Name: "kubernetes 1.36", Start: d("2026-04-22"), End: d("2026-07-22"), Tag: Crit}}}
	if got, want := one.Markdown(), "```mermaid\ngantt\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n    kubernetes 1.36 :crit, 2026-04-22, 2026-07-22\n```\n"; got != want {
		t.Errorf("gantt:\n%s\nwant:\n%s", got, want)
	}

	// Nothing to draw: no chart.
	for _, g := range []Gantt{{Title: "t", Today: d("2026-08-25")}, {Tasks: []Task{{Name: "x", Start: d("2026-01-01")}}}} {
		if got := g.Markdown(); got != "" {
			t.Errorf("gantt of nothing to draw:\n%s", got)
		}
	}
}

// lineRE is every line a chart may have between its fences: the header
// lines keepup writes, sections and tasks whose names are made of the
// characters Label keeps.
var lineRE = regexp.MustCompile(`^(gantt|    title [^\n:#;%` + "`" + `<>]+|    dateFormat YYYY-MM-DD|    axisFormat %Y-%m-%d|    todayMarker off|` +
	`    today \d{4}-\d\d-\d\d :milestone, \d{4}-\d\d-\d\d, 0d|    section [\pL\pN ._+/()-]+|` +
	`    [\pL\pN ._+/()-]+ :(crit, |active, )?\d{4}-\d\d-\d\d, \d{4}-\d\d-\d\d)$`)

var taskRE = regexp.MustCompile(`^    (.+) :(crit, |active, )?\d{4}-\d\d-\d\d, `)

// Names from the release data or the policy cannot end the code block,
// add a line, or start one with a word of Mermaid's.
func TestHostileNamesStayInTheBlock(t *testing.T) {
	hostile := []string{
		"1.0\n```\n<script>alert(1)</script>", "a:b", "x #9829; y", "%%{init: {'theme':'dark'}}%%",
		"section evil", "title x", "click x call alert()", "<!-- keepup:end -->", "2.0\r\n    fake :crit, 2000-01-01, 2099-01-01",
		"~~~", "    ```", "\u2028next", "::", "",
	}
	var tasks []Task
	for _, h := range hostile {
		tasks = append(tasks, Task{Section: h, Name: h + " " + h, Start: d("2026-01-01"), End: d("2026-02-01"), Tag: Crit})
	}
	out := Gantt{Title: strings.Join(hostile, " "), Today: d("2026-01-15"), Tasks: tasks}.Markdown()
	body, ok := strings.CutPrefix(out, "```mermaid\n")
	if !ok || !strings.HasSuffix(body, "\n```\n") {
		t.Fatalf("not one fenced block:\n%s", out)
	}
	lines := strings.Split(strings.TrimSuffix(body, "\n```\n"), "\n")
	n := 0
	for _, l := range lines {
		if !lineRE.MatchString(l) {
			t.Errorf("line %q is not one keepup writes", l)
		}
		if strings.HasPrefix(l, "    ") && strings.Contains(l, " :crit, 2026-01-01, 2026-02-01") {
			n++
		}
		name, ok := strings.CutPrefix(l, "    section ")
		if m := taskRE.FindStringSubmatch(l); m != nil {
			name, ok = m[1], true
		}
		for _, k := range keywords {
			if !ok {
				break
			}
			if strings.HasPrefix(strings.ToLower(name), k) {
				t.Errorf("line %q starts with Mermaid's %s", l, k)
			}
		}
	}
	if n != len(hostile) {
		t.Errorf("%d task lines, want %d:\n%s", n, len(hostile), out)
	}
}

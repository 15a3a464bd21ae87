package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/detect"
)

const detectHead = "version: 1\ntargets:\n  - name: k\n    product: kubernetes\n    window: 3 months\n    detect:\n"

func TestDetectRules(t *testing.T) {
	p, err := Parse([]byte(detectHead+`      - file: charts/*/Chart.yaml
        yaml: .kubeVersion
        semver: true
      - file: "**/Dockerfile"
        regex: '^FROM kindest/node:(?P<version>v[0-9.]+)'
        optional: true
      - {file: .gitlab-ci.yml, yaml: '.test.parallel.matrix[*].KUBE_VERSION', semver: false, optional: false}
    supported: ["1.30"]
`), "p.yml", products)
	if err != nil {
		t.Fatal(err)
	}
	tg := p.Targets[0]
	want := []Detect{
		{detect.Rule{File: "charts/*/Chart.yaml", YAML: ".kubeVersion", Semver: true}, Pos{"p.yml", 7, 9}},
		{detect.Rule{File: "**/Dockerfile", Regex: "^FROM kindest/node:(?P<version>v[0-9.]+)", Optional: true}, Pos{"p.yml", 10, 9}},
		{detect.Rule{File: ".gitlab-ci.yml", YAML: ".test.parallel.matrix[*].KUBE_VERSION"}, Pos{"p.yml", 13, 10}},
	}
	if !reflect.DeepEqual(tg.Detect, want) {
		t.Errorf("detect =\n  %+v\nwant\n  %+v", tg.Detect, want)
	}
	if len(tg.Supported) != 1 || tg.Supported[0].Name != "1.30" || tg.Supported[0].Found != "" {
		t.Errorf("supported = %+v", tg.Supported)
	}
	for _, d := range tg.Detect {
		if err := d.Check(); err != nil {
			t.Errorf("%+v: the rule config accepted fails detect's check: %v", d, err)
		}
	}
}

func TestDetectRuleErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"no file", "      - yaml: .a\n", `p.yml:7:9: targets[0].detect[0].file: missing; a detect rule needs file (a glob such as charts/*/Chart.yaml) and regex or yaml`},
		{"neither", "      - file: a.yml\n", `p.yml:7:9: targets[0].detect[0]: give regex (with a group named version) or yaml (a path such as .image.tag) to read versions from a.yml`},
		{"both", "      - file: a.yml\n        yaml: .a\n        regex: (?P<version>.)\n", `p.yml:7:9: targets[0].detect[0]: give regex or yaml, not both`},
		{"no group", "      - file: Dockerfile\n        regex: 'FROM ubuntu:(\\S+)'\n", `p.yml:8:16: targets[0].detect[0].regex: the regex has no group named version: put (?P<version>...) around the version, as in 'FROM ubuntu:(?P<version>[0-9.]+)'`},
		{"bad regex", "      - file: Dockerfile\n        regex: '(?P<version>'\n", "p.yml:8:16: targets[0].detect[0].regex: bad regular expression: missing closing ): `(?P<version>`"},
		{"bad path", "      - file: a.yml\n        yaml: a.b\n", `p.yml:8:15: targets[0].detect[0].yaml: path "a.b": start it with a dot, as in .image.tag`},
		{"bad glob", "      - file: ../a.yml\n        yaml: .a\n", `p.yml:7:15: targets[0].detect[0].file: "../a.yml": .. steps are not allowed: patterns stay inside the repository`},
		{"absolute", "      - file: /etc/os-release\n        regex: (?P<version>.)\n", `p.yml:7:15: targets[0].detect[0].file: "/etc/os-release": give a path relative to the repository root, not an absolute one`},
		{"file a list", "      - file: [a, b]\n        yaml: .a\n", `p.yml:7:15: targets[0].detect[0].file: expected a file pattern such as charts/*/Chart.yaml, found a list`},
		{"regex a list", "      - file: a\n        regex: [a]\n", `p.yml:8:16: targets[0].detect[0].regex: expected a regular expression with a group named version, found a list`},
		{"yaml a list", "      - file: a\n        yaml: [a]\n", `p.yml:8:15: targets[0].detect[0].yaml: expected a YAML path such as .image.tag, found a list`},
		{"semver not bool", "      - file: a\n        yaml: .a\n        semver: yes please\n", `p.yml:9:17: targets[0].detect[0].semver: expected true or false, found "yes please"`},
		{"optional not bool", "      - file: a\n        yaml: .a\n        optional: 1\n", `p.yml:9:19: targets[0].detect[0].optional: expected true or false, found the number 1`},
		{"unknown key", "      - file: a\n        path: .a\n", `p.yml:8:9: targets[0].detect[0].path: unknown key; expected one of file, regex, yaml, semver, optional`},
		{"a rule not a mapping", "      - charts/Chart.yaml\n", `p.yml:7:9: targets[0].detect[0]: expected a mapping of keys to values, found "charts/Chart.yaml"`},
		{"not a list", "      file: a\n", `p.yml:7:7: targets[0].detect: expected a list, found a mapping`},
		{"empty list", "      []\n", `p.yml:7:7: targets[0].detect: an empty list detects nothing: list rules (file, and regex or yaml), or remove detect`},
		{"second rule", "      - {file: a, yaml: .a}\n      - {file: b}\n", `p.yml:8:10: targets[0].detect[1]: give regex (with a group named version) or yaml (a path such as .image.tag) to read versions from b`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(detectHead+tt.yaml), "p.yml", products)
		var pe *Error
		if err == nil || !errors.As(err, &pe) || err.Error() != tt.want {
			t.Errorf("%s:\n  got  %v\n  want %s", tt.name, err, tt.want)
		}
	}
}

// A null detect is no rule at all, like a null supported.
func TestDetectNull(t *testing.T) {
	p, err := Parse([]byte(strings.TrimSuffix(detectHead, "\n")+" ~\n"), "p.yml", products)
	if err == nil {
		t.Fatalf("detect: ~ accepted as %+v", p.Targets[0].Detect)
	}
	if want := "p.yml:6:13: targets[0].detect: an empty list detects nothing"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("detect: ~: %v, want %s", err, want)
	}
}

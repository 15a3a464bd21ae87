package upstream

import (
	"errors"
	"strings"
	"testing"

	"gitlab.com/keepup/keepup/calendar"
)

func TestEmbeddedSnapshot(t *testing.T) {
	s := Embedded()
	if s.Date().String() != "2026-08-22" {
		t.Errorf("snapshot date = %s, want 2026-08-22", s.Date())
	}
	if len(s.Names()) < 20 {
		t.Fatalf("snapshot has %d products: %v", len(s.Names()), s.Names())
	}
	for _, name := range s.Names() {
		p, err := s.Product(name)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != name || len(p.Releases) == 0 {
			t.Errorf("%s: parsed as %q with %d releases", name, p.Name, len(p.Releases))
		}
		// keepup data update dates the snapshot the day it fetches, and
		// endoflife.date may have generated a document the day before.
		if p.Date.After(s.Date()) || p.Date.IsZero() {
			t.Errorf("%s: generated %s, after the snapshot's date %s", name, p.Date, s.Date())
		}
		for i := 1; i < len(p.Releases); i++ {
			if p.Releases[i].Released.After(p.Releases[i-1].Released) {
				t.Errorf("%s: releases not newest first at %s", name, p.Releases[i].Name)
			}
		}
	}
	k8s, _ := s.Product("kubernetes")
	r, ok := k8s.Release("1.32")
	if !ok || r.Released.String() != "2024-12-11" || r.EOL.String() != "2026-02-28" {
		t.Errorf("kubernetes 1.32 = %+v, %v", r, ok)
	}
	ubuntu, _ := s.Product("ubuntu")
	if r, _ := ubuntu.Release("24.04"); !r.LTS {
		t.Error("ubuntu 24.04 is not LTS")
	}
	if r, _ := ubuntu.Release("25.10"); r.LTS {
		t.Error("ubuntu 25.10 is LTS")
	}
	goProduct, _ := s.Product("go")
	if r, _ := goProduct.Release("1.27"); !r.EOL.IsZero() {
		t.Errorf("go 1.27 has eolFrom null, got EOL %s", r.EOL)
	}
}

func TestUnknownProduct(t *testing.T) {
	_, err := Embedded().Product("kubernets")
	if !errors.Is(err, ErrUnknownProduct) || !strings.Contains(err.Error(), "kubernetes") {
		t.Errorf("err = %v, want ErrUnknownProduct listing known products", err)
	}
}

func TestParseProductErrors(t *testing.T) {
	tests := map[string]string{
		`{`:             "unexpected end of JSON",
		`{"result":{}}`: "no result.name",
		`{"result":{"name":"x","releases":[{"name":"1","releaseDate":"2024-13-01"}]}}`:                  "release 1: releaseDate",
		`{"result":{"name":"x","releases":[{"name":"1","releaseDate":"2024-01-01","eolFrom":"soon"}]}}`: "eolFrom",
		`{"result":{"name":"x","releases":[{"releaseDate":"2024-01-01"}]}}`:                             "releases[0] has no name",
		`{"generated_at":"yesterday","result":{"name":"x"}}`:                                            "generated_at",
		// Text keepup prints must be printable and short.
		`{"result":{"name":"x","releases":[{"name":"1\u001b[2J","releaseDate":"2024-01-01"}]}}`:                      `releases[0].name "1\x1b[2J" holds the unprintable character U+001B`,
		`{"result":{"name":"x","releases":[{"name":"1 2","releaseDate":"2024-01-01"}]}}`:                             `releases[0].name "1 2" holds white space`,
		`{"result":{"name":"x","releases":[{"name":"1","releaseDate":"2024-01-01","latest":{"name":"1.0\u202e"}}]}}`: `releases[0].latest.name "1.0\u202e" holds the unprintable character U+202E`,
		`{"result":{"name":"x","label":"X\rY"}}`:                                                                     `result.label "X\rY" holds the unprintable character U+000D`,
		`{"result":{"name":"x","label":"\ud800"}}`:                                                                   `result.label "\ufffd" is not valid UTF-8`,
		`{"result":{"name":"x","aliases":["y","z\n"]}}`:                                                              `result.aliases[1] "z\n" holds white space`,
		`{"result":{"name":"x\ty"}}`:                                                                                 `result.name "x\ty" holds white space`,
		`{"result":{"name":"x","releases":[{"name":"` + strings.Repeat("9", 65) + `","releaseDate":"2024-01-01"}]}}`: "releases[0].name is 65 characters long",
		`{"result":{"name":"x","label":"` + strings.Repeat("L", 201) + `"}}`:                                         "result.label is 201 characters long",
	}
	for doc, want := range tests {
		_, err := ParseProduct([]byte(doc), "test.json")
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "test.json") {
			t.Errorf("ParseProduct(%s) = %v, want an error naming test.json and %q", doc, err, want)
		}
	}
}

func TestParseProductLTSFromDate(t *testing.T) {
	// RHEL 10 has isLts false but an ltsFrom date: it is an LTS release.
	p, err := ParseProduct([]byte(`{"result":{"name":"rhel","releases":[
		{"name":"10","releaseDate":"2025-05-20","isLts":false,"ltsFrom":"2035-05-31","eolFrom":null},
		{"name":"9","releaseDate":"2022-05-18","isLts":false,"ltsFrom":null,"isEol":true,"eolFrom":null}]}}`), "t")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Releases[0].LTS || p.Releases[1].LTS {
		t.Errorf("LTS = %v, %v; want true, false", p.Releases[0].LTS, p.Releases[1].LTS)
	}
	if !p.Releases[1].EOL.IsZero() {
		t.Error("isEol without eolFrom must not give an EOL date")
	}
}

// FuzzParseProduct: any document either is refused or gives a product
// whose names keepup can print and whose releases are newest first.
func FuzzParseProduct(f *testing.F) {
	f.Add([]byte(`{"generated_at":"2026-08-22T00:00:00Z","result":{"name":"x","label":"X","aliases":["y"],"releases":[
		{"name":"1","releaseDate":"2024-01-01","eolFrom":"2025-01-01","latest":{"name":"1.1","date":"2024-02-01"}},
		{"name":"2","releaseDate":"2025-01-01","isLts":true}]}}`))
	f.Add([]byte(`{"result":{"name":"x","releases":[{"name":"1\u001b","releaseDate":"2024-01-01"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProduct(data, "fuzz.json")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.json") {
				t.Errorf("error without the source: %v", err)
			}
			return
		}
		names := append([]string{p.Name}, p.Aliases...)
		for i, r := range p.Releases {
			names = append(names, r.Name)
			if i > 0 && r.Released.After(p.Releases[i-1].Released) {
				t.Errorf("release %s after %s is newer", r.Name, p.Releases[i-1].Name)
			}
		}
		for _, n := range names {
			if n == "" || checkText("name", n, maxName, true) != nil {
				t.Errorf("name %q passed", n)
			}
		}
	})
}

// TestSortNewestFirst pins the order Product.Releases keeps: newest
// release date first, releases of one date in the order given.
func TestSortNewestFirst(t *testing.T) {
	date := func(s string) calendar.Date {
		d, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	rs := []Release{
		{Name: "old", Released: date("2024-01-01")},
		{Name: "tie-a", Released: date("2025-06-01")},
		{Name: "new", Released: date("2026-01-01")},
		{Name: "tie-b", Released: date("2025-06-01")},
	}
	SortNewestFirst(rs)
	var got []string
	for _, r := range rs {
		got = append(got, r.Name)
	}
	if want := "new tie-a tie-b old"; strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
}

package oas

import (
	"encoding/json"
	"strings"
	"testing"

	"strata/vector-engine/openapi"
)

func load(t *testing.T) *Doc {
	t.Helper()
	d, err := Load(openapi.Qdrant, openapi.Legacy)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func decode(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLoadResolvesEveryRef(t *testing.T) {
	d := load(t)
	if len(d.Ops) < 70 {
		t.Fatalf("expected the whole document, got %d operations", len(d.Ops))
	}
	for _, want := range []string{"query_points", "upsert_points", "search_points", "recommend_points"} {
		found := false
		for _, op := range d.Ops {
			if op.ID == want {
				found = true
			}
		}
		if !found {
			t.Errorf("operation %s missing", want)
		}
	}
}

func TestFindPrefersLiteralSegments(t *testing.T) {
	d := load(t)
	op, params := d.Find("POST", []string{"collections", "aliases"})
	if op == nil || op.ID != "update_aliases" {
		t.Fatalf("got %+v", op)
	}
	op, params = d.Find("GET", []string{"collections", "c1", "points", "42"})
	if op == nil || op.ID != "get_point" || params["id"] != "42" || params["collection_name"] != "c1" {
		t.Fatalf("got %+v %v", op, params)
	}
	op, _ = d.Find("POST", []string{"collections", "c1", "points", "scroll"})
	if op == nil || op.ID != "scroll_points" {
		t.Fatalf("got %+v", op)
	}
}

func TestClassification(t *testing.T) {
	d := load(t)
	create := d.Schemas["CreateCollection"]
	cases := []struct {
		body       string
		ok         bool
		structural bool
		contains   string
	}{
		{`{"vectors":{"size":4,"distance":"Cosine"}}`, true, false, ""},
		{`{"vectors":{"a":{"size":4,"distance":"Dot"},"b":{"size":2,"distance":"Euclid"}}}`, true, false, ""},
		{`{"vectors":{"size":0,"distance":"Cosine"}}`, false, false, "must be 1 or larger"},
		{`{"vectors":{"size":4,"distance":"Cosin"}}`, false, true, "unknown variant `Cosin`"},
		{`{"vectors":{"size":"4","distance":"Cosine"}}`, false, true, ""},
		{`{"vectors":{"size":-4,"distance":"Cosine"}}`, false, true, ""},
		{`{"vectors":{"size":4.5,"distance":"Cosine"}}`, false, true, ""},
	}
	for _, c := range cases {
		issues := Validate(create, decode(t, c.body))
		if c.ok != (len(issues) == 0) {
			t.Errorf("%s: issues %v", c.body, issues)
			continue
		}
		if !c.ok {
			if HasStructural(issues) != c.structural {
				t.Errorf("%s: structural=%v, want %v (%v)", c.body, HasStructural(issues), c.structural, issues)
			}
			if c.contains != "" && !strings.Contains(issues[0].String(), c.contains) {
				t.Errorf("%s: %v does not mention %q", c.body, issues, c.contains)
			}
		}
	}
}

func TestFilterRejectsUnknownKeysAndNullArms(t *testing.T) {
	d := load(t)
	q := d.Schemas["QueryRequest"]
	if is := Validate(q, decode(t, `{"query":[1,2],"filter":{"must":[{"key":"a","match":{"value":"x"}}]},"limit":3}`)); len(is) != 0 {
		t.Fatal(is)
	}
	if is := Validate(q, decode(t, `{"filter":{"muts":[]}}`)); !HasStructural(is) {
		t.Fatalf("unknown filter clause accepted: %v", is)
	}
	if is := Validate(q, decode(t, `{"limit":0}`)); len(is) == 0 || HasStructural(is) {
		t.Fatalf("limit 0 should be a validation (422) issue: %v", is)
	}
	if is := Validate(q, decode(t, `{"filter":null,"query":null,"with_payload":null}`)); len(is) != 0 {
		t.Fatal(is)
	}
	if is := Validate(d.Schemas["ExtendedPointId"], decode(t, `"not-a-uuid"`)); !HasStructural(is) {
		t.Fatal("bad uuid accepted")
	}
	if is := Validate(d.Schemas["ExtendedPointId"], decode(t, `"5C56C793-69F3-4FBF-87E6-C4BF54C28C26"`)); len(is) != 0 {
		t.Fatal(is)
	}
}

func TestParseUUIDForms(t *testing.T) {
	for _, s := range []string{"936da01f-9abd-4d9d-80c7-02af85c822a8", "936DA01F9ABD4D9D80C702AF85C822A8", "{936da01f-9abd-4d9d-80c7-02af85c822a8}", "urn:uuid:936da01f-9abd-4d9d-80c7-02af85c822a8"} {
		b, ok := ParseUUID(s)
		if !ok || b[0] != 0x93 || b[15] != 0xa8 {
			t.Errorf("%s: %x %v", s, b, ok)
		}
	}
	for _, s := range []string{"", "936da01f-9abd-4d9d-80c7-02af85c822a", "936da01f_9abd-4d9d-80c7-02af85c822a8", "zz6da01f-9abd-4d9d-80c7-02af85c822a8"} {
		if _, ok := ParseUUID(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
}

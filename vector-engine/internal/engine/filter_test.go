package engine

import "testing"

func matches(t *testing.T, filter, payload string, id PointID) bool {
	t.Helper()
	f, err := ParseFilter(decode(t, filter), noEnv{})
	if err != nil {
		t.Fatalf("filter %s: %v", filter, err)
	}
	return f.Matches(id, payloadOf(t, payload), nil, 0)
}

func TestFilterConditions(t *testing.T) {
	doc := `{
		"city": "Berlin", "tags": ["a", "b"], "count": 5, "price": 9.5, "flag": true,
		"nothing": null, "empty": [], "withnull": [1, null],
		"address": {"city": "Paris", "zip": "75001"},
		"items": [{"name": "x", "qty": 1}, {"name": "y", "qty": 7}],
		"created": "2024-03-01T10:00:00Z",
		"text": "The quick brown fox, jumping!",
		"where": {"lat": 52.52, "lon": 13.405}
	}`
	cases := []struct {
		name   string
		filter string
		want   bool
	}{
		{"match keyword", `{"must":[{"key":"city","match":{"value":"Berlin"}}]}`, true},
		{"match keyword miss", `{"must":[{"key":"city","match":{"value":"berlin"}}]}`, false},
		{"match on array: any element", `{"must":[{"key":"tags","match":{"value":"b"}}]}`, true},
		{"match integer", `{"must":[{"key":"count","match":{"value":5}}]}`, true},
		{"integer never equals a float payload", `{"must":[{"key":"price","match":{"value":9}}]}`, false},
		{"match bool", `{"must":[{"key":"flag","match":{"value":true}}]}`, true},
		{"match bool vs int", `{"must":[{"key":"flag","match":{"value":1}}]}`, false},
		{"match any", `{"must":[{"key":"city","match":{"any":["Rome","Berlin"]}}]}`, true},
		{"match any ints", `{"must":[{"key":"count","match":{"any":[1,2,5]}}]}`, true},
		{"match except", `{"must":[{"key":"city","match":{"except":["Rome"]}}]}`, true},
		{"match except hit", `{"must":[{"key":"city","match":{"except":["Berlin"]}}]}`, false},
		{"match except on array: one element outside", `{"must":[{"key":"tags","match":{"except":["a"]}}]}`, true},
		{"match except missing key", `{"must":[{"key":"missing","match":{"except":["a"]}}]}`, false},
		{"match text all tokens", `{"must":[{"key":"text","match":{"text":"fox QUICK"}}]}`, true},
		{"match text missing token", `{"must":[{"key":"text","match":{"text":"quick cat"}}]}`, false},
		{"match text whole tokens only", `{"must":[{"key":"text","match":{"text":"jump"}}]}`, false},
		{"match text_any", `{"must":[{"key":"text","match":{"text_any":"cat fox"}}]}`, true},
		{"match phrase", `{"must":[{"key":"text","match":{"phrase":"brown fox"}}]}`, true},
		{"match phrase order", `{"must":[{"key":"text","match":{"phrase":"fox brown"}}]}`, false},
		{"nested key", `{"must":[{"key":"address.city","match":{"value":"Paris"}}]}`, true},
		{"array projection", `{"must":[{"key":"items[].name","match":{"value":"y"}}]}`, true},
		{"array index", `{"must":[{"key":"items[0].name","match":{"value":"y"}}]}`, false},
		{"no implicit array traversal", `{"must":[{"key":"items.name","match":{"value":"y"}}]}`, false},
		{"range", `{"must":[{"key":"count","range":{"gt":4,"lte":5}}]}`, true},
		{"range excl", `{"must":[{"key":"count","range":{"lt":5}}]}`, false},
		{"range float", `{"must":[{"key":"price","range":{"gte":9.5}}]}`, true},
		{"range on array", `{"must":[{"key":"items[].qty","range":{"gt":5}}]}`, true},
		{"range ignores strings", `{"must":[{"key":"city","range":{"gt":0}}]}`, false},
		{"range ignores bools", `{"must":[{"key":"flag","range":{"gte":0}}]}`, false},
		{"datetime range", `{"must":[{"key":"created","range":{"gte":"2024-03-01T00:00:00Z","lt":"2024-03-02"}}]}`, true},
		{"datetime range miss", `{"must":[{"key":"created","range":{"gt":"2024-03-01T10:00:00Z"}}]}`, false},
		{"datetime with offset", `{"must":[{"key":"created","range":{"lte":"2024-03-01T11:00:00+01:00"}}]}`, true},
		{"is_empty missing", `{"must":[{"is_empty":{"key":"missing"}}]}`, true},
		{"is_empty null", `{"must":[{"is_empty":{"key":"nothing"}}]}`, true},
		{"is_empty []", `{"must":[{"is_empty":{"key":"empty"}}]}`, true},
		{"is_empty value", `{"must":[{"is_empty":{"key":"city"}}]}`, false},
		{"is_null null", `{"must":[{"is_null":{"key":"nothing"}}]}`, true},
		{"is_null missing", `{"must":[{"is_null":{"key":"missing"}}]}`, false},
		{"is_null array with null", `{"must":[{"is_null":{"key":"withnull"}}]}`, true},
		{"is_null []", `{"must":[{"is_null":{"key":"empty"}}]}`, false},
		{"field is_empty false", `{"must":[{"key":"city","is_empty":false}]}`, true},
		{"values_count", `{"must":[{"key":"tags","values_count":{"gte":2,"lt":3}}]}`, true},
		{"values_count scalar", `{"must":[{"key":"city","values_count":{"gt":1}}]}`, false},
		{"values_count missing is 0", `{"must":[{"key":"missing","values_count":{"lt":1}}]}`, true},
		{"has_id", `{"must":[{"has_id":[3,7]}]}`, true},
		{"has_id miss", `{"must":[{"has_id":[4]}]}`, false},
		{"must_not", `{"must_not":[{"key":"city","match":{"value":"Berlin"}}]}`, false},
		{"should one of", `{"should":[{"key":"city","match":{"value":"Rome"}},{"key":"count","match":{"value":5}}]}`, true},
		{"should none", `{"should":[{"key":"city","match":{"value":"Rome"}}]}`, false},
		{"empty should is no constraint", `{"should":[]}`, true},
		{"single condition, not a list", `{"must":{"key":"city","match":{"value":"Berlin"}}}`, true},
		{"min_should 2 of 3", `{"min_should":{"min_count":2,"conditions":[{"key":"city","match":{"value":"Berlin"}},{"key":"count","match":{"value":1}},{"key":"flag","match":{"value":true}}]}}`, true},
		{"min_should 3 of 3", `{"min_should":{"min_count":3,"conditions":[{"key":"city","match":{"value":"Berlin"}},{"key":"count","match":{"value":1}},{"key":"flag","match":{"value":true}}]}}`, false},
		{"nested filter as condition", `{"must":[{"should":[{"key":"city","match":{"value":"Rome"}},{"key":"flag","match":{"value":true}}]}]}`, true},
		{"nested: same element", `{"must":[{"nested":{"key":"items","filter":{"must":[{"key":"name","match":{"value":"x"}},{"key":"qty","range":{"gt":5}}]}}}]}`, false},
		{"nested: element matches", `{"must":[{"nested":{"key":"items[]","filter":{"must":[{"key":"name","match":{"value":"y"}},{"key":"qty","range":{"gt":5}}]}}}]}`, true},
		{"flattened: different elements", `{"must":[{"key":"items[].name","match":{"value":"x"}},{"key":"items[].qty","range":{"gt":5}}]}`, true},
		{"geo radius", `{"must":[{"key":"where","geo_radius":{"center":{"lat":52.5,"lon":13.4},"radius":5000}}]}`, true},
		{"geo radius miss", `{"must":[{"key":"where","geo_radius":{"center":{"lat":48.85,"lon":2.35},"radius":5000}}]}`, false},
		{"geo box", `{"must":[{"key":"where","geo_bounding_box":{"top_left":{"lat":53,"lon":13},"bottom_right":{"lat":52,"lon":14}}}]}`, true},
		{"geo polygon", `{"must":[{"key":"where","geo_polygon":{"exterior":{"points":[{"lat":52,"lon":13},{"lat":53,"lon":13},{"lat":53,"lon":14},{"lat":52,"lon":14},{"lat":52,"lon":13}]}}}]}`, true},
		{"quoted key", `{"must":[{"key":"address.\"zip\"","match":{"value":"75001"}}]}`, true},
	}
	for _, c := range cases {
		if got := matches(t, c.filter, doc, NumID(3)); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

func TestFilterRefusals(t *testing.T) {
	for _, f := range []string{
		`{"must":[{"key":"a"}]}`,
		`{"must":[{"slice":{"total":2,"index":0}}]}`,
		`{"must":[{"nested":{"key":"items","filter":{"must":[{"has_id":[1]}]}}}]}`,
		`{"must":[{"key":"a..b","match":{"value":1}}]}`,
	} {
		if _, err := ParseFilter(decode(t, f), noEnv{}); err == nil {
			t.Errorf("%s accepted", f)
		}
	}
	_, err := ParseFilter(decode(t, `{"must":[{"key":"a"}]}`), noEnv{})
	if e, ok := err.(*Error); !ok || e.Kind != KindValidation {
		t.Errorf("empty field condition should be a 422, got %v", err)
	}
}

func TestHasVectorCondition(t *testing.T) {
	vs := newVectorStore(2, Dot)
	vs.set(1, []float32{1, 2})
	f, err := ParseFilter(decode(t, `{"must":[{"has_vector":"img"}]}`), noEnv{})
	if err != nil {
		t.Fatal(err)
	}
	vecs := map[string]*vectorStore{"img": vs}
	if !f.Matches(NumID(1), nil, denseVectors(vecs), 1) || f.Matches(NumID(0), nil, denseVectors(vecs), 0) {
		t.Fatal("has_vector does not follow vector presence")
	}
	vs.release()
}

package engine

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCollectionsAndAliasesPersist(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	if err := e.Create("a/b", map[string]any{}); err == nil {
		// names are checked by ValidateName in the HTTP layer; the directory name is escaped anyway
		if _, err := os.Stat(filepath.Join(dir, "collections", "a%2Fb")); err != nil {
			t.Fatal("escaped directory missing")
		}
	}
	if err := ValidateName("a/b"); err == nil {
		t.Fatal("slash accepted in a collection name")
	}
	body := decode(t, `{"vectors":{"img":{"size":2,"distance":"Cosine"},"txt":{"size":3,"distance":"Dot","on_disk":true}},"hnsw_config":{"m":32},"metadata":{"owner":"strata"}}`).(map[string]any)
	if err := e.Create("named", body); err != nil {
		t.Fatal(err)
	}
	if err := e.Create("named", body); err == nil || err.(*Error).Kind != KindConflict {
		t.Fatalf("duplicate create: %v", err)
	}
	if err := e.UpdateAliases([]AliasAction{{Kind: "create", Alias: "current", Collection: "named"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.UpdateAliases([]AliasAction{{Kind: "rename", Alias: "current", NewAlias: "live"}, {Kind: "delete", Alias: "missing"}}); err == nil {
		t.Fatal("a failing action must reject the whole request")
	}
	if got := e.Aliases(""); len(got) != 1 || got[0].AliasName != "current" {
		t.Fatalf("aliases changed by a rejected request: %v", got)
	}
	if err := e.UpdateAliases([]AliasAction{{Kind: "rename", Alias: "current", NewAlias: "live"}}); err != nil {
		t.Fatal(err)
	}
	c := mustColl(t, e, "live")
	if err := c.Update(decode(t, `{"optimizers_config":{"indexing_threshold":500},"vectors":{"txt":{"hnsw_config":{"m":8}}}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	if err := c.Update(decode(t, `{"vectors":{"nope":{"on_disk":true}}}`).(map[string]any)); err == nil {
		t.Fatal("update of an unknown vector accepted")
	}
	e.Close()

	e = openEngine(t, dir)
	defer e.Close()
	c = mustColl(t, e, "live")
	info := c.Info()
	cfg := info["config"].(map[string]any)
	if cfg["optimizer_config"].(map[string]any)["indexing_threshold"] != jn("500") {
		t.Fatalf("optimizer update not kept: %v", cfg["optimizer_config"])
	}
	if cfg["hnsw_config"].(map[string]any)["m"] != jn("32") {
		t.Fatalf("hnsw config not kept: %v", cfg["hnsw_config"])
	}
	txt := cfg["params"].(map[string]any)["vectors"].(map[string]map[string]any)["txt"]
	if txt["on_disk"] != true || txt["hnsw_config"].(map[string]any)["m"] != jn("8") {
		t.Fatalf("vector params not kept: %v", txt)
	}
	if deleted, _ := e.Delete("named"); !deleted {
		t.Fatal("delete returned false")
	}
	if len(e.Aliases("")) != 0 {
		t.Fatal("alias of a deleted collection survived")
	}
	if deleted, _ := e.Delete("named"); deleted {
		t.Fatal("second delete returned true")
	}
	if _, err := os.Stat(filepath.Join(dir, "collections", "named")); !os.IsNotExist(err) {
		t.Fatal("collection directory left behind")
	}
}

func TestUnsupportedCollectionFeatures(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	for _, body := range []string{
		`{"vectors":{"size":2,"distance":"Dot","multivector_config":{"comparator":"max_sim"}}}`,
		`{"vectors":{"size":2,"distance":"Dot","datatype":"uint8"}}`,
		`{"vectors":{"size":2,"distance":"Dot"},"sparse_vectors":{"s":{"index":{"datatype":"uint8"}}}}`,
		`{"vectors":{"size":2,"distance":"Dot"},"sharding_method":"custom"}`,
		`{"vectors":{"size":2,"distance":"Dot"},"strict_mode_config":{"enabled":true}}`,
	} {
		err := e.Create("x", decode(t, body).(map[string]any))
		if err == nil || (err.(*Error).Kind != KindBadRequest && err.(*Error).Kind != KindBadInput) {
			t.Errorf("%s: %v", body, err)
		}
	}
}

func TestPayloadOperations(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := newTestCollection(t, e)
	ids := Selector{IDs: []PointID{NumID(1)}, HasIDs: true}
	_, err := c.Upsert([]PointInput{{ID: NumID(1), Vectors: map[string][]float32{"": {1, 2, 3}}, Payload: payloadOf(t, `{"a":{"b":1,"c":2},"d":[1,2,3],"keep":true}`)}}, UpsertOptions{}, true)
	if err != nil {
		t.Fatal(err)
	}
	check := func(want string) {
		t.Helper()
		r, err := c.Get(NumID(1))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal(r.Payload)
		var a, b any
		json.Unmarshal(got, &a)
		json.Unmarshal([]byte(want), &b)
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("payload %s, want %s", got, want)
		}
	}
	c.SetPayload(ids, payloadOf(t, `{"x":1}`), "", false, true)
	check(`{"a":{"b":1,"c":2},"d":[1,2,3],"keep":true,"x":1}`)
	c.SetPayload(ids, payloadOf(t, `{"z":9}`), "a", false, true)
	check(`{"a":{"b":1,"c":2,"z":9},"d":[1,2,3],"keep":true,"x":1}`)
	c.SetPayload(ids, payloadOf(t, `{"q":1}`), "new.deep", false, true)
	check(`{"a":{"b":1,"c":2,"z":9},"d":[1,2,3],"keep":true,"x":1,"new":{"deep":{"q":1}}}`)
	c.DeletePayload(ids, []string{"a.c", "d[1]", "new"}, true)
	check(`{"a":{"b":1,"z":9},"d":[1,3],"keep":true,"x":1}`)
	c.SetPayload(Selector{Filter: decode(t, `{"must":[{"key":"keep","match":{"value":true}}]}`)}, payloadOf(t, `{"by_filter":"yes"}`), "", false, true)
	check(`{"a":{"b":1,"z":9},"d":[1,3],"keep":true,"x":1,"by_filter":"yes"}`)
	c.SetPayload(ids, payloadOf(t, `{"only":1}`), "", true, true)
	check(`{"only":1}`)
	c.ClearPayload(ids, true)
	check(`{}`)
	if _, err := c.SetPayload(Selector{IDs: []PointID{NumID(77)}, HasIDs: true}, Payload{"a": 1}, "", false, true); err == nil || err.(*Error).Kind != KindNotFound {
		t.Fatalf("set_payload on a missing point: %v", err)
	}
}

func TestScrollPagesAndOrderBy(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := newTestCollection(t, e)
	var pts []PointInput
	uuid, _ := ParseID("00000000-0000-0000-0000-000000000001")
	for _, i := range []uint64{30, 10, 20, 40} {
		pts = append(pts, PointInput{ID: NumID(i), Vectors: map[string][]float32{"": {1, 1, 1}}, Payload: Payload{"rank": jn([]string{"", "3", "1", "4", "2"}[i/10]), "at": []string{"", "2024-01-03", "2024-01-01", "2024-01-04", "2024-01-02"}[i/10]}})
	}
	pts = append(pts, PointInput{ID: uuid, Vectors: map[string][]float32{"": {1, 1, 1}}, Payload: Payload{"rank": jn("5")}})
	if _, err := c.Upsert(pts, UpsertOptions{}, true); err != nil {
		t.Fatal(err)
	}
	var seen []string
	var next *PointID
	for {
		recs, n, err := c.Scroll(ScrollRequest{Limit: 2, Offset: next, WithPayload: PayloadSelector{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			seen = append(seen, r.ID.String())
		}
		if n == nil {
			break
		}
		next = n
	}
	if want := []string{"10", "20", "30", "40", "00000000-0000-0000-0000-000000000001"}; !reflect.DeepEqual(seen, want) {
		t.Fatalf("scroll order %v, want %v (integers first, then UUIDs)", seen, want)
	}
	if _, _, err := c.Scroll(ScrollRequest{Limit: 10, OrderBy: &OrderBy{Key: "rank"}}); err == nil {
		t.Fatal("order_by without a range index accepted")
	}
	c.CreateIndex("rank", "integer")
	c.CreateIndex("at", "datetime")
	recs, _, err := c.Scroll(ScrollRequest{Limit: 3, OrderBy: &OrderBy{Key: "rank", Desc: true, StartFrom: jn("4")}})
	if err != nil {
		t.Fatal(err)
	}
	var got []any
	for _, r := range recs {
		got = append(got, r.OrderValue)
	}
	if !reflect.DeepEqual(got, []any{int64(4), int64(3), int64(2)}) {
		t.Fatalf("desc from 4: %v", got)
	}
	recs, _, _ = c.Scroll(ScrollRequest{Limit: 10, OrderBy: &OrderBy{Key: "at"}})
	if len(recs) != 4 || recs[0].ID != NumID(20) || recs[3].ID != NumID(30) {
		t.Fatalf("datetime order: %+v", recs)
	}
	if _, _, err := c.Scroll(ScrollRequest{Limit: 10, Offset: &next2, OrderBy: &OrderBy{Key: "rank"}}); err == nil {
		t.Fatal("offset with order_by accepted")
	}
}

var next2 = NumID(1)

func TestSelectPayload(t *testing.T) {
	p := payloadOf(t, `{"a":{"b":1,"c":2},"d":3,"arr":[{"x":1,"y":2}]}`)
	cases := []struct {
		sel  PayloadSelector
		want string
	}{
		{PayloadSelector{Include: []string{"a.b", "d"}, Some: true}, `{"a":{"b":1},"d":3}`},
		{PayloadSelector{Include: []string{"a"}, Some: true}, `{"a":{"b":1,"c":2}}`},
		{PayloadSelector{Include: []string{"arr[].x"}, Some: true}, `{"arr":[{"x":1}]}`},
		{PayloadSelector{Exclude: []string{"a.b", "arr"}, Some: true}, `{"a":{"c":2},"d":3}`},
	}
	for _, c := range cases {
		got, _ := json.Marshal(selectPayload(p, c.sel))
		var a, b any
		json.Unmarshal(got, &a)
		json.Unmarshal([]byte(c.want), &b)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%+v: %s, want %s", c.sel, got, c.want)
		}
	}
}

func TestJSONPath(t *testing.T) {
	for _, bad := range []string{"", ".a", "a.", "a[", "a[x]", "a..b", "a b"} {
		if _, err := ParsePath(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	p, err := ParsePath(`a[0].b[]."c.d"`)
	if err != nil || p.String() != `a[0].b[]."c.d"` {
		t.Fatalf("%v %v", p, err)
	}
	doc := payloadOf(t, `{"a":[{"b":[{"c.d":1},{"c.d":2}]},{"b":[{"c.d":3}]}]}`)
	if got := p.Get(doc); len(got) != 2 {
		t.Fatalf("got %v", got)
	}
	all, _ := ParsePath(`a[].b[]."c.d"`)
	if got := all.Get(doc); len(got) != 3 {
		t.Fatalf("got %v", got)
	}
}

func TestSearchRequestErrors(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := newTestCollection(t, e)
	upsertN(t, c, 0, 3)
	if _, err := c.Search(SearchRequest{Vector: []float32{1, 2}, Limit: 3}); err == nil || err.Error() != "Vector dimension error: expected dim: 3, got 2" {
		t.Fatalf("dimension error: %v", err)
	}
	if _, err := c.Search(SearchRequest{Using: "img", Vector: []float32{1, 2, 3}, Limit: 3}); err == nil {
		t.Fatal("unknown vector name accepted")
	}
	// Euclid from [2,1,0] to [i,1,0]: id 2 at 0, id 1 at 1, id 0 at 2
	recs, err := c.Search(SearchRequest{Vector: []float32{2, 1, 0}, Limit: 3, Threshold: ptr(float32(0.5))})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].ID != NumID(2) || recs[0].Score != 0 {
		t.Fatalf("threshold on distances: %+v", recs)
	}
	// the threshold itself is kept (as Qdrant's local mode does)
	recs, _ = c.Search(SearchRequest{Vector: []float32{2, 1, 0}, Limit: 3, Threshold: ptr(float32(1.0))})
	if len(recs) != 2 || recs[1].ID != NumID(1) || recs[1].Score != 1 {
		t.Fatalf("threshold boundary: %+v", recs)
	}
}

func ptr[T any](v T) *T { return &v }

// TestIndexedFilterEqualsScan checks that answering a filter from a payload index gives
// exactly what evaluating it on every point gives.
func TestIndexedFilterEqualsScan(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	mk := func(name string) *Collection {
		if err := e.Create(name, decode(t, `{"vectors":{"size":2,"distance":"Dot"}}`).(map[string]any)); err != nil {
			t.Fatal(err)
		}
		return mustColl(t, e, name)
	}
	plain, indexed := mk("plain"), mk("indexed")
	var pts []PointInput
	for i := 0; i < 300; i++ {
		p := Payload{"kw": []string{"a", "b", "c"}[i%3], "n": jn(fmt.Sprint(i % 5)), "flag": i%2 == 0}
		if i%7 == 0 {
			p["kw"] = []any{"a", "z"} // array: one point under two keys
		}
		if i%11 == 0 {
			p["n"] = jn("2.0") // a float never matches an integer
		}
		pts = append(pts, PointInput{ID: NumID(uint64(i)), Vectors: map[string][]float32{"": {float32(i), 1}}, Payload: p})
	}
	for _, c := range []*Collection{plain, indexed} {
		if _, err := c.Upsert(pts, UpsertOptions{}, true); err != nil {
			t.Fatal(err)
		}
	}
	indexed.CreateIndex("kw", "keyword")
	indexed.CreateIndex("n", "integer")
	indexed.CreateIndex("flag", "bool")
	for _, f := range []string{
		`{"must":[{"key":"kw","match":{"value":"a"}}]}`,
		`{"must":[{"key":"kw","match":{"any":["a","z","c"]}}]}`,
		`{"must":[{"key":"n","match":{"value":2}}]}`,
		`{"must":[{"key":"n","match":{"any":[1,2]}},{"key":"flag","match":{"value":true}}]}`,
		`{"must":[{"key":"kw","match":{"value":"a"}}],"must_not":[{"key":"n","match":{"value":0}}]}`,
		`{"must":[{"key":"kw","match":{"value":1}}]}`,
		`{"must":[{"key":"flag","match":{"value":false}}],"should":[{"key":"kw","match":{"value":"b"}},{"key":"n","range":{"gte":4}}]}`,
	} {
		want, _ := plain.Count(decode(t, f))
		got, _ := indexed.Count(decode(t, f))
		if want != got {
			t.Errorf("%s: count %d with index, %d by scan", f, got, want)
		}
		req := SearchRequest{Vector: []float32{1, 0}, Limit: 500, Filter: decode(t, f)}
		a, _ := plain.Search(req)
		b, _ := indexed.Search(req)
		if len(a) != len(b) || len(a) != want {
			t.Fatalf("%s: search %d with index, %d by scan, count %d", f, len(b), len(a), want)
		}
		for i := range a {
			if a[i].ID != b[i].ID {
				t.Fatalf("%s: rank %d differs", f, i)
			}
		}
	}
}

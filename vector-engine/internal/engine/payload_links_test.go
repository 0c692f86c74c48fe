package engine

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// plCollection creates a Cosine collection (indexed past 16 KB, full scans below 1 KB,
// so every value of the test payloads is large enough for payload links) with an
// extra hnsw_config JSON fragment, and upserts n points of data with payload
// cat = id%10 (keyword), n = id%8 (integer), rare = id%50 == 0 (keyword "yes"/"no").
func plCollection(t *testing.T, e *Engine, name, hnswExtra string, data [][]float32) *Collection {
	t.Helper()
	body := fmt.Sprintf(`{"vectors":{"size":%d,"distance":"Cosine"},"hnsw_config":{"m":16,"ef_construct":100,"full_scan_threshold":1%s},"optimizers_config":{"indexing_threshold":16}}`, hnswDim, hnswExtra)
	if err := e.Create(name, decode(t, body).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	c := mustColl(t, e, name)
	for lo := 0; lo < len(data); lo += 500 {
		var pts []PointInput
		for i := lo; i < min(lo+500, len(data)); i++ {
			rare := "no"
			if i%50 == 0 {
				rare = "yes"
			}
			pts = append(pts, PointInput{ID: NumID(uint64(i)), Vectors: map[string][]float32{"": append([]float32(nil), data[i]...)},
				Payload: Payload{"cat": fmt.Sprint(i % 10), "n": json.Number(fmt.Sprint(i % 8)), "rare": rare}})
		}
		if _, err := c.Upsert(pts, UpsertOptions{}, false); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// waitLinked waits until the builder has no payload links left to make, and at least
// want records exist for field.
func waitLinked(t *testing.T, c *Collection, field string, want int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		ix := hnswOf(c)
		c.mu.RLock()
		ix.mu.RLock()
		done := len(ix.pending) == 0 && len(ix.plJobs) == 0 && ix.plBusy == 0 && !ix.plDirty && ix.pl[field] != nil && ix.pl[field].used >= want
		ix.mu.RUnlock()
		c.mu.RUnlock()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("payload links of %s: %d records, want %d", field, ix.payloadLinkCount(field), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// linksByID is every point's payload links for field, by point id (comparable across
// restarts, where offsets change).
func linksByID(c *Collection, field string) map[string][]uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	ix := hnswOf(c)
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := map[string][]uint64{}
	f := ix.pl[field]
	if f == nil {
		return out
	}
	for off := range f.head {
		f.records(uint32(off), func(kid uint32, ls []uint32) {
			var ids []uint64
			for _, nb := range ls {
				ids = append(ids, c.points[nb].id.Num)
			}
			slices.Sort(ids)
			out[fmt.Sprintf("%d/%v", c.points[off].id.Num, f.key[kid])] = ids
		})
	}
	return out
}

// Filtered walks through payload links, against brute force: a 10% keyword value, an
// integer value, a 2% value, two values (`any`), a `must` of two indexed matches, and
// a value with an extra unindexed condition; every result matches its filter.
func TestPayloadLinksFilteredRecall(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	n := 4000
	data := clustered(21, n+50)
	c := plCollection(t, e, "p", "", data[:n])
	waitIndexed(t, c, n)
	// indexes created on an indexed collection: linked in the background
	for _, f := range []struct{ name, typ string }{{"cat", "keyword"}, {"n", "integer"}, {"rare", "keyword"}} {
		if _, err := c.CreateIndex(f.name, f.typ); err != nil {
			t.Fatal(err)
		}
	}
	waitLinked(t, c, "cat", n)
	waitLinked(t, c, "n", n)
	ix := hnswOf(c)
	// rare: "yes" has 80 points (linked), "no" 3,920 (over 8·N/2m = 1,000: not linked)
	if got := ix.payloadLinkCount("rare"); got != n/50 {
		t.Fatalf("rare: %d records, want %d (the large value is left to the main graph)", got, n/50)
	}
	ix.plan = planWalk // the planner would answer these exactly (few points): walk anyway
	defer func() { ix.plan = planAuto }()
	queries := data[n:]
	cases := []struct {
		filter string
		keep   func(id uint64) bool
		min    float64
	}{
		{`{"must":[{"key":"cat","match":{"value":"7"}}]}`, func(id uint64) bool { return id%10 == 7 }, 0.97},
		{`{"must":[{"key":"n","match":{"value":3}}]}`, func(id uint64) bool { return id%8 == 3 }, 0.97},
		{`{"must":[{"key":"rare","match":{"value":"yes"}}]}`, func(id uint64) bool { return id%50 == 0 }, 0.95},
		{`{"must":[{"key":"cat","match":{"any":["1","2"]}}]}`, func(id uint64) bool { return id%10 == 1 || id%10 == 2 }, 0.97},
		{`{"must":[{"key":"cat","match":{"value":"4"}},{"key":"n","match":{"value":2}}]}`, func(id uint64) bool { return id%10 == 4 && id%8 == 2 }, 0.9},
		{`{"must":[{"key":"cat","match":{"value":"5"}},{"is_empty":{"key":"id_unindexed"}}]}`, func(id uint64) bool { return id%10 == 5 }, 0.97},
	}
	for _, tc := range cases {
		before := ix.plSearches.Load()
		r := recallAt(t, c, queries, 10, 64, decode(t, tc.filter), tc.keep)
		t.Logf("recall@10 %.3f under %s", r, tc.filter)
		if r < tc.min {
			t.Errorf("recall@10 %.3f under %s (want ≥ %.2f)", r, tc.filter, tc.min)
		}
		if got := ix.plSearches.Load() - before; got != int64(len(queries)) {
			t.Errorf("%d of %d searches under %s walked payload links", got, len(queries), tc.filter)
		}
	}
	// the same 10% filter without payload links (two-hop walk) for comparison: both high
	ix.noPL = true
	r := recallAt(t, c, queries, 10, 64, decode(t, cases[0].filter), cases[0].keep)
	ix.noPL = false
	t.Logf("recall@10 %.3f under %s with the two-hop walk", r, cases[0].filter)
	if r < 0.9 {
		t.Errorf("two-hop walk recall %.3f", r)
	}
}

// payload_m 0 builds no payload links; filtered walks use the two-hop walk and stay right.
func TestPayloadLinksDisabled(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	n := 3000
	data := clustered(22, n+30)
	c := plCollection(t, e, "p", `,"payload_m":0`, data[:n])
	if _, err := c.CreateIndex("cat", "keyword"); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, c, n)
	ix := hnswOf(c)
	// let the builder run its sweep
	deadline := time.Now().Add(time.Minute)
	for {
		c.mu.RLock()
		ix.mu.RLock()
		idle := !ix.plDirty && len(ix.plJobs) == 0 && ix.plBusy == 0
		ix.mu.RUnlock()
		c.mu.RUnlock()
		if idle || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := ix.payloadLinkCount("cat"); got != 0 || len(ix.pl) != 0 {
		t.Fatalf("payload_m 0: %d payload link records", got)
	}
	ix.plan = planWalk
	defer func() { ix.plan = planAuto }()
	before := ix.plSearches.Load()
	if r := recallAt(t, c, data[n:], 10, 64, decode(t, `{"must":[{"key":"cat","match":{"value":"3"}}]}`), func(id uint64) bool { return id%10 == 3 }); r < 0.93 {
		t.Fatalf("recall@10 %.3f with payload_m 0", r)
	}
	if ix.plSearches.Load() != before {
		t.Fatal("payload links walked with payload_m 0")
	}
}

// After the links are built: payload updates move points between values (filtered
// answers are right at once, the links follow in the background), deleted points
// never come back, new points are found (exact until indexed), and a PATCH of
// payload_m to 0 drops the links.
func TestPayloadLinksAfterWrites(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	n := 3000
	data := clustered(23, n+300)
	c := plCollection(t, e, "p", "", data[:n])
	if _, err := c.CreateIndex("cat", "keyword"); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, c, n)
	waitLinked(t, c, "cat", n)
	ix := hnswOf(c)
	ix.plan = planWalk
	defer func() { ix.plan = planAuto }()
	queries := data[n+200:]

	// points 7, 17, …, 497 (cat 7) become cat 3
	var moved []PointID
	isMoved := map[uint64]bool{}
	for id := 7; id < 500; id += 10 {
		moved = append(moved, NumID(uint64(id)))
		isMoved[uint64(id)] = true
	}
	if _, err := c.SetPayload(Selector{IDs: moved, HasIDs: true}, Payload{"cat": "3"}, "", false, true); err != nil {
		t.Fatal(err)
	}
	keep3 := func(id uint64) bool { return id%10 == 3 || isMoved[id] }
	keep7 := func(id uint64) bool { return id%10 == 7 && !isMoved[id] }
	// at once: stale links, answers still right (recallAt fails on any non-matching result)
	if r := recallAt(t, c, queries, 10, 64, decode(t, `{"must":[{"key":"cat","match":{"value":"7"}}]}`), keep7); r < 0.95 {
		t.Fatalf("recall@10 %.3f for cat 7 right after the update", r)
	}
	// the moved points are found under cat 3 when queried by their own vectors
	for _, id := range moved[:10] {
		recs, err := c.Search(SearchRequest{Vector: append([]float32(nil), data[id.Num]...), Limit: 1, Filter: decode(t, `{"must":[{"key":"cat","match":{"value":"3"}}]}`), Params: SearchParams{HnswEf: 64}})
		if err != nil || len(recs) != 1 || recs[0].ID.Num != id.Num {
			t.Fatalf("moved point %d not found first under its new value: %+v %v", id.Num, recs, err)
		}
	}
	// in the background: moved points get cat-3 links and lose their cat-7 ones
	waitLinked(t, c, "cat", n)
	links := linksByID(c, "cat")
	for _, id := range moved {
		if _, ok := links[fmt.Sprintf("%d/7", id.Num)]; ok {
			t.Fatalf("point %d kept its links under its old value", id.Num)
		}
		if _, ok := links[fmt.Sprintf("%d/3", id.Num)]; !ok {
			t.Fatalf("point %d not linked under its new value", id.Num)
		}
	}
	if r := recallAt(t, c, queries, 10, 64, decode(t, `{"must":[{"key":"cat","match":{"value":"3"}}]}`), keep3); r < 0.95 {
		t.Fatalf("recall@10 %.3f for cat 3 after relinking", r)
	}

	// deletes never come back
	var del []PointID
	gone := map[uint64]bool{}
	for id := 3; id < n; id += 20 {
		del = append(del, NumID(uint64(id)))
		gone[uint64(id)] = true
	}
	if _, err := c.Delete(Selector{IDs: del, HasIDs: true}, true); err != nil {
		t.Fatal(err)
	}
	keep3d := func(id uint64) bool { return keep3(id) && !gone[id] }
	if r := recallAt(t, c, queries, 10, 64, decode(t, `{"must":[{"key":"cat","match":{"value":"3"}}]}`), keep3d); r < 0.95 {
		t.Fatalf("recall@10 %.3f for cat 3 after deletes", r)
	}

	// new points: found at once (exact until indexed), then through the graph
	upsertMore := func() {
		var pts []PointInput
		for i := n; i < n+200; i++ {
			pts = append(pts, PointInput{ID: NumID(uint64(i)), Vectors: map[string][]float32{"": append([]float32(nil), data[i]...)}, Payload: Payload{"cat": "3"}})
		}
		if _, err := c.Upsert(pts, UpsertOptions{}, true); err != nil {
			t.Fatal(err)
		}
	}
	upsertMore()
	for i := n; i < n+200; i += 40 {
		recs, err := c.Search(SearchRequest{Vector: append([]float32(nil), data[i]...), Limit: 1, Filter: decode(t, `{"must":[{"key":"cat","match":{"value":"3"}}]}`), Params: SearchParams{HnswEf: 64}})
		if err != nil || len(recs) != 1 || recs[0].ID.Num != uint64(i) {
			t.Fatalf("new point %d not found first: %+v %v", i, recs, err)
		}
	}
	keepNew := func(id uint64) bool { return (keep3(id) && !gone[id]) || id >= uint64(n) }
	waitIndexed(t, c, n-len(del)+200)
	waitLinked(t, c, "cat", n-len(del)+200)
	if r := recallAt(t, c, queries, 10, 64, decode(t, `{"must":[{"key":"cat","match":{"value":"3"}}]}`), keepNew); r < 0.95 {
		t.Fatalf("recall@10 %.3f for cat 3 with the new points linked", r)
	}

	// PATCH payload_m 0: the links go
	if err := c.Update(decode(t, `{"hnsw_config":{"payload_m":0}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for ix.payloadLinkCount("cat") != 0 {
		if time.Now().After(deadline) {
			t.Fatal("payload links kept after payload_m 0")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The payload links are saved with the graph and taken back at restart (not linked
// again); a file of the older format (no payload section) is read and its payload
// links are built again; a torn file still falls back to a rebuild.
func TestPayloadLinksPersist(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	n := 2500
	data := clustered(24, n+30)
	c := plCollection(t, e, "p", "", data[:n])
	if _, err := c.CreateIndex("cat", "keyword"); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, c, n)
	waitLinked(t, c, "cat", n)
	before := linksByID(c, "cat")
	if len(before) != n {
		t.Fatalf("%d payload link records, want %d", len(before), n)
	}
	e.Close()
	graph := filepath.Join(dir, "collections", "p", hnswFileName(""))
	saved, err := os.ReadFile(graph)
	if err != nil || string(saved[:8]) != hnswMagic {
		t.Fatalf("graph file: %v %q", err, saved[:min(8, len(saved))])
	}

	e = openEngine(t, dir)
	c = mustColl(t, e, "p")
	after := linksByID(c, "cat") // before the builder could link anything
	if len(after) != len(before) {
		t.Fatalf("%d records after restart, %d before", len(after), len(before))
	}
	for k, ls := range before {
		if !slices.Equal(ls, after[k]) {
			t.Fatalf("links of %s: %v after restart, %v before", k, after[k], ls)
		}
	}
	ix := hnswOf(c)
	ix.plan = planWalk
	keep := func(id uint64) bool { return id%10 == 6 }
	filter := decode(t, `{"must":[{"key":"cat","match":{"value":"6"}}]}`)
	if r := recallAt(t, c, data[n:], 10, 64, filter, keep); r < 0.97 {
		t.Fatalf("recall@10 %.3f after restart", r)
	}
	e.Close()

	// the same graph in the older format: read, payload links built again
	v1 := olderGraphFile(t, saved)
	if err := os.WriteFile(graph, v1, 0o644); err != nil {
		t.Fatal(err)
	}
	e = openEngine(t, dir)
	c = mustColl(t, e, "p")
	if got := hnswOf(c).indexedCount(); got != n {
		t.Fatalf("older graph file: %d indexed, want %d without a rebuild", got, n)
	}
	waitLinked(t, c, "cat", n)
	e.Close()

	// torn: rebuilt, links included
	if err := os.WriteFile(graph, saved[:len(saved)-len(saved)/3], 0o644); err != nil {
		t.Fatal(err)
	}
	e = openEngine(t, dir)
	defer e.Close()
	c = mustColl(t, e, "p")
	waitIndexed(t, c, n)
	waitLinked(t, c, "cat", n)
	ix = hnswOf(c)
	ix.plan = planWalk
	if r := recallAt(t, c, data[n:], 10, 64, filter, keep); r < 0.97 {
		t.Fatalf("recall@10 %.3f after a rebuild from a torn file", r)
	}
}

// olderGraphFile rewrites an SVHNSW02 file as SVHNSW01 (no payload section): it finds
// where the node section ends by decoding it.
func olderGraphFile(t *testing.T, b []byte) []byte {
	t.Helper()
	hdr := b[len(hnswMagic):]
	count := int(binary.LittleEndian.Uint32(hdr[12:]))
	d := &decoder{b: hdr[24 : len(hdr)-4]}
	for i := 0; i < count; i++ {
		d.id()
		d.u64()
		lv := int(d.u8())
		for l := 0; l <= lv; l++ {
			k := d.uvar()
			d.b = d.b[4*k:]
		}
	}
	if d.err != nil {
		t.Fatal(d.err)
	}
	end := len(b) - 4 - len(d.b)
	out := append([]byte(hnswMagicV1), b[len(hnswMagic):end]...)
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, crcTable))
}

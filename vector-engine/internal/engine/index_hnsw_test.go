package engine

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"
)

const hnswDim = 32

// clustered returns n points around 40 gaussian centres (fixed seed): realistic data
// for an ANN index (uniform random vectors are its worst case).
func clustered(seed int64, n int) [][]float32 {
	rng := rand.New(rand.NewSource(seed))
	centres := make([][]float32, 40)
	for i := range centres {
		centres[i] = make([]float32, hnswDim)
		for j := range centres[i] {
			centres[i][j] = float32(rng.NormFloat64())
		}
	}
	out := make([][]float32, n)
	for i := range out {
		c := centres[rng.Intn(len(centres))]
		out[i] = make([]float32, hnswDim)
		for j := range out[i] {
			out[i][j] = c[j] + float32(rng.NormFloat64()*0.35)
		}
	}
	return out
}

// hnswCollection creates a Cosine collection indexed past 16 KB of vectors (128 points),
// with full scans below fullScanKB.
func hnswCollection(t *testing.T, e *Engine, name string, fullScanKB int) *Collection {
	t.Helper()
	body := fmt.Sprintf(`{"vectors":{"size":%d,"distance":"Cosine"},"hnsw_config":{"m":16,"ef_construct":100,"full_scan_threshold":%d},"optimizers_config":{"indexing_threshold":16}}`, hnswDim, fullScanKB)
	if err := e.Create(name, decode(t, body).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	return mustColl(t, e, name)
}

func upsertVectors(t testing.TB, c *Collection, first int, vecs [][]float32) {
	t.Helper()
	const batch = 500
	for lo := 0; lo < len(vecs); lo += batch {
		var pts []PointInput
		for i := lo; i < min(lo+batch, len(vecs)); i++ {
			id := first + i
			pts = append(pts, PointInput{ID: NumID(uint64(id)), Vectors: map[string][]float32{"": append([]float32(nil), vecs[i]...)}, Payload: Payload{"cat": fmt.Sprint(id % 10)}})
		}
		if _, err := c.Upsert(pts, UpsertOptions{}, false); err != nil {
			t.Error(err) // (Error, not Fatal: also called from other goroutines)
			return
		}
	}
}

func hnswOf(c *Collection) *hnswIndex { return c.vindex[""].(*hnswIndex) }

// waitIndexed waits until the builder has taken in every vector (no fixed sleeps: it
// polls the index state, with a generous deadline for a busy machine).
func waitIndexed(t testing.TB, c *Collection, n int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		c.mu.RLock()
		ix := hnswOf(c)
		ix.mu.RLock()
		done := ix.indexed == n && len(ix.pending) == 0
		ix.mu.RUnlock()
		c.mu.RUnlock()
		if done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("index did not catch up: %d indexed, want %d", hnswOf(c).indexedCount(), n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// bruteForce is the exact top k ids (by the same ordering the engine uses).
func bruteForce(c *Collection, q []float32, k int, keep func(id uint64) bool) []uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	qn := Normalize(append([]float32(nil), q...))
	vs := c.vecs[""]
	var all []hit
	for off := range c.points {
		if !c.points[off].alive || !vs.has(uint32(off)) || (keep != nil && !keep(c.points[off].id.Num)) {
			continue
		}
		all = append(all, hit{uint32(off), dot(qn, vs.get(uint32(off)))})
	}
	better := c.betterFn(Cosine)
	sort.Slice(all, func(i, j int) bool { return better(all[i], all[j]) })
	var ids []uint64
	for _, h := range all[:min(k, len(all))] {
		ids = append(ids, c.points[h.off].id.Num)
	}
	return ids
}

func recallAt(t testing.TB, c *Collection, queries [][]float32, k, ef int, filter any, keep func(id uint64) bool) float64 {
	t.Helper()
	found, total := 0, 0
	for _, q := range queries {
		recs, err := c.Search(SearchRequest{Vector: append([]float32(nil), q...), Limit: k, Filter: filter, Params: SearchParams{HnswEf: ef}})
		if err != nil {
			t.Fatal(err)
		}
		want := map[uint64]bool{}
		for _, id := range bruteForce(c, q, k, keep) {
			want[id] = true
		}
		for _, r := range recs {
			if keep != nil && !keep(r.ID.Num) {
				t.Fatalf("result %d does not match the filter", r.ID.Num)
			}
			if want[r.ID.Num] {
				found++
			}
		}
		total += len(want)
	}
	return float64(found) / float64(total)
}

func TestHNSWRecallDeletesAndUpdates(t *testing.T) {
	n := 6000
	if testing.Short() {
		n = 2000
	}
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := hnswCollection(t, e, "h", 8)
	data := clustered(1, n+60) // queries from the same clusters as the data
	upsertVectors(t, c, 0, data[:n])
	waitIndexed(t, c, n)
	queries := data[n:]
	if r := recallAt(t, c, queries, 10, 64, nil, nil); r < 0.98 {
		t.Fatalf("recall@10 with ef=64: %.3f", r)
	}
	if g := hnswOf(c).graphSearches.Load(); g != int64(len(queries)) {
		t.Fatalf("the graph answered %d of %d searches", g, len(queries))
	}
	if r := recallAt(t, c, queries, 10, 0, nil, nil); r < 0.98 { // default ef = ef_construct
		t.Fatalf("recall@10 with default ef: %.3f", r)
	}
	// queries far from every cluster are the hard case: a wider beam still finds them
	if r := recallAt(t, c, clustered(2, 30), 10, 256, nil, nil); r < 0.97 {
		t.Fatalf("recall@10 of out-of-distribution queries with ef=256: %.3f", r)
	}
	// a filter leaving 10%: fewer matches than a filtered walk would score, so exact over them
	filter := decode(t, `{"must":[{"key":"cat","match":{"value":"3"}}]}`)
	if r := recallAt(t, c, queries, 10, 64, filter, func(id uint64) bool { return id%10 == 3 }); r != 1 {
		t.Fatalf("recall@10 with a 10%% filter: %.3f", r)
	}
	// a filter leaving 90% is walked through the graph (with ef=8 a walk scores far fewer)
	before := hnswOf(c).graphSearches.Load()
	wide := decode(t, `{"must_not":[{"key":"cat","match":{"value":"3"}}]}`)
	if r := recallAt(t, c, queries, 10, 8, wide, func(id uint64) bool { return id%10 != 3 }); r < 0.9 {
		t.Fatalf("recall@10 with a 90%% filter: %.3f", r)
	}
	if g := hnswOf(c).graphSearches.Load() - before; g < int64(len(queries))*9/10 {
		t.Fatalf("the graph answered only %d of %d filtered searches", g, len(queries))
	}
	// exact=true is exact
	if r := func() float64 {
		found := 0
		for _, q := range queries[:10] {
			recs, _ := c.Search(SearchRequest{Vector: append([]float32(nil), q...), Limit: 10, Params: SearchParams{Exact: true}})
			want := bruteForce(c, q, 10, nil)
			for i, r := range recs {
				if r.ID.Num == want[i] {
					found++
				}
			}
		}
		return float64(found) / 100
	}(); r != 1 {
		t.Fatalf("exact search is not exact: %.2f", r)
	}

	// delete a third: they never come back, and recall holds over what is left
	var del []PointID
	for i := 0; i < n; i += 3 {
		del = append(del, NumID(uint64(i)))
	}
	if _, err := c.Delete(Selector{IDs: del, HasIDs: true}, true); err != nil {
		t.Fatal(err)
	}
	alive := func(id uint64) bool { return id%3 != 0 }
	if r := recallAt(t, c, queries, 10, 64, nil, alive); r < 0.95 {
		t.Fatalf("recall@10 after deletes: %.3f", r)
	}

	// move point 1 onto a query: it is found at once (pending, searched exactly), and its
	// old vector is never returned
	target := queries[0]
	if _, err := c.UpdateVectors([]PointInput{{ID: NumID(1), Vectors: map[string][]float32{"": append([]float32(nil), target...)}}}, nil, true); err != nil {
		t.Fatal(err)
	}
	recs, _ := c.Search(SearchRequest{Vector: append([]float32(nil), target...), Limit: 1, Params: SearchParams{HnswEf: 64}})
	if len(recs) != 1 || recs[0].ID.Num != 1 || recs[0].Score < 0.9999 {
		t.Fatalf("updated point not found first: %+v", recs)
	}
	waitIndexed(t, c, n-len(del))
	recs, _ = c.Search(SearchRequest{Vector: append([]float32(nil), target...), Limit: 1, Params: SearchParams{HnswEf: 64}})
	if len(recs) != 1 || recs[0].ID.Num != 1 {
		t.Fatalf("updated point lost once indexed: %+v", recs)
	}
	// green once the builder has also swept for payload links (none here): polled, as
	// the sweep follows the last insert
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
		info := c.Info()
		if info["indexed_vectors_count"] != n-len(del) {
			t.Fatalf("info: indexed %v", info["indexed_vectors_count"])
		}
		if info["status"] == "green" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("status %v long after indexing", info["status"])
		}
	}
}

func TestHNSWRestrictiveFilterFallsBackToExact(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := hnswCollection(t, e, "h", 200) // 200 KB = 1600 vectors of 32 floats
	n := 3000
	data := clustered(3, n+30)
	upsertVectors(t, c, 0, data[:n])
	waitIndexed(t, c, n)
	queries := data[n:]
	// 1% of the points (30): planned as an exact search over them, so recall is 1
	filter := decode(t, `{"must":[{"has_id":[`+idList(0, n, 100)+`]}]}`)
	if r := recallAt(t, c, queries, 10, 16, filter, func(id uint64) bool { return id%100 == 0 }); r != 1 {
		t.Fatalf("recall@10 under a 1%% filter: %.3f", r)
	}
	// an indexed keyword filter of 10% (300 points = 37 KB < 200 KB): exact over its postings
	if _, err := c.CreateIndex("cat", "keyword"); err != nil {
		t.Fatal(err)
	}
	filter = decode(t, `{"must":[{"key":"cat","match":{"value":"7"}}]}`)
	if r := recallAt(t, c, queries, 10, 16, filter, func(id uint64) bool { return id%10 == 7 }); r != 1 {
		t.Fatalf("recall@10 under an indexed 10%% filter: %.3f", r)
	}
}

func idList(from, to, step int) string {
	s := ""
	for i := from; i < to; i += step {
		if s != "" {
			s += ","
		}
		s += fmt.Sprint(i)
	}
	return s
}

func TestHNSWConcurrentWritesAndSearches(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := hnswCollection(t, e, "h", 8)
	base := clustered(5, 1500)
	upsertVectors(t, c, 0, base)
	// ids 0..299 are deleted before the searches start and never written again
	var gone []PointID
	for i := 0; i < 300; i++ {
		gone = append(gone, NumID(uint64(i)))
	}
	if _, err := c.Delete(Selector{IDs: gone, HasIDs: true}, true); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 8)
	wg.Add(2)
	go func() { // writer: upserts, updates and deletes of ids 10000+
		defer wg.Done()
		more := clustered(6, 1200)
		for i := 0; i < len(more); i += 100 {
			upsertVectors(t, c, 10000+i, more[i:i+100])
			if i%300 == 0 {
				if _, err := c.Delete(Selector{IDs: []PointID{NumID(uint64(10000 + i))}, HasIDs: true}, false); err != nil {
					errs <- err
				}
			}
		}
		close(stop)
	}()
	go func() { // searcher
		defer wg.Done()
		qs := clustered(7, 50)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			recs, err := c.Search(SearchRequest{Vector: append([]float32(nil), qs[i%len(qs)]...), Limit: 10, Params: SearchParams{HnswEf: 32}})
			if err != nil {
				errs <- err
				return
			}
			for _, r := range recs {
				if r.ID.Num < 300 {
					errs <- fmt.Errorf("deleted point %d returned", r.ID.Num)
					return
				}
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	waitIndexed(t, c, c.alive)
}

func TestHNSWGraphPersistsAndSurvivesATornFile(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	c := hnswCollection(t, e, "h", 8)
	n := 2000
	data := clustered(8, n+30)
	upsertVectors(t, c, 0, data[:n])
	waitIndexed(t, c, n)
	queries := data[n:]
	before := recallAt(t, c, queries, 10, 64, nil, nil)
	e.Close()
	graph := filepath.Join(dir, "collections", "h", hnswFileName(""))
	if _, err := os.Stat(graph); err != nil {
		t.Fatalf("graph not saved: %v", err)
	}

	// restart: the graph is taken back whole, nothing is indexed again
	e = openEngine(t, dir)
	c = mustColl(t, e, "h")
	if got := hnswOf(c).indexedCount(); got != n {
		t.Fatalf("after restart %d vectors indexed, want %d without a rebuild", got, n)
	}
	if after := recallAt(t, c, queries, 10, 64, nil, nil); after < before-0.02 {
		t.Fatalf("recall %.3f after restart, %.3f before", after, before)
	}
	// a point changed while stopped (through the log) is not taken back from the file
	if _, err := c.UpdateVectors([]PointInput{{ID: NumID(5), Vectors: map[string][]float32{"": append([]float32(nil), queries[0]...)}}}, nil, true); err != nil {
		t.Fatal(err)
	}
	e.Close()
	saved, _ := os.ReadFile(graph)
	e = openEngine(t, dir)
	c = mustColl(t, e, "h")
	recs, _ := c.Search(SearchRequest{Vector: append([]float32(nil), queries[0]...), Limit: 1})
	if recs[0].ID.Num != 5 {
		t.Fatalf("changed point not found first after restart: %+v", recs[0])
	}
	e.Close()

	// a torn graph file: ignored, answers stay right (exact until re-indexed), then rebuilt
	if err := os.WriteFile(graph, saved[:len(saved)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	e = openEngine(t, dir)
	defer e.Close()
	c = mustColl(t, e, "h")
	for _, q := range queries[:5] {
		recs, _ := c.Search(SearchRequest{Vector: append([]float32(nil), q...), Limit: 10, Params: SearchParams{HnswEf: 64}})
		if len(recs) != 10 {
			t.Fatalf("%d results after a torn graph file", len(recs))
		}
	}
	waitIndexed(t, c, n)
	if r := recallAt(t, c, queries, 10, 64, nil, nil); r < 0.95 {
		t.Fatalf("recall %.3f after rebuilding from a torn file", r)
	}
}

// A 10% keyword filter too large for an exact pass is walked through the graph with
// two-hop expansion (searchFiltered): every result matches, recall stays high, and the
// graph (not an exact fallback) answered.
func TestHNSWFilteredWalk(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := hnswCollection(t, e, "h", 1)
	n := 4000
	data := clustered(5, n+40)
	upsertVectors(t, c, 0, data[:n])
	waitIndexed(t, c, n)
	if _, err := c.CreateIndex("cat", "keyword"); err != nil {
		t.Fatal(err)
	}
	queries := data[n:]
	ix := hnswOf(c)
	ix.plan = planWalk // the planner would answer 400 matches exactly; walk anyway
	defer func() { ix.plan = planAuto }()
	before := ix.graphSearches.Load()
	filter := decode(t, `{"must":[{"key":"cat","match":{"value":"7"}}]}`)
	if r := recallAt(t, c, queries, 10, 32, filter, func(id uint64) bool { return id%10 == 7 }); r < 0.95 {
		t.Fatalf("recall@10 under an indexed 10%% filter walked through the graph: %.3f", r)
	}
	if got := ix.graphSearches.Load() - before; got != int64(len(queries)) {
		t.Fatalf("%d of %d filtered searches answered by the graph", got, len(queries))
	}
	// a filter without a payload index (evaluated per node): 90% of the points
	filter = decode(t, `{"must_not":[{"key":"cat","match":{"value":"3"}}]}`)
	if r := recallAt(t, c, queries, 10, 32, filter, func(id uint64) bool { return id%10 != 3 }); r < 0.95 {
		t.Fatalf("recall@10 under an unindexed 90%% filter: %.3f", r)
	}
}

// The planner's pass over a filter's candidates ranks by the int8 copy but returns
// float32 scores: every score equals the exact one, recall stays high, and
// params.exact still gives exactly the brute-force answer.
func TestHNSWQuantizedScan(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := hnswCollection(t, e, "h", 1)
	n := 3000
	data := clustered(9, n+30)
	upsertVectors(t, c, 0, data[:n])
	waitIndexed(t, c, n)
	if _, err := c.CreateIndex("cat", "keyword"); err != nil {
		t.Fatal(err)
	}
	if hnswOf(c).vs.q8 == nil {
		t.Fatal("a Cosine vector with an HNSW index keeps an int8 copy")
	}
	filter := decode(t, `{"must":[{"key":"cat","match":{"value":"4"}}]}`)
	keep := func(id uint64) bool { return id%10 == 4 }
	queries := data[n:]
	if r := recallAt(t, c, queries, 10, 16, filter, keep); r < 0.98 {
		t.Fatalf("recall@10 of the quantised pass over 300 candidates: %.3f", r)
	}
	for _, q := range queries {
		for _, exact := range []bool{false, true} {
			recs, err := c.Search(SearchRequest{Vector: append([]float32(nil), q...), Limit: 10, Filter: filter, Params: SearchParams{HnswEf: 16, Exact: exact}})
			if err != nil {
				t.Fatal(err)
			}
			want := bruteForce(c, q, 10, keep)
			for i, r := range recs {
				v := c.vecs[""].get(c.ids[r.ID])
				if s := dotGo(Normalize(append([]float32(nil), q...)), v); math.Abs(float64(s-r.Score)) > 1e-5 {
					t.Fatalf("score %v of point %d, exact %v", r.Score, r.ID.Num, s)
				}
				if exact && r.ID.Num != want[i] {
					t.Fatalf("exact search: %d at %d, brute force %d", r.ID.Num, i, want[i])
				}
			}
		}
	}
}

// The walk's beams: the paper's (greedy descent, hnsw_ef on level 0) up to 100k indexed
// points, then beams of max(16, hnsw_ef/4) on levels 2 and 1 and an unfiltered level-0
// beam growing with log10(n).
func TestHNSWBeams(t *testing.T) {
	ix := &hnswIndex{}
	for _, c := range []struct{ indexed, ef, ef1, ef0 int }{
		{0, 64, 0, 64},
		{100_000, 64, 0, 64},
		{100_001, 64, 16, 64},
		{1_000_000, 64, 16, 128},
		{1_000_000, 128, 32, 256},
		{10_000_000, 64, 16, 192},
		{1_000_000, 10, 16, 20},
	} {
		ix.indexed = c.indexed
		if ef1, ef0 := ix.beams(c.ef); ef1 != c.ef1 || ef0 != c.ef0 {
			t.Errorf("%d indexed, hnsw_ef %d: beams %d, %d; want %d, %d", c.indexed, c.ef, ef1, ef0, c.ef1, c.ef0)
		}
	}
}

// A descent with beams on levels 2 and 1 ends as close to the query as the greedy one
// or closer (it starts the same way and keeps the best of a wider search; the graph is
// built by two workers, so a rare exception is allowed), and a level-0 walk from there
// finds the nearest point.
func TestHNSWDescentWithBeams(t *testing.T) {
	pts, qs := benchVectors(5000, 50)
	ix, _ := benchIndex(t, pts)
	if ix.maxLevel < 2 {
		t.Fatalf("graph of %d points has no level 2", len(pts))
	}
	worse, missed := 0, 0
	for _, q := range qs {
		sc := ix.getScratch()
		greedy := ix.descend(sc, q, hit{off: uint32(ix.entry)}, ix.maxLevel, 0, 0)
		ix.putScratch(sc)
		sc = ix.getScratch()
		beam := ix.descend(sc, q, hit{off: uint32(ix.entry)}, ix.maxLevel, 0, 16)
		best := bestHit(ix.searchLayer(sc, q, beam, 64, 0, nil))
		ix.putScratch(sc)
		if ix.score(q, beam.off) < ix.score(q, greedy.off) {
			worse++
		}
		if top := ix.flat.search(searchQuery{vector: q, k: 1}); best.off != top[0].off {
			missed++
		}
	}
	if worse > 2 || missed > 2 {
		t.Fatalf("of %d queries: the beam descent ended farther than the greedy one %d times, the walk from it missed the nearest point %d times", len(qs), worse, missed)
	}
}

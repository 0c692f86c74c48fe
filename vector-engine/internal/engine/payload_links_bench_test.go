package engine

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkPayloadFiltered: the 10% filter of BenchmarkHNSWFiltered (off%10 == 3) as a
// keyword payload index `category`, walked through its payload links (`payload`), by
// the two-hop walk without them (`twohop`), and as planned (`auto`). The payload links
// are built on the benchmark index by the builder's workers (time logged).
//
//	STRATA_BENCH_N=100000 go test -run '^$' -bench PayloadFiltered -benchtime 1000x ./internal/engine/
func BenchmarkPayloadFiltered(b *testing.B) {
	benchSetup(b)
	ix := benchIx
	c := ix.owner
	if c.indexes["category"] == nil {
		path, _ := ParsePath("category")
		pix := &payloadIndex{field: "category", spec: IndexSpec{Type: "keyword"}, path: path, postings: map[any]map[uint32]struct{}{}}
		for off := range c.points {
			c.points[off].payload = Payload{"category": fmt.Sprint(off % 10)}
			pix.add(uint32(off), c.points[off].payload)
		}
		c.indexes = map[string]*payloadIndex{"category": pix}
		ix.payloadM = ix.m
		ix.plDirty = true
		if lo, _ := ix.blockRange(); lo >= len(c.points)/10 {
			ix.fullScanKB /= 10 // a small benchmark: values large enough for links anyway
			defer func() { ix.fullScanKB *= 10 }()
		}
		t0 := time.Now()
		for ix.sweepPayload(0) > 0 {
			ix.workAll()
		}
		b.Logf("payload links for %d points in %.1f s", ix.payloadLinkCount("category"), time.Since(t0).Seconds())
	}
	cand, _ := candidates(&Filter{mustMatches: []indexedMatch{{field: "category", keys: []any{"3"}}}}, c.indexes)
	truth := exactTop10(ix, cand)
	for _, mode := range []struct {
		name       string
		plan       int
		noPL       bool
		candField  string
		candKeys   []any
		wantPLWalk bool
	}{
		{"payload", planWalk, false, "category", []any{"3"}, true},
		{"twohop", planWalk, true, "category", []any{"3"}, false},
		{"auto", planAuto, false, "category", []any{"3"}, false},
	} {
		b.Run(mode.name, func(b *testing.B) {
			ix.plan, ix.noPL = mode.plan, mode.noPL
			defer func() { ix.plan, ix.noPL = planAuto, false }()
			var rsum float64
			pl0 := ix.plSearches.Load()
			b.ReportAllocs()
			b.ResetTimer()
			c0 := cpuNow()
			for i := 0; i < b.N; i++ {
				q := i % len(benchQs)
				res := ix.search(searchQuery{vector: benchQs[q], k: 10, cand: cand, candField: mode.candField, candKeys: mode.candKeys, params: SearchParams{HnswEf: 64}})
				rsum += recallOf(res, truth[q])
			}
			b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(rsum/float64(b.N), "recall")
			b.ReportMetric(float64(ix.plSearches.Load()-pl0)/float64(b.N), "pl-walks/op")
			if mode.wantPLWalk && ix.plSearches.Load() == pl0 {
				b.Fatal("no search walked the payload links")
			}
		})
	}
}

// BenchmarkPayloadCollectionQuery: the 10% keyword filter through Collection.Search on
// a collection loaded like bench/vector's (keyword index created first, points
// upserted in batches while the builder runs), once the graph and its payload links
// are complete; logs the time from the first upsert to indexed and to linked.
//
//	STRATA_BENCH_N=100000 go test -run '^$' -bench PayloadCollectionQuery -benchtime 2000x -v ./internal/engine/
func BenchmarkPayloadCollectionQuery(b *testing.B) {
	e := openEngine(b, b.TempDir())
	defer e.Close()
	body := `{"vectors":{"size":384,"distance":"Cosine"},"hnsw_config":{"m":16,"ef_construct":100,"full_scan_threshold":10000},"optimizers_config":{"indexing_threshold":10000}}`
	if err := e.Create("q", decode(b, body).(map[string]any)); err != nil {
		b.Fatal(err)
	}
	c := mustColl(b, e, "q")
	if _, err := c.CreateIndex("category", "keyword"); err != nil {
		b.Fatal(err)
	}
	pts, qs := benchVectors(benchN(), 200)
	t0 := time.Now()
	for lo := 0; lo < len(pts); lo += 500 {
		var in []PointInput
		for i := lo; i < min(lo+500, len(pts)); i++ {
			in = append(in, PointInput{ID: NumID(uint64(i)), Vectors: map[string][]float32{"": pts[i]}, Payload: Payload{"category": fmt.Sprintf("cat-%d", i%10)}})
		}
		if _, err := c.Upsert(in, UpsertOptions{}, false); err != nil {
			b.Fatal(err)
		}
	}
	waitIndexed(b, c, len(pts))
	indexed := time.Since(t0)
	ix := hnswOf(c)
	for {
		c.mu.RLock()
		ix.mu.RLock()
		idle := len(ix.plJobs) == 0 && ix.plBusy == 0 && !ix.plDirty
		ix.mu.RUnlock()
		c.mu.RUnlock()
		if idle {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.Logf("%d points: indexed %.1f s, payload links complete %.1f s after the first upsert (%d linked)", len(pts), indexed.Seconds(), time.Since(t0).Seconds(), ix.payloadLinkCount("category"))
	filter := decode(b, `{"must":[{"key":"category","match":{"value":"cat-3"}}]}`)
	for _, mode := range []struct {
		name   string
		filter any
	}{{"filtered", filter}, {"unfiltered", nil}} {
		b.Run(mode.name, func(b *testing.B) {
			b.ReportAllocs()
			b.ResetTimer()
			c0 := cpuNow()
			for i := 0; i < b.N; i++ {
				recs, err := c.Search(SearchRequest{Vector: qs[i%len(qs)], Limit: 10, Filter: mode.filter, Params: SearchParams{HnswEf: 64}, WithPayload: PayloadSelector{}})
				if err != nil || len(recs) != 10 {
					b.Fatal(err, len(recs))
				}
			}
			b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}

package engine

import (
	"math"
	"testing"
)

// The expected scores below were computed by hand (and checked with a calculator):
//
//	IDF (Qdrant): ln((N - df + 0.5) / (df + 0.5) + 1)
//	  N=3: df=1 -> ln(2.6667) = 0.980829, df=2 -> ln(1.6) = 0.470004;  N=2, df=1 -> ln 2 = 0.693147
//	RRF (k=2): 1 / (position + 2), position 0-based
//	DBSF: (s - (mean - 3 sd)) / (6 sd), sample standard deviation

func hybridCollection(t *testing.T, e *Engine, modifier string) *Collection {
	t.Helper()
	body := `{"vectors":{"dense":{"size":2,"distance":"Dot"}},"sparse_vectors":{"sparse":{"modifier":"` + modifier + `"}}}`
	if err := e.Create("hybrid", decode(t, body).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	c := mustColl(t, e, "hybrid")
	sv := func(idx []uint32, vals []float32) map[string]SparseVector {
		return map[string]SparseVector{"sparse": {Indices: idx, Values: vals}}
	}
	pts := []PointInput{
		// dense scores against [1, 0]: 0.1, 0.9, 0.5, 0.7 (dense rank: 2, 4, 3, 1)
		{ID: NumID(1), Vectors: map[string][]float32{"dense": {0.1, 0}}, Sparse: sv([]uint32{2, 1}, []float32{2, 1}), Payload: Payload{"tag": "a"}},
		{ID: NumID(2), Vectors: map[string][]float32{"dense": {0.9, 0}}, Sparse: sv([]uint32{2, 3}, []float32{1, 1}), Payload: Payload{"tag": "b"}},
		{ID: NumID(3), Vectors: map[string][]float32{"dense": {0.5, 0}}, Sparse: sv([]uint32{3}, []float32{3}), Payload: Payload{"tag": "a"}},
		{ID: NumID(4), Vectors: map[string][]float32{"dense": {0.7, 0}}, Payload: Payload{"tag": "b"}},
	}
	if _, err := c.Upsert(pts, UpsertOptions{}, true); err != nil {
		t.Fatal(err)
	}
	return c
}

type idScore struct {
	id    uint64
	score float64
}

func expectResults(t *testing.T, what string, recs []Record, want []idScore) {
	t.Helper()
	if len(recs) != len(want) {
		t.Fatalf("%s: got %d results %v, want %v", what, len(recs), recs, want)
	}
	for i, w := range want {
		if recs[i].ID.Num != w.id || math.Abs(float64(recs[i].Score)-w.score) > 1e-5 {
			t.Fatalf("%s: rank %d is %s (%v), want %d (%v)", what, i, recs[i].ID, recs[i].Score, w.id, w.score)
		}
	}
}

func sparseQuery(idx []uint32, vals []float32) *Nearest {
	return &Nearest{Using: "sparse", Sparse: &SparseVector{Indices: idx, Values: vals}}
}

func TestSparseSearchWithIDF(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	c := hybridCollection(t, e, "idf")
	q := Query{Nearest: sparseQuery([]uint32{3, 1}, []float32{1, 1}), Limit: 10}
	// p1: 1*idf(1)=0.980829; p2: 1*idf(3)=0.470004; p3: 3*idf(3)=1.410011; p4 has no sparse vector
	want := []idScore{{3, 1.410011}, {1, 0.980829}, {2, 0.470004}}
	recs, err := c.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	expectResults(t, "idf", recs, want)

	// a dimension no point has: no results (a point must share a dimension to score)
	recs, _ = c.Query(Query{Nearest: sparseQuery([]uint32{9}, []float32{1}), Limit: 10})
	expectResults(t, "no overlap", recs, nil)

	// filter and threshold
	recs, _ = c.Query(Query{Nearest: sparseQuery([]uint32{3, 1}, []float32{1, 1}), Limit: 10, Filter: decode(t, `{"must":[{"key":"tag","match":{"value":"a"}}]}`)})
	expectResults(t, "filtered", recs, []idScore{{3, 1.410011}, {1, 0.980829}})
	th := float32(0.5)
	recs, _ = c.Query(Query{Nearest: sparseQuery([]uint32{3, 1}, []float32{1, 1}), Limit: 10, Threshold: &th})
	expectResults(t, "threshold", recs, []idScore{{3, 1.410011}, {1, 0.980829}})

	// the statistics follow deletes: N=2, df(1)=df(3)=1 -> idf ln 2 for both
	if _, err := c.Delete(Selector{IDs: []PointID{NumID(3)}, HasIDs: true}, true); err != nil {
		t.Fatal(err)
	}
	recs, _ = c.Query(q)
	expectResults(t, "after delete", recs, []idScore{{2, 0.693147}, {1, 0.693147}}) // tie: larger id first

	// sparse vectors survive a restart from the log, then from a snapshot
	for _, compact := range []bool{false, true} {
		if compact {
			if err := c.compact(); err != nil {
				t.Fatal(err)
			}
		}
		e.Close()
		e = openEngine(t, dir)
		c = mustColl(t, e, "hybrid")
		recs, _ = c.Query(q)
		expectResults(t, "after restart", recs, []idScore{{2, 0.693147}, {1, 0.693147}})
		got := c.Retrieve([]PointID{NumID(1)}, PayloadSelector{}, VectorSelector{All: true})
		v := got[0].Vector.(map[string]any)["sparse"].(SparseVector)
		if len(v.Indices) != 2 || v.Indices[0] != 1 || v.Values[0] != 1 || v.Indices[1] != 2 || v.Values[1] != 2 {
			t.Fatalf("stored sparse vector is not sorted by index: %+v", v)
		}
	}
	e.Close()
}

func TestSparseSearchWithoutModifierAndUpdates(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := hybridCollection(t, e, "none")
	q := Query{Nearest: sparseQuery([]uint32{1, 3}, []float32{1, 1}), Limit: 10}
	recs, _ := c.Query(q)
	// plain dot products: p3 3, p1 1, p2 1 (tie: larger id first)
	expectResults(t, "plain", recs, []idScore{{3, 3}, {2, 1}, {1, 1}})

	// replacing a point's sparse vector moves it in the inverted index
	if _, err := c.UpdateVectors([]PointInput{{ID: NumID(2), Sparse: map[string]SparseVector{"sparse": {Indices: []uint32{1}, Values: []float32{5}}}}}, nil, true); err != nil {
		t.Fatal(err)
	}
	recs, _ = c.Query(q)
	expectResults(t, "updated", recs, []idScore{{2, 5}, {3, 3}, {1, 1}})
	// deleting the named vector removes it from the index
	if _, err := c.DeleteVectors(Selector{IDs: []PointID{NumID(2)}, HasIDs: true}, []string{"sparse"}, true); err != nil {
		t.Fatal(err)
	}
	recs, _ = c.Query(q)
	expectResults(t, "vector deleted", recs, []idScore{{3, 3}, {1, 1}})

	// the modifier can be switched on later (PATCH)
	if err := c.Update(decode(t, `{"sparse_vectors":{"sparse":{"modifier":"idf"}}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	recs, _ = c.Query(q)
	// N=2 (p1, p3), df(1)=1, df(3)=1: ln 2 each -> p3 3 ln 2, p1 ln 2
	expectResults(t, "idf via PATCH", recs, []idScore{{3, 3 * 0.693147}, {1, 0.693147}})

	// validation as Qdrant: equal lengths, unique indices, the right kind of vector per name
	for _, bad := range []PointInput{
		{ID: NumID(9), Sparse: map[string]SparseVector{"sparse": {Indices: []uint32{1, 2}, Values: []float32{1}}}},
		{ID: NumID(9), Sparse: map[string]SparseVector{"sparse": {Indices: []uint32{1, 1}, Values: []float32{1, 2}}}},
		{ID: NumID(9), Sparse: map[string]SparseVector{"dense": {Indices: []uint32{1}, Values: []float32{1}}}},
		{ID: NumID(9), Vectors: map[string][]float32{"sparse": {1, 2}}},
	} {
		if _, err := c.Upsert([]PointInput{bad}, UpsertOptions{}, true); err == nil {
			t.Fatalf("accepted %+v", bad)
		}
	}
	// has_vector sees sparse vectors
	n, _ := c.Count(decode(t, `{"must":[{"has_vector":"sparse"}]}`))
	if n != 2 {
		t.Fatalf("has_vector sparse counted %d, want 2", n)
	}
}

func TestFusionOfDenseAndSparsePrefetches(t *testing.T) {
	e := openEngine(t, t.TempDir())
	defer e.Close()
	c := hybridCollection(t, e, "none")
	prefetch := func() []Query {
		return []Query{
			{Nearest: &Nearest{Using: "dense", Dense: []float32{1, 0}}, Limit: 10}, // 2, 4, 3, 1
			{Nearest: sparseQuery([]uint32{1, 3}, []float32{1, 1}), Limit: 10},     // 3, 2, 1
		}
	}
	recs, err := c.Query(Query{Prefetch: prefetch(), Fusion: &Fusion{Method: "rrf"}, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	// p2 1/2+1/3, p3 1/4+1/2, p1 1/5+1/4, p4 1/3
	expectResults(t, "rrf", recs, []idScore{{2, 0.833333}, {3, 0.75}, {1, 0.45}, {4, 0.333333}})

	recs, _ = c.Query(Query{Prefetch: prefetch(), Fusion: &Fusion{Method: "rrf"}, Limit: 2, Offset: 1})
	expectResults(t, "rrf offset", recs, []idScore{{3, 0.75}, {1, 0.45}})

	// rrf with k and weights: 1 / ((pos+1)/w + k - 1), k=60, weights 1 and 3
	recs, _ = c.Query(Query{Prefetch: prefetch(), Fusion: &Fusion{Method: "rrf", K: 60, Weights: []float32{1, 3}}, Limit: 1})
	// p2: 1/60 + 1/(2/3+59) = 0.033426 > p3: 1/62 + 1/(1/3+59) = 0.032983 > p1: 1/63 + 1/60 = 0.032540
	expectResults(t, "rrf weighted", recs, []idScore{{2, 0.033426}})
	if _, err := c.Query(Query{Prefetch: prefetch(), Fusion: &Fusion{Method: "rrf", Weights: []float32{1}}, Limit: 1}); err == nil {
		t.Fatal("rrf accepted a weight count that differs from the prefetch count")
	}

	recs, _ = c.Query(Query{Prefetch: prefetch(), Fusion: &Fusion{Method: "dbsf"}, Limit: 10})
	// dense 0.9/0.7/0.5/0.1 -> 0.670783/0.573193/0.475602/0.280422; sparse 3/1/1 -> 0.692450/0.403775/0.403775
	expectResults(t, "dbsf", recs, []idScore{{3, 1.168052}, {2, 1.074558}, {1, 0.684197}, {4, 0.573193}})

	// the root filter applies to every prefetch; a prefetch's own filter only to it
	recs, _ = c.Query(Query{Prefetch: prefetch(), Fusion: &Fusion{Method: "rrf"}, Limit: 10, Filter: decode(t, `{"must":[{"key":"tag","match":{"value":"b"}}]}`)})
	// dense: 2, 4; sparse: 2 -> p2 1/2+1/2, p4 1/3
	expectResults(t, "rrf filtered", recs, []idScore{{2, 1}, {4, 0.333333}})
	pf := prefetch()
	pf[0].Filter = decode(t, `{"must_not":[{"has_id":[2]}]}`)
	recs, _ = c.Query(Query{Prefetch: pf, Fusion: &Fusion{Method: "rrf"}, Limit: 10})
	// dense: 4, 3, 1; sparse: 3, 2, 1 -> p3 1/3+1/2, p4 1/2, p1 1/4+1/4, p2 1/3
	expectResults(t, "prefetch filter", recs, []idScore{{3, 0.833333}, {4, 0.5}, {1, 0.5}, {2, 0.333333}})

	// a vector query over prefetches rescores exactly the prefetched points
	recs, _ = c.Query(Query{Prefetch: []Query{{Nearest: sparseQuery([]uint32{1, 3}, []float32{1, 1}), Limit: 2}}, Nearest: &Nearest{Using: "dense", Dense: []float32{1, 0}}, Limit: 10})
	expectResults(t, "rescore", recs, []idScore{{2, 0.9}, {3, 0.5}})

	// nested prefetches
	recs, _ = c.Query(Query{Prefetch: []Query{{Prefetch: prefetch(), Fusion: &Fusion{Method: "rrf"}, Limit: 3}}, Nearest: &Nearest{Using: "dense", Dense: []float32{1, 0}}, Limit: 10})
	expectResults(t, "nested", recs, []idScore{{2, 0.9}, {3, 0.5}, {1, 0.1}})

	// ids referred to by the query never come back, at any level
	recs, _ = c.Query(Query{Prefetch: prefetch(), Fusion: &Fusion{Method: "rrf"}, Limit: 10, Exclude: []PointID{NumID(2)}})
	// dense: 4, 3, 1; sparse: 3, 1 -> p3 1/3+1/2, p1 1/4+1/3, p4 1/2
	expectResults(t, "excluded", recs, []idScore{{3, 0.833333}, {1, 0.583333}, {4, 0.5}})
}

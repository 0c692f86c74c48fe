package engine

import (
	"math/rand"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Benchmarks of the HNSW index on its own (no HTTP, no log), on data shaped like
// bench/vector's: 384-dim Cosine points around gaussian centres. Size with
// STRATA_BENCH_N (default 20000), e.g.
//
//	STRATA_BENCH_N=50000 go test -run '^$' -bench HNSW -benchtime 2000x -cpuprofile cpu.out ./internal/engine/

// cpuNow is the process's CPU time (user + system): on a shared machine it tells the
// work a benchmark did apart from the time it waited for a core.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("STRATA_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 20000
}

// benchClusters is STRATA_BENCH_CLUSTERS, else n/100 (100 points per cluster). bench/vector
// keeps 1,000 clusters at every size, so its 1M points are 1,000 per cluster: a tighter
// top 10 than at 100k, which STRATA_BENCH_N=200000 STRATA_BENCH_CLUSTERS=200 reproduces.
func benchClusters(n int) int {
	if c, err := strconv.Atoi(os.Getenv("STRATA_BENCH_CLUSTERS")); err == nil && c > 0 {
		return c
	}
	return max(n/100, 1)
}

const benchDim = 384

// benchVectors returns n unit vectors around benchClusters(n) gaussian centres (σ 0.5
// per coordinate, as bench/vector) and nq queries from the same centres.
func benchVectors(n, nq int) (pts, qs [][]float32) {
	rng := rand.New(rand.NewSource(42))
	clusters := benchClusters(n)
	centres := make([][]float32, clusters)
	for i := range centres {
		centres[i] = make([]float32, benchDim)
		for j := range centres[i] {
			centres[i][j] = float32(rng.NormFloat64())
		}
	}
	gen := func(k int) [][]float32 {
		out := make([][]float32, k)
		for i := range out {
			c := centres[rng.Intn(clusters)]
			v := make([]float32, benchDim)
			for j := range v {
				v[j] = c[j] + float32(0.5*rng.NormFloat64())
			}
			out[i] = Normalize(v)
		}
		return out
	}
	return gen(n), gen(nq)
}

// benchIndex is an HNSW index over pts (m=16, ef_construct=100), built by the same
// workers the background builder runs.
func benchIndex(tb testing.TB, pts [][]float32) (*hnswIndex, time.Duration) {
	c := &Collection{name: "bench", points: make([]pointRec, len(pts))}
	vs := newVectorStore(benchDim, Cosine)
	for i, v := range pts {
		vs.set(uint32(i), v)
		c.points[i] = pointRec{id: NumID(uint64(i)), alive: true, version: 1}
	}
	ix := newHNSWIndex(c, vs, c.betterFn(Cosine), hnswConfig{M: 16, EfConstruct: 100, FullScanKB: 10000, ThresholdKB: 1}, "")
	for i := range pts {
		ix.add(uint32(i))
	}
	<-ix.wake // nothing listens: drain the kick
	t0 := time.Now()
	ix.workAll()
	took := time.Since(t0)
	if ix.indexed != len(pts) {
		tb.Fatalf("indexed %d of %d", ix.indexed, len(pts))
	}
	return ix, took
}

var (
	benchOnce  sync.Once
	benchIx    *hnswIndex
	benchQs    [][]float32
	benchTruth [][]uint32
)

func benchSetup(b *testing.B) {
	benchOnce.Do(func() {
		pts, qs := benchVectors(benchN(), 200)
		ix, took := benchIndex(b, pts)
		b.Logf("built %d × %d in %.1f s", len(pts), benchDim, took.Seconds())
		benchIx, benchQs = ix, qs
		for _, q := range qs {
			var ids []uint32
			for _, h := range ix.flat.search(searchQuery{vector: q, k: 10}) {
				ids = append(ids, h.off)
			}
			benchTruth = append(benchTruth, ids)
		}
	})
}

func recallOf(got []hit, truth []uint32) float64 {
	n := 0
	for _, t := range truth {
		for _, h := range got {
			if h.off == t {
				n++
				break
			}
		}
	}
	return float64(n) / float64(max(len(truth), 1))
}

// BenchmarkHNSWSearch: one top-10 query with hnsw_ef=64 (reports recall@10).
func BenchmarkHNSWSearch(b *testing.B) {
	benchSetup(b)
	var rsum float64
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuNow()
	for i := 0; i < b.N; i++ {
		q := i % len(benchQs)
		res := benchIx.search(searchQuery{vector: benchQs[q], k: 10, params: SearchParams{HnswEf: 64}})
		rsum += recallOf(res, benchTruth[q])
	}
	b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(rsum/float64(b.N), "recall")
}

// BenchmarkHNSWBuild: building the whole index (one op = one build of STRATA_BENCH_N).
func BenchmarkHNSWBuild(b *testing.B) {
	pts, _ := benchVectors(benchN(), 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c0 := cpuNow()
		_, took := benchIndex(b, pts)
		b.ReportMetric((cpuNow() - c0).Seconds(), "cpu-s/build")
		b.ReportMetric(took.Seconds(), "s/build")
		b.ReportMetric(float64(len(pts))/took.Seconds(), "inserts/s")
	}
}

// BenchmarkDotRandom: one 384-dim dot product against a vector at a random offset of
// the index's store (memory-bound, as in a graph walk) — compare with BenchmarkDotHot.
func BenchmarkDotRandom(b *testing.B) {
	benchSetup(b)
	q := benchQs[0]
	n := uint32(len(benchIx.state))
	rng := rand.New(rand.NewSource(3))
	offs := make([]uint32, 1<<16)
	for i := range offs {
		offs[i] = uint32(rng.Int63n(int64(n)))
	}
	var s float32
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s += dot(q, benchIx.vec(offs[i&(1<<16-1)]))
	}
	_ = s
}

func BenchmarkDotHot(b *testing.B) {
	benchSetup(b)
	q := benchQs[0]
	var s float32
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s += dot(q, benchIx.vec(uint32(i&15)))
	}
	_ = s
}

// BenchmarkHNSWFiltered: top-10 with a 10% filter given as payload-index candidates
// (off%10 == 3), planned as the index plans it, or forced exact / through the graph.
func BenchmarkHNSWFiltered(b *testing.B) {
	benchSetup(b)
	var cand []uint32
	for off := uint32(3); off < uint32(len(benchIx.state)); off += 10 {
		cand = append(cand, off)
	}
	truth := exactTop10(benchIx, cand)
	for _, plan := range []struct {
		name string
		p    int
	}{{"auto", planAuto}, {"exact", planExact}, {"walk", planWalk}} {
		b.Run(plan.name, func(b *testing.B) {
			benchIx.plan = plan.p
			defer func() { benchIx.plan = planAuto }()
			var rsum float64
			b.ReportAllocs()
			b.ResetTimer()
			c0 := cpuNow()
			for i := 0; i < b.N; i++ {
				q := i % len(benchQs)
				res := benchIx.search(searchQuery{vector: benchQs[q], k: 10, cand: cand, params: SearchParams{HnswEf: 64}})
				rsum += recallOf(res, truth[q])
			}
			b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(rsum/float64(b.N), "recall")
		})
	}
}

// BenchmarkCollectionQuery: the same query through Collection.Search (filter planning,
// payload and records included), to see what the request path adds to the graph walk.
func BenchmarkCollectionQuery(b *testing.B) {
	e := openEngine(b, b.TempDir())
	defer e.Close()
	body := `{"vectors":{"size":384,"distance":"Cosine"},"hnsw_config":{"m":16,"ef_construct":100},"optimizers_config":{"indexing_threshold":100}}`
	if err := e.Create("q", decode(b, body).(map[string]any)); err != nil {
		b.Fatal(err)
	}
	c := mustColl(b, e, "q")
	pts, qs := benchVectors(benchN(), 200)
	upsertVectors(b, c, 0, pts)
	waitIndexed(b, c, len(pts))
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuNow()
	for i := 0; i < b.N; i++ {
		recs, err := c.Search(SearchRequest{Vector: qs[i%len(qs)], Limit: 10, Params: SearchParams{HnswEf: 64}, WithPayload: PayloadSelector{}})
		if err != nil || len(recs) != 10 {
			b.Fatal(err, len(recs))
		}
	}
	b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
}

// exactTop10 is the exact answer (point offsets) to each benchmark query among cand.
func exactTop10(ix *hnswIndex, cand []uint32) [][]uint32 {
	var truth [][]uint32
	for _, q := range benchQs {
		var ids []uint32
		for _, h := range ix.flat.search(searchQuery{vector: q, k: 10, cand: cand}) {
			ids = append(ids, h.off)
		}
		truth = append(truth, ids)
	}
	return truth
}

package engine

import (
	"math"
	"math/rand"
	"sort"
	"testing"
)

func near(a, b float32) bool { return math.Abs(float64(a-b)) < 1e-5 }

func TestDistanceMaths(t *testing.T) {
	a := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}
	b := []float32{9, 8, 7, 6, 5, 4, 3, 2, 1}
	var dotAB, sq, l1 float64
	for i := range a {
		dotAB += float64(a[i] * b[i])
		d := float64(a[i] - b[i])
		sq += d * d
		l1 += math.Abs(d)
	}
	if got := Dot.Score(a, b); !near(got, float32(dotAB)) {
		t.Errorf("dot: %v want %v", got, dotAB)
	}
	if got := Euclid.Score(a, b); !near(got, float32(math.Sqrt(sq))) {
		t.Errorf("euclid: %v want %v (a distance, not its square)", got, math.Sqrt(sq))
	}
	if got := Manhattan.Score(a, b); !near(got, float32(l1)) {
		t.Errorf("manhattan: %v want %v", got, l1)
	}
	na := Normalize(append([]float32(nil), a...))
	nb := Normalize(append([]float32(nil), b...))
	var normA, normB float64
	for i := range a {
		normA += float64(a[i] * a[i])
		normB += float64(b[i] * b[i])
	}
	cos := dotAB / math.Sqrt(normA) / math.Sqrt(normB)
	if got := Cosine.Score(na, nb); !near(got, float32(cos)) {
		t.Errorf("cosine: %v want %v", got, cos)
	}
	if got := Cosine.Score(na, na); !near(got, 1) {
		t.Errorf("cosine self: %v", got)
	}
}

func TestNormalizeLeavesZeroVector(t *testing.T) {
	z := Normalize([]float32{0, 0, 0})
	for _, x := range z {
		if x != 0 || math.IsNaN(float64(x)) {
			t.Fatalf("zero vector became %v", z)
		}
	}
	v := Normalize([]float32{3, 4})
	if !near(v[0], 0.6) || !near(v[1], 0.8) {
		t.Fatalf("got %v", v)
	}
}

func TestThresholdScale(t *testing.T) {
	// a distance threshold of 2 keeps internal scores >= -(2^2) for Euclid
	if Euclid.Preprocess(2) != -4 || Manhattan.Preprocess(2) != -2 || Dot.Preprocess(0.5) != 0.5 {
		t.Fatal("threshold preprocessing is wrong")
	}
	if Euclid.Postprocess(-9) != 3 || Manhattan.Postprocess(-7) != 7 {
		t.Fatal("postprocess is wrong")
	}
}

// TestExactSearchMatchesBruteForce checks the parallel scan and heap against a sort of
// every score, for each metric, with and without a filter.
func TestExactSearchMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	const n, dim, k = 20000, 16, 25
	for _, d := range []Distance{Cosine, Dot, Euclid, Manhattan} {
		c := &Collection{points: make([]pointRec, n)}
		vs := newVectorStore(dim, d)
		vecs := make([][]float32, n)
		for i := 0; i < n; i++ {
			v := make([]float32, dim)
			for j := range v {
				v[j] = float32(rng.NormFloat64())
			}
			if d == Cosine {
				Normalize(v)
			}
			vecs[i] = v
			vs.set(uint32(i), v)
			c.points[i] = pointRec{id: NumID(uint64(i)), alive: true}
		}
		q := make([]float32, dim)
		for j := range q {
			q[j] = float32(rng.NormFloat64())
		}
		if d == Cosine {
			Normalize(q)
		}
		s := &flatIndex{vs: vs, better: c.betterFn(d)}
		odd := func(_ *worker, off uint32) bool { return off%2 == 1 }
		for _, accept := range []func(*worker, uint32) bool{nil, odd} {
			got := s.search(searchQuery{vector: q, k: k, accept: accept})
			var all []hit
			for i := 0; i < n; i++ {
				if accept == nil || accept(nil, uint32(i)) {
					all = append(all, hit{uint32(i), d.raw(q, vecs[i])})
				}
			}
			sort.Slice(all, func(i, j int) bool { return all[i].score > all[j].score })
			if len(got) != k {
				t.Fatalf("%v: got %d hits", d, len(got))
			}
			for i := range got {
				if got[i].off != all[i].off {
					t.Fatalf("%v: rank %d is %d (%v), brute force says %d (%v)", d, i, got[i].off, got[i].score, all[i].off, all[i].score)
				}
			}
		}
		vs.release()
	}
}

func TestTiesFollowScoredPointTies(t *testing.T) {
	c := &Collection{points: []pointRec{{id: NumID(5), alive: true}, {id: NumID(2), alive: true}, {id: NumID(9), alive: true}}}
	for _, d := range []Distance{Dot, Euclid} {
		vs := newVectorStore(2, d)
		for i := 0; i < 3; i++ {
			vs.set(uint32(i), []float32{1, 1})
		}
		s := &flatIndex{vs: vs, better: c.betterFn(d)}
		got := s.search(searchQuery{vector: []float32{1, 0}, k: 3})
		var ids []uint64
		for _, h := range got {
			ids = append(ids, c.points[h.off].id.Num)
		}
		want := []uint64{9, 5, 2} // similarity: larger id first
		if d == Euclid {
			want = []uint64{2, 5, 9} // distance: smaller id first
		}
		for i := range want {
			if ids[i] != want[i] {
				t.Fatalf("%v ties: got %v, want %v", d, ids, want)
			}
		}
		vs.release()
	}
}

// TestKernelsAgreeWithGo compares whatever dot/sqDist the CPU selected with the Go loops.
func TestKernelsAgreeWithGo(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, n := range []int{0, 1, 3, 7, 8, 9, 31, 32, 33, 100, 384, 1000} {
		a := make([]float32, n)
		b := make([]float32, n)
		for i := range a {
			a[i] = float32(rng.NormFloat64())
			b[i] = float32(rng.NormFloat64())
		}
		if d, g := dot(a, b), dotGo(a, b); math.Abs(float64(d-g)) > 1e-4*(1+math.Abs(float64(g))) {
			t.Errorf("dot n=%d: kernel %v, Go %v", n, d, g)
		}
		if d, g := sqDist(a, b), sqDistGo(a, b); math.Abs(float64(d-g)) > 1e-4*(1+math.Abs(float64(g))) {
			t.Errorf("sqDist n=%d: kernel %v, Go %v", n, d, g)
		}
	}
	t.Logf("AVX2+FMA kernels in use: %v", hasAVX2FMA)
}

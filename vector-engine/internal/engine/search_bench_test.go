package engine

import (
	"math/rand"
	"testing"
)

// BenchmarkExactSearch100k measures the scan behind a top-10 query on 100k × 384
// Cosine vectors (go test -bench ExactSearch -run ^$ ./internal/engine/).
func BenchmarkExactSearch100k(b *testing.B) {
	const n, dim = 100_000, 384
	rng := rand.New(rand.NewSource(1))
	c := &Collection{points: make([]pointRec, n)}
	vs := newVectorStore(dim, Cosine)
	v := make([]float32, dim)
	for i := 0; i < n; i++ {
		for j := range v {
			v[j] = rng.Float32()*2 - 1
		}
		vs.set(uint32(i), Normalize(v))
		c.points[i] = pointRec{id: NumID(uint64(i)), alive: true}
	}
	q := make([]float32, dim)
	for j := range q {
		q[j] = rng.Float32()*2 - 1
	}
	Normalize(q)
	s := &flatIndex{vs: vs, better: c.betterFn(Cosine)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(s.search(searchQuery{vector: q, k: 10})) != 10 {
			b.Fatal("short result")
		}
	}
	b.StopTimer()
	vs.release()
}

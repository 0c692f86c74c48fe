package engine

import (
	"math"
	"math/rand"
	"testing"
)

// The int8 kernel agrees with the Go loop exactly (integer sums), at every length the
// rows can have and at the extremes of the range.
func TestDotQ8(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, n := range []int{0, 16, 32, 48, 384, 400, 1536} {
		a, b := make([]int8, n), make([]int8, n)
		for i := range a {
			a[i], b[i] = int8(rng.Intn(256)-128), int8(rng.Intn(256)-128)
		}
		if got, want := dotQ8(a, b), dotQ8Go(a, b); got != want {
			t.Fatalf("n=%d: %d, want %d", n, got, want)
		}
		for i := range a {
			a[i], b[i] = -128, -128
		}
		if got, want := dotQ8(a, b), dotQ8Go(a, b); got != want {
			t.Fatalf("n=%d extremes: %d, want %d", n, got, want)
		}
	}
}

// A quantised dot product of unit vectors stays within 1% of the float one (each
// coordinate is off by at most half a step of max|v|/127).
func TestQuantizedScore(t *testing.T) {
	pts, qs := benchVectors(200, 20)
	st := &q8Store{row: q8Pad(benchDim)}
	for i, v := range pts {
		st.set(uint32(i), v)
	}
	defer st.release()
	var qq q8Query
	for _, q := range qs {
		qq.prepare(q)
		for i, v := range pts {
			if got, want := qq.score(st, uint32(i)), dotGo(q, v); math.Abs(float64(got-want)) > 0.01 {
				t.Fatalf("point %d: %v, want %v", i, got, want)
			}
		}
	}
	zero := make([]int8, q8Pad(3))
	if s := quantize([]float32{0, 0, 0}, zero); s != 0 || dotQ8Go(zero, zero) != 0 {
		t.Fatal("a zero vector quantises to zeros with scale 0")
	}
}

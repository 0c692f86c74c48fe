package engine

import (
	"math"
	"unsafe"
)

// Scalar quantisation (int8, one scale per vector) of a Cosine or Dot vector store, for
// the approximate phases of a search: an HNSW walk and the planner's pass over a
// filter's candidates are bound by memory latency and bandwidth (a 384-dim float32
// vector is 24 cache lines, its int8 copy 6), so they rank with the int8 copy, then
// rescore the short list they keep with the float32 vectors. Results and their scores
// are always computed in float32; params.exact never uses the copy. Qdrant does the
// same when a collection enables scalar quantisation with rescoring; here it is always
// on for Cosine and Dot (the copy is derived at insert, never persisted: +25% memory).
//
// Per-vector scale: q[i] = round(v[i]·127/max|v|), so v·w ≈ sv·sw·Σ q[i]·r[i] with
// sv = max|v|/127. The dimension is padded to a multiple of 16 with zeros for the kernel.

// q8Pad is the int8 row length for dim.
func q8Pad(dim int) int { return (dim + 15) &^ 15 }

// quantize writes v's int8 form into out (len q8Pad(len(v)), padding zeroed) and
// returns its scale.
func quantize(v []float32, out []int8) float32 {
	var m float32
	for _, x := range v {
		if a := float32(math.Abs(float64(x))); a > m {
			m = a
		}
	}
	clear(out)
	if m == 0 {
		return 0
	}
	f := 127 / m
	for i, x := range v {
		out[i] = int8(math.Round(float64(x * f)))
	}
	return m / 127
}

// dotQ8 is Σ a[i]·b[i] (replaced by an AVX2 kernel where the CPU has it); len(a) is a
// multiple of 16 and len(b) ≥ len(a).
var dotQ8 = dotQ8Go

func dotQ8Go(a, b []int8) int32 {
	var s int32
	for i, x := range a {
		s += int32(x) * int32(b[i])
	}
	return s
}

// q8Store is the quantised copy of a vectorStore's chunks (same offsets), allocated
// outside the Go heap like them.
type q8Store struct {
	row    int // bytes per vector
	chunks [][]int8
	scales [][]float32
}

func (q *q8Store) ensure(off uint32) {
	for len(q.chunks) <= int(off)/chunkPoints {
		f := allocFloats(chunkPoints * q.row / 4)
		q.chunks = append(q.chunks, unsafe.Slice((*int8)(unsafe.Pointer(&f[0])), chunkPoints*q.row))
		q.scales = append(q.scales, make([]float32, chunkPoints))
	}
}

func (q *q8Store) set(off uint32, v []float32) {
	q.ensure(off)
	i := (int(off) % chunkPoints) * q.row
	q.scales[int(off)/chunkPoints][int(off)%chunkPoints] = quantize(v, q.chunks[int(off)/chunkPoints][i:i+q.row])
}

// vec returns the int8 row of off and its scale.
func (q *q8Store) vec(off uint32) ([]int8, float32) {
	c := int(off) / chunkPoints
	i := (int(off) % chunkPoints) * q.row
	return q.chunks[c][i : i+q.row : i+q.row], q.scales[c][int(off)%chunkPoints]
}

func (q *q8Store) release() {
	for _, c := range q.chunks {
		freeFloats(unsafe.Slice((*float32)(unsafe.Pointer(&c[0])), len(c)/4))
	}
	q.chunks, q.scales = nil, nil
}

// q8Query is a query vector in int8 form, for scoring against a q8Store.
type q8Query struct {
	v     []int8
	scale float32
}

func (qq *q8Query) prepare(q []float32) {
	n := q8Pad(len(q))
	if cap(qq.v) < n {
		qq.v = make([]int8, n)
	}
	qq.v = qq.v[:n]
	qq.scale = quantize(q, qq.v)
}

// score approximates the dot product of the query with the stored vector at off.
func (qq *q8Query) score(q *q8Store, off uint32) float32 {
	v, s := q.vec(off)
	return qq.scale * s * float32(dotQ8(qq.v, v))
}

// prefetchQ8 hints the int8 row's lines into the cache, as prefetch does for floats.
func prefetchQ8(v []int8) {
	prefetch(unsafe.Slice((*float32)(unsafe.Pointer(&v[0])), len(v)/4))
}

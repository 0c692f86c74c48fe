package engine

import (
	"fmt"
	"math"
)

// Distance is a collection's metric.
type Distance uint8

const (
	Cosine Distance = iota
	Euclid
	Dot
	Manhattan
)

var distanceNames = [...]string{"Cosine", "Euclid", "Dot", "Manhattan"}

func (d Distance) String() string { return distanceNames[d] }

// ParseDistance reads the names of Qdrant's Distance enum.
func ParseDistance(s string) (Distance, error) {
	for i, n := range distanceNames {
		if n == s {
			return Distance(i), nil
		}
	}
	return 0, fmt.Errorf("unknown distance %q", s)
}

// LargerIsBetter is Qdrant's Order::LargeBetter (similarities) versus SmallBetter (distances).
func (d Distance) LargerIsBetter() bool { return d == Cosine || d == Dot }

// Internally every metric is a similarity (larger is better), as in Qdrant: the
// distances are negated while scanning and turned back into distances at the end.

// raw computes the internal score of a stored vector against a prepared query.
func (d Distance) raw(q, v []float32) float32 {
	switch d {
	case Cosine, Dot:
		return dot(q, v)
	case Euclid:
		return -sqDist(q, v)
	default:
		return -l1Dist(q, v)
	}
}

// Postprocess turns an internal score into the score Qdrant returns.
func (d Distance) Postprocess(s float32) float32 {
	switch d {
	case Euclid:
		return float32(math.Sqrt(math.Abs(float64(s))))
	case Manhattan:
		return float32(math.Abs(float64(s)))
	}
	return s
}

// Preprocess turns a user score threshold into the internal score scale.
func (d Distance) Preprocess(threshold float32) float32 {
	switch d {
	case Euclid:
		return -threshold * threshold
	case Manhattan:
		return -threshold
	}
	return threshold
}

// epsilon is Rust's f32::EPSILON: Qdrant leaves vectors with a smaller norm as they are.
const epsilon = 1.1920929e-7

// Normalize returns v scaled to unit length for Cosine (in place), as Qdrant does at insert.
func Normalize(v []float32) []float32 {
	var s float32
	for _, x := range v {
		s += x * x
	}
	n := float32(math.Sqrt(float64(s)))
	if n < epsilon {
		return v
	}
	for i := range v {
		v[i] /= n
	}
	return v
}

// Score is the public score of v against q under d (q already prepared).
func (d Distance) Score(q, v []float32) float32 { return d.Postprocess(d.raw(q, v)) }

// dot and sqDist are replaced by SIMD kernels where the CPU has them (simd_amd64.go).
var (
	dot    = dotGo
	sqDist = sqDistGo
)

func dotGo(a, b []float32) float32 {
	n := len(a)
	b = b[:n]
	var s0, s1, s2, s3, s4, s5, s6, s7 float32
	i := 0
	for ; i+8 <= n; i += 8 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
		s4 += a[i+4] * b[i+4]
		s5 += a[i+5] * b[i+5]
		s6 += a[i+6] * b[i+6]
		s7 += a[i+7] * b[i+7]
	}
	for ; i < n; i++ {
		s0 += a[i] * b[i]
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
}

func sqDistGo(a, b []float32) float32 {
	n := len(a)
	b = b[:n]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= n; i += 4 {
		d0 := a[i] - b[i]
		d1 := a[i+1] - b[i+1]
		d2 := a[i+2] - b[i+2]
		d3 := a[i+3] - b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < n; i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

func l1Dist(a, b []float32) float32 {
	n := len(a)
	b = b[:n]
	var s0, s1 float32
	i := 0
	for ; i+2 <= n; i += 2 {
		s0 += abs32(a[i] - b[i])
		s1 += abs32(a[i+1] - b[i+1])
	}
	for ; i < n; i++ {
		s0 += abs32(a[i] - b[i])
	}
	return s0 + s1
}

func abs32(x float32) float32 { return math.Float32frombits(math.Float32bits(x) &^ (1 << 31)) }

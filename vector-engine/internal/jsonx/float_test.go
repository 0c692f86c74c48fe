package jsonx

import (
	"math"
	"math/rand"
	"strconv"
	"testing"
)

// TestParseFloat32 holds the fast path to strconv.ParseFloat(s, 32) bit for bit on the
// inputs it meets (float32 values written by JS), on random decimals of every length
// and scale, and on the float32 midpoints where the fast path must step aside.
func TestParseFloat32(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	check := func(s string) {
		t.Helper()
		want, werr := strconv.ParseFloat(s, 32)
		got, gerr := ParseFloat32(s)
		if math.Float32bits(got) != math.Float32bits(float32(want)) || (werr == nil) != (gerr == nil) {
			t.Fatalf("%q: got %v (%v), want %v (%v)", s, got, gerr, float32(want), werr)
		}
	}
	for _, s := range []string{"0", "-0", "0.0", "-0.0e5", "1", "-1", "1e0", "1E+2", "1e-2", "123456789012345678901",
		"0.000000000000000000000000000000000000000001", "3.4028235e38", "3.5e38", "1e-46", "1.17549435e-38",
		"9007199254740993", "0.1", "0.30000000000000004", "1e22", "1e23", "1e-22", "1e-23", "12345.678e-3"} {
		check(s)
	}
	for n := 0; n < 200000; n++ {
		f := float32(rng.NormFloat64() * math.Pow(10, float64(rng.Intn(12)-6)))
		check(strconv.FormatFloat(float64(f), 'g', -1, 64)) // as JS writes a Float32Array
		check(strconv.FormatFloat(float64(f), 'g', -1, 32))
		check(strconv.FormatFloat(rng.NormFloat64(), 'f', rng.Intn(20), 64))
		check(strconv.FormatFloat(rng.ExpFloat64()*1e10, 'e', rng.Intn(20), 64))
		// A float32 midpoint, exactly and a hair either side.
		lo := math.Float32frombits(uint32(rng.Int63n(1 << 31)))
		if !math.IsInf(float64(lo), 0) && !math.IsNaN(float64(lo)) {
			hi := math.Nextafter32(lo, float32(math.Inf(1)))
			mid := (float64(lo) + float64(hi)) / 2
			check(strconv.FormatFloat(mid, 'g', -1, 64))
			check(strconv.FormatFloat(math.Nextafter(mid, 0), 'g', -1, 64))
			check(strconv.FormatFloat(math.Nextafter(mid, math.Inf(1)), 'g', -1, 64))
			check(strconv.FormatFloat(mid, 'g', 17, 64))
		}
	}
}

func BenchmarkParseFloat32(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	in := make([]string, 384)
	for i := range in {
		in[i] = strconv.FormatFloat(float64(rng.Float32()*0.2-0.1), 'g', -1, 64)
	}
	b.Run("fast", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, s := range in {
				ParseFloat32(s)
			}
		}
	})
	b.Run("strconv", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			for _, s := range in {
				strconv.ParseFloat(s, 32)
			}
		}
	})
}

package jsonx

import (
	"math"
	"strconv"
)

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// ParseFloat32 converts a JSON number to the nearest float32, with exactly the
// result (and range error) of strconv.ParseFloat(s, 32). Query vectors arrive as 384
// numbers of ~18 digits each (the JS client writes a Float32Array's values in their
// shortest float64 form) and strconv took ~115 ns per number, a third of a query's
// request path; the common case here costs a fraction of that.
//
// The fast path reads up to 19 significant digits into a uint64 and scales it by one
// exact power of ten in float64: two roundings, so the result is within 2 float64 ulps
// of the decimal's value. Rounding that to float32 is then exact unless the value lies
// within those ulps of a midpoint between two float32s (the 29 low mantissa bits
// rounding drops are near 1<<28), or outside float32's normal range; those cases, and
// longer or far-scaled numbers, go to strconv.
func ParseFloat32(s string) (float32, error) {
	if f, ok := fastFloat32(s); ok {
		return f, nil
	}
	f, err := strconv.ParseFloat(s, 32)
	return float32(f), err
}

func fastFloat32(s string) (float32, bool) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		neg, i = true, 1
	}
	// Each digit is one bound check: mant stays below 1e19, so it never wraps (a
	// longer mantissa goes to strconv).
	var mant uint64
	exp, start := 0, i
	for ; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			break
		}
		if mant >= 1e18 {
			return 0, false
		}
		mant = mant*10 + uint64(c)
	}
	digits := i - start
	if i < len(s) && s[i] == '.' {
		i++
		frac := i
		for ; i < len(s); i++ {
			c := s[i] - '0'
			if c > 9 {
				break
			}
			if mant >= 1e18 {
				return 0, false
			}
			mant = mant*10 + uint64(c)
		}
		exp, digits = frac-i, digits+i-frac
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg, i = s[i] == '-', i+1
		}
		e, ed := 0, 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			if ed++; ed > 4 {
				return 0, false
			}
			e = e*10 + int(s[i]-'0')
		}
		if ed == 0 {
			return 0, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	if i != len(s) {
		return 0, false
	}
	if mant == 0 {
		if neg {
			return float32(math.Copysign(0, -1)), true
		}
		return 0, true
	}
	if exp < -22 || exp > 22 {
		return 0, false
	}
	f := float64(mant)
	if exp < 0 {
		f /= pow10[-exp]
	} else {
		f *= pow10[exp]
	}
	bits := math.Float64bits(f)
	if e := int(bits>>52) - 1023; e < -125 || e > 126 {
		return 0, false
	}
	const half, slack = 1 << 28, 8
	if low := bits & (1<<29 - 1); low > half-slack && low < half+slack {
		return 0, false
	}
	if neg {
		f = -f
	}
	return float32(f), true
}

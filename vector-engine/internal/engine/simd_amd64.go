package engine

// AVX2+FMA kernels for the scan (simd_amd64.s), used when the CPU and the OS support
// them; the portable Go loops in distance.go are the fallback and the reference the
// tests compare against.

//go:noescape
func dotAVX2(a, b *float32, n int) float32

//go:noescape
func sqDistAVX2(a, b *float32, n int) float32

//go:noescape
func dotQ8AVX2(a, b *int8, n int) int32

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv() (eax, edx uint32)

var hasAVX2FMA = func() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&(fma|osxsave|avx) != fma|osxsave|avx {
		return false
	}
	if xcr0, _ := xgetbv(); xcr0&6 != 6 { // XMM and YMM state enabled by the OS
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0 // AVX2
}()

func init() {
	if hasAVX2FMA {
		dot = func(a, b []float32) float32 {
			if len(a) == 0 {
				return 0
			}
			_ = b[len(a)-1]
			return dotAVX2(&a[0], &b[0], len(a))
		}
		dotQ8 = func(a, b []int8) int32 {
			if len(a) == 0 {
				return 0
			}
			_ = b[len(a)-1]
			return dotQ8AVX2(&a[0], &b[0], len(a))
		}
		sqDist = func(a, b []float32) float32 {
			if len(a) == 0 {
				return 0
			}
			_ = b[len(a)-1]
			return sqDistAVX2(&a[0], &b[0], len(a))
		}
	}
}

//go:noescape
func prefetchLines(p *float32, n int)

// prefetch asks the CPU to start loading v's memory (a hint; no effect on results).
func prefetch(v []float32) {
	if len(v) > 0 {
		prefetchLines(&v[0], len(v))
	}
}

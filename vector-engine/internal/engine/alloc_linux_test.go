//go:build linux

package engine

import (
	"testing"
	"unsafe"
)

// Stores from half a huge page up start on a huge page and span whole ones; smaller
// ones are plain mappings; both are writable to the end and freed without a fault.
func TestAllocFloatsHugePages(t *testing.T) {
	for _, n := range []int{4096 * 3, hugePage / 8, 4096 * 384, 4096 * 384 / 4} {
		f := allocFloats(n)
		if len(f) != n {
			t.Fatalf("allocFloats(%d): %d floats", n, len(f))
		}
		f[0], f[n-1] = 1, 2
		size, huge := hugeSize(n)
		if addr := uintptr(unsafe.Pointer(&f[0])); huge && (addr%hugePage != 0 || size%hugePage != 0) {
			t.Fatalf("allocFloats(%d): at %#x, %d bytes: not on whole huge pages", n, addr, size)
		}
		if huge != (n*4 >= hugePage/2) {
			t.Fatalf("allocFloats(%d): huge %v", n, huge)
		}
		freeFloats(f)
	}
	h := heapFloats(1000)
	h[999] = 1
	freeFloats(h) // a heap store is left to the garbage collector, not unmapped
	if h[999] != 1 {
		t.Fatal("heap store changed")
	}
}

//go:build linux

package engine

import (
	"syscall"
	"unsafe"
)

func allocFloats(n int) []float32 {
	b, err := syscall.Mmap(-1, 0, n*4, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		// fall back to the Go heap rather than fail a write
		return make([]float32, n)
	}
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n)
}

func freeFloats(f []float32) {
	if len(f) == 0 {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), len(f)*4)
	// a heap fallback slice is not a mapping: munmap then fails harmlessly
	_ = syscall.Munmap(b)
}

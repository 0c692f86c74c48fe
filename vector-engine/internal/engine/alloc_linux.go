//go:build linux

package engine

import (
	"sync"
	"syscall"
	"unsafe"
)

// hugePage is the size of a transparent huge page on amd64 and arm64 (4 KiB base pages).
const hugePage = 2 << 20

const (
	madvHugepage = 14 // MADV_HUGEPAGE
	madvCollapse = 25 // MADV_COLLAPSE (Linux 6.1)
)

// A graph walk reads vectors and link lists at random addresses: with 4 KiB pages
// nearly every one is a TLB miss (1M vectors are 1.5 GiB, the TLB reaches a few MiB),
// and in a virtual machine a miss walks two page tables. Hosts usually run
// transparent huge pages in "madvise" mode, so the stores ask for them: measured on
// this kind of machine, random 8-byte reads over 512 MiB ran 1.4× faster on one core
// and 1.7× on two with MADV_HUGEPAGE.

// hugeSize is what allocFloats maps for n floats: from half a huge page up, whole
// huge pages (smaller stores would waste more than they gain).
func hugeSize(n int) (size int, huge bool) {
	size = n * 4
	if size < hugePage/2 {
		return size, false
	}
	return (size + hugePage - 1) &^ (hugePage - 1), true
}

func allocFloats(n int) []float32 {
	size, huge := hugeSize(n)
	if !huge {
		b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			return heapFloats(n)
		}
		return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n)
	}
	// map one huge page more and trim both ends, so the store starts on a huge page
	b, err := syscall.Mmap(-1, 0, size+hugePage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return heapFloats(n)
	}
	base := uintptr(unsafe.Pointer(&b[0]))
	head := int((hugePage - base%hugePage) % hugePage)
	if head > 0 {
		_ = syscall.Munmap(b[:head])
	}
	if tail := b[head+size:]; len(tail) > 0 {
		_ = syscall.Munmap(tail)
	}
	b = b[head : head+size : head+size]
	_ = syscall.Madvise(b, madvHugepage) // a hint: an error leaves 4 KiB pages
	return unsafe.Slice((*float32)(unsafe.Pointer(&b[0])), n)
}

// fromHeap holds the stores allocFloats took from the Go heap when a mapping failed:
// munmap would tear such memory out from under the garbage collector.
var fromHeap sync.Map

// heapFloats falls back to the Go heap rather than fail a write.
func heapFloats(n int) []float32 {
	f := make([]float32, n)
	fromHeap.Store(&f[0], struct{}{})
	return f
}

func freeFloats(f []float32) {
	if len(f) == 0 {
		return
	}
	if _, heap := fromHeap.LoadAndDelete(&f[0]); heap {
		return
	}
	size, _ := hugeSize(len(f))
	_ = syscall.Munmap(unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), size))
}

// collapseHuge asks the kernel to back the huge pages inside a large Go slice's memory
// with huge pages now (the Go heap is not advised for them): for arrays a walk reads
// at random, called when they are reallocated.
func collapseHuge(p unsafe.Pointer, size int) {
	start := (uintptr(p) + hugePage - 1) &^ (hugePage - 1)
	end := (uintptr(p) + uintptr(size)) &^ (hugePage - 1)
	if end <= start {
		return
	}
	_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvCollapse)
}

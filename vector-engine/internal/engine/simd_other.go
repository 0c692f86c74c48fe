//go:build !amd64

package engine

// prefetch is a hint only; without the amd64 kernels there is nothing to do.
func prefetch(v []float32) {}

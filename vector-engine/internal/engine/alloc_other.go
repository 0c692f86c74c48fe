//go:build !linux

package engine

func allocFloats(n int) []float32 { return make([]float32, n) }

func freeFloats([]float32) {}

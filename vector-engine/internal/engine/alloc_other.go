//go:build !linux

package engine

import "unsafe"

func allocFloats(n int) []float32 { return make([]float32, n) }

func freeFloats([]float32) {}

func collapseHuge(unsafe.Pointer, int) {}

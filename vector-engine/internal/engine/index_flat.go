package engine

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// flatIndex is exact search: every query scans the stored vectors (or the candidates a
// payload index left). It keeps no state of its own, so add and remove have nothing to do.
type flatIndex struct {
	vs     *vectorStore
	better func(a, b hit) bool
}

// candPrefetch is how many candidates ahead the scan prefetches.
const candPrefetch = 4

// minParallel is the number of vectors below which one goroutine is faster.
const minParallel = 4096

func (s *flatIndex) add(uint32)        {}
func (s *flatIndex) remove(uint32)     {}
func (s *flatIndex) start()            {}
func (s *flatIndex) stop(bool)         {}
func (s *flatIndex) indexedCount() int { return 0 }

// search scans every stored vector (or every candidate).
func (s *flatIndex) search(sq searchQuery) []hit {
	q, k, accept, cand, minScore := sq.vector, sq.k, sq.accept, sq.cand, sq.minScore
	if k <= 0 {
		return nil
	}
	vs := s.vs
	n := len(vs.present)
	if cand != nil {
		n = len(cand)
	}
	workers := runtime.GOMAXPROCS(0)
	if n < minParallel || workers < 1 {
		workers = 1
	}
	var score func(a, b []float32) float32
	switch vs.dist {
	case Cosine, Dot:
		score = dot
	case Euclid:
		score = func(a, b []float32) float32 { return -sqDist(a, b) }
	default:
		score = func(a, b []float32) float32 { return -l1Dist(a, b) }
	}
	dim := vs.dim
	// Ranges are handed out from a shared counter, several per worker, so a worker that
	// loses its core to another process does not hold the whole query back.
	tasks := 1
	if workers > 1 {
		tasks = workers * 4
	}
	per := (n + tasks - 1) / tasks
	var next atomic.Int64
	results := make([][]hit, workers)
	var wg sync.WaitGroup
	for wi := 0; wi < workers; wi++ {
		wg.Add(1)
		go func(wi int) {
			defer wg.Done()
			t := &topK{k: k, better: s.better}
			w := &worker{}
			visit := func(off uint32) {
				if !vs.present[off] {
					return
				}
				if accept != nil && !accept(w, off) {
					return
				}
				var sc float32
				if sq.q8 != nil {
					sc = sq.q8.score(vs.q8, off)
				} else {
					c := vs.chunks[int(off)/chunkPoints]
					i := (int(off) % chunkPoints) * dim
					sc = score(q, c[i:i+dim])
				}
				if minScore != nil && sc < *minScore {
					return
				}
				t.push(hit{off, sc})
			}
			for {
				task := int(next.Add(1) - 1)
				lo, hi := task*per, (task+1)*per
				if task >= tasks || lo >= n {
					break
				}
				if hi > n {
					hi = n
				}
				if cand != nil {
					// candidates are scattered: prefetch a few ahead (the hardware
					// prefetcher only follows the lines within a vector)
					part := cand[lo:hi]
					for i, off := range part {
						if j := i + candPrefetch; j < len(part) && vs.present[part[j]] {
							nx := part[j]
							if sq.q8 != nil {
								r, _ := vs.q8.vec(nx)
								prefetchQ8(r)
							} else {
								c := vs.chunks[int(nx)/chunkPoints]
								at := (int(nx) % chunkPoints) * dim
								prefetch(c[at : at+dim])
							}
						}
						visit(off)
					}
				} else {
					for off := lo; off < hi; off++ {
						visit(uint32(off))
					}
				}
			}
			results[wi] = t.h
		}(wi)
	}
	wg.Wait()
	return mergeTop(k, s.better, results...)
}

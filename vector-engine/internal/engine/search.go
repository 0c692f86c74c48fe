package engine

import (
	"fmt"
	"sort"
)

type topK struct {
	k      int
	h      []hit
	better func(a, b hit) bool
}

// push keeps the k best; h[0] is the worst kept.
func (t *topK) push(x hit) {
	if len(t.h) < t.k {
		t.h = append(t.h, x)
		i := len(t.h) - 1
		for i > 0 {
			p := (i - 1) / 2
			if !t.better(t.h[p], t.h[i]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return
	}
	if !t.better(x, t.h[0]) {
		return
	}
	t.h[0] = x
	i, n := 0, len(t.h)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		w := l
		if r := l + 1; r < n && t.better(t.h[l], t.h[r]) {
			w = r
		}
		if !t.better(t.h[i], t.h[w]) {
			break
		}
		t.h[i], t.h[w] = t.h[w], t.h[i]
		i = w
	}
}

// sorted returns the kept hits best first (the heap is spent).
func (t *topK) sorted() []hit {
	sort.Slice(t.h, func(i, j int) bool { return t.better(t.h[i], t.h[j]) })
	return t.h
}

// mergeTop is the k best hits of several lists (per-worker heaps, graph and pending
// points), best first: the one top-k merge every index uses.
func mergeTop(k int, better func(a, b hit) bool, lists ...[]hit) []hit {
	t := &topK{k: k, better: better}
	for _, l := range lists {
		for _, h := range l {
			t.push(h)
		}
	}
	return t.sorted()
}

// betterFn orders hits best first. Equal scores are ordered by point id the way
// Qdrant's ScoredPointTies merges results: for similarities (Cosine, Dot) the larger
// id first, for distances (Euclid, Manhattan) the smaller id first.
func (c *Collection) betterFn(d Distance) func(a, b hit) bool {
	larger := d.LargerIsBetter()
	return func(a, b hit) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		cmp := c.points[a.off].id.Compare(c.points[b.off].id)
		if larger {
			return cmp > 0
		}
		return cmp < 0
	}
}

// SearchRequest is a nearest-neighbour query without prefetches (search, recommend).
type SearchRequest struct {
	Using       string
	Vector      []float32
	Filter      any
	Limit       int
	Offset      int
	Threshold   *float32
	WithPayload PayloadSelector
	WithVector  VectorSelector
	Exclude     []PointID // ids referenced by the query (query by id, recommend examples)
	Params      SearchParams
}

// Search runs a nearest-neighbour search through the named vector's index.
func (c *Collection) Search(req SearchRequest) ([]Record, error) {
	return c.Query(Query{
		Nearest: &Nearest{Using: req.Using, Dense: req.Vector},
		Filter:  req.Filter, Limit: req.Limit, Offset: req.Offset, Threshold: req.Threshold,
		WithPayload: req.WithPayload, WithVector: req.WithVector, Exclude: req.Exclude, Params: req.Params,
	})
}

// PointVector returns a copy of a stored vector (query by id, recommend examples).
func (c *Collection) PointVector(using string, id PointID) ([]float32, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	vs := c.vecs[using]
	if vs == nil {
		return nil, badInput(fmt.Sprintf("Not existing vector name error: %s", using))
	}
	off, ok := c.ids[id]
	if !ok {
		return nil, notFound(fmt.Sprintf("No point with id %s found", id))
	}
	v := vs.get(off)
	if v == nil {
		return nil, badInput(fmt.Sprintf("point %s has no vector `%s`", id, using))
	}
	return append([]float32(nil), v...), nil
}

// PointNearest returns a copy of a point's named vector, dense or sparse, as a query
// (query by id).
func (c *Collection) PointNearest(using string, id PointID) (Nearest, error) {
	c.mu.RLock()
	ss := c.sparse[using]
	c.mu.RUnlock()
	if ss == nil {
		v, err := c.PointVector(using, id)
		return Nearest{Using: using, Dense: v}, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	off, ok := c.ids[id]
	if !ok {
		return Nearest{}, notFound(fmt.Sprintf("No point with id %s found", id))
	}
	v, ok := ss.get(off)
	if !ok {
		return Nearest{}, badInput(fmt.Sprintf("point %s has no vector `%s`", id, using))
	}
	return Nearest{Using: using, Sparse: &SparseVector{Indices: append([]uint32{}, v.Indices...), Values: append([]float32{}, v.Values...)}}, nil
}

// VectorInfo returns the dimension and distance of a named dense vector.
func (c *Collection) VectorInfo(using string) (dim int, d Distance, ok bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	vs := c.vecs[using]
	if vs == nil {
		return 0, 0, false
	}
	return vs.dim, vs.dist, true
}

// IsNamed reports whether the collection was created with named vectors.
func (c *Collection) IsNamed() bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.cfg.Named
}

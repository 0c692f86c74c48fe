package engine

import (
	"fmt"
	"sort"
)

// Reads: filters over points, retrieval, scroll.

// forEachMatch calls fn for alive offsets matching f, in offset order, until fn returns false.
func (c *Collection) forEachMatch(f *Filter, fn func(off uint32) bool) {
	if cand, ok := candidates(f, c.indexes); ok {
		for _, off := range cand {
			p := &c.points[off]
			if p.alive && f.Matches(p.id, p.payload, c, off) && !fn(off) {
				return
			}
		}
		return
	}
	for i := range c.points {
		p := &c.points[i]
		if !p.alive {
			continue
		}
		if f != nil && !f.Matches(p.id, p.payload, c, uint32(i)) {
			continue
		}
		if !fn(uint32(i)) {
			return
		}
	}
}

// Count counts points matching a filter (always exact).
func (c *Collection) Count(filter any) (int, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	f, err := ParseFilter(filter, c)
	if err != nil {
		return 0, err
	}
	if f == nil {
		return c.alive, nil
	}
	n := 0
	c.forEachMatch(f, func(uint32) bool { n++; return true })
	return n, nil
}

// PayloadSelector is with_payload.
type PayloadSelector struct {
	All     bool
	Include []string
	Exclude []string
	Some    bool // include/exclude given
}

// VectorSelector is with_vector.
type VectorSelector struct {
	All   bool
	Names []string
}

func (s VectorSelector) none() bool { return !s.All && s.Names == nil }

// Record is a retrieved point.
type Record struct {
	ID         PointID
	Version    uint64
	Score      float32
	Payload    Payload // nil with HasPayload: {}
	HasPayload bool
	Vector     any // []float32, map[string]any of []float32 and SparseVector, or nil
	OrderValue any
}

func (c *Collection) record(off uint32, ps PayloadSelector, vsel VectorSelector) Record {
	p := &c.points[off]
	r := Record{ID: p.id, Version: p.version}
	if ps.All || ps.Some {
		r.HasPayload = true
		r.Payload = selectPayload(p.payload, ps)
		if r.Payload == nil {
			r.Payload = Payload{}
		}
	}
	if !vsel.none() {
		r.Vector = c.vectorsOf(off, vsel)
	}
	return r
}

// hasVector implements vectorSet for has_vector conditions.
func (c *Collection) hasVector(name string, off uint32) bool {
	if vs := c.vecs[name]; vs != nil {
		return vs.has(off)
	}
	ss := c.sparse[name]
	return ss != nil && ss.has(off)
}

// vectorsOf is a record's `vector`: the unnamed vector itself, or a map of named dense
// ([]float32) and sparse (SparseVector) vectors.
func (c *Collection) vectorsOf(off uint32, sel VectorSelector) any {
	if !c.cfg.Named && len(c.sparse) == 0 {
		if !sel.All && !contains(sel.Names, "") {
			return map[string][]float32{}
		}
		if v := c.vecs[""].get(off); v != nil {
			return append([]float32(nil), v...)
		}
		return map[string]any{}
	}
	out := map[string]any{}
	for name, vs := range c.vecs {
		if !sel.All && !contains(sel.Names, name) {
			continue
		}
		if v := vs.get(off); v != nil {
			out[name] = append([]float32(nil), v...)
		}
	}
	for name, ss := range c.sparse {
		if !sel.All && !contains(sel.Names, name) {
			continue
		}
		if v, ok := ss.get(off); ok {
			out[name] = SparseVector{Indices: append([]uint32{}, v.Indices...), Values: append([]float32{}, v.Values...)}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Retrieve returns the points with the given ids that exist, in request order.
func (c *Collection) Retrieve(ids []PointID, ps PayloadSelector, vs VectorSelector) []Record {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := []Record{}
	seen := map[PointID]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if off, ok := c.ids[id]; ok {
			out = append(out, c.record(off, ps, vs))
		}
	}
	return out
}

// Get returns one point or a 404 error.
func (c *Collection) Get(id PointID) (Record, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	off, ok := c.ids[id]
	if !ok {
		return Record{}, notFound(fmt.Sprintf("No point with id %s found", id))
	}
	return c.record(off, PayloadSelector{All: true}, VectorSelector{All: true}), nil
}

// ScrollRequest is a validated scroll.
type ScrollRequest struct {
	Filter      any
	Limit       int
	Offset      *PointID
	WithPayload PayloadSelector
	WithVector  VectorSelector
	OrderBy     *OrderBy
}

// OrderBy is scroll's order_by.
type OrderBy struct {
	Key       string
	Desc      bool
	StartFrom any
}

// Scroll pages through points by id (or by an indexed payload value with order_by).
func (c *Collection) Scroll(req ScrollRequest) ([]Record, *PointID, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	f, err := ParseFilter(req.Filter, c)
	if err != nil {
		return nil, nil, err
	}
	if req.OrderBy != nil {
		recs, err := c.scrollOrdered(f, req)
		return recs, nil, err
	}
	sorted := c.sortedOffsets()
	start := 0
	if req.Offset != nil {
		start = sort.Search(len(sorted), func(i int) bool { return !c.points[sorted[i]].id.Less(*req.Offset) })
	}
	var recs []Record
	var next *PointID
	for _, off := range sorted[start:] {
		p := &c.points[off]
		if f != nil && !f.Matches(p.id, p.payload, c, off) {
			continue
		}
		if len(recs) == req.Limit {
			id := p.id
			next = &id
			break
		}
		recs = append(recs, c.record(off, req.WithPayload, req.WithVector))
	}
	if recs == nil {
		recs = []Record{}
	}
	return recs, next, nil
}

// sortedOffsets returns alive offsets by id; it is rebuilt after inserts/deletes.
// Callers hold at least the read lock; the rebuild is guarded by its own mutex.
func (c *Collection) sortedOffsets() []uint32 {
	c.sortMu.Lock()
	defer c.sortMu.Unlock()
	if c.sortedValid {
		return c.sorted
	}
	s := make([]uint32, 0, c.alive)
	for i := range c.points {
		if c.points[i].alive {
			s = append(s, uint32(i))
		}
	}
	sort.Slice(s, func(i, j int) bool { return c.points[s[i]].id.Less(c.points[s[j]].id) })
	c.sorted, c.sortedValid = s, true
	return s
}

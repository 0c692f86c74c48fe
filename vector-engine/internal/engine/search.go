package engine

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"strata/vector-engine/internal/datetime"
)

// hit is a candidate: a point offset and its internal score (larger is better).
type hit struct {
	off   uint32
	score float32
}

// Searcher finds the k best points for a prepared query among the offsets accept
// admits (cand, when not nil, lists the only offsets worth looking at). It is the
// seam for an approximate index later; exactSearcher scans every vector.
type Searcher interface {
	Search(q []float32, k int, accept func(w *worker, off uint32) bool, cand []uint32, minScore *float32) []hit
}

// worker is per-goroutine scratch space for filter evaluation.
type worker struct {
	ctx evalCtx
}

type exactSearcher struct {
	vs     *vectorStore
	better func(a, b hit) bool
}

// minParallel is the number of vectors below which one goroutine is faster.
const minParallel = 4096

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

func (s *exactSearcher) Search(q []float32, k int, accept func(w *worker, off uint32) bool, cand []uint32, minScore *float32) []hit {
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
				c := vs.chunks[int(off)/chunkPoints]
				i := (int(off) % chunkPoints) * dim
				sc := score(q, c[i:i+dim])
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
					for _, off := range cand[lo:hi] {
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
	var all []hit
	for _, r := range results {
		all = append(all, r...)
	}
	sort.Slice(all, func(i, j int) bool { return s.better(all[i], all[j]) })
	if len(all) > k {
		all = all[:k]
	}
	return all
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

// SearchRequest is a nearest-neighbour query.
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
}

// Search runs an exact nearest-neighbour search.
func (c *Collection) Search(req SearchRequest) ([]Record, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.dropped {
		return nil, collectionNotFound(c.name)
	}
	f, err := ParseFilter(req.Filter, c)
	if err != nil {
		return nil, err
	}
	vs := c.vecs[req.Using]
	if vs == nil {
		return nil, badInput(fmt.Sprintf("Not existing vector name error: %s", req.Using))
	}
	q, err := c.prepareVector(req.Using, req.Vector)
	if err != nil {
		return nil, err
	}
	var exclude map[PointID]struct{}
	if len(req.Exclude) > 0 {
		exclude = make(map[PointID]struct{}, len(req.Exclude))
		for _, id := range req.Exclude {
			exclude[id] = struct{}{}
		}
	}
	var accept func(w *worker, off uint32) bool
	if f != nil || exclude != nil {
		accept = func(w *worker, off uint32) bool {
			p := &c.points[off]
			if exclude != nil {
				if _, ok := exclude[p.id]; ok {
					return false
				}
			}
			if f == nil {
				return true
			}
			w.ctx = evalCtx{payload: p.payload, id: p.id, vecs: c.vecs, off: off}
			return f.eval(&w.ctx)
		}
	}
	cand, ok := candidates(f, c.indexes)
	if !ok {
		cand = nil
	} else if exclude == nil && f.onlyIndexedMatch() {
		accept = nil // the index answers the whole filter
	}
	var minScore *float32
	if req.Threshold != nil {
		m := vs.dist.Preprocess(*req.Threshold)
		minScore = &m
	}
	s := &exactSearcher{vs: vs, better: c.betterFn(vs.dist)}
	if ok && len(cand) == 0 {
		return []Record{}, nil
	}
	hits := s.Search(q, req.Offset+req.Limit, accept, cand, minScore)
	out := []Record{}
	for i, h := range hits {
		if i < req.Offset {
			continue
		}
		r := c.record(h.off, req.WithPayload, req.WithVector)
		r.Score = vs.dist.Postprocess(h.score)
		out = append(out, r)
	}
	return out, nil
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

// Distance of a named vector.
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

// --- scroll with order_by ----------------------------------------------------------

type orderEntry struct {
	key   float64
	value any // int64 or float64, as reported in order_value
	off   uint32
}

func orderValue(ix *payloadIndex, v any) (float64, any, bool) {
	switch ix.spec.Type {
	case "integer":
		if n, ok := payloadInt(v); ok {
			return float64(n), n, true
		}
	case "float":
		if f, ok := payloadFloat(v); ok {
			return f, f, true
		}
	case "datetime":
		if s, ok := v.(string); ok {
			if t, err := datetime.Parse(s); err == nil {
				m := datetime.Micros(t)
				return float64(m), m, true
			}
		}
	}
	return 0, nil, false
}

func startFrom(v any) (float64, error) {
	if v == nil {
		return 0, nil
	}
	if s, ok := v.(string); ok {
		t, err := datetime.Parse(s)
		if err != nil {
			return 0, badRequest(fmt.Sprintf("order_by.start_from %q is not a datetime", s))
		}
		return float64(datetime.Micros(t)), nil
	}
	f, ok := payloadFloat(v)
	if !ok {
		return 0, badRequest("order_by.start_from must be a number or a datetime")
	}
	return f, nil
}

// scrollOrdered returns points ordered by an indexed numeric or datetime value. A
// point appears once per value it holds, as in Qdrant; equal values are ordered by id
// (ascending for asc, descending for desc).
func (c *Collection) scrollOrdered(f *Filter, req ScrollRequest) ([]Record, error) {
	ob := req.OrderBy
	ix := c.indexes[ob.Key]
	if ix == nil || !ix.hasRange() {
		return nil, badRequest(fmt.Sprintf("No range index for `order_by` key: `%s`. Please create one to use `order_by`. Check https://qdrant.tech/documentation/concepts/indexing/#payload-index to see which payload schemas support Range conditions", ob.Key))
	}
	if req.Offset != nil {
		return nil, badInput("Cannot use an `offset` when using `order_by`. The alternative for paging is to use `order_by.start_from` and a filter to exclude the IDs that you've already seen for the `order_by.start_from` value")
	}
	from, err := startFrom(ob.StartFrom)
	if err != nil {
		return nil, err
	}
	var entries []orderEntry
	c.forEachMatch(f, func(off uint32) bool {
		for _, v := range Flatten(ix.path.Get(c.points[off].payload)) {
			k, val, ok := orderValue(ix, v)
			if !ok {
				continue
			}
			if ob.StartFrom != nil && ((!ob.Desc && k < from) || (ob.Desc && k > from)) {
				continue
			}
			entries = append(entries, orderEntry{k, val, off})
		}
		return true
	})
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.key != b.key {
			return (a.key < b.key) != ob.Desc
		}
		cmp := c.points[a.off].id.Compare(c.points[b.off].id)
		return (cmp < 0) != ob.Desc
	})
	if len(entries) > req.Limit {
		entries = entries[:req.Limit]
	}
	out := make([]Record, 0, len(entries))
	for _, e := range entries {
		r := c.record(e.off, req.WithPayload, req.WithVector)
		r.OrderValue = e.value
		out = append(out, r)
	}
	return out, nil
}

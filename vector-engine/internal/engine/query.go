package engine

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Query is a Query API request (or one of its prefetches) once the HTTP layer has
// turned point ids and recommendations into vectors. With prefetches, Nearest rescores
// the points they found and Fusion fuses their lists; without, Nearest searches the
// collection and no query at all lists points in id order.
type Query struct {
	Prefetch  []Query
	Nearest   *Nearest
	Fusion    *Fusion
	Filter    any // raw filter JSON; a parent's filter also applies to its prefetches
	Params    SearchParams
	Threshold *float32
	Limit     int
	Offset    int // root only

	WithPayload PayloadSelector // root only
	WithVector  VectorSelector  // root only
	Exclude     []PointID       // ids the query refers to (never results), at every level
}

// Nearest is a nearest-neighbour query on one named vector, dense or sparse.
type Nearest struct {
	Using  string
	Dense  []float32
	Sparse *SparseVector
}

// Fusion combines the result lists of a query's prefetches.
type Fusion struct {
	Method  string // "rrf" or "dbsf"
	K       int    // rrf: 0 means Qdrant's default (2)
	Weights []float32
}

// maxPrefetchDepth is Qdrant's limit on nested prefetches.
const maxPrefetchDepth = 64

// defaultRRFK is Qdrant's DEFAULT_RRF_K.
const defaultRRFK = 2

// scored is a point offset with its score as reported (similarity or distance).
type scored struct {
	off   uint32
	score float32
}

// Query runs a Query API request.
func (c *Collection) Query(q Query) ([]Record, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.dropped {
		return nil, collectionNotFound(c.name)
	}
	var exclude map[PointID]struct{}
	if len(q.Exclude) > 0 {
		exclude = make(map[PointID]struct{}, len(q.Exclude))
		for _, id := range q.Exclude {
			exclude[id] = struct{}{}
		}
	}
	res, err := c.runQuery(q, nil, exclude, q.Limit+q.Offset, 0)
	if err != nil {
		return nil, err
	}
	out := make([]Record, 0, len(res))
	for i, s := range res {
		if i < q.Offset {
			continue
		}
		r := c.record(s.off, q.WithPayload, q.WithVector)
		r.Score = s.score
		out = append(out, r)
	}
	return out, nil
}

// runQuery answers one level of a query: limit best points, best first.
func (c *Collection) runQuery(q Query, inherited *Filter, exclude map[PointID]struct{}, limit, depth int) ([]scored, error) {
	if depth > maxPrefetchDepth {
		return nil, validationError(fmt.Sprintf("prefetches depth %d exceeds max depth %d", depth, maxPrefetchDepth))
	}
	f, err := ParseFilter(q.Filter, c)
	if err != nil {
		return nil, err
	}
	f = mergeFilters(inherited, f)
	if len(q.Prefetch) == 0 {
		switch {
		case q.Fusion != nil:
			return nil, badRequest("cannot apply Fusion without prefetches")
		case q.Nearest == nil:
			return c.idOrder(f, exclude, limit), nil
		}
		return c.nearest(*q.Nearest, f, exclude, nil, limit, q.Threshold, q.Params)
	}
	if q.Nearest == nil && q.Fusion == nil {
		return nil, badRequest("cannot have prefetches without a query")
	}
	sources := make([][]scored, 0, len(q.Prefetch))
	for _, p := range q.Prefetch {
		pl := p.Limit
		if pl <= 0 {
			pl = 10
		}
		r, err := c.runQuery(p, f, exclude, pl, depth+1)
		if err != nil {
			return nil, err
		}
		sources = append(sources, r)
	}
	if q.Nearest != nil {
		// rescore every prefetched point with the query
		var cand []uint32
		for _, src := range sources {
			for _, s := range src {
				cand = append(cand, s.off)
			}
		}
		slices.Sort(cand)
		cand = slices.Compact(cand)
		return c.nearest(*q.Nearest, nil, nil, cand, limit, q.Threshold, q.Params)
	}
	var fused []scored
	switch q.Fusion.Method {
	case "rrf":
		fused, err = rrf(sources, q.Fusion.K, q.Fusion.Weights)
	case "dbsf":
		fused = dbsf(sources)
	default:
		return nil, badRequest(fmt.Sprintf("unknown fusion `%s`", q.Fusion.Method))
	}
	if err != nil {
		return nil, err
	}
	c.sortFused(fused)
	if q.Threshold != nil {
		kept := fused[:0]
		for _, s := range fused {
			if s.score >= *q.Threshold {
				kept = append(kept, s)
			}
		}
		fused = kept
	}
	if len(fused) > limit {
		fused = fused[:limit]
	}
	return fused, nil
}

// sortFused orders fused results by score, ties by id the way similarities are (larger id first).
func (c *Collection) sortFused(list []scored) {
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return c.points[list[i].off].id.Compare(c.points[list[j].off].id) > 0
	})
}

// rrf is Qdrant's reciprocal rank fusion: a point at 0-based position p of a list with
// weight w gains 1 / ((p+1)/w + k - 1), summed over the lists it appears in (with w = 1:
// 1 / (p + k)). Only the order of each list matters.
func rrf(sources [][]scored, k int, weights []float32) ([]scored, error) {
	if k <= 0 {
		k = defaultRRFK
	}
	if weights != nil && len(weights) != len(sources) {
		return nil, validationError(fmt.Sprintf("Number of weights in RRF should match number of pre-fetches: got %d, expected %d", len(weights), len(sources)))
	}
	acc := map[uint32]float32{}
	var order []uint32
	for i, src := range sources {
		w := float32(1)
		if weights != nil {
			w = weights[i]
		}
		for pos, s := range src {
			var contrib float32
			if w > 0 {
				contrib = 1 / (float32(pos+1)/w + float32(k) - 1)
			}
			if _, ok := acc[s.off]; !ok {
				order = append(order, s.off)
			}
			acc[s.off] += contrib
		}
	}
	out := make([]scored, len(order))
	for i, off := range order {
		out[i] = scored{off, acc[off]}
	}
	return out, nil
}

// dbsf is Qdrant's distribution-based score fusion: each list's scores are normalised
// to (s - (μ - 3σ)) / 6σ, with μ and σ the list's mean and sample standard deviation (a
// single point scores 0.5; equal extremes score 0.5), then summed per point.
func dbsf(sources [][]scored) []scored {
	acc := map[uint32]float32{}
	var order []uint32
	for _, src := range sources {
		norm := make([]float32, len(src))
		switch {
		case len(src) == 1:
			norm[0] = 0.5
		case len(src) > 1:
			var mean, agg float32
			for i, s := range src {
				old := s.score - mean
				mean += old / float32(i+1)
				agg += old * (s.score - mean)
			}
			sd := float32(math.Sqrt(float64(agg / float32(len(src)-1))))
			lo, hi := mean-3*sd, mean+3*sd
			for i, s := range src {
				if lo == hi {
					norm[i] = 0.5
				} else {
					norm[i] = (s.score - lo) / (hi - lo)
				}
			}
		}
		for i, s := range src {
			if _, ok := acc[s.off]; !ok {
				order = append(order, s.off)
			}
			acc[s.off] += norm[i]
		}
	}
	out := make([]scored, len(order))
	for i, off := range order {
		out[i] = scored{off, acc[off]}
	}
	return out
}

// mergeFilters is the conjunction of a parent's filter and a prefetch's own.
func mergeFilters(a, b *Filter) *Filter {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	m := &Filter{mustMatches: append(append([]indexedMatch{}, a.mustMatches...), b.mustMatches...)}
	if len(a.Should) > 0 || a.hasMinSh || len(b.Should) > 0 || b.hasMinSh {
		m.Must = []Condition{a, b}
		return m
	}
	m.Must = append(append([]Condition{}, a.Must...), b.Must...)
	m.MustNot = append(append([]Condition{}, a.MustNot...), b.MustNot...)
	return m
}

// idOrder lists matching points by id (a query without vector), score 0.
func (c *Collection) idOrder(f *Filter, exclude map[PointID]struct{}, limit int) []scored {
	out := []scored{}
	for _, off := range c.sortedOffsets() {
		if len(out) >= limit {
			break
		}
		p := &c.points[off]
		if _, ok := exclude[p.id]; ok {
			continue
		}
		if f != nil && !f.Matches(p.id, p.payload, c, off) {
			continue
		}
		out = append(out, scored{off, 0})
	}
	return out
}

// nearest searches one named vector (dense through its vectorIndex, sparse through its
// inverted index), or, with cand, scores exactly those points (rescoring prefetches).
func (c *Collection) nearest(n Nearest, f *Filter, exclude map[PointID]struct{}, cand []uint32, limit int, threshold *float32, params SearchParams) ([]scored, error) {
	rescoring := cand != nil
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
			w.ctx = evalCtx{payload: p.payload, id: p.id, vecs: c, off: off}
			return f.eval(&w.ctx)
		}
	}
	var candField string
	var candKeys []any
	var candBits bitset
	if cand == nil {
		if ic, im, ok := candidateSource(f, c.indexes); ok {
			if len(ic) == 0 {
				return []scored{}, nil
			}
			cand, candField, candKeys = ic, im.field, im.keys
			if len(candKeys) == 1 {
				candBits = c.indexes[candField].postingBits(candKeys[0])
			}
			if exclude == nil && f.onlyIndexedMatch() {
				accept = nil // the index answers the whole filter
			}
		}
	} else if len(cand) == 0 {
		return []scored{}, nil
	}
	if n.Sparse != nil {
		return c.nearestSparse(n, accept, cand, rescoring, limit, threshold)
	}
	vs := c.vecs[n.Using]
	if vs == nil {
		if c.sparse[n.Using] != nil {
			return nil, badInput(fmt.Sprintf("Conversion between sparse and regular vectors failed: `%s` is a sparse vector", n.Using))
		}
		return nil, badInput(fmt.Sprintf("Not existing vector name error: %s", n.Using))
	}
	qv, err := c.prepareVector(n.Using, n.Dense)
	if err != nil {
		return nil, err
	}
	var minScore *float32
	if threshold != nil {
		m := vs.dist.Preprocess(*threshold)
		minScore = &m
	}
	hits := c.vindex[n.Using].search(searchQuery{vector: qv, k: limit, accept: accept, cand: cand, candField: candField, candKeys: candKeys, candBits: candBits, minScore: minScore, params: params})
	out := make([]scored, len(hits))
	for i, h := range hits {
		out[i] = scored{h.off, vs.dist.Postprocess(h.score)}
	}
	return out, nil
}

func (c *Collection) nearestSparse(n Nearest, accept func(w *worker, off uint32) bool, cand []uint32, rescoring bool, limit int, threshold *float32) ([]scored, error) {
	q, err := c.prepareSparseVector(n.Using, SparseVector{Indices: slices.Clone(n.Sparse.Indices), Values: slices.Clone(n.Sparse.Values)})
	if err != nil {
		return nil, err
	}
	ss := c.sparse[n.Using]
	better := c.betterFn(Dot)
	var hits []hit
	if rescoring {
		// prefetched points: each of them gets a score, shared dimensions or not
		hits = ss.scoreOffsets(q, cand)
		if threshold != nil {
			kept := hits[:0]
			for _, h := range hits {
				if h.score >= *threshold {
					kept = append(kept, h)
				}
			}
			hits = kept
		}
		sort.Slice(hits, func(i, j int) bool { return better(hits[i], hits[j]) })
		if len(hits) > limit {
			hits = hits[:limit]
		}
	} else {
		hits = ss.search(q, searchQuery{k: limit, accept: accept, cand: cand, minScore: threshold}, better)
	}
	out := make([]scored, len(hits))
	for i, h := range hits {
		out[i] = scored{h.off, h.score}
	}
	return out, nil
}

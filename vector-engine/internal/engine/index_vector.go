package engine

import "path/filepath"

// vectorIndex answers nearest-neighbour queries for one named dense vector. The
// collection keeps it up to date where it updates the payload indexes (setVector and
// removeVector in collection_apply.go): add after a vector is stored at an offset,
// remove before it is dropped or replaced. Implementations read the vectors from the
// collection's vectorStore; flatIndex (exact scan) is the first.
type vectorIndex interface {
	add(off uint32)
	remove(off uint32)
	search(q searchQuery) []hit
	// start begins background work once the collection is loaded (or created).
	start()
	// stop ends background work (collection lock not held), saving state when asked.
	stop(save bool)
	// indexedCount is the number of vectors an approximate index answers for.
	indexedCount() int
}

// hit is a candidate: a point offset and its internal score (larger is better).
type hit struct {
	off   uint32
	score float32
}

// searchQuery is a prepared query for a vectorIndex: the (normalised) vector, how many
// hits to return, which offsets are admissible, and the search params.
type searchQuery struct {
	vector []float32
	k      int
	// accept, when not nil, admits an offset (filter, excluded ids); w is per-goroutine scratch.
	accept func(w *worker, off uint32) bool
	// cand, when not nil, lists the only offsets worth looking at (from a payload index), ascending.
	cand []uint32
	// candField and candKeys name the payload index and values cand comes from (a
	// filtered walk follows that field's payload links); empty otherwise.
	candField string
	candKeys  []any
	// candBits, when not nil, is cand as a bitset (a dense single-value posting)
	candBits bitset
	// minScore drops hits below it (score_threshold in internal score terms).
	minScore *float32
	params   SearchParams
	// q8, when not nil, ranks by the store's int8 copy instead (approximate scores;
	// the caller rescores).
	q8 *q8Query
}

// SearchParams are a query's `params` as far as they change how it is answered.
type SearchParams struct {
	HnswEf int  // 0: the index's default
	Exact  bool // bypass any approximate index
}

// worker is per-goroutine scratch space for filter evaluation.
type worker struct {
	ctx evalCtx
}

// newVectorIndex builds a named vector's index: HNSW, as configured.
func newVectorIndex(c *Collection, name string, vs *vectorStore) vectorIndex {
	return newHNSWIndex(c, vs, c.betterFn(vs.dist), c.cfg.hnswFor(name), filepath.Join(c.dir, hnswFileName(name)))
}

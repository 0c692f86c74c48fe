package engine

import (
	"log"
	"math"
	"math/rand"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// hnswIndex is a Hierarchical Navigable Small World graph over one named dense vector,
// built in the background and searched approximately, with exact search wherever the
// graph cannot answer correctly:
//
//   - Below Qdrant's indexing_threshold (KB of vectors) nothing is indexed and every
//     search is exact. Past it, a builder goroutine inserts pending points one by one.
//   - Every point is in exactly one state: pending (searched exactly, by scanning the
//     pending list) or indexed (found through the graph). A write that replaces or drops
//     a vector makes its graph node stale: it still routes searches (its links stay) but
//     is never returned, so deleted and overwritten vectors never come back.
//   - Filters: a filter that leaves fewer points than full_scan_threshold (KB of vectors)
//     is answered by a pass over those points, as Qdrant's query planner does; otherwise
//     the graph is walked through admitted nodes only: along payload links where the
//     filter's payload-index values have them (payload_links.go), else with two-hop
//     expansion (searchFiltered). If the graph returns fewer than k points, the search
//     is redone exactly.
//
// Locking: the collection lock orders everything. Writes (add/remove) run under its
// write lock, so nothing else runs; searches and the builder hold its read lock, and
// the graph's own lock (mu) separates the builder's link updates from searches. A
// search holds mu's read lock throughout; a builder worker takes it per hop of its
// walk and computes the link changes an insert makes outside it, so the write lock it
// then needs is short and never waits for another worker's whole walk (one graph lock
// held per insert left one of two cores idle about half the time).
type hnswIndex struct {
	owner *Collection
	vs    *vectorStore
	flat  *flatIndex
	dist  Distance

	m, m0         int // links per node above level 0, and at level 0 (2m)
	efConstruct   int
	thresholdKB   int // indexing_threshold: index once the vectors pass this size (0: never)
	fullScanKB    int // full_scan_threshold
	levelMult     float64
	rng           *rand.Rand
	mu            sync.RWMutex
	state         []uint8 // per offset: stNone, stPending, stIndexed
	node          []bool  // per offset: the graph has a node (indexed or stale)
	level         []int8  // per offset: top level of its node
	l0            []uint32
	upper         map[uint32][][]uint32 // links above level 0, per node
	entry         int64                 // entry node offset, -1 when the graph is empty
	maxLevel      int
	pending       []uint32
	pendingAt     []int32 // offset -> position in pending, -1
	claimed       []bool  // offset -> a builder worker is inserting it (still pending)
	indexed       int
	dirty         bool // graph changed since it was saved
	wake, quit    chan struct{}
	done          chan struct{}
	running       bool
	persistPath   string
	graphLoaded   bool // a restore loaded the graph from its staging directory
	scratchPool   sync.Pool
	lastLog       time.Time
	graphSearches atomic.Int64 // searches the graph answered (not an exact fallback)
	plan          int          // tests: planAuto, or force planExact / planWalk for filters
	// payload links (payload_links.go): per linked field, and the points to link
	payloadM int
	pl       map[string]*plField
	plJobs   []plJob
	plDirty  bool
	plPrune  bool // a sweep with a gap left stale lists: the next idle sweep drops them
	plBusy   int  // payload-link jobs claimed and not finished
	plSwept  time.Time
	noPL     bool // tests: the filtered walk ignores payload links
	// plSearches counts filtered walks that followed payload links
	plSearches atomic.Int64
}

const (
	planAuto = iota
	planExact
	planWalk
)

// acornMinSelectivity is the smallest filter selectivity walked through the graph (two
// hops reach about m0² nodes, so below a few percent the walk loses its way).
const acornMinSelectivity = 0.03

const (
	stNone uint8 = iota
	stPending
	stIndexed
)

// hnswConfig is what the index is built with (Qdrant's HnswConfig plus indexing_threshold).
type hnswConfig struct {
	M, EfConstruct, FullScanKB, ThresholdKB int
	PayloadM                                int // payload_m; < 0: absent (then m, as Qdrant), 0: no payload links
	OnDisk                                  bool
}

func newHNSWIndex(owner *Collection, vs *vectorStore, better func(a, b hit) bool, cfg hnswConfig, persistPath string) *hnswIndex {
	m := cfg.M
	if m < 2 {
		m = 2
	}
	ix := &hnswIndex{
		owner: owner, vs: vs, flat: &flatIndex{vs: vs, better: better}, dist: vs.dist,
		m: m, m0: 2 * m, efConstruct: max(cfg.EfConstruct, 4), thresholdKB: cfg.ThresholdKB, fullScanKB: cfg.FullScanKB,
		levelMult: 1 / math.Log(float64(max(m, 2))), rng: rand.New(rand.NewSource(42)),
		upper: map[uint32][][]uint32{}, entry: -1, persistPath: persistPath,
		wake:     make(chan struct{}, 1),
		payloadM: cfg.PayloadM, pl: map[string]*plField{}, plDirty: true,
	}
	if ix.payloadM < 0 {
		ix.payloadM = m
	}
	vs.enableQ8()
	return ix
}

// retune applies a PATCH: thresholds and payload_m at once (payload links are dropped
// and built again in the background when payload_m changes); m and ef_construct shape
// the graph, so they apply when the collection is next loaded (the saved graph then no
// longer matches and is rebuilt).
func (ix *hnswIndex) retune(cfg hnswConfig) {
	ix.mu.Lock()
	ix.thresholdKB, ix.fullScanKB = cfg.ThresholdKB, cfg.FullScanKB
	pm := cfg.PayloadM
	if pm < 0 {
		pm = ix.m
	}
	if pm != ix.payloadM {
		ix.payloadM = pm
		ix.dirty = true
	}
	ix.plDirty = true
	ix.mu.Unlock()
	ix.kick()
}

// --- state changes (collection write lock held) -----------------------------------

func (ix *hnswIndex) grow(off uint32) {
	for len(ix.state) <= int(off) {
		ix.state = append(ix.state, stNone)
		ix.node = append(ix.node, false)
		ix.level = append(ix.level, 0)
		ix.pendingAt = append(ix.pendingAt, -1)
		ix.claimed = append(ix.claimed, false)
	}
}

func (ix *hnswIndex) add(off uint32) {
	ix.grow(off)
	ix.unindex(off)
	ix.state[off] = stPending
	ix.pendingAt[off] = int32(len(ix.pending))
	ix.pending = append(ix.pending, off)
	ix.kick()
}

func (ix *hnswIndex) remove(off uint32) {
	if int(off) >= len(ix.state) {
		return
	}
	ix.unindex(off)
}

// unindex takes off out of the pending list or marks its node stale.
func (ix *hnswIndex) unindex(off uint32) {
	switch ix.state[off] {
	case stPending:
		at := ix.pendingAt[off]
		last := ix.pending[len(ix.pending)-1]
		ix.pending[at] = last
		ix.pendingAt[last] = at
		ix.pending = ix.pending[:len(ix.pending)-1]
		ix.pendingAt[off] = -1
	case stIndexed:
		ix.indexed--
		ix.dirty = true
		for _, f := range ix.pl {
			f.drop(off, nil)
		}
	}
	ix.state[off] = stNone
}

func (ix *hnswIndex) kick() {
	select {
	case ix.wake <- struct{}{}:
	default:
	}
}

// vectorsKB is the size of the stored vectors, the unit of Qdrant's thresholds.
func (ix *hnswIndex) kb(n int) int { return n * ix.vs.dim * 4 / 1024 }

// shouldIndex reports whether the collection is past indexing_threshold.
func (ix *hnswIndex) shouldIndex() bool {
	return ix.thresholdKB > 0 && ix.kb(ix.indexed+len(ix.pending)) >= ix.thresholdKB
}

// --- graph access ------------------------------------------------------------------

// vec returns the vector memory at off, stale or not (nodes route with what is there).
func (ix *hnswIndex) vec(off uint32) []float32 {
	c := ix.vs.chunks[int(off)/chunkPoints]
	i := (int(off) % chunkPoints) * ix.vs.dim
	return c[i : i+ix.vs.dim : i+ix.vs.dim]
}

func (ix *hnswIndex) score(q []float32, off uint32) float32 { return ix.dist.raw(q, ix.vec(off)) }

func (ix *hnswIndex) links(off uint32, level int) []uint32 {
	if level == 0 {
		base := int(off) * (ix.m0 + 1)
		if base >= len(ix.l0) {
			return nil
		}
		n := ix.l0[base]
		return ix.l0[base+1 : base+1+int(n)]
	}
	up := ix.upper[off]
	if level-1 >= len(up) {
		return nil
	}
	return up[level-1]
}

// prefetchLinks hints off's level-0 link list into the cache.
func (ix *hnswIndex) prefetchLinks(off uint32) {
	if base := int(off) * (ix.m0 + 1); base+ix.m0 < len(ix.l0) {
		prefetch(unsafe.Slice((*float32)(unsafe.Pointer(&ix.l0[base])), ix.m0+1))
	}
}

func (ix *hnswIndex) setLinks(off uint32, level int, ls []uint32) {
	if level == 0 {
		base := int(off) * (ix.m0 + 1)
		if had := cap(ix.l0); len(ix.l0) < base+ix.m0+1 {
			ix.l0 = append(ix.l0, make([]uint32, base+ix.m0+1-len(ix.l0))...)
			if cap(ix.l0) != had {
				collapseHuge(unsafe.Pointer(&ix.l0[0]), cap(ix.l0)*4)
			}
		}
		ix.l0[base] = uint32(len(ls))
		copy(ix.l0[base+1:], ls)
		return
	}
	up := ix.upper[off]
	for len(up) < level {
		up = append(up, nil)
	}
	up[level-1] = append([]uint32(nil), ls...)
	ix.upper[off] = up
}

// visited is a generation-stamped set of offsets, reused across searches.
type visited struct {
	gen   uint32
	marks []uint32
}

func (v *visited) reset(n int) {
	if len(v.marks) < n {
		// headroom: a growing index would otherwise reallocate every scratch's marks
		// every few inserts
		v.marks = make([]uint32, n+n/4+1024)
		collapseHuge(unsafe.Pointer(&v.marks[0]), len(v.marks)*4)
		v.gen = 0
	}
	v.gen++
	if v.gen == 0 {
		clear(v.marks)
		v.gen = 1
	}
}

func (v *visited) has(off uint32) bool { return v.marks[off] == v.gen }
func (v *visited) add(off uint32)      { v.marks[off] = v.gen }

func (v *visited) seen(off uint32) bool {
	if v.marks[off] == v.gen {
		return true
	}
	v.marks[off] = v.gen
	return false
}

// scratch is one search's working memory (visited set, heaps, the neighbours of the
// node being expanded), pooled per index so a search allocates nothing per hop.
type scratch struct {
	vis   visited
	adm   visited // payload walk: judged and admitted (reset by searchPayload)
	thru  visited // payload walk: rejected and looked through (reset by searchPayload)
	cand  visited // the payload index's candidates, when a filter has them
	cands candHeap
	res   candHeap
	batch []uint32
	// starts: where a descent's next beam starts (what the beam above found)
	starts []hit
	// quant: the walk ranks with the int8 copy (qq is the query's), and its results
	// are rescored in float32 by rescore.
	quant bool
	qq    q8Query
	// perHop: a builder's walk, which holds the graph's read lock only while it reads
	// one node's links (hopLock), not for the whole walk
	perHop bool
}

func (ix *hnswIndex) getScratch() *scratch {
	s, _ := ix.scratchPool.Get().(*scratch)
	if s == nil {
		s = &scratch{cands: candHeap{best: true}, batch: make([]uint32, 0, 64)}
	}
	s.vis.reset(len(ix.node))
	s.cand.reset(len(ix.node))
	s.cands.h, s.res.h = s.cands.h[:0], s.res.h[:0]
	s.quant, s.perHop = false, false
	return s
}

// builderScratch is a scratch for a builder's walk (graph lock NOT held: it is taken
// per hop).
func (ix *hnswIndex) builderScratch() *scratch {
	sc := ix.getScratch()
	sc.perHop = true
	return sc
}

// hopLock and hopUnlock bracket the reading of one node's links: a no-op for a search,
// which holds the graph's read lock throughout, the read lock for a builder's walk.
func (ix *hnswIndex) hopLock(sc *scratch) {
	if sc.perHop {
		ix.mu.RLock()
	}
}

func (ix *hnswIndex) hopUnlock(sc *scratch) {
	if sc.perHop {
		ix.mu.RUnlock()
	}
}

// quantize makes the walks with sc rank by the int8 copy, when the store keeps one.
func (ix *hnswIndex) quantize(sc *scratch, q []float32) {
	if ix.vs.q8 != nil {
		sc.quant = true
		sc.qq.prepare(q)
	}
}

// walkScore is the score a walk ranks by: approximate (int8) when sc.quant.
func (ix *hnswIndex) walkScore(sc *scratch, q []float32, off uint32) float32 {
	if sc.quant {
		return sc.qq.score(ix.vs.q8, off)
	}
	return ix.score(q, off)
}

// walkPrefetch prefetches what walkScore will read.
func (ix *hnswIndex) walkPrefetch(sc *scratch, off uint32) {
	if sc.quant {
		v, _ := ix.vs.q8.vec(off)
		prefetchQ8(v)
		return
	}
	prefetch(ix.vec(off))
}

// rescore replaces a quantised walk's scores with the float32 ones, in place.
func (ix *hnswIndex) rescore(sc *scratch, q []float32, hs []hit) {
	if !sc.quant {
		return
	}
	for _, h := range hs {
		prefetch(ix.vec(h.off))
	}
	for i := range hs {
		hs[i].score = ix.score(q, hs[i].off)
	}
}

func (ix *hnswIndex) putScratch(s *scratch) { ix.scratchPool.Put(s) }

// candHeap is a binary heap of hits; best=true keeps the best on top, else the worst.
type candHeap struct {
	h    []hit
	best bool
}

func (c *candHeap) less(a, b hit) bool {
	if c.best {
		return a.score > b.score
	}
	return a.score < b.score
}

func (c *candHeap) push(x hit) {
	c.h = append(c.h, x)
	i := len(c.h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !c.less(c.h[i], c.h[p]) {
			break
		}
		c.h[i], c.h[p] = c.h[p], c.h[i]
		i = p
	}
}

func (c *candHeap) pop() hit {
	top := c.h[0]
	n := len(c.h) - 1
	c.h[0] = c.h[n]
	c.h = c.h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		w := l
		if r := l + 1; r < n && c.less(c.h[r], c.h[l]) {
			w = r
		}
		if !c.less(c.h[w], c.h[i]) {
			break
		}
		c.h[i], c.h[w] = c.h[w], c.h[i]
		i = w
	}
	return top
}

// greedy walks one level from ep towards q and returns the closest node found.
func (ix *hnswIndex) greedy(sc *scratch, q []float32, ep hit, level int) hit {
	ep.score = ix.walkScore(sc, q, ep.off)
	for changed := true; changed; {
		changed = false
		ix.hopLock(sc)
		ls := append(sc.batch[:0], ix.links(ep.off, level)...)
		ix.hopUnlock(sc)
		sc.batch = ls
		for _, nb := range ls {
			ix.walkPrefetch(sc, nb)
		}
		for _, nb := range ls {
			if s := ix.walkScore(sc, q, nb); s > ep.score {
				ep, changed = hit{nb, s}, true
			}
		}
	}
	return ep
}

// descend walks from ep on level top down to level bottom+1 and returns where it ended:
// greedily, as the HNSW paper does, except on levels 2 and 1 with a beam of ef1 > 1,
// each level's beam starting from everything the one above found. On clustered data a
// greedy descent can end in the wrong cluster (at 1M points in 1,000 clusters, 7 of
// 200 queries found none of their top 10 whatever the level-0 beam). A beam of 64 on
// level 1 alone found the right one for all of them but cost about as much as the
// level-0 walk; beams of 16 on level 2 (1/m² of the points) and then level 1 found it
// too, for 20% less filtered and 11% less unfiltered search time in process
// (beams() says when they are used).
func (ix *hnswIndex) descend(sc *scratch, q []float32, ep hit, top, bottom, ef1 int) hit {
	sc.starts = sc.starts[:0]
	for l := top; l > bottom; l-- {
		if ef1 <= 1 || l > 2 {
			ep = ix.greedy(sc, q, ep, l)
			continue
		}
		if len(sc.starts) == 0 {
			ep.score = ix.walkScore(sc, q, ep.off)
			sc.starts = append(sc.starts, ep)
		}
		for _, h := range sc.starts {
			sc.vis.seen(h.off)
			sc.cands.push(h)
			sc.res.push(h)
		}
		found := ix.beam(sc, q, ef1, l, nil)
		ep = bestHit(found)
		sc.starts = append(sc.starts[:0], found...)
		sc.vis.reset(len(ix.node))
		sc.cands.h, sc.res.h = sc.cands.h[:0], sc.res.h[:0]
	}
	return ep
}

// bestHit is the best-scoring of hs (not empty), which a beam leaves in heap order.
func bestHit(hs []hit) hit {
	best := hs[0]
	for _, h := range hs {
		if h.score > best.score {
			best = h
		}
	}
	return best
}

// searchLayer is the beam search of the HNSW paper on one level. Every reached node
// routes the search; only nodes keep admits (keep nil: all) are collected, ef of them
// at most, into sc.res.h (valid until sc is put back). The unvisited neighbours of a
// node are prefetched together before they are scored: the walk is bound by memory
// latency (a 384-dim vector is 24 cache lines at a random address), and the loads
// then overlap instead of missing one after another.
func (ix *hnswIndex) searchLayer(sc *scratch, q []float32, ep hit, ef, level int, keep func(off uint32) bool) []hit {
	ep.score = ix.walkScore(sc, q, ep.off)
	sc.vis.seen(ep.off)
	sc.cands.push(ep)
	if keep == nil || keep(ep.off) {
		sc.res.push(ep)
	}
	return ix.beam(sc, q, ef, level, keep)
}

// beam runs searchLayer's walk from the candidates already in sc (scored, visited).
func (ix *hnswIndex) beam(sc *scratch, q []float32, ef, level int, keep func(off uint32) bool) []hit {
	vis, cands, res := &sc.vis, &sc.cands, &sc.res
	for len(cands.h) > 0 {
		c := cands.pop()
		if len(res.h) >= ef && c.score < res.h[0].score {
			break
		}
		batch := sc.batch[:0]
		ix.hopLock(sc)
		for _, nb := range ix.links(c.off, level) {
			if !vis.seen(nb) {
				batch = append(batch, nb)
				ix.walkPrefetch(sc, nb)
			}
		}
		ix.hopUnlock(sc)
		sc.batch = batch
		for _, nb := range batch {
			s := ix.walkScore(sc, q, nb)
			if len(res.h) < ef || s > res.h[0].score {
				cands.push(hit{nb, s})
				if keep == nil || keep(nb) {
					res.push(hit{nb, s})
					if len(res.h) > ef {
						res.pop()
					}
				}
			}
		}
	}
	return res.h
}

// searchFiltered is the level-0 beam search under a filter, ACORN-1 style (what
// Qdrant's `acorn` search param does): only nodes the filter admits are scored and
// enter the beam; a neighbour it rejects is not scored, but its own neighbours are
// looked at (two hops), so the walk stays connected through the admitted nodes
// although the graph was built without the filter. Each expansion gathers at most m0
// admitted nodes, so a walk scores about as many vectors as an unfiltered one instead
// of ef/selectivity. pre is the cheap part of the filter (indexed, payload-index
// candidate), accept the rest (nil: none); each node is judged once.
func (ix *hnswIndex) searchFiltered(sc *scratch, q []float32, ep hit, ef int, pre func(off uint32) bool, accept func(off uint32) bool) []hit {
	vis, cands, res := &sc.vis, &sc.cands, &sc.res
	pass := func(off uint32) bool { return pre(off) && (accept == nil || accept(off)) }
	ep.score = ix.walkScore(sc, q, ep.off)
	vis.add(ep.off)
	cands.push(ep)
	if pass(ep.off) {
		res.push(ep)
	}
	for len(cands.h) > 0 {
		c := cands.pop()
		if len(res.h) >= ef && c.score < res.h[0].score {
			break
		}
		batch := sc.batch[:0]
		ls := ix.links(c.off, 0)
		for _, nb := range ls {
			if vis.has(nb) {
				continue
			}
			if pre(nb) {
				vis.add(nb)
				if accept == nil || accept(nb) {
					batch = append(batch, nb)
					ix.walkPrefetch(sc, nb)
				}
			} else {
				// it will be looked through: its link list is a cache miss of its own
				ix.prefetchLinks(nb)
			}
		}
		for _, nb := range ls {
			if len(batch) >= ix.m0 {
				break
			}
			if vis.seen(nb) {
				continue
			}
			// nb is rejected: look through it
			for _, nb2 := range ix.links(nb, 0) {
				if vis.has(nb2) {
					continue
				}
				if !pre(nb2) {
					continue // not marked: it may still be looked through later (recall 0.956 → 0.996 at 100k, 10% filter)
				}
				vis.add(nb2)
				if accept == nil || accept(nb2) {
					batch = append(batch, nb2)
					ix.walkPrefetch(sc, nb2)
					if len(batch) >= ix.m0 {
						break
					}
				}
			}
		}
		ix.offerBatch(sc, q, batch, ef)
	}
	return res.h
}

// selectNeighbors is the HNSW heuristic (paper, algorithm 4, as Qdrant uses it): take
// candidates best first, keeping one only if it is closer to the base than to every
// neighbour already kept, so links spread in all directions.
func (ix *hnswIndex) selectNeighbors(cands []hit, m int) []uint32 {
	sort.Slice(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	out := make([]uint32, 0, m)
	for _, c := range cands {
		if len(out) >= m {
			break
		}
		ok := true
		cv := ix.vec(c.off)
		for _, s := range out {
			if ix.dist.raw(cv, ix.vec(s)) > c.score {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, c.off)
		}
	}
	return out
}

// addLink offers node c to nb's full link list the way the heuristic would decide, in
// O(m) distances instead of O(m²): the links already there were selected against each
// other, so only the pairs involving c are checked. c is refused if a link closer to nb
// is closer to c than nb is; if taken, links farther from nb that are closer to c than
// to nb are dropped, and the farthest goes if the list is still over m. nil: unchanged.
func (ix *hnswIndex) addLink(nb uint32, cur []uint32, c uint32, m int) []uint32 {
	nv, cv := ix.vec(nb), ix.vec(c)
	cs := ix.dist.raw(nv, cv)
	type link struct {
		off    uint32
		s, toC float32
	}
	list := make([]link, 0, len(cur)+1)
	for _, x := range cur {
		xv := ix.vec(x)
		l := link{x, ix.dist.raw(nv, xv), ix.dist.raw(cv, xv)}
		if l.s > cs && l.toC > cs {
			return nil
		}
		list = append(list, l)
	}
	kept := list[:0]
	for _, l := range list {
		if l.s < cs && l.toC > l.s {
			continue
		}
		kept = append(kept, l)
	}
	kept = append(kept, link{c, cs, 0})
	sort.Slice(kept, func(i, j int) bool { return kept[i].s > kept[j].s })
	if len(kept) > m {
		kept = kept[:m]
	}
	out := make([]uint32, len(kept))
	for i, l := range kept {
		out[i] = l.off
	}
	return out
}

func (ix *hnswIndex) randomLevel() int {
	l := int(-math.Log(1-ix.rng.Float64()) * ix.levelMult)
	return min(l, 16)
}

// linkUpdate is a link list to set (own), or the new node offered to a neighbour:
// seen is the neighbour's list the offer was computed against, links the list to put
// in its place (nil: the neighbour keeps its list).
type linkUpdate struct {
	off   uint32
	level int
	links []uint32
	seen  []uint32
	own   bool
}

// insert adds the vector at off (claimed by this worker, at the level drawn for it) to
// the graph, and returns the candidates its level-0 search found (payload links start
// from them). The neighbour search, the new node's links and what each neighbour's list
// becomes with the new node offered to it are computed with the graph's read lock held
// per hop only; the write lock then applies them, recomputing an offer whose
// neighbour's list another worker changed meanwhile, so concurrent inserts never lose
// links.
func (ix *hnswIndex) insert(off uint32, level int) (near []uint32) {
	q := ix.vec(off)
	var updates []linkUpdate
	ix.mu.RLock()
	entry, maxLevel := ix.entry, ix.maxLevel
	ix.mu.RUnlock()
	if entry >= 0 {
		sc := ix.builderScratch()
		ix.quantize(sc, q)
		ep := ix.descend(sc, q, hit{off: uint32(entry)}, maxLevel, level, 0)
		for l := min(level, maxLevel); l >= 0; l-- {
			sc.vis.reset(len(ix.node))
			sc.cands.h, sc.res.h = sc.cands.h[:0], sc.res.h[:0]
			found := ix.searchLayer(sc, q, ep, ix.efConstruct, l, nil)
			ix.rescore(sc, q, found) // links are chosen on exact distances
			cands := make([]hit, 0, len(found))
			for _, h := range found {
				if h.off != off {
					cands = append(cands, h)
				}
			}
			nbs := ix.selectNeighbors(cands, ix.linksAt(l))
			if l == 0 {
				near = make([]uint32, len(cands))
				for i, h := range cands {
					near[i] = h.off
				}
			}
			updates = append(updates, linkUpdate{off: off, level: l, links: nbs, own: true})
			for _, nb := range nbs {
				ix.mu.RLock()
				seen := append([]uint32(nil), ix.links(nb, l)...)
				ix.mu.RUnlock()
				updates = append(updates, linkUpdate{off: nb, level: l, seen: seen, links: ix.offerLink(nb, seen, off, ix.linksAt(l))})
			}
			ep = bestHit(found)
		}
		ix.putScratch(sc)
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	// a node inserted again (its offset reused or its vector replaced) starts afresh
	if ix.node[off] {
		for l := 0; l <= int(ix.level[off]); l++ {
			ix.setLinks(off, l, nil)
		}
	}
	ix.node[off] = true
	ix.level[off] = int8(level)
	for l := 0; l <= level; l++ {
		ix.setLinks(off, l, nil)
	}
	for _, u := range updates {
		if u.own {
			ix.setLinks(u.off, u.level, u.links)
			continue
		}
		ls := u.links
		if cur := ix.links(u.off, u.level); !slices.Equal(cur, u.seen) {
			ls = ix.offerLink(u.off, cur, off, ix.linksAt(u.level)) // another worker changed it
		}
		if ls != nil {
			ix.setLinks(u.off, u.level, ls)
		}
	}
	if ix.entry < 0 || level > ix.maxLevel {
		ix.entry, ix.maxLevel = int64(off), level
	}
	return near
}

// linksAt is the most links a node keeps at level.
func (ix *hnswIndex) linksAt(level int) int {
	if level == 0 {
		return ix.m0
	}
	return ix.m
}

// offerLink is nb's list cur with node c offered to it (at most m links): nil when nb
// keeps cur (c is in it already, or the heuristic refuses c).
func (ix *hnswIndex) offerLink(nb uint32, cur []uint32, c uint32, m int) []uint32 {
	switch {
	case slices.Contains(cur, c):
		return nil
	case len(cur) < m:
		return append(append(make([]uint32, 0, len(cur)+1), cur...), c)
	default:
		return ix.addLink(nb, cur, c, m)
	}
}

// --- the builder -------------------------------------------------------------------------

// start takes back the saved graph (unless a restore did already) and starts the builder.
func (ix *hnswIndex) start() {
	if !ix.graphLoaded {
		ix.loadGraph(ix.persistPath)
	}
	ix.startBuilder()
}

// stop stops the builder; with save, a graph that changed since it was saved is written.
func (ix *hnswIndex) stop(save bool) {
	ix.stopBuilder()
	if !save {
		return
	}
	c := ix.owner
	c.mu.RLock()
	defer c.mu.RUnlock()
	if ix.dirty && !c.dropped && ix.indexed > 0 {
		if err := ix.save(); err != nil {
			log.Printf("collection %q: saving the HNSW graph: %v", c.name, err)
		}
	}
}

// startBuilder runs the background builder until stopBuilder.
func (ix *hnswIndex) startBuilder() {
	if ix.running {
		return
	}
	ix.running = true
	ix.quit, ix.done = make(chan struct{}), make(chan struct{})
	go ix.build()
	ix.kick()
}

// stopBuilder stops the builder and waits for it (collection lock NOT held).
func (ix *hnswIndex) stopBuilder() {
	if !ix.running {
		return
	}
	close(ix.quit)
	<-ix.done
	ix.running = false
}

// buildBatch is how long a worker holds the collection's read lock at a time, so
// writers wait at most about this long.
const buildBatch = 5 * time.Millisecond

// build runs the workers (one per core) that take pending points into the graph.
func (ix *hnswIndex) build() {
	defer close(ix.done)
	c := ix.owner
	for {
		select {
		case <-ix.quit:
			return
		case <-ix.wake:
		}
		for {
			ix.workAll()
			// then the payload links of what is indexed now
			c.mu.RLock()
			jobs := 0
			if !c.dropped && ix.indexed > 0 && ix.shouldIndex() {
				jobs = ix.sweepPayload(0)
			}
			c.mu.RUnlock()
			if jobs == 0 || ix.stopping() {
				break
			}
		}
		c.mu.RLock()
		if ix.dirty && !c.dropped && len(ix.pending) == 0 && len(ix.plJobs) == 0 && ix.indexed > 0 {
			if err := ix.save(); err != nil {
				log.Printf("collection %q: saving the HNSW graph: %v", c.name, err)
			}
		}
		if len(ix.pending) == 0 || time.Since(ix.lastLog) > 10*time.Second {
			log.Printf("collection %q: HNSW index %d vectors, %d pending%s", c.name, ix.indexed, len(ix.pending), ix.payloadSummary())
			ix.lastLog = time.Now()
		}
		c.mu.RUnlock()
	}
}

// workAll runs one builder worker per core until none finds work left.
func (ix *hnswIndex) workAll() {
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ix.work()
		}()
	}
	wg.Wait()
}

func (ix *hnswIndex) stopping() bool {
	select {
	case <-ix.quit:
		return true
	default:
		return false
	}
}

// work inserts pending points, then links points under their payload values, until
// there is nothing left (or the index should not build).
func (ix *hnswIndex) work() {
	c := ix.owner
	for {
		select {
		case <-ix.quit:
			return
		default:
		}
		c.mu.RLock()
		ix.mu.RLock()
		should := ix.shouldIndex()
		ix.mu.RUnlock()
		if c.dropped || !should {
			c.mu.RUnlock()
			return
		}
		start, did := time.Now(), false
		for time.Since(start) < buildBatch {
			// payload links first: they are few once a collection is linked (new
			// points are linked as they are inserted), and during a first load this
			// links the points indexed before their values grew large enough
			ix.sweepPayload(time.Second)
			if j, ok := ix.claimJob(); ok {
				did = true
				ix.runJob(j)
				ix.mu.Lock()
				ix.plBusy--
				ix.mu.Unlock()
				continue
			}
			off, level, ok := ix.claim()
			if !ok {
				break
			}
			did = true
			resweep := ix.linkInline(off, ix.insert(off, level))
			ix.mu.Lock()
			at := ix.pendingAt[off]
			last := ix.pending[len(ix.pending)-1]
			ix.pending[at] = last
			ix.pendingAt[last] = at
			ix.pending = ix.pending[:len(ix.pending)-1]
			ix.pendingAt[off] = -1
			ix.claimed[off] = false
			ix.state[off] = stIndexed
			ix.indexed++
			ix.dirty = true
			ix.plDirty = ix.plDirty || resweep
			ix.mu.Unlock()
		}
		c.mu.RUnlock()
		if !did {
			return
		}
	}
}

// claim picks a pending point no other worker is inserting, and draws its level.
func (ix *hnswIndex) claim() (uint32, int, bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for i := len(ix.pending) - 1; i >= 0; i-- {
		off := ix.pending[i]
		if !ix.claimed[off] {
			ix.claimed[off] = true
			return off, ix.randomLevel(), true
		}
	}
	return 0, 0, false
}

// --- search --------------------------------------------------------------------------------

// selectivitySample is how many points the planner checks to estimate a filter's size.
const selectivitySample = 512

// offerBatch scores one expansion of a walk (kept in sc.batch, whose backing array the
// next expansion reuses) and lets each neighbour that beats the ef best found so far
// into the candidates and the results.
func (ix *hnswIndex) offerBatch(sc *scratch, q []float32, batch []uint32, ef int) {
	sc.batch = batch
	for _, nb := range batch {
		s := ix.walkScore(sc, q, nb)
		if len(sc.res.h) < ef || s > sc.res.h[0].score {
			sc.cands.push(hit{nb, s})
			sc.res.push(hit{nb, s})
			if len(sc.res.h) > ef {
				sc.res.pop()
			}
		}
	}
}

func (ix *hnswIndex) search(sq searchQuery) []hit {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if sq.params.Exact || ix.indexed == 0 || ix.entry < 0 {
		return ix.flat.search(sq)
	}
	if sq.cand != nil && ix.kb(len(sq.cand)) < ix.fullScanKB {
		return ix.scan(sq) // few enough candidates: a pass over them
	}
	sc := ix.getScratch()
	defer ix.putScratch(sc)
	total := float64(ix.indexed + len(ix.pending))
	selectivity := 1.0
	inCand := func(uint32) bool { return true }
	if sq.cand != nil {
		if sq.candBits != nil {
			inCand = sq.candBits.has
		} else {
			for _, off := range sq.cand {
				if int(off) < len(sc.cand.marks) {
					sc.cand.add(off)
				}
			}
			inCand = sc.cand.has
		}
		selectivity = float64(len(sq.cand)) / total
	}
	if sq.accept != nil {
		est := ix.estimate(sq.accept, sq.cand != nil, inCand)
		selectivity *= est
		if ix.kb(int(selectivity*total)) < ix.fullScanKB {
			return ix.scan(sq) // a restrictive filter: a pass over the points it leaves
		}
	}
	ef := sq.params.HnswEf
	if ef <= 0 {
		ef = ix.efConstruct
	}
	ef = max(ef, sq.k)
	if selectivity < 1 && ix.plan != planWalk {
		// Two hops keep the walk connected down to a few percent; below that, and when
		// the matching points are few anyway, the exact pass over them is cheaper.
		matching := selectivity * total
		if ix.plan == planExact || selectivity < acornMinSelectivity || matching <= float64(ef*ix.m0) {
			return ix.scan(sq)
		}
	}
	w := &worker{}
	var accept func(off uint32) bool
	if sq.accept != nil {
		accept = func(off uint32) bool { return sq.accept(w, off) }
	}
	q := sq.vector
	var pf *plField
	var kids []uint32
	if selectivity < 1 && !ix.noPL {
		pf, kids = ix.payloadFor(sq)
	}
	if selectivity == 1 || pf != nil {
		// Not under a filter, or with payload links: ranked by the int8 copy. (Through
		// HTTP at 100k the int8-ranked two-hop walk lost recall, 0.995 → 0.989, without
		// a clear gain in latency: it reads link lists more than vectors.)
		ix.quantize(sc, q)
	}
	ef1, ef0 := ix.beams(ef)
	if selectivity == 1 {
		ef = ef0
	}
	ep := ix.descend(sc, q, hit{off: uint32(ix.entry)}, ix.maxLevel, 0, ef1)
	var found []hit
	if selectivity < 1 {
		pre := func(off uint32) bool { return ix.state[off] == stIndexed && inCand(off) }
		if pf != nil {
			ix.plSearches.Add(1)
			found = ix.searchPayload(sc, q, ep, ef, pre, accept, pf, kids)
		} else {
			found = ix.searchFiltered(sc, q, ep, ef, pre, accept)
		}
	} else {
		found = ix.searchLayer(sc, q, ep, ef, 0, func(off uint32) bool {
			return ix.state[off] == stIndexed && (accept == nil || accept(off))
		})
	}
	ix.rescore(sc, q, found)
	graph := make([]hit, 0, len(found))
	for _, h := range found {
		if sq.minScore == nil || h.score >= *sq.minScore {
			graph = append(graph, h)
		}
	}
	// points not in the graph yet are searched exactly
	var pending []hit
	if len(ix.pending) > 0 {
		pq := sq
		pq.cand = ix.pending
		if sq.cand != nil {
			pq.accept = func(w *worker, off uint32) bool {
				return inCand(off) && (sq.accept == nil || sq.accept(w, off))
			}
		}
		pending = ix.flat.search(pq)
	}
	top := mergeTop(sq.k, ix.flat.better, graph, pending)
	if len(top) < sq.k && sq.minScore == nil {
		// the graph found too few (a filter, or links lost to deletes): be exact
		return ix.flat.search(sq)
	}
	ix.graphSearches.Add(1)
	return top
}

// beams are the beams of a walk asked for hnsw_ef ef, on levels 2 and 1 (0: greedy)
// and, for an unfiltered walk, on level 0. Up to 100k indexed points they are the
// HNSW paper's: greedy, then ef. Past that, on clustered data (1M points in 1,000
// clusters, in process), a greedy descent ended in the wrong cluster for 7 of 200
// queries, which then found none of their top 10 whatever the level-0 beam: levels 2
// and 1 are walked with a beam of max(16, ef/4) (no such query left; a filtered walk
// along payload links, which stay within their neighbourhood, needs the right start
// as much), and the unfiltered level 0 with ef·(1 + log10(n/100k)), 2·ef at 1M, as
// Qdrant's beam over a whole collection grows with it (it searches each segment, one
// per core by default, with hnsw_ef). Recall@10 there at hnsw_ef 64: 0.943 with the
// paper's walk, 0.990 with these beams; Qdrant Edge 0.989 in two segments. At 100k
// both walks find the whole top 10 and the wider one cost 2-3× the time.
func (ix *hnswIndex) beams(ef int) (ef1, ef0 int) {
	const base = 100_000
	if ix.indexed <= base {
		return 0, ef
	}
	return max(16, ef/4), int(float64(ef) * (1 + math.Log10(float64(ix.indexed)/base)))
}

// scan answers an approximate query by a pass over the points its filter leaves, as
// the planner decides: ranked by the int8 copy (a quarter of the memory traffic), the
// best max(hnsw_ef, 4·limit) kept and rescored in float32, like the graph walk's beam.
// Without the copy (Euclid, Manhattan) the pass is exact.
func (ix *hnswIndex) scan(sq searchQuery) []hit {
	if ix.vs.q8 == nil {
		return ix.flat.search(sq)
	}
	ef := sq.params.HnswEf
	if ef <= 0 {
		ef = ix.efConstruct
	}
	wide := sq
	wide.k, wide.minScore, wide.q8 = max(ef, 4*sq.k), nil, &q8Query{}
	wide.q8.prepare(sq.vector)
	hs := ix.flat.search(wide)
	for _, h := range hs {
		prefetch(ix.vec(h.off))
	}
	kept := hs[:0]
	for _, h := range hs {
		h.score = ix.score(sq.vector, h.off)
		if sq.minScore == nil || h.score >= *sq.minScore {
			kept = append(kept, h)
		}
	}
	return mergeTop(sq.k, ix.flat.better, kept)
}

// estimate samples points to guess the fraction a filter admits (among the payload
// index's candidates when there are some).
func (ix *hnswIndex) estimate(accept func(w *worker, off uint32) bool, hasCand bool, inCand func(uint32) bool) float64 {
	n := len(ix.state)
	if n == 0 {
		return 1
	}
	w := &worker{}
	step := max(n/selectivitySample, 1)
	seen, ok := 0, 0
	for off := 0; off < n; off += step {
		if ix.state[off] == stNone || (hasCand && !inCand(uint32(off))) {
			continue
		}
		seen++
		if accept(w, uint32(off)) {
			ok++
		}
	}
	if seen == 0 {
		return 0
	}
	return float64(ok) / float64(seen)
}

// building reports pending work past indexing_threshold (collection read lock held):
// points to insert, payload links to make, or a sweep to look for them.
func (ix *hnswIndex) building() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.shouldIndex() && (len(ix.pending) > 0 || len(ix.plJobs) > 0 || ix.plBusy > 0 || ix.plDirty)
}

// indexedCount is the number of vectors found through the graph.
func (ix *hnswIndex) indexedCount() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.indexed
}

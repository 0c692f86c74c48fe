package engine

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

// Payload-aware links (Qdrant's hnsw_config.payload_m), designed for an index that is
// built incrementally rather than once per segment.
//
// What: for every keyword or integer payload index (with postings) and every value of
// it whose points are too many for the planner's pass over them (more than
// full_scan_threshold's worth of vectors, as Qdrant's payload blocks) but not so many
// that the main graph already connects them (at most 8·N/2m points, Qdrant's
// percolation bound), the points holding that value get extra level-0 links among
// themselves: a link list of up to 2·payload_m entries per (point, value), chosen by
// the same neighbour heuristic as the main graph. Qdrant merges such lists into the
// main graph's links; here they stay apart (plField), so an unfiltered walk reads
// exactly the lists it read before, and a filtered walk reads the main list plus the
// list of the value it filters on.
//
// When: the builder's workers link a point under its values right after inserting it
// into the main graph (linkInline), for values that already have payload links. Values
// that grow past the threshold later, points whose payload changed, a payload index
// created on an indexed collection, a graph loaded from an older file: a sweep
// (sweepPayload; asked for by such a change or by an insert it could not link inline,
// at most once a second while the builder works, and after each of its rounds) lists
// the indexed points of every such value that lack a list for it, and the same workers
// link them first (runJob), in the background, 5 ms of collection read lock at a time.
// Linking takes as candidates the value's linked points near the point in the main
// graph and those their payload links lead to (aroundSeeds), or for a rare value walks
// the value's linked points through their payload links (searchBlock, like one level
// of an HNSW insert), keeps up to m0 by the heuristic, and offers itself to each, as a
// main-graph insert does.
//
// Searching: a filter whose payload-index candidates come from a linked field walks
// searchPayload: an expanded node offers its payload links for the matched values; only
// when they give few admitted neighbours (a point not linked yet, a filter with more
// conditions) are its main links, and then two hops, looked at too.
//
// Staleness is harmless by construction: a filtered walk checks the filter (payload
// index candidates, then the rest of the filter) on every node before scoring it, so
// a link left by a payload update or a delete can only lead to a node that is then
// rejected. The sweep drops the lists of points that no longer hold their value; a
// point that leaves the graph (delete, new vector) loses its lists at once.
//
// Locking is the graph's: lists change under ix.mu's write lock, walks read them under
// its read lock (the builder's per hop), and everything runs under the collection's
// read lock (writes, which hold its write lock, free lists of removed points).

// plField holds the payload links of one indexed field: per point, a chain of records,
// one per value of the field the point is linked under (one for a single-valued field).
// Records live in fixed chunks, so growing never copies them.
type plField struct {
	field  string
	typ    string // the payload index type: keyword or integer
	m0     int    // links per record: 2·payload_m
	keys   map[any]uint32
	key    []any      // key id -> posting key
	entry  []int64    // key id -> a linked point, a walk's fallback start (-1: none)
	head   []int32    // offset -> first record + 1 (0: none)
	chunks [][]uint32 // plChunk records each
	nrec   int32      // records allocated
	free   []int32
	used   int
}

// A record is m0+3 words: key id, next record of the same point + 1, link count, links.
const (
	plKey = iota
	plNext
	plCount
	plLinks
)

const plChunk = 1024 // records per chunk

func newPLField(field, typ string, m0 int) *plField {
	return &plField{field: field, typ: typ, m0: m0, keys: map[any]uint32{}}
}

// at is record r's words.
func (f *plField) at(r int32) []uint32 {
	st := f.m0 + plLinks
	i := int(r%plChunk) * st
	return f.chunks[r/plChunk][i : i+st : i+st]
}

// keyID returns k's id, registering it (graph write lock held).
func (f *plField) keyID(k any) uint32 {
	if id, ok := f.keys[k]; ok {
		return id
	}
	id := uint32(len(f.key))
	f.keys[k] = id
	f.key = append(f.key, k)
	f.entry = append(f.entry, -1)
	return id
}

// find returns off's record for key id kid, or -1.
func (f *plField) find(off, kid uint32) int32 {
	if int(off) >= len(f.head) {
		return -1
	}
	for r := f.head[off]; r != 0; {
		w := f.at(r - 1)
		if w[plKey] == kid {
			return r - 1
		}
		r = int32(w[plNext])
	}
	return -1
}

// links returns off's payload links under key id kid (nil: none).
func (f *plField) links(off, kid uint32) []uint32 {
	r := f.find(off, kid)
	if r < 0 {
		return nil
	}
	w := f.at(r)
	return w[plLinks : plLinks+int(w[plCount])]
}

// set gives off the list ls under kid, creating the record (graph write lock held).
func (f *plField) set(off, kid uint32, ls []uint32) {
	r := f.find(off, kid)
	if r < 0 {
		for len(f.head) <= int(off) {
			f.head = append(f.head, 0)
		}
		if n := len(f.free); n > 0 {
			r = f.free[n-1]
			f.free = f.free[:n-1]
		} else {
			r = f.nrec
			f.nrec++
			if int(r/plChunk) >= len(f.chunks) {
				f.chunks = append(f.chunks, make([]uint32, plChunk*(f.m0+plLinks)))
			}
		}
		w := f.at(r)
		w[plKey] = kid
		w[plNext] = uint32(f.head[off])
		f.head[off] = r + 1
		f.used++
		f.entry[kid] = int64(off)
	}
	w := f.at(r)
	w[plCount] = uint32(copy(w[plLinks:], ls))
}

// drop frees off's records whose key keep rejects (nil: all of them).
func (f *plField) drop(off uint32, keep func(kid uint32) bool) {
	if int(off) >= len(f.head) {
		return
	}
	var prev []uint32 // the record whose next is r, nil: the head
	for r := f.head[off]; r != 0; {
		w := f.at(r - 1)
		next := int32(w[plNext])
		if keep != nil && keep(w[plKey]) {
			prev = w
			r = next
			continue
		}
		if prev == nil {
			f.head[off] = next
		} else {
			prev[plNext] = uint32(next)
		}
		w[plCount] = 0
		f.free = append(f.free, r-1)
		f.used--
		r = next
	}
}

// records calls fn for each of off's records.
func (f *plField) records(off uint32, fn func(kid uint32, links []uint32)) {
	if int(off) >= len(f.head) {
		return
	}
	for r := f.head[off]; r != 0; {
		w := f.at(r - 1)
		fn(w[plKey], w[plLinks:plLinks+int(w[plCount])])
		r = int32(w[plNext])
	}
}

// plJob links one point under one value of one field.
type plJob struct {
	f       *plField
	kid     uint32
	off     uint32
	members *bitset // the value's points when the job was listed
}

// bitset is a fixed set of offsets.
type bitset []uint64

func (b bitset) add(off uint32) { b[off>>6] |= 1 << (off & 63) }

func (b bitset) has(off uint32) bool {
	i := int(off >> 6)
	return i < len(b) && b[i]&(1<<(off&63)) != 0
}

// payloadLinked reports whether a payload index gets payload links.
func payloadLinked(pix *payloadIndex) bool {
	return pix.postings != nil && (pix.spec.Type == "keyword" || pix.spec.Type == "integer")
}

// blockRange is the number of points a value must have to get payload links: more
// than full_scan_threshold's worth of vectors (fewer are answered by a pass over
// them), and at most 8·N/m0 — above that the main graph's own links among them keep a
// filtered walk connected (Qdrant: 4·N / average level-0 degree).
func (ix *hnswIndex) blockRange() (lo, hi int) {
	lo = ix.fullScanKB * 1024 / (ix.vs.dim * 4)
	hi = (ix.indexed + len(ix.pending)) * 8 / ix.m0
	return lo, hi
}

// payloadChanged tells the index that payloads or payload indexes changed: the next
// sweep looks for points to link (collection write lock held, or builder idle).
func (ix *hnswIndex) payloadChanged() {
	ix.plDirty = true
	ix.kick()
}

// sweepPayload brings the payload links in line with the collection's payload indexes
// and lists the points to link (collection read lock held), unless nothing changed or
// the last sweep was less than gap ago; lists are dropped only by a sweep without a gap
// (the builder idle), which also runs after a sweep with a gap skipped them. It
// returns the number of jobs listed.
func (ix *hnswIndex) sweepPayload(gap time.Duration) int {
	c := ix.owner
	idle := func() (int, bool) {
		if gap > 0 && (!ix.plDirty || time.Since(ix.plSwept) < gap) || gap == 0 && !ix.plDirty && !ix.plPrune {
			return len(ix.plJobs), true
		}
		return 0, false
	}
	// the builder asks between inserts: mostly nothing to do, seen under the read lock
	ix.mu.RLock()
	n, ok := idle()
	ix.mu.RUnlock()
	if ok {
		return n
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if n, ok := idle(); ok {
		return n
	}
	ix.plDirty = false
	ix.plSwept = time.Now()
	ix.plPrune = gap > 0
	// fields: one per keyword/integer lookup index while payload_m > 0
	for name, f := range ix.pl {
		pix := c.indexes[name]
		if ix.payloadM <= 0 || pix == nil || !payloadLinked(pix) || pix.spec.Type != f.typ || f.m0 != 2*ix.payloadM {
			delete(ix.pl, name)
		}
	}
	if ix.payloadM <= 0 {
		ix.plJobs = nil
		return 0
	}
	names := make([]string, 0, len(c.indexes))
	for name, pix := range c.indexes {
		if payloadLinked(pix) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	lo, hi := ix.blockRange()
	ix.plJobs = ix.plJobs[:0]
	for _, name := range names {
		pix := c.indexes[name]
		f := ix.pl[name]
		if f == nil {
			f = newPLField(name, pix.spec.Type, 2*ix.payloadM)
			ix.pl[name] = f
		}
		// lists of points that left the graph or no longer hold their value go (when
		// the builder is idle: harmless meanwhile, and a pass over every list)
		used := f.used
		for off := range f.head {
			if gap > 0 {
				break
			}
			if f.head[off] == 0 {
				continue
			}
			if ix.state[off] != stIndexed {
				f.drop(uint32(off), nil)
				continue
			}
			f.drop(uint32(off), func(kid uint32) bool {
				_, ok := pix.postings[f.key[kid]][uint32(off)]
				return ok
			})
		}
		if f.used != used {
			ix.dirty = true
		}
		keys := make([]any, 0, len(pix.postings))
		for k, set := range pix.postings {
			if len(set) > lo && len(set) <= hi {
				keys = append(keys, k)
			}
		}
		sort.Slice(keys, func(i, j int) bool { return keyLess(keys[i], keys[j]) })
		for _, k := range keys {
			set := pix.postings[k]
			kid := f.keyID(k)
			var members bitset
			var todo []uint32
			for off := range set {
				if int(off) >= len(ix.state) || ix.state[off] != stIndexed {
					continue
				}
				if members == nil {
					members = make(bitset, (len(ix.state)+63)/64)
				}
				members.add(off)
				if f.find(off, kid) < 0 {
					todo = append(todo, off)
				}
			}
			if len(todo) == 0 {
				continue
			}
			sort.Slice(todo, func(i, j int) bool { return todo[i] < todo[j] })
			// shuffled, so both workers do not insert neighbours of each other at once
			for i := len(todo) - 1; i > 0; i-- {
				j := ix.rng.Intn(i + 1)
				todo[i], todo[j] = todo[j], todo[i]
			}
			for _, off := range todo {
				ix.plJobs = append(ix.plJobs, plJob{f: f, kid: kid, off: off, members: &members})
			}
		}
	}
	// jobs are taken from the end: reverse, so values are linked in order
	for i, j := 0, len(ix.plJobs)-1; i < j; i, j = i+1, j-1 {
		ix.plJobs[i], ix.plJobs[j] = ix.plJobs[j], ix.plJobs[i]
	}
	return len(ix.plJobs)
}

func keyLess(a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return !ok || x < y
	case int64:
		y, ok := b.(int64)
		if !ok {
			return false
		}
		return x < y
	}
	return false
}

// claimJob takes a payload-link job (graph lock not held).
func (ix *hnswIndex) claimJob() (plJob, bool) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := len(ix.plJobs)
	if n == 0 {
		return plJob{}, false
	}
	j := ix.plJobs[n-1]
	ix.plJobs[n-1] = plJob{}
	ix.plJobs = ix.plJobs[:n-1]
	ix.plBusy++
	return j, true
}

// runJob links a listed point (collection read lock held).
func (ix *hnswIndex) runJob(j plJob) {
	ix.mu.RLock()
	ok := ix.pl[j.f.field] == j.f && int(j.off) < len(ix.state) && ix.state[j.off] == stIndexed
	var k any
	if ok {
		k = j.f.key[j.kid]
	}
	ix.mu.RUnlock()
	if !ok {
		return
	}
	if pix := ix.owner.indexes[j.f.field]; pix == nil {
		return
	} else if _, in := pix.postings[k][j.off]; !in {
		return // its payload changed since the sweep
	}
	members := *j.members
	// the value's points among the point's main-graph neighbours and theirs
	var near []uint32
	ix.mu.RLock()
	for _, nb := range ix.links(j.off, 0) {
		near = append(near, nb)
		near = append(near, ix.links(nb, 0)...)
	}
	ix.mu.RUnlock()
	ix.linkPayload(j.off, j.f, k, members.has, near)
}

// linkInline links a point the builder has just inserted into the main graph (still
// pending, claimed by this worker; near: what the insert's level-0 search found)
// under each of its values that already has payload links, so that a collection that
// keeps growing needs no sweep for it (collection read lock held). It reports whether the point holds a value it could not link that
// way (too few or too many points for links, or none linked yet): then a sweep must
// look again, since the value may now be in range with points indexed before it was.
func (ix *hnswIndex) linkInline(off uint32, near []uint32) (resweep bool) {
	c := ix.owner
	ix.mu.RLock()
	if len(ix.pl) == 0 || ix.payloadM <= 0 {
		ix.mu.RUnlock()
		return false
	}
	fields := make([]*plField, 0, len(ix.pl))
	for _, f := range ix.pl {
		fields = append(fields, f)
	}
	lo, hi := ix.blockRange()
	ix.mu.RUnlock()
	for _, f := range fields {
		pix := c.indexes[f.field]
		if pix == nil || !payloadLinked(pix) {
			continue
		}
		for _, v := range Flatten(pix.path.Get(c.points[off].payload)) {
			k, ok := pix.keyOf(v)
			if !ok {
				continue
			}
			set := pix.postings[k]
			ix.mu.RLock()
			kid, known := f.keys[k]
			started := known && f.entry[kid] >= 0
			ix.mu.RUnlock()
			if len(set) <= lo || len(set) > hi || !started {
				resweep = true
				continue
			}
			ix.linkPayload(off, f, k, func(n uint32) bool { _, in := set[n]; return in }, near)
		}
	}
	return resweep
}

// plMinSeeds is how many of a value's linked points near a point let its payload links
// be chosen without a walk (fewer: a rare value, walked by searchBlock).
const plMinSeeds = 4

// linkPayload links off among the points of value k of field f (collection read lock
// held; member: the value's points; near: points around off in the main graph). Its
// candidates are the value's linked points among near and those their payload links
// lead to — one hop in the value's links from where the main graph places off, instead
// of a walk through them (which cost more than the main graph's insert) — or, with
// fewer than plMinSeeds such points, a walk restricted to the value's linked points.
// The heuristic keeps up to m0, and each is offered the new link as in insert: the
// candidates and offers computed with the graph's read lock held per hop only, the
// lists applied under its write lock.
func (ix *hnswIndex) linkPayload(off uint32, f *plField, k any, member func(uint32) bool, near []uint32) {
	ix.mu.RLock()
	kid, known := f.keys[k]
	if ix.pl[f.field] != f || (known && f.find(off, kid) >= 0) || ix.entry < 0 {
		ix.mu.RUnlock()
		return
	}
	entry, maxLevel := ix.entry, ix.maxLevel
	ix.mu.RUnlock()
	q := ix.vec(off)
	sc := ix.builderScratch()
	ix.quantize(sc, q)
	var found []hit
	if known {
		// a linked point of the value other than off: a list links only such points
		// (a stale one, whose payload changed since, is rejected by any filtered walk)
		linked := func(n uint32) bool { return n != off && ix.state[n] == stIndexed && f.find(n, kid) >= 0 }
		var seeds []uint32
		ix.mu.RLock()
		for _, n := range near {
			if !sc.vis.seen(n) && member(n) && linked(n) {
				seeds = append(seeds, n)
			}
		}
		ix.mu.RUnlock()
		if len(seeds) >= plMinSeeds {
			found = ix.aroundSeeds(sc, q, f, kid, seeds, linked, ix.efConstruct)
		} else {
			sc.vis.reset(len(ix.node))
			ep := ix.descend(sc, q, hit{off: uint32(entry)}, maxLevel, 0, 0)
			found = ix.searchBlock(sc, q, ep, ix.efConstruct, f, kid, linked)
		}
		ix.rescore(sc, q, found)
	}
	cands := make([]hit, len(found))
	copy(cands, found)
	ix.putScratch(sc)
	nbs := ix.selectNeighbors(cands, f.m0)
	offers := make([]linkUpdate, 0, len(nbs))
	for _, nb := range nbs {
		ix.mu.RLock()
		seen := append([]uint32(nil), f.links(nb, kid)...)
		linked := f.find(nb, kid) >= 0
		ix.mu.RUnlock()
		if linked { // else not linked yet: its own job will find this point
			offers = append(offers, linkUpdate{off: nb, seen: seen, links: ix.offerLink(nb, seen, off, f.m0)})
		}
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	kid = f.keyID(k)
	if ix.pl[f.field] != f || f.find(off, kid) >= 0 {
		return
	}
	f.set(off, kid, nbs)
	ix.dirty = true
	for _, u := range offers {
		if f.find(u.off, kid) < 0 {
			continue // its list was dropped meanwhile
		}
		ls := u.links
		if cur := f.links(u.off, kid); !slices.Equal(cur, u.seen) {
			ls = ix.offerLink(u.off, cur, off, f.m0) // another worker changed it
		}
		if ls != nil {
			f.set(u.off, kid, ls)
		}
	}
}

// payloadFor returns the payload links a filtered query can walk: those of the field
// its payload-index candidates come from, for the values it matches that have them.
func (ix *hnswIndex) payloadFor(sq searchQuery) (*plField, []uint32) {
	if sq.candField == "" || len(ix.pl) == 0 {
		return nil, nil
	}
	// A payload change not yet relinked (swept or not) can leave a point that now holds
	// the value without a list for it, unreachable along payload links: until the lists
	// are in line again the two-hop walk, which reaches every node, answers.
	if ix.plDirty || len(ix.plJobs) > 0 || ix.plBusy > 0 {
		return nil, nil
	}
	f := ix.pl[sq.candField]
	if f == nil {
		return nil, nil
	}
	var kids []uint32
	for _, k := range sq.candKeys {
		if kid, ok := f.keys[k]; ok && f.entry[kid] >= 0 {
			kids = append(kids, kid)
		}
	}
	if len(kids) == 0 {
		return nil, nil
	}
	return f, kids
}

// plLookThrough: a node whose payload links give fewer admitted neighbours than this
// (scored or not) also offers its main-graph links (always offered when the filter has
// conditions beyond the payload index's), and if they still give fewer, its
// rejected main neighbours are looked through, as the two-hop walk does everywhere:
// where payload links exist they keep the walk connected on their own, elsewhere (a
// point not linked yet, a filter with further conditions) the walk degrades to the
// two-hop one instead of losing its way.
const plLookThrough = 8

// searchBlock is the builder's walk among the linked points of one value (pre: the
// value's linked points), through their payload links only, as an HNSW insert walks
// one level (the graph's read lock taken per hop): it starts from the linked points
// around ep (where the main graph's descent ended: ep and its neighbours, else their
// neighbours) and from the value's fallback start.
func (ix *hnswIndex) searchBlock(sc *scratch, q []float32, ep hit, ef int, f *plField, kid uint32, pre func(off uint32) bool) []hit {
	vis, cands, res := &sc.vis, &sc.cands, &sc.res
	seed := func(off uint32) bool {
		if vis.seen(off) {
			return false
		}
		if !pre(off) || f.find(off, kid) < 0 {
			return false
		}
		h := hit{off, ix.walkScore(sc, q, off)}
		cands.push(h)
		res.push(h)
		if len(res.h) > ef {
			res.pop()
		}
		return true
	}
	ix.hopLock(sc)
	seeded := seed(ep.off)
	main := ix.links(ep.off, 0)
	for _, nb := range main {
		if seed(nb) {
			seeded = true
		}
	}
	if !seeded {
		for _, nb := range main {
			for _, nb2 := range ix.links(nb, 0) {
				seed(nb2)
			}
		}
	}
	if e := f.entry[kid]; e >= 0 && int(e) < len(ix.state) {
		seed(uint32(e))
	}
	ix.hopUnlock(sc)
	for len(cands.h) > 0 {
		c := cands.pop()
		if len(res.h) >= ef && c.score < res.h[0].score {
			break
		}
		batch := sc.batch[:0]
		ix.hopLock(sc)
		for _, nb := range f.links(c.off, kid) {
			if !vis.seen(nb) && pre(nb) {
				batch = append(batch, nb)
				ix.walkPrefetch(sc, nb)
			}
		}
		ix.hopUnlock(sc)
		ix.offerBatch(sc, q, batch, ef)
	}
	return res.h
}

// aroundSeeds scores seeds (linked points of value kid near q, marked visited in sc)
// and the linked points their payload links lead to, and returns the best ef of them
// (in sc.res): as many as an insert's beam keeps, so the float32 rescoring and the
// heuristic, quadratic in the worst case, cost what they cost there.
func (ix *hnswIndex) aroundSeeds(sc *scratch, q []float32, f *plField, kid uint32, seeds []uint32, linked func(uint32) bool, ef int) []hit {
	batch := append(sc.batch[:0], seeds...)
	ix.mu.RLock()
	for _, n := range seeds {
		for _, nb := range f.links(n, kid) {
			if !sc.vis.seen(nb) && linked(nb) {
				batch = append(batch, nb)
			}
		}
	}
	ix.mu.RUnlock()
	for _, n := range batch {
		ix.walkPrefetch(sc, n)
	}
	sc.batch = batch
	sc.res.h = sc.res.h[:0]
	for _, n := range batch {
		sc.res.h = append(sc.res.h, hit{n, ix.walkScore(sc, q, n)})
	}
	if len(sc.res.h) > ef {
		sort.Slice(sc.res.h, func(i, j int) bool { return sc.res.h[i].score > sc.res.h[j].score })
		sc.res.h = sc.res.h[:ef]
	}
	return sc.res.h
}

// searchPayload is the level-0 beam search under a filter whose candidates come from
// a field with payload links (kids: the values matched). Only admitted nodes (pre,
// then accept) are scored and enter the beam; each expanded node offers its payload
// links for those values and its main links. A node with few admitted neighbours
// also has its rejected main neighbours looked through (two hops). A node is judged
// once; sc.adm remembers the verdicts.
func (ix *hnswIndex) searchPayload(sc *scratch, q []float32, ep hit, ef int, pre, accept func(off uint32) bool, f *plField, kids []uint32) []hit {
	vis, adm, thru, cands, res := &sc.vis, &sc.adm, &sc.thru, &sc.cands, &sc.res
	adm.reset(len(ix.node))
	thru.reset(len(ix.node))
	judge := func(off uint32) bool {
		if vis.seen(off) {
			return adm.has(off)
		}
		if pre(off) && (accept == nil || accept(off)) {
			adm.add(off)
			return true
		}
		return false
	}
	ep.score = ix.walkScore(sc, q, ep.off)
	cands.push(ep)
	if judge(ep.off) {
		res.push(ep)
	}
	// a fallback start inside each value, for a region the value does not reach
	for _, kid := range kids {
		if s := f.entry[kid]; s >= 0 && int(s) < len(ix.state) && !vis.has(uint32(s)) && judge(uint32(s)) {
			h := hit{uint32(s), ix.walkScore(sc, q, uint32(s))}
			cands.push(h)
			res.push(h)
		}
	}
	for len(cands.h) > 0 {
		c := cands.pop()
		if len(res.h) >= ef && c.score < res.h[0].score {
			break
		}
		batch := sc.batch[:0]
		admitted := 0
		consider := func(nb uint32) {
			if vis.has(nb) {
				if adm.has(nb) {
					admitted++
				}
				return
			}
			if judge(nb) {
				admitted++
				batch = append(batch, nb)
				ix.walkPrefetch(sc, nb)
			}
		}
		for _, kid := range kids {
			for _, nb := range f.links(c.off, kid) {
				consider(nb)
			}
		}
		var main []uint32
		if admitted < plLookThrough || accept != nil {
			main = ix.links(c.off, 0)
			for _, nb := range main {
				consider(nb)
			}
		}
		if admitted < plLookThrough {
			for _, nb := range main {
				if len(batch) >= ix.m0 {
					break
				}
				if adm.has(nb) || thru.seen(nb) {
					continue
				}
				for _, nb2 := range ix.links(nb, 0) {
					if !vis.has(nb2) && judge(nb2) {
						batch = append(batch, nb2)
						ix.walkPrefetch(sc, nb2)
						if len(batch) >= ix.m0 {
							break
						}
					}
				}
			}
		}
		ix.offerBatch(sc, q, batch, ef)
	}
	return res.h
}

// payloadSummary is what the builder's log says about payload links (collection read
// lock held).
func (ix *hnswIndex) payloadSummary() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if len(ix.pl) == 0 {
		return ""
	}
	names := make([]string, 0, len(ix.pl))
	for name := range ix.pl {
		names = append(names, name)
	}
	sort.Strings(names)
	s := "; payload links:"
	for _, name := range names {
		f := ix.pl[name]
		s += fmt.Sprintf(" %s %d points in %d values", name, f.used, countLinkedValues(f))
	}
	if n := len(ix.plJobs) + ix.plBusy; n > 0 {
		s += fmt.Sprintf(", %d to link", n)
	}
	return s
}

func countLinkedValues(f *plField) int {
	n := 0
	for _, e := range f.entry {
		if e >= 0 {
			n++
		}
	}
	return n
}

// payloadLinkCount is the number of payload link records (tests, logs).
func (ix *hnswIndex) payloadLinkCount(field string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if f := ix.pl[field]; f != nil {
		return f.used
	}
	return 0
}

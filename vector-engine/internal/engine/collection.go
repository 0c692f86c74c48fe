package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// pointRec is what a collection keeps per point offset besides its vectors.
type pointRec struct {
	id      PointID
	payload Payload
	version uint64
	alive   bool
}

// Collection holds the points of one collection in memory and its log on disk.
type Collection struct {
	mu sync.RWMutex

	name string
	dir  string
	cfg  *collConfig
	eng  *Engine

	ids     map[PointID]uint32
	points  []pointRec
	free    []uint32
	alive   int
	vecs    map[string]*vectorStore
	indexes map[string]*payloadIndex

	seq       uint64 // last operation applied
	wal       *wal
	snapBytes int64
	dropped   bool
	replayed  int // log records applied at load (after the snapshot)

	sortMu      sync.Mutex
	sortedValid bool
	sorted      []uint32 // alive offsets ordered by id (rebuilt lazily for scroll)

	compacting sync.Mutex
}

func newCollection(eng *Engine, dir string, cfg *collConfig) (*Collection, error) {
	c := &Collection{
		name: cfg.Name, dir: dir, cfg: cfg, eng: eng,
		ids: map[PointID]uint32{}, vecs: map[string]*vectorStore{}, indexes: map[string]*payloadIndex{},
	}
	for n, vp := range cfg.Vectors {
		d, err := ParseDistance(fmt.Sprint(vp["distance"]))
		if err != nil {
			return nil, err
		}
		c.vecs[n] = newVectorStore(intOf(vp["size"]), d)
	}
	for field, spec := range cfg.Indexes {
		if err := c.addIndex(field, spec); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// load restores the collection from its snapshot and log.
func (c *Collection) load() error {
	seq, size, _, err := readSnapshot(c.dir, func(p snapPoint) error {
		c.putPoint(p.id, p.vectors, p.payload, p.version, true)
		return nil
	})
	if err != nil {
		return err
	}
	c.seq, c.snapBytes = seq, size
	walPath := filepath.Join(c.dir, "wal.log")
	replayed := 0
	if _, err := replayWAL(walPath, func(body []byte) error {
		o, err := decodeOp(body)
		if err != nil {
			return err
		}
		if o.seq <= seq {
			return nil // already in the snapshot
		}
		c.apply(o)
		replayed++
		return nil
	}); err != nil {
		return err
	}
	if c.wal, err = openWAL(walPath); err != nil {
		return err
	}
	if err := syncDir(c.dir); err != nil { // in case the log was just created
		return err
	}
	c.replayed = replayed
	if replayed > 0 {
		log.Printf("collection %q: %d points, %d log records replayed", c.name, c.alive, replayed)
	}
	return nil
}

func (c *Collection) saveConfig() error {
	b, err := json.MarshalIndent(c.cfg, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(c.dir, "config.json"), b)
}

// --- applying operations (live and on replay) ----------------------------------

func (c *Collection) unindex(off uint32) {
	for _, ix := range c.indexes {
		ix.remove(off, c.points[off].payload)
	}
}

func (c *Collection) reindex(off uint32) {
	for _, ix := range c.indexes {
		ix.add(off, c.points[off].payload)
	}
}

// putPoint inserts or replaces a whole point; vectors are stored as given.
func (c *Collection) putPoint(id PointID, vectors map[string][]float32, payload Payload, version uint64, replace bool) {
	off, ok := c.ids[id]
	if ok {
		c.unindex(off)
	} else {
		if n := len(c.free); n > 0 {
			off = c.free[n-1]
			c.free = c.free[:n-1]
		} else {
			off = uint32(len(c.points))
			c.points = append(c.points, pointRec{})
		}
		c.ids[id] = off
		c.alive++
		c.sortedValid = false
	}
	c.points[off] = pointRec{id: id, payload: payload, version: version, alive: true}
	for name, vs := range c.vecs {
		if v, ok := vectors[name]; ok {
			vs.set(off, v)
		} else if replace {
			vs.remove(off)
		}
	}
	c.reindex(off)
}

func (c *Collection) deletePoint(id PointID) {
	off, ok := c.ids[id]
	if !ok {
		return
	}
	c.unindex(off)
	for _, vs := range c.vecs {
		vs.remove(off)
	}
	c.points[off] = pointRec{}
	delete(c.ids, id)
	c.free = append(c.free, off)
	c.alive--
	c.sortedValid = false
}

// apply performs an op that was validated (live) or read back from the log (replay).
func (c *Collection) apply(o *op) {
	if o.seq > c.seq {
		c.seq = o.seq
	}
	switch o.kind {
	case opUpsert:
		for _, p := range o.points {
			c.putPoint(p.id, p.vectors, p.payload, o.seq, true)
		}
	case opDelete:
		for _, id := range o.ids {
			c.deletePoint(id)
		}
	case opUpdateVectors:
		for _, p := range o.points {
			off, ok := c.ids[p.id]
			if !ok {
				continue
			}
			for name, v := range p.vectors {
				if vs := c.vecs[name]; vs != nil {
					vs.set(off, v)
				}
			}
			c.points[off].version = o.seq
		}
	case opDeleteVectors:
		for _, id := range o.ids {
			off, ok := c.ids[id]
			if !ok {
				continue
			}
			for _, name := range o.names {
				if vs := c.vecs[name]; vs != nil {
					vs.remove(off)
				}
			}
			c.points[off].version = o.seq
		}
	default:
		var path JSONPath
		if o.kind == opSetPayload && o.key != "" {
			path, _ = ParsePath(o.key)
		}
		var keyPaths []JSONPath
		for _, k := range o.keys {
			if p, err := ParsePath(k); err == nil {
				keyPaths = append(keyPaths, p)
			}
		}
		for _, id := range o.ids {
			off, ok := c.ids[id]
			if !ok {
				continue
			}
			c.unindex(off)
			rec := &c.points[off]
			switch o.kind {
			case opSetPayload:
				if rec.payload == nil {
					rec.payload = Payload{}
				}
				if path != nil {
					path.SetAt(rec.payload, o.payload)
				} else {
					for k, v := range o.payload {
						rec.payload[k] = deepCopy(v)
					}
				}
			case opOverwritePayload:
				rec.payload = CopyPayload(o.payload)
			case opDeletePayload:
				for _, p := range keyPaths {
					p.Remove(rec.payload)
				}
			case opClearPayload:
				rec.payload = nil
			}
			rec.version = o.seq
			c.reindex(off)
		}
	}
}

// --- writes --------------------------------------------------------------------

// UpdateResult is what a write returns.
type UpdateResult struct {
	OperationID uint64
	Completed   bool // false: acknowledged before fsync (wait=false)
}

var errDropped = errors.New("collection dropped")

// write runs build under the collection lock, logs and applies the op it returns,
// and with wait waits for the log fsync before returning.
func (c *Collection) write(wait bool, build func() (*op, error)) (UpdateResult, error) {
	c.mu.Lock()
	if c.dropped {
		c.mu.Unlock()
		return UpdateResult{}, collectionNotFound(c.name)
	}
	o, err := build()
	if err != nil {
		c.mu.Unlock()
		return UpdateResult{}, err
	}
	c.seq++
	o.seq = c.seq
	pos, err := c.wal.appendFrame(encodeFrame(o))
	if err != nil {
		c.seq--
		c.mu.Unlock()
		return UpdateResult{}, internal(fmt.Errorf("writing the log: %w", err))
	}
	c.apply(o)
	needCompact := c.wal.bytes() >= c.eng.opts.CompactBytes
	c.mu.Unlock()
	if needCompact {
		c.eng.requestCompaction(c)
	}
	if wait {
		if err := c.wal.sync(pos); err != nil {
			return UpdateResult{}, internal(fmt.Errorf("fsync of the log: %w", err))
		}
		return UpdateResult{OperationID: o.seq, Completed: true}, nil
	}
	return UpdateResult{OperationID: o.seq}, nil
}

// prepareVector checks a vector against a named vector's config and normalises it for
// Cosine, in place (the vector then belongs to the collection).
func (c *Collection) prepareVector(name string, v []float32) ([]float32, error) {
	vs := c.vecs[name]
	if vs == nil {
		return nil, badInput(fmt.Sprintf("Not existing vector name error: %s", name))
	}
	if len(v) != vs.dim {
		return nil, badInput(fmt.Sprintf("Vector dimension error: expected dim: %d, got %d", vs.dim, len(v)))
	}
	for _, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return nil, badInput("vector contains NaN or infinite values")
		}
	}
	if vs.dist == Cosine {
		v = Normalize(v) // in place: callers hand over freshly decoded vectors
	}
	return v, nil
}

// PointInput is one point of an upsert request.
type PointInput struct {
	ID      PointID
	Vectors map[string][]float32 // "" is the unnamed vector
	Payload Payload
}

// UpsertOptions are the conditional-upsert knobs of PointsList/PointsBatch.
type UpsertOptions struct {
	UpdateFilter any    // raw filter JSON
	Mode         string // "", "upsert", "insert_only", "update_only"
}

// Upsert inserts or replaces points.
func (c *Collection) Upsert(points []PointInput, opts UpsertOptions, wait bool) (UpdateResult, error) {
	return c.write(wait, func() (*op, error) {
		f, err := ParseFilter(opts.UpdateFilter, c)
		if err != nil {
			return nil, err
		}
		o := &op{kind: opUpsert}
		for _, p := range points {
			off, exists := c.ids[p.ID]
			switch opts.Mode {
			case "insert_only":
				if exists {
					continue
				}
			case "update_only":
				if !exists {
					continue
				}
			}
			if exists && f != nil && !f.Matches(p.ID, c.points[off].payload, c.vecs, off) {
				continue
			}
			pw := pointWrite{id: p.ID, vectors: map[string][]float32{}, payload: p.Payload}
			for name, v := range p.Vectors {
				pv, err := c.prepareVector(name, v)
				if err != nil {
					return nil, err
				}
				pw.vectors[name] = pv
			}
			o.points = append(o.points, pw)
		}
		return o, nil
	})
}

// Selector picks points by ids or by filter (PointsSelector and the payload ops).
type Selector struct {
	IDs    []PointID
	Filter any // raw filter JSON, used when IDs is nil
	HasIDs bool
}

func (c *Collection) resolve(sel Selector) ([]PointID, error) {
	if sel.HasIDs {
		return sel.IDs, nil
	}
	f, err := ParseFilter(sel.Filter, c)
	if err != nil {
		return nil, err
	}
	var out []PointID
	c.forEachMatch(f, func(off uint32) bool {
		out = append(out, c.points[off].id)
		return true
	})
	return out, nil
}

// existing keeps the ids that are present (Qdrant ignores unknown ids in deletes).
func (c *Collection) existing(ids []PointID) []PointID {
	out := ids[:0:0]
	for _, id := range ids {
		if _, ok := c.ids[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// Delete removes points.
func (c *Collection) Delete(sel Selector, wait bool) (UpdateResult, error) {
	return c.write(wait, func() (*op, error) {
		ids, err := c.resolve(sel)
		if err != nil {
			return nil, err
		}
		return &op{kind: opDelete, ids: c.existing(ids)}, nil
	})
}

// SetPayload merges payload into points (at key, when given). Overwrite replaces it.
func (c *Collection) SetPayload(sel Selector, payload Payload, key string, overwrite bool, wait bool) (UpdateResult, error) {
	if key != "" {
		if overwrite {
			return UpdateResult{}, unsupported("`key` with overwrite_payload")
		}
		if _, err := ParsePath(key); err != nil {
			return UpdateResult{}, badRequest(err.Error())
		}
	}
	return c.write(wait, func() (*op, error) {
		ids, err := c.resolveExisting(sel)
		if err != nil {
			return nil, err
		}
		kind := opSetPayload
		if overwrite {
			kind = opOverwritePayload
		}
		return &op{kind: kind, ids: ids, payload: payload, key: key}, nil
	})
}

// resolveExisting resolves a selector for a change to existing points: points named by id must all
// exist (Qdrant answers 404 otherwise), while a filter simply selects whatever matches.
func (c *Collection) resolveExisting(sel Selector) ([]PointID, error) {
	ids, err := c.resolve(sel)
	if err != nil {
		return nil, err
	}
	if sel.HasIDs {
		for _, id := range ids {
			if _, ok := c.ids[id]; !ok {
				return nil, notFound(fmt.Sprintf("No point with id %s found", id))
			}
		}
	}
	return ids, nil
}

// DeletePayload removes keys from points.
func (c *Collection) DeletePayload(sel Selector, keys []string, wait bool) (UpdateResult, error) {
	for _, k := range keys {
		if _, err := ParsePath(k); err != nil {
			return UpdateResult{}, badRequest(err.Error())
		}
	}
	return c.write(wait, func() (*op, error) {
		ids, err := c.resolveExisting(sel)
		if err != nil {
			return nil, err
		}
		return &op{kind: opDeletePayload, ids: ids, keys: keys}, nil
	})
}

// ClearPayload empties the payload of points.
func (c *Collection) ClearPayload(sel Selector, wait bool) (UpdateResult, error) {
	return c.write(wait, func() (*op, error) {
		ids, err := c.resolveExisting(sel)
		if err != nil {
			return nil, err
		}
		return &op{kind: opClearPayload, ids: ids}, nil
	})
}

// UpdateVectors replaces some named vectors of existing points.
func (c *Collection) UpdateVectors(points []PointInput, updateFilter any, wait bool) (UpdateResult, error) {
	return c.write(wait, func() (*op, error) {
		f, err := ParseFilter(updateFilter, c)
		if err != nil {
			return nil, err
		}
		o := &op{kind: opUpdateVectors}
		for _, p := range points {
			off, ok := c.ids[p.ID]
			if !ok {
				return nil, notFound(fmt.Sprintf("No point with id %s found", p.ID))
			}
			if f != nil && !f.Matches(p.ID, c.points[off].payload, c.vecs, off) {
				continue
			}
			pw := pointWrite{id: p.ID, vectors: map[string][]float32{}}
			for name, v := range p.Vectors {
				pv, err := c.prepareVector(name, v)
				if err != nil {
					return nil, err
				}
				pw.vectors[name] = pv
			}
			o.points = append(o.points, pw)
		}
		return o, nil
	})
}

// DeleteVectors removes named vectors from points.
func (c *Collection) DeleteVectors(sel Selector, names []string, wait bool) (UpdateResult, error) {
	return c.write(wait, func() (*op, error) {
		for _, n := range names {
			if c.vecs[n] == nil {
				return nil, badInput(fmt.Sprintf("Not existing vector name error: %s", n))
			}
		}
		ids, err := c.resolve(sel)
		if err != nil {
			return nil, err
		}
		return &op{kind: opDeleteVectors, ids: c.existing(ids), names: names}, nil
	})
}

// --- payload indexes -------------------------------------------------------------

func (c *Collection) addIndex(field string, spec IndexSpec) error {
	path, err := ParsePath(field)
	if err != nil {
		return badRequest(err.Error())
	}
	switch spec.Type {
	case "keyword", "integer", "float", "geo", "text", "bool", "datetime", "uuid":
	default:
		return badRequest(fmt.Sprintf("unknown payload index type `%s`", spec.Type))
	}
	ix := &payloadIndex{field: field, spec: spec, path: path}
	if ix.lookup() {
		ix.postings = map[any]map[uint32]struct{}{}
		for off := range c.points {
			if c.points[off].alive {
				ix.add(uint32(off), c.points[off].payload)
			}
		}
	}
	c.indexes[field] = ix
	return nil
}

// CreateIndex creates (or replaces) a payload index. fieldSchema nil infers the type.
func (c *Collection) CreateIndex(field string, fieldSchema any) (UpdateResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped {
		return UpdateResult{}, collectionNotFound(c.name)
	}
	var spec IndexSpec
	if fieldSchema == nil {
		path, err := ParsePath(field)
		if err != nil {
			return UpdateResult{}, badRequest(err.Error())
		}
		var vals []any
		for _, p := range c.points {
			if p.alive {
				vals = append(vals, Flatten(path.Get(p.payload))...)
				if len(vals) > 0 {
					break
				}
			}
		}
		t, ok := inferIndexType(vals)
		if !ok {
			return UpdateResult{}, badRequest(fmt.Sprintf("cannot infer the type of field `%s` from the stored payloads; give field_schema", field))
		}
		spec = IndexSpec{Type: t}
	} else {
		var err error
		if spec, err = ParseIndexSpec(fieldSchema); err != nil {
			return UpdateResult{}, err
		}
	}
	if err := c.addIndex(field, spec); err != nil {
		return UpdateResult{}, err
	}
	c.cfg.Indexes[field] = spec
	if err := c.saveConfig(); err != nil {
		return UpdateResult{}, internal(err)
	}
	c.seq++
	return UpdateResult{OperationID: c.seq, Completed: true}, nil
}

// DeleteIndex drops a payload index.
func (c *Collection) DeleteIndex(field string) (UpdateResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped {
		return UpdateResult{}, collectionNotFound(c.name)
	}
	delete(c.indexes, field)
	delete(c.cfg.Indexes, field)
	if err := c.saveConfig(); err != nil {
		return UpdateResult{}, internal(err)
	}
	c.seq++
	return UpdateResult{OperationID: c.seq, Completed: true}, nil
}

// textParams implements FilterEnv: a text index's token length limits apply to `text` matches.
func (c *Collection) textParams(key string) *TextParams {
	ix := c.indexes[key]
	if ix == nil || ix.spec.Type != "text" {
		return nil
	}
	return &TextParams{MinTokenLen: intOf(ix.spec.Params["min_token_len"]), MaxTokenLen: intOf(ix.spec.Params["max_token_len"])}
}

// Update applies a PATCH to the collection config.
func (c *Collection) Update(body map[string]any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped {
		return collectionNotFound(c.name)
	}
	old, _ := json.Marshal(c.cfg)
	if err := c.cfg.update(body); err != nil {
		// restore: update may have merged part of the body
		var restored collConfig
		dec := json.NewDecoder(bytes.NewReader(old))
		dec.UseNumber()
		if dec.Decode(&restored) == nil {
			*c.cfg = restored
		}
		return err
	}
	if err := c.saveConfig(); err != nil {
		return internal(err)
	}
	return nil
}

// --- reads -------------------------------------------------------------------------

// forEachMatch calls fn for alive offsets matching f, in offset order, until fn returns false.
func (c *Collection) forEachMatch(f *Filter, fn func(off uint32) bool) {
	if cand, ok := candidates(f, c.indexes); ok {
		for _, off := range cand {
			p := &c.points[off]
			if p.alive && f.Matches(p.id, p.payload, c.vecs, off) && !fn(off) {
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
		if f != nil && !f.Matches(p.id, p.payload, c.vecs, uint32(i)) {
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
	Vector     any // []float32, map[string][]float32 or nil
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

func (c *Collection) vectorsOf(off uint32, sel VectorSelector) any {
	if !c.cfg.Named {
		if !sel.All && !contains(sel.Names, "") {
			return map[string][]float32{}
		}
		if v := c.vecs[""].get(off); v != nil {
			return append([]float32(nil), v...)
		}
		return map[string][]float32{}
	}
	out := map[string][]float32{}
	for name, vs := range c.vecs {
		if !sel.All && !contains(sel.Names, name) {
			continue
		}
		if v := vs.get(off); v != nil {
			out[name] = append([]float32(nil), v...)
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
		if f != nil && !f.Matches(p.id, p.payload, c.vecs, off) {
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

// --- info --------------------------------------------------------------------------

// Info is GET /collections/{name}'s result.
func (c *Collection) Info() map[string]any {
	c.mu.RLock()
	defer c.mu.RUnlock()
	schema := map[string]any{}
	for field, ix := range c.indexes {
		n := 0
		for i := range c.points {
			if !c.points[i].alive {
				continue
			}
			for _, v := range Flatten(ix.path.Get(c.points[i].payload)) {
				if ix.accepts(v) {
					n++
					break
				}
			}
		}
		info := map[string]any{"data_type": ix.spec.Type, "points": n}
		if ix.spec.Params != nil {
			info["params"] = ix.spec.Params
		}
		schema[field] = info
	}
	return map[string]any{
		"status":                "green",
		"optimizer_status":      "ok",
		"indexed_vectors_count": 0,
		"points_count":          c.alive,
		"segments_count":        1,
		"config":                c.cfg.infoConfig(),
		"payload_schema":        schema,
	}
}

// --- compaction ----------------------------------------------------------------------

// compact writes a snapshot of the current state and empties the log. Writers wait
// (read lock) while the snapshot is written; searches continue.
func (c *Collection) compact() error {
	c.compacting.Lock()
	defer c.compacting.Unlock()
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.dropped || c.wal.bytes() == 0 {
		return nil
	}
	size, err := writeSnapshot(c.dir, c.seq, func(yield func(snapPoint) error) error {
		for i := range c.points {
			p := &c.points[i]
			if !p.alive {
				continue
			}
			vs := make(map[string][]float32, len(c.vecs))
			for name, store := range c.vecs {
				if v := store.get(uint32(i)); v != nil {
					vs[name] = v
				}
			}
			if err := yield(snapPoint{id: p.id, version: p.version, vectors: vs, payload: p.payload}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.snapBytes = size
	return c.wal.reset()
}

func (c *Collection) close() error {
	if c.wal == nil {
		return nil
	}
	return c.wal.close()
}

func (c *Collection) release() {
	for _, vs := range c.vecs {
		vs.release()
	}
}

func removeAllDurable(path string) error {
	if err := os.RemoveAll(path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

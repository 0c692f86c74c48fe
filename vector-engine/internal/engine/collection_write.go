package engine

import (
	"errors"
	"fmt"
	"math"
)

// Writes: validated under the collection lock, logged, then applied.

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
		if c.sparse[name] != nil {
			return nil, badInput(fmt.Sprintf("Conversion between sparse and regular vectors failed: `%s` is a sparse vector", name))
		}
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

// prepareSparseVector checks a sparse vector against the collection's sparse vectors
// and sorts it (in place: callers hand over freshly decoded vectors).
func (c *Collection) prepareSparseVector(name string, v SparseVector) (SparseVector, error) {
	if c.sparse[name] == nil {
		if c.vecs[name] != nil {
			return v, badInput(fmt.Sprintf("Conversion between sparse and regular vectors failed: `%s` is a dense vector", name))
		}
		return v, badInput(fmt.Sprintf("Not existing vector name error: %s", name))
	}
	return prepareSparse(v)
}

// PointInput is one point of an upsert request.
type PointInput struct {
	ID      PointID
	Vectors map[string][]float32 // "" is the unnamed vector
	Sparse  map[string]SparseVector
	Payload Payload
}

// pointWriteOf validates and prepares the vectors of a point for the log.
func (c *Collection) pointWriteOf(p PointInput) (pointWrite, error) {
	pw := pointWrite{id: p.ID, vectors: map[string][]float32{}, payload: p.Payload}
	for name, v := range p.Vectors {
		pv, err := c.prepareVector(name, v)
		if err != nil {
			return pw, err
		}
		pw.vectors[name] = pv
	}
	for name, v := range p.Sparse {
		sv, err := c.prepareSparseVector(name, v)
		if err != nil {
			return pw, err
		}
		if pw.sparse == nil {
			pw.sparse = map[string]SparseVector{}
		}
		pw.sparse[name] = sv
	}
	return pw, nil
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
			if exists && f != nil && !f.Matches(p.ID, c.points[off].payload, c, off) {
				continue
			}
			pw, err := c.pointWriteOf(p)
			if err != nil {
				return nil, err
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
			if f != nil && !f.Matches(p.ID, c.points[off].payload, c, off) {
				continue
			}
			pw, err := c.pointWriteOf(PointInput{ID: p.ID, Vectors: p.Vectors, Sparse: p.Sparse})
			if err != nil {
				return nil, err
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
			if c.vecs[n] == nil && c.sparse[n] == nil {
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

package engine

// Applying operations: the one place a collection's points, vectors and indexes change, live and on replay.

func (c *Collection) unindex(off uint32) {
	for _, ix := range c.indexes {
		ix.remove(off, c.points[off].payload)
	}
}

func (c *Collection) reindex(off uint32) {
	for _, ix := range c.indexes {
		ix.add(off, c.points[off].payload)
	}
	c.payloadChanged()
}

// setVector stores a named vector of a point and hands it to the vector's index.
func (c *Collection) setVector(name string, off uint32, v []float32) {
	vs := c.vecs[name]
	if vs == nil {
		return
	}
	if vs.has(off) {
		c.vindex[name].remove(off)
	}
	vs.set(off, v)
	c.vindex[name].add(off)
}

// removeVector drops a named vector of a point from its index and its store.
func (c *Collection) removeVector(name string, off uint32) {
	vs := c.vecs[name]
	if vs == nil || !vs.has(off) {
		return
	}
	c.vindex[name].remove(off)
	vs.remove(off)
}

// setSparse stores a named sparse vector of a point (its store is its own inverted index).
func (c *Collection) setSparse(name string, off uint32, v SparseVector) {
	if ss := c.sparse[name]; ss != nil {
		ss.set(off, v)
	}
}

// removeAnyVector drops a dense or sparse named vector of a point.
func (c *Collection) removeAnyVector(name string, off uint32) {
	if ss := c.sparse[name]; ss != nil {
		ss.remove(off)
		return
	}
	c.removeVector(name, off)
}

// putPoint inserts or replaces a whole point; vectors are stored as given.
func (c *Collection) putPoint(p pointWrite, version uint64) {
	id, payload := p.id, p.payload
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
	for name := range c.vecs {
		if v, ok := p.vectors[name]; ok {
			c.setVector(name, off, v)
		} else {
			c.removeVector(name, off)
		}
	}
	for name, ss := range c.sparse {
		if v, ok := p.sparse[name]; ok {
			ss.set(off, v)
		} else {
			ss.remove(off)
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
	for name := range c.vecs {
		c.removeVector(name, off)
	}
	for _, ss := range c.sparse {
		ss.remove(off)
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
			c.putPoint(p, o.seq)
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
				c.setVector(name, off, v)
			}
			for name, v := range p.sparse {
				c.setSparse(name, off, v)
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
				c.removeAnyVector(name, off)
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

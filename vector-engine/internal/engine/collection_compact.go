package engine

import (
	"os"
	"path/filepath"
)

// Compaction and teardown.

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
			var sp map[string]SparseVector
			for name, store := range c.sparse {
				if v, ok := store.get(uint32(i)); ok {
					if sp == nil {
						sp = map[string]SparseVector{}
					}
					sp[name] = v
				}
			}
			if err := yield(snapPoint{id: p.id, version: p.version, vectors: vs, sparse: sp, payload: p.payload}); err != nil {
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

// retire takes a collection out of service for good (deleted, or replaced by a restore):
// its index builders stop, a running compaction or snapshot copy finishes first, and
// every request that still holds it sees it dropped.
func (c *Collection) retire() {
	c.stopIndexes(false)
	c.compacting.Lock()
	c.mu.Lock()
	c.dropped = true
	_ = c.close()
	c.release()
	c.mu.Unlock()
	c.compacting.Unlock()
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

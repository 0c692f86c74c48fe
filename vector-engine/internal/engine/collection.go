package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log"
	"path/filepath"
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
	vindex  map[string]vectorIndex  // per named dense vector, kept in step with vecs
	sparse  map[string]*sparseStore // per named sparse vector, with its inverted index
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
		ids: map[PointID]uint32{}, vecs: map[string]*vectorStore{}, vindex: map[string]vectorIndex{}, sparse: map[string]*sparseStore{}, indexes: map[string]*payloadIndex{},
	}
	for n, vp := range cfg.Vectors {
		d, err := ParseDistance(fmt.Sprint(vp["distance"]))
		if err != nil {
			return nil, err
		}
		vs := newVectorStore(intOf(vp["size"]), d)
		c.vecs[n] = vs
		c.vindex[n] = newVectorIndex(c, n, vs)
	}
	for n, sp := range cfg.Sparse {
		idf, err := sparseModifierIDF(sp)
		if err != nil {
			return nil, err
		}
		c.sparse[n] = newSparseStore(idf)
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
	if err := c.loadFrom(c.dir); err != nil {
		return err
	}
	var err error
	walPath := filepath.Join(c.dir, "wal.log")
	if c.wal, err = openWAL(walPath); err != nil {
		return err
	}
	if err := syncDir(c.dir); err != nil { // in case the log was just created
		return err
	}
	if c.replayed > 0 {
		log.Printf("collection %q: %d points, %d log records replayed", c.name, c.alive, c.replayed)
	}
	return nil
}

// loadFrom reads the snapshot and replays the log found in dir (the collection's own
// directory, or a snapshot being restored) without opening the log for writing.
func (c *Collection) loadFrom(dir string) error {
	seq, size, _, err := readSnapshot(dir, func(p snapPoint) error {
		c.putPoint(pointWrite{id: p.id, vectors: p.vectors, sparse: p.sparse, payload: p.payload}, p.version)
		return nil
	})
	if err != nil {
		return err
	}
	c.seq, c.snapBytes = seq, size
	replayed := 0
	if _, err := replayWAL(filepath.Join(dir, "wal.log"), func(body []byte) error {
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
	c.replayed = replayed
	return nil
}

// startIndexes starts the vector indexes' background work (collection loaded or created).
func (c *Collection) startIndexes() {
	for _, ix := range c.vindex {
		ix.start()
	}
}

// loadGraphs takes back the graphs saved in dir, a restore's staging directory, before
// the collection is swapped in (so a large graph is not read under the engine's lock),
// and returns the number of vectors they index.
func (c *Collection) loadGraphs(dir string) int {
	n := 0
	for _, vi := range c.vindex {
		if ix, ok := vi.(*hnswIndex); ok {
			n += ix.loadGraph(filepath.Join(dir, filepath.Base(ix.persistPath)))
		}
	}
	return n
}

// stopIndexes stops it (collection lock not held), saving their state when asked.
func (c *Collection) stopIndexes(save bool) {
	for _, ix := range c.vindex {
		ix.stop(save)
	}
}

func (c *Collection) saveConfig() error {
	b, err := json.MarshalIndent(c.cfg, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(c.dir, "config.json"), b)
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
	for n, sp := range c.cfg.Sparse {
		c.sparse[n].idf, _ = sparseModifierIDF(sp) // validated by update
	}
	for n, vi := range c.vindex {
		if h, ok := vi.(*hnswIndex); ok {
			h.retune(c.cfg.hnswFor(n))
		}
	}
	if err := c.saveConfig(); err != nil {
		return internal(err)
	}
	return nil
}

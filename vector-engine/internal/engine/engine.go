package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
)

// Options configure an Engine.
type Options struct {
	DataDir string
	// CompactBytes is the log size at which a collection is snapshotted and its log emptied.
	CompactBytes int64
	// FlushInterval bounds how long a wait=false write may stay un-fsynced.
	FlushInterval time.Duration
}

// Engine is the set of collections and aliases under one data directory.
//
// Layout:
//
//	<data>/aliases.json
//	<data>/collections/<escaped name>/config.json   collection config and payload indexes
//	<data>/collections/<escaped name>/snapshot.bin  points at the last compaction
//	<data>/collections/<escaped name>/wal.log       writes since that snapshot
//	<data>/snapshots/<escaped name>/*.snapshot      collection snapshots (snapshot_archive.go)
type Engine struct {
	opts Options

	mu      sync.RWMutex
	colls   map[string]*Collection
	aliases map[string]string

	ready     atomic.Bool
	compactCh chan *Collection
	queued    sync.Map // *Collection -> struct{}: already waiting for compaction
	stop      chan struct{}
	wg        sync.WaitGroup
	lock      *os.File
}

// Open prepares the data directory and starts the background flusher and compactor.
// Call Load to read existing collections.
func Open(opts Options) (*Engine, error) {
	if opts.CompactBytes <= 0 {
		opts.CompactBytes = 64 << 20
	}
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = time.Second
	}
	if err := os.MkdirAll(filepath.Join(opts.DataDir, "collections"), 0o755); err != nil {
		return nil, err
	}
	lock, err := lockDir(opts.DataDir)
	if err != nil {
		return nil, err
	}
	e := &Engine{
		opts: opts, colls: map[string]*Collection{}, aliases: map[string]string{},
		compactCh: make(chan *Collection, 64), stop: make(chan struct{}), lock: lock,
	}
	e.wg.Add(2)
	go e.compactor()
	go e.flusher()
	return e, nil
}

// Ready reports whether Load has finished.
func (e *Engine) Ready() bool { return e.ready.Load() }

func (e *Engine) collectionsDir() string { return filepath.Join(e.opts.DataDir, "collections") }

// Load reads every collection (snapshot, then log replay) and the aliases.
func (e *Engine) Load() error {
	if err := e.finishRestores(); err != nil { // snapshot_archive.go
		return err
	}
	entries, err := os.ReadDir(e.collectionsDir())
	if err != nil {
		return err
	}
	for _, ent := range entries {
		dir := filepath.Join(e.collectionsDir(), ent.Name())
		if strings.HasPrefix(ent.Name(), ".") {
			// an interrupted create or delete
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			continue
		}
		if !ent.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, "config.json"))
		if err != nil {
			return fmt.Errorf("collection directory %s: %w", dir, err)
		}
		var cfg collConfig
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&cfg); err != nil {
			return fmt.Errorf("%s/config.json: %w", dir, err)
		}
		if cfg.Indexes == nil {
			cfg.Indexes = map[string]IndexSpec{}
		}
		c, err := newCollection(e, dir, &cfg)
		if err != nil {
			return err
		}
		start := time.Now()
		if err := c.load(); err != nil {
			return fmt.Errorf("collection %q: %w", cfg.Name, err)
		}
		c.startIndexes()
		log.Printf("collection %q loaded: %d points in %s", cfg.Name, c.alive, time.Since(start).Round(time.Millisecond))
		e.colls[cfg.Name] = c
	}
	if b, err := os.ReadFile(filepath.Join(e.opts.DataDir, "aliases.json")); err == nil {
		if err := json.Unmarshal(b, &e.aliases); err != nil {
			return fmt.Errorf("aliases.json: %w", err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	e.ready.Store(true)
	return nil
}

// Close flushes and closes every collection's log.
func (e *Engine) Close() error {
	close(e.stop)
	e.wg.Wait()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.colls {
		c.stopIndexes(true)
	}
	var first error
	for _, c := range e.colls {
		c.mu.Lock()
		if err := c.close(); err != nil && first == nil {
			first = err
		}
		c.mu.Unlock()
	}
	if e.lock != nil {
		e.lock.Close()
	}
	return first
}

func (e *Engine) compactor() {
	defer e.wg.Done()
	for {
		select {
		case <-e.stop:
			return
		case c := <-e.compactCh:
			e.queued.Delete(c)
			start := time.Now()
			if err := c.compact(); err != nil {
				log.Printf("collection %q: compaction failed: %v", c.name, err)
			} else {
				log.Printf("collection %q: snapshot written (%d MiB) in %s, log emptied", c.name, c.snapBytes>>20, time.Since(start).Round(time.Millisecond))
			}
		}
	}
}

func (e *Engine) requestCompaction(c *Collection) {
	if _, loaded := e.queued.LoadOrStore(c, struct{}{}); loaded {
		return
	}
	select {
	case e.compactCh <- c:
	default:
		e.queued.Delete(c)
	}
}

// flusher fsyncs logs written with wait=false, at most FlushInterval after the write.
func (e *Engine) flusher() {
	defer e.wg.Done()
	t := time.NewTicker(e.opts.FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-t.C:
			e.mu.RLock()
			cs := make([]*Collection, 0, len(e.colls))
			for _, c := range e.colls {
				cs = append(cs, c)
			}
			e.mu.RUnlock()
			for _, c := range cs {
				if c.wal != nil && c.wal.dirty() {
					if err := c.wal.flush(); err != nil {
						log.Printf("collection %q: background fsync failed: %v", c.name, err)
					}
				}
			}
		}
	}
}

// Compact snapshots every collection now (tests, shutdown).
func (e *Engine) Compact() error {
	e.mu.RLock()
	cs := make([]*Collection, 0, len(e.colls))
	for _, c := range e.colls {
		cs = append(cs, c)
	}
	e.mu.RUnlock()
	for _, c := range cs {
		if err := c.compact(); err != nil {
			return err
		}
	}
	return nil
}

// --- collections ------------------------------------------------------------------

// ValidateName applies Qdrant's collection name rules.
func ValidateName(name string) error {
	if name == "" || len(name) > 255 {
		return fmt.Errorf("collection name must be between 1 and 255 characters")
	}
	if name == "." || name == ".." {
		return fmt.Errorf("collection name cannot be %q", name)
	}
	for _, r := range name {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r == 0 || unicode.IsControl(r) {
			return fmt.Errorf("collection name cannot contain %q char", r)
		}
	}
	return nil
}

// dirName maps a collection name to a directory name that is safe on any filesystem.
func dirName(name string) string {
	var b strings.Builder
	for _, c := range []byte(name) {
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// Resolve returns the collection a name or alias refers to.
func (e *Engine) Resolve(nameOrAlias string) (*Collection, error) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if c, ok := e.colls[nameOrAlias]; ok {
		return c, nil
	}
	if target, ok := e.aliases[nameOrAlias]; ok {
		if c, ok := e.colls[target]; ok {
			return c, nil
		}
	}
	return nil, collectionNotFound(nameOrAlias)
}

// Names lists collection names, sorted.
func (e *Engine) Names() []string {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := make([]string, 0, len(e.colls))
	for n := range e.colls {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Exists reports whether a collection (or an alias of one) exists.
func (e *Engine) Exists(name string) bool {
	_, err := e.Resolve(name)
	return err == nil
}

// Create makes a new collection from a validated CreateCollection body.
func (e *Engine) Create(name string, body map[string]any) error {
	cfg, err := newConfig(name, body)
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.colls[name]; ok {
		return &Error{KindConflict, fmt.Sprintf("Collection `%s` already exists!", name)}
	}
	if _, ok := e.aliases[name]; ok {
		return &Error{KindConflict, fmt.Sprintf("Alias with name `%s` already exists!", name)}
	}
	final := filepath.Join(e.collectionsDir(), dirName(name))
	tmp := filepath.Join(e.collectionsDir(), ".tmp-"+dirName(name))
	_ = os.RemoveAll(tmp)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return internal(err)
	}
	c, err := newCollection(e, final, cfg)
	if err != nil {
		return err
	}
	b, _ := json.MarshalIndent(cfg, "", "  ")
	if err := writeFileAtomic(filepath.Join(tmp, "config.json"), b); err != nil {
		return internal(err)
	}
	if err := os.Rename(tmp, final); err != nil {
		return internal(err)
	}
	if err := syncDir(e.collectionsDir()); err != nil {
		return internal(err)
	}
	if c.wal, err = openWAL(filepath.Join(final, "wal.log")); err != nil {
		return internal(err)
	}
	if err := syncDir(final); err != nil { // the log's directory entry
		return internal(err)
	}
	c.startIndexes()
	e.colls[name] = c
	return nil
}

// Delete removes a collection (not an alias); false when it did not exist.
func (e *Engine) Delete(name string) (bool, error) {
	e.mu.Lock()
	c, ok := e.colls[name]
	if !ok {
		e.mu.Unlock()
		return false, nil
	}
	delete(e.colls, name)
	changed := false
	for a, t := range e.aliases {
		if t == name {
			delete(e.aliases, a)
			changed = true
		}
	}
	if changed {
		if err := e.saveAliases(); err != nil {
			e.mu.Unlock()
			return false, internal(err)
		}
	}
	e.mu.Unlock()

	c.retire()
	trash := filepath.Join(e.collectionsDir(), ".deleted-"+filepath.Base(c.dir)+fmt.Sprint(time.Now().UnixNano()))
	if err := os.Rename(c.dir, trash); err != nil {
		return false, internal(err)
	}
	if err := syncDir(e.collectionsDir()); err != nil {
		return false, internal(err)
	}
	if err := removeAllDurable(trash); err != nil {
		log.Printf("removing %s: %v", trash, err)
	}
	return true, nil
}

// --- aliases ------------------------------------------------------------------------

// AliasAction is one of create_alias / delete_alias / rename_alias.
type AliasAction struct {
	Kind       string // "create", "delete", "rename"
	Alias      string
	Collection string // create
	NewAlias   string // rename
}

func (e *Engine) saveAliases() error {
	b, _ := json.MarshalIndent(e.aliases, "", "  ")
	return writeFileAtomic(filepath.Join(e.opts.DataDir, "aliases.json"), b)
}

// UpdateAliases applies all actions or none.
func (e *Engine) UpdateAliases(actions []AliasAction) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	next := make(map[string]string, len(e.aliases))
	for k, v := range e.aliases {
		next[k] = v
	}
	for _, a := range actions {
		switch a.Kind {
		case "create":
			if _, ok := e.colls[a.Collection]; !ok {
				return collectionNotFound(a.Collection)
			}
			if _, ok := e.colls[a.Alias]; ok {
				return &Error{KindConflict, fmt.Sprintf("Collection with name `%s` already exists!", a.Alias)}
			}
			next[a.Alias] = a.Collection
		case "delete":
			if _, ok := next[a.Alias]; !ok {
				return notFound(fmt.Sprintf("Alias %s does not exists!", a.Alias))
			}
			delete(next, a.Alias)
		case "rename":
			t, ok := next[a.Alias]
			if !ok {
				return notFound(fmt.Sprintf("Alias %s does not exists!", a.Alias))
			}
			if _, ok := e.colls[a.NewAlias]; ok {
				return &Error{KindConflict, fmt.Sprintf("Collection with name `%s` already exists!", a.NewAlias)}
			}
			delete(next, a.Alias)
			next[a.NewAlias] = t
		}
	}
	prev := e.aliases
	e.aliases = next
	if err := e.saveAliases(); err != nil {
		e.aliases = prev
		return internal(err)
	}
	return nil
}

// AliasDescription is one alias.
type AliasDescription struct {
	AliasName      string `json:"alias_name"`
	CollectionName string `json:"collection_name"`
}

// Aliases lists aliases, of one collection when collection is not empty.
func (e *Engine) Aliases(collection string) []AliasDescription {
	e.mu.RLock()
	defer e.mu.RUnlock()
	out := []AliasDescription{}
	for a, t := range e.aliases {
		if collection == "" || t == collection {
			out = append(out, AliasDescription{a, t})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AliasName < out[j].AliasName })
	return out
}

package engine

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Collection snapshots (Qdrant's /collections/{c}/snapshots API).
//
// A snapshot file is a tar archive, as Qdrant's are, but of strata-vector's own storage
// format (Qdrant's segment snapshots cannot be read, nor ours by Qdrant):
//
//	config.json    the collection's config and payload index specs
//	snapshot.bin   the collection's last compaction snapshot ("SVSNAP02"), if it has one
//	wal.log        the log records written since, up to the snapshot's sequence number
//	hnsw*.bin      the HNSW graphs as last saved (version 2 on), if there are any
//	manifest.json  format, version, collection, seq, creation time, and per member its
//	               size and SHA-256 (written last)
//
// The archive is consistent at one log sequence number while writes continue: under
// the collection's read lock (a moment) the sequence number, the config and the log's
// length are taken and snapshot.bin is opened; the files are then copied with only the
// compaction lock held, so writers append to the log meanwhile (the copy stops at the
// length taken) and compaction waits until the copy is done. The graph files go as the
// builder last saved them (opened under the read lock, and replaced only by rename):
// a graph keeps a node only for a point with the same id and version, so one older or
// newer than the sequence number is still right, and what it lacks is indexed again.
//
// Restoring (Recover) unpacks into a hidden staging directory under collections/,
// checks every member against the manifest, loads the collection from it in memory
// (every frame's CRC is checked again) with its graphs, and only then swaps it in: the staging
// directory is renamed to ".swap-<dir>" (the commit point; Load completes a swap that
// a crash interrupted), the old directory to ".deleted-…", and ".swap-<dir>" to the
// collection's directory. A damaged or truncated file fails before the commit point and
// leaves the existing collection as it was.
//
// Snapshot files live in <data>/snapshots/<escaped collection name>/, each with a
// "<name>.checksum" file holding its SHA-256 in hex (as Qdrant keeps one). Deleting a
// collection leaves its snapshots.

const (
	archiveFormat = "strata-vector collection snapshot"
	// archiveVersion 2 added the graph files; version 1 files are still read.
	archiveVersion = 2
	// MaxSnapshotNameLen bounds a snapshot file name (file systems allow 255 bytes).
	MaxSnapshotNameLen = 240
	checksumSuffix     = ".checksum"
)

// SnapshotInfo describes one snapshot file (Qdrant's SnapshotDescription).
type SnapshotInfo struct {
	Name     string
	Created  time.Time
	Size     int64
	Checksum string
}

type archiveManifest struct {
	Format     string          `json:"format"`
	Version    int             `json:"version"`
	Collection string          `json:"collection"`
	Seq        uint64          `json:"seq"`
	Created    string          `json:"created"`
	Files      []archiveMember `json:"files"`
}

type archiveMember struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// SnapshotsDir is <data>/snapshots, under which every collection's snapshots live.
func (e *Engine) SnapshotsDir() string { return filepath.Join(e.opts.DataDir, "snapshots") }

// CollectionSnapshotsDir is the directory holding one collection's snapshots.
func (e *Engine) CollectionSnapshotsDir(collection string) string {
	return filepath.Join(e.SnapshotsDir(), dirName(collection))
}

// ValidateSnapshotName refuses names that are not a plain file name of the snapshots
// directory: empty, "." or "..", hidden (leading dot: temporary files), with a path
// separator, NUL or control character, or too long.
func ValidateSnapshotName(name string) error {
	switch {
	case name == "":
		return badRequest("snapshot name must not be empty")
	case len(name) > MaxSnapshotNameLen:
		return badRequest(fmt.Sprintf("snapshot name longer than %d bytes", MaxSnapshotNameLen))
	case !utf8.ValidString(name):
		return badRequest("snapshot name is not valid UTF-8")
	case strings.HasPrefix(name, "."):
		return badRequest(fmt.Sprintf("invalid snapshot name %q: it must not start with a dot", name))
	case strings.HasSuffix(name, checksumSuffix):
		return badRequest(fmt.Sprintf("invalid snapshot name %q: it must not end with %q", name, checksumSuffix))
	}
	for _, r := range name {
		if r == '/' || r == '\\' || r == 0 || unicode.IsControl(r) {
			return badRequest(fmt.Sprintf("invalid snapshot name %q: it must not contain %q", name, r))
		}
	}
	return nil
}

// newSnapshotName follows Qdrant's "<collection>-<id>-<YYYY-MM-DD-HH-MM-SS>.snapshot".
func newSnapshotName(collection string, now time.Time) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := binary.LittleEndian.Uint64(b[:]) & (1<<53 - 1)
	suffix := fmt.Sprintf("-%d-%s.snapshot", id, now.UTC().Format("2006-01-02-15-04-05"))
	prefix := collection
	for len(prefix)+len(suffix) > MaxSnapshotNameLen {
		_, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
	}
	prefix = strings.TrimLeft(prefix, ".")
	if prefix == "" {
		prefix = "collection"
	}
	return prefix + suffix
}

func randomSuffix() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// CreateSnapshot writes a snapshot of a collection (or of an alias's collection) into
// its snapshots directory and describes it.
func (e *Engine) CreateSnapshot(nameOrAlias string) (SnapshotInfo, error) {
	c, err := e.Resolve(nameOrAlias)
	if err != nil {
		return SnapshotInfo{}, err
	}
	dir := e.CollectionSnapshotsDir(c.name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return SnapshotInfo{}, internal(err)
	}
	now := time.Now()
	name := newSnapshotName(c.name, now)
	tmp := filepath.Join(dir, ".tmp-"+randomSuffix())
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return SnapshotInfo{}, internal(err)
	}
	fail := func(err error) (SnapshotInfo, error) {
		f.Close()
		os.Remove(tmp)
		var ee *Error
		if errors.As(err, &ee) {
			return SnapshotInfo{}, ee
		}
		return SnapshotInfo{}, internal(err)
	}
	sum := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, sum), 1<<20)
	if err := c.writeArchive(bw, now); err != nil {
		return fail(err)
	}
	st, err := finishFile(bw, f)
	if err != nil {
		return fail(err)
	}
	checksum := hex.EncodeToString(sum.Sum(nil))
	if err := e.placeSnapshot(dir, tmp, name, checksum); err != nil {
		return SnapshotInfo{}, internal(err)
	}
	log.Printf("collection %q: snapshot %s written (%d bytes)", c.name, name, st.Size())
	return SnapshotInfo{Name: name, Created: st.ModTime(), Size: st.Size(), Checksum: checksum}, nil
}

// placeSnapshot renames a finished (fsynced) temporary file to name and writes its
// checksum file beside it.
func (e *Engine) placeSnapshot(dir, tmp, name, checksum string) error {
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		os.Remove(tmp)
		return err
	}
	return writeFileAtomic(filepath.Join(dir, name+checksumSuffix), []byte(checksum+"\n"))
}

// writeArchive streams the collection as a snapshot archive.
func (c *Collection) writeArchive(w io.Writer, now time.Time) error {
	c.compacting.Lock() // snapshot.bin and the log stay as they are until the copy is done
	defer c.compacting.Unlock()
	c.mu.RLock()
	if c.dropped {
		c.mu.RUnlock()
		return collectionNotFound(c.name)
	}
	seq := c.seq
	cfg, err := json.MarshalIndent(c.cfg, "", "  ")
	if err != nil {
		c.mu.RUnlock()
		return err
	}
	walLen := c.wal.bytes()
	snap, err := os.Open(filepath.Join(c.dir, "snapshot.bin"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		c.mu.RUnlock()
		return err
	}
	walFile, werr := os.Open(filepath.Join(c.dir, "wal.log"))
	var graphs []*os.File
	for _, vi := range c.vindex {
		if ix, ok := vi.(*hnswIndex); ok {
			if g, err := os.Open(ix.persistPath); err == nil {
				graphs = append(graphs, g)
			}
		}
	}
	c.mu.RUnlock()
	for _, g := range graphs {
		defer g.Close()
	}
	if snap != nil {
		defer snap.Close()
	}
	if werr != nil {
		return werr
	}
	defer walFile.Close()

	tw := tar.NewWriter(w)
	man := archiveManifest{Format: archiveFormat, Version: archiveVersion, Collection: c.name, Seq: seq, Created: now.UTC().Format(time.RFC3339Nano)}
	mtime := now.Truncate(time.Second) // plain ustar headers, each covered by its checksum
	add := func(name string, size int64, r io.Reader) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: size, ModTime: mtime, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(tw, io.TeeReader(io.LimitReader(r, size), h))
		if err != nil {
			return err
		}
		if n != size {
			return fmt.Errorf("%s: %d of %d bytes read", name, n, size)
		}
		man.Files = append(man.Files, archiveMember{Name: name, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	}
	if err := add("config.json", int64(len(cfg)), bytes.NewReader(cfg)); err != nil {
		return err
	}
	if snap != nil {
		st, err := snap.Stat()
		if err != nil {
			return err
		}
		if err := add("snapshot.bin", st.Size(), snap); err != nil {
			return err
		}
	}
	if err := add("wal.log", walLen, walFile); err != nil {
		return err
	}
	sort.Slice(graphs, func(i, j int) bool { return graphs[i].Name() < graphs[j].Name() })
	for _, g := range graphs {
		st, err := g.Stat()
		if err != nil {
			return err
		}
		if err := add(filepath.Base(g.Name()), st.Size(), g); err != nil {
			return err
		}
	}
	mb, _ := json.MarshalIndent(man, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Name: "manifest.json", Mode: 0o644, Size: int64(len(mb)), ModTime: mtime, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	if _, err := tw.Write(mb); err != nil {
		return err
	}
	return tw.Close()
}

// ListSnapshots describes a collection's snapshots, sorted by name.
func (e *Engine) ListSnapshots(nameOrAlias string) ([]SnapshotInfo, error) {
	c, err := e.Resolve(nameOrAlias)
	if err != nil {
		return nil, err
	}
	dir := e.CollectionSnapshotsDir(c.name)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return []SnapshotInfo{}, nil
	}
	if err != nil {
		return nil, internal(err)
	}
	out := []SnapshotInfo{}
	for _, ent := range entries {
		n := ent.Name()
		if !ent.Type().IsRegular() || ValidateSnapshotName(n) != nil {
			continue
		}
		st, err := ent.Info()
		if err != nil {
			continue // removed meanwhile
		}
		out = append(out, SnapshotInfo{Name: n, Created: st.ModTime(), Size: st.Size(), Checksum: readChecksum(filepath.Join(dir, n))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func readChecksum(path string) string {
	b, err := os.ReadFile(path + checksumSuffix)
	if err != nil {
		return ""
	}
	s := strings.TrimSpace(string(b))
	if len(s) != 64 {
		return ""
	}
	return s
}

// SnapshotPath is the file of a collection's snapshot (not found when missing).
func (e *Engine) SnapshotPath(nameOrAlias, snapshot string) (string, error) {
	c, err := e.Resolve(nameOrAlias)
	if err != nil {
		return "", err
	}
	if err := ValidateSnapshotName(snapshot); err != nil {
		return "", err
	}
	path := filepath.Join(e.CollectionSnapshotsDir(c.name), snapshot)
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() {
		return "", notFound(fmt.Sprintf("Snapshot %s not found", snapshot))
	}
	return path, nil
}

// DeleteSnapshot removes a collection's snapshot and its checksum file.
func (e *Engine) DeleteSnapshot(nameOrAlias, snapshot string) error {
	path, err := e.SnapshotPath(nameOrAlias, snapshot)
	if err != nil {
		return err
	}
	if err := os.Remove(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return notFound(fmt.Sprintf("Snapshot %s not found", snapshot))
		}
		return internal(err)
	}
	if err := os.Remove(path + checksumSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
		return internal(err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return internal(err)
	}
	return nil
}

// SnapshotTempFile creates a hidden temporary file in a collection's snapshots
// directory (for downloads and uploads; invisible to the list). The collection need
// not exist: recovering creates it.
func (e *Engine) SnapshotTempFile(collection string) (*os.File, error) {
	dir := e.CollectionSnapshotsDir(collection)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, internal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, ".incoming-"+randomSuffix()), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, internal(err)
	}
	return f, nil
}

// KeepSnapshot moves a finished temporary file (SnapshotTempFile, closed) into the
// collection's snapshots directory under name, with its checksum file, and returns its
// path. An existing snapshot of that name is replaced.
func (e *Engine) KeepSnapshot(collection, tmp, name, checksum string) (string, error) {
	if err := ValidateSnapshotName(name); err != nil {
		return "", err
	}
	dir := e.CollectionSnapshotsDir(collection)
	if filepath.Dir(tmp) != dir {
		return "", internal(fmt.Errorf("%s is not in %s", tmp, dir))
	}
	if err := e.placeSnapshot(dir, tmp, name, checksum); err != nil {
		return "", internal(err)
	}
	return filepath.Join(dir, name), nil
}

// HashFile is the SHA-256 of a file in hex.
func HashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// --- restore ------------------------------------------------------------------------

func damaged(format string, args ...any) *Error {
	return badRequest("snapshot file is damaged or not a strata-vector snapshot: " + fmt.Sprintf(format, args...))
}

// Recover replaces collection target (creating it if it does not exist; an alias means
// its collection) with the contents of the snapshot archive at path. The old collection
// stays untouched unless the whole archive was read, verified and loaded.
func (e *Engine) Recover(target, path string) error {
	if c, err := e.Resolve(target); err == nil {
		target = c.name
	} else if err := ValidateName(target); err != nil {
		return validationError("collection_name: " + err.Error())
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return notFound(fmt.Sprintf("Snapshot file %s does not exist", filepath.Base(path)))
		}
		return internal(err)
	}
	defer f.Close()

	staging := filepath.Join(e.collectionsDir(), ".restore-"+dirName(target)+"-"+randomSuffix())
	if err := os.MkdirAll(staging, 0o755); err != nil {
		return internal(err)
	}
	committed := false
	defer func() {
		if !committed {
			os.RemoveAll(staging)
		}
	}()
	man, err := unpackArchive(f, staging)
	if err != nil {
		return err
	}

	b, err := os.ReadFile(filepath.Join(staging, "config.json"))
	if err != nil {
		return internal(err)
	}
	var cfg collConfig
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&cfg); err != nil {
		return damaged("config.json: %v", err)
	}
	if cfg.Indexes == nil {
		cfg.Indexes = map[string]IndexSpec{}
	}
	for n, vp := range cfg.Vectors {
		if d := intOf(vp["size"]); d < 1 || d > 65536 {
			return damaged("config.json: vector %q has size %d", n, d)
		}
	}
	cfg.Name = target
	nb, _ := json.MarshalIndent(&cfg, "", "  ")
	if err := writeFileAtomic(filepath.Join(staging, "config.json"), nb); err != nil {
		return internal(err)
	}
	final := filepath.Join(e.collectionsDir(), dirName(target))
	nc, err := newCollection(e, final, &cfg)
	if err != nil {
		return damaged("config.json: %v", err)
	}
	start := time.Now()
	if err := nc.loadFrom(staging); err != nil {
		nc.release()
		return damaged("%v", err)
	}
	graphs := nc.loadGraphs(staging)
	if err := syncDir(staging); err != nil {
		nc.release()
		return internal(err)
	}
	if err := e.swapIn(target, staging, nc); err != nil {
		nc.release()
		return err
	}
	committed = true
	log.Printf("collection %q recovered from snapshot %s (of %q at seq %d): %d points, %d vectors taken back from its graphs, in %s",
		target, filepath.Base(path), man.Collection, man.Seq, nc.alive, graphs, time.Since(start).Round(time.Millisecond))
	return nil
}

// isGraphFileName reports whether an archive member is a graph file, named as
// hnswFileName names them in a collection's directory.
func isGraphFileName(name string) bool {
	if name == "hnsw.bin" {
		return true
	}
	mid, ok := strings.CutPrefix(name, "hnsw-")
	if !ok || !strings.HasSuffix(mid, ".bin") {
		return false
	}
	return ValidateSnapshotName(name) == nil
}

// unpackArchive writes an archive's members into dir and checks them against its manifest.
func unpackArchive(r io.Reader, dir string) (*archiveManifest, error) {
	tr := tar.NewReader(bufio.NewReaderSize(r, 1<<20))
	sums := map[string]archiveMember{}
	var man *archiveManifest
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, damaged("the file is truncated")
			}
			return nil, damaged("%v", err)
		}
		if man != nil {
			return nil, damaged("member %q after the manifest", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, damaged("member %q is not a regular file", hdr.Name)
		}
		switch {
		case hdr.Name == "config.json" || hdr.Name == "snapshot.bin" || hdr.Name == "wal.log" || isGraphFileName(hdr.Name):
		case hdr.Name == "manifest.json":
			if hdr.Size > 1<<20 {
				return nil, damaged("manifest too large")
			}
			b, err := io.ReadAll(tr)
			if err != nil {
				return nil, damaged("the file is truncated (in the manifest)")
			}
			man = &archiveManifest{}
			if err := json.Unmarshal(b, man); err != nil {
				return nil, damaged("manifest.json: %v", err)
			}
			continue
		default:
			return nil, damaged("unexpected member %q", hdr.Name)
		}
		if _, dup := sums[hdr.Name]; dup {
			return nil, damaged("member %q twice", hdr.Name)
		}
		out, err := os.OpenFile(filepath.Join(dir, hdr.Name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return nil, internal(err)
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(out, h), tr)
		if err == nil {
			err = out.Sync()
		}
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				return nil, damaged("the file is truncated (in %s)", hdr.Name)
			}
			return nil, internal(err)
		}
		sums[hdr.Name] = archiveMember{Name: hdr.Name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	}
	if man == nil {
		if len(sums) == 0 {
			return nil, damaged("no archive members")
		}
		return nil, damaged("no manifest: the file is truncated")
	}
	if man.Format != archiveFormat {
		return nil, damaged("format %q", man.Format)
	}
	if man.Version < 1 || man.Version > archiveVersion {
		return nil, badRequest(fmt.Sprintf("snapshot format version %d is not supported (this engine reads versions 1 to %d)", man.Version, archiveVersion))
	}
	listed := map[string]bool{}
	for _, m := range man.Files {
		got, ok := sums[m.Name]
		if !ok {
			return nil, damaged("%s listed in the manifest is missing", m.Name)
		}
		if got.Size != m.Size || got.SHA256 != m.SHA256 {
			return nil, damaged("%s does not match its checksum in the manifest", m.Name)
		}
		listed[m.Name] = true
	}
	for n := range sums {
		if !listed[n] {
			return nil, damaged("%s is not in the manifest", n)
		}
	}
	if !listed["config.json"] || !listed["wal.log"] {
		return nil, damaged("config.json or wal.log missing")
	}
	return man, nil
}

// swapIn makes the loaded collection nc (read from staging) the collection target,
// replacing the one there, if any. It holds the engine lock throughout, so requests
// wait for the swap (a few renames; longer only if a snapshot of the old collection
// is being copied, which the swap waits for) instead of seeing no collection.
func (e *Engine) swapIn(target, staging string, nc *Collection) error {
	final := nc.dir
	swap := filepath.Join(e.collectionsDir(), ".swap-"+filepath.Base(final))
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.aliases[target]; ok {
		if _, isColl := e.colls[target]; !isColl {
			return &Error{KindConflict, fmt.Sprintf("Alias with name `%s` already exists!", target)}
		}
	}
	old := e.colls[target]
	if old == nil {
		// A directory without a collection in the map is one Delete is removing (it
		// takes the collection out of the map first, then moves the directory aside).
		if _, err := os.Lstat(final); err == nil {
			return &Error{KindConflict, fmt.Sprintf("Collection `%s` is being deleted; retry the recovery", target)}
		}
	}
	_ = os.RemoveAll(swap)
	if err := os.Rename(staging, swap); err != nil {
		return internal(err)
	}
	if err := syncDir(e.collectionsDir()); err != nil { // the commit point
		os.RemoveAll(swap)
		return internal(err)
	}
	if old != nil {
		delete(e.colls, target)
		old.retire()
	}
	// From here on a failure is completed by Load at the next start.
	if err := completeSwap(e.collectionsDir(), swap, final); err != nil {
		return internal(fmt.Errorf("restore committed but not completed (finished at the next start): %w", err))
	}
	var err error
	if nc.wal, err = openWAL(filepath.Join(final, "wal.log")); err != nil {
		return internal(err)
	}
	nc.startIndexes()
	e.colls[target] = nc
	return nil
}

// completeSwap moves the collection directory final (if any) aside and swap into its place.
func completeSwap(collsDir, swap, final string) error {
	var trash string
	if _, err := os.Lstat(final); err == nil {
		trash = filepath.Join(collsDir, ".deleted-"+filepath.Base(final)+fmt.Sprint(time.Now().UnixNano()))
		if err := os.Rename(final, trash); err != nil {
			return err
		}
	}
	if err := os.Rename(swap, final); err != nil {
		return err
	}
	if err := syncDir(collsDir); err != nil {
		return err
	}
	if trash != "" {
		if err := removeAllDurable(trash); err != nil {
			log.Printf("removing %s: %v", trash, err)
		}
	}
	return nil
}

// finishRestores completes restores that were committed (".swap-<dir>") when the
// process stopped, before the collections are read.
func (e *Engine) finishRestores() error {
	entries, err := os.ReadDir(e.collectionsDir())
	if err != nil {
		return err
	}
	for _, ent := range entries {
		if !ent.IsDir() || !strings.HasPrefix(ent.Name(), ".swap-") {
			continue
		}
		final := filepath.Join(e.collectionsDir(), strings.TrimPrefix(ent.Name(), ".swap-"))
		if err := completeSwap(e.collectionsDir(), filepath.Join(e.collectionsDir(), ent.Name()), final); err != nil {
			return fmt.Errorf("completing the restore of %s: %w", final, err)
		}
		log.Printf("completed the restore of %s from a snapshot (interrupted before the restart)", filepath.Base(final))
	}
	return nil
}

// SnapshotTarget is the collection a name refers to (an alias's collection), or the
// name itself when no collection has it.
func (e *Engine) SnapshotTarget(nameOrAlias string) string {
	if c, err := e.Resolve(nameOrAlias); err == nil {
		return c.name
	}
	return nameOrAlias
}

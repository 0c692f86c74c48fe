package engine

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func openEngine(t testing.TB, dir string) *Engine {
	t.Helper()
	e, err := Open(Options{DataDir: dir, CompactBytes: 1 << 40, FlushInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Load(); err != nil {
		e.Close()
		t.Fatal(err)
	}
	return e
}

// crash drops an engine without flushing or snapshotting (the log file stays as
// written, like after kill -9; only the directory lock is released).
func crash(e *Engine) {
	close(e.stop)
	e.wg.Wait()
	for _, c := range e.colls {
		c.wal.f.Close()
	}
	e.lock.Close()
}

func mustColl(t testing.TB, e *Engine, name string) *Collection {
	t.Helper()
	c, err := e.Resolve(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func upsertN(t *testing.T, c *Collection, from, to int) {
	t.Helper()
	var pts []PointInput
	for i := from; i < to; i++ {
		pts = append(pts, PointInput{ID: NumID(uint64(i)), Vectors: map[string][]float32{"": {float32(i), 1, 0}}, Payload: Payload{"n": i}})
	}
	if _, err := c.Upsert(pts, UpsertOptions{}, true); err != nil {
		t.Fatal(err)
	}
}

func newTestCollection(t *testing.T, e *Engine) *Collection {
	t.Helper()
	if err := e.Create("docs", decode(t, `{"vectors":{"size":3,"distance":"Euclid"}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	return mustColl(t, e, "docs")
}

func walPath(dir string) string { return filepath.Join(dir, "collections", "docs", "wal.log") }

func TestReplayAfterCrash(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	c := newTestCollection(t, e)
	upsertN(t, c, 0, 10)
	if _, err := c.Delete(Selector{IDs: []PointID{NumID(3)}, HasIDs: true}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetPayload(Selector{IDs: []PointID{NumID(4)}, HasIDs: true}, Payload{"tag": "x"}, "", false, true); err != nil {
		t.Fatal(err)
	}
	crash(e)

	e = openEngine(t, dir)
	defer e.Close()
	c = mustColl(t, e, "docs")
	if c.alive != 9 {
		t.Fatalf("points after replay: %d, want 9", c.alive)
	}
	if _, ok := c.ids[NumID(3)]; ok {
		t.Fatal("deleted point came back")
	}
	r, err := c.Get(NumID(4))
	if err != nil || r.Payload["tag"] != "x" {
		t.Fatalf("payload update lost: %+v %v", r, err)
	}
	v := r.Vector.([]float32)
	if v[0] != 4 || v[1] != 1 {
		t.Fatalf("vector %v", v)
	}
}

func TestTornTailIsTruncated(t *testing.T) {
	tails := map[string]func(good []byte) []byte{
		"partial header": func([]byte) []byte { return []byte{0x10, 0x00, 0x00} },
		"length past end of file": func([]byte) []byte {
			b := make([]byte, 8)
			binary.LittleEndian.PutUint32(b, 4096)
			return append(b, 1, 2, 3)
		},
		"bad checksum": func(good []byte) []byte {
			// a complete copy of the last record with one body byte flipped
			last := append([]byte(nil), good...)
			last[len(last)-1] ^= 0xff
			return last
		},
		"garbage": func([]byte) []byte { return []byte("this is not a record at all, just noise") },
	}
	for name, tail := range tails {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			e := openEngine(t, dir)
			c := newTestCollection(t, e)
			upsertN(t, c, 0, 5)
			before, _ := os.ReadFile(walPath(dir))
			upsertN(t, c, 5, 6)
			after, _ := os.ReadFile(walPath(dir))
			lastRecord := after[len(before):]
			crash(e)

			f, _ := os.OpenFile(walPath(dir), os.O_APPEND|os.O_WRONLY, 0)
			f.Write(tail(lastRecord))
			f.Close()

			e = openEngine(t, dir)
			c = mustColl(t, e, "docs")
			if c.alive != 6 {
				t.Fatalf("points: %d, want 6 (only the torn record dropped)", c.alive)
			}
			st, _ := os.Stat(walPath(dir))
			if st.Size() != int64(len(after)) {
				t.Fatalf("log is %d bytes after recovery, want %d (torn tail cut off)", st.Size(), len(after))
			}
			// the log keeps working after the truncation
			upsertN(t, c, 6, 7)
			crash(e)
			e = openEngine(t, dir)
			defer e.Close()
			if n := mustColl(t, e, "docs").alive; n != 7 {
				t.Fatalf("points after writing past the recovered tail: %d", n)
			}
		})
	}
}

func TestCorruptionBeforeTheTailIsFatal(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	c := newTestCollection(t, e)
	upsertN(t, c, 0, 1)
	upsertN(t, c, 1, 2)
	crash(e)
	b, _ := os.ReadFile(walPath(dir))
	b[frameHeader+3] ^= 0xff // inside the first record's body
	os.WriteFile(walPath(dir), b, 0o644)

	e2, err := Open(Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer e2.Close()
	if err := e2.Load(); !errors.Is(err, ErrMidLogCorruption) {
		t.Fatalf("want ErrMidLogCorruption, got %v", err)
	}
}

func TestCompactionSnapshotsAndEmptiesTheLog(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	c := newTestCollection(t, e)
	upsertN(t, c, 0, 100)
	if _, err := c.CreateIndex("n", "integer"); err != nil {
		t.Fatal(err)
	}
	oldLog, _ := os.ReadFile(walPath(dir))
	if err := e.Compact(); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(walPath(dir)); st.Size() != 0 {
		t.Fatalf("log not emptied: %d bytes", st.Size())
	}
	if _, err := os.Stat(filepath.Join(dir, "collections", "docs", "snapshot.bin")); err != nil {
		t.Fatal(err)
	}
	upsertN(t, c, 100, 110)
	if _, err := c.Delete(Selector{IDs: []PointID{NumID(0)}, HasIDs: true}, true); err != nil {
		t.Fatal(err)
	}
	crash(e)

	e = openEngine(t, dir)
	c = mustColl(t, e, "docs")
	if c.alive != 109 {
		t.Fatalf("points after snapshot + log: %d, want 109", c.alive)
	}
	if c.replayed != 2 {
		t.Fatalf("replayed %d records after the snapshot, want 2", c.replayed)
	}
	r, err := c.Get(NumID(42))
	if err != nil || r.Payload["n"] != jn("42") {
		t.Fatalf("point 42 after snapshot: %+v %v", r, err)
	}
	if c.indexes["n"] == nil {
		t.Fatal("payload index lost")
	}
	crash(e)

	// A crash between the snapshot rename and the log truncation leaves old records
	// in the log: they are older than the snapshot and must be skipped, not re-applied.
	f, _ := os.OpenFile(walPath(dir), os.O_WRONLY|os.O_TRUNC, 0)
	f.Write(oldLog)
	f.Close()
	e = openEngine(t, dir)
	defer e.Close()
	c = mustColl(t, e, "docs")
	if c.replayed != 0 {
		t.Fatalf("re-applied %d records already in the snapshot", c.replayed)
	}
	if c.alive != 100 {
		t.Fatalf("points: %d, want the snapshot's 100", c.alive)
	}
}

func TestAutomaticCompaction(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(Options{DataDir: dir, CompactBytes: 4096, FlushInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	c := newTestCollection(t, e)
	for i := 0; i < 50; i++ {
		upsertN(t, c, i*10, i*10+10)
	}
	deadline := time.Now().Add(5 * time.Second)
	for c.wal.bytes() >= 4096 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if c.wal.bytes() >= 4096 {
		t.Fatalf("log never compacted: %d bytes", c.wal.bytes())
	}
	crash(e)
	e = openEngine(t, dir)
	defer e.Close()
	if n := mustColl(t, e, "docs").alive; n != 500 {
		t.Fatalf("points after automatic compaction: %d", n)
	}
}

func TestWaitFalseIsFlushedInTheBackground(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(Options{DataDir: dir, FlushInterval: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	c := newTestCollection(t, e)
	res, err := c.Upsert([]PointInput{{ID: NumID(1), Vectors: map[string][]float32{"": {1, 2, 3}}}}, UpsertOptions{}, false)
	if err != nil || res.Completed {
		t.Fatalf("wait=false should be acknowledged, not completed: %+v %v", res, err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for c.wal.dirty() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if c.wal.dirty() {
		t.Fatal("background flusher never fsynced the log")
	}
}

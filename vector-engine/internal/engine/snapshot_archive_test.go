package engine

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func snapVec(i, dim int) []float32 {
	v := make([]float32, dim)
	for j := range v {
		v[j] = float32(math.Sin(float64(i*7 + j)))
	}
	return v
}

// seedSnapColl makes a collection with named dense and sparse vectors, a payload
// index, points in a compaction snapshot and more in the log.
func seedSnapColl(t *testing.T, e *Engine, name string) *Collection {
	t.Helper()
	body := decode(t, `{"vectors":{"d":{"size":8,"distance":"Cosine"},"e":{"size":3,"distance":"Euclid"}},"sparse_vectors":{"s":{"modifier":"idf"}},"optimizers_config":{"indexing_threshold":1}}`).(map[string]any)
	if err := e.Create(name, body); err != nil {
		t.Fatal(err)
	}
	c := mustColl(t, e, name)
	if _, err := c.CreateIndex("cat", "keyword"); err != nil {
		t.Fatal(err)
	}
	put := func(from, to int) {
		var pts []PointInput
		for i := from; i < to; i++ {
			p := PointInput{ID: NumID(uint64(i)), Vectors: map[string][]float32{"d": snapVec(i, 8)}, Payload: Payload{"cat": fmt.Sprint(i % 3), "n": jn(fmt.Sprint(i)), "nested": map[string]any{"a": []any{"x", jn("1.5")}}}}
			if i%2 == 0 {
				p.Vectors["e"] = snapVec(i, 3)
				p.Sparse = map[string]SparseVector{"s": {Indices: []uint32{uint32(i % 5), 7}, Values: []float32{1, float32(i)}}}
			}
			pts = append(pts, p)
		}
		if _, err := c.Upsert(pts, UpsertOptions{}, true); err != nil {
			t.Fatal(err)
		}
	}
	put(0, 150)
	if err := c.compact(); err != nil {
		t.Fatal(err)
	}
	put(150, 220)
	if _, err := c.Delete(Selector{IDs: []PointID{NumID(3), NumID(160)}, HasIDs: true}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetPayload(Selector{IDs: []PointID{NumID(5)}, HasIDs: true}, Payload{"marked": true}, "", false, true); err != nil {
		t.Fatal(err)
	}
	return c
}

type collState struct {
	Points []Record
	Search [][]Record
	Info   string
}

func stateOf(t *testing.T, c *Collection) collState {
	t.Helper()
	recs, _, err := c.Scroll(ScrollRequest{Limit: 100000, WithPayload: PayloadSelector{All: true}, WithVector: VectorSelector{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	var st collState
	st.Points = recs
	for q := 0; q < 5; q++ {
		res, err := c.Search(SearchRequest{Using: "d", Vector: snapVec(1000+q, 8), Limit: 7, Filter: map[string]any{"must": []any{map[string]any{"key": "cat", "match": map[string]any{"value": "1"}}}}, WithPayload: PayloadSelector{All: true}, Params: SearchParams{Exact: true}})
		if err != nil {
			t.Fatal(err)
		}
		st.Search = append(st.Search, res)
	}
	info := c.Info()
	cfg := info["config"].(map[string]any)
	st.Info = fmt.Sprint(info["points_count"], cfg["params"], info["payload_schema"])
	return st
}

func TestSnapshotRoundTrip(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	c := seedSnapColl(t, e, "src")
	want := stateOf(t, c)
	if len(want.Points) != 218 {
		t.Fatalf("seeded %d points", len(want.Points))
	}
	info, err := e.CreateSnapshot("src")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(info.Name, "src-") || !strings.HasSuffix(info.Name, ".snapshot") || len(info.Checksum) != 64 || info.Size <= 0 {
		t.Fatalf("description %+v", info)
	}
	path := filepath.Join(dir, "snapshots", "src", info.Name)
	if sum, _ := HashFile(path); sum != info.Checksum {
		t.Fatalf("checksum %s, file hashes to %s", info.Checksum, sum)
	}
	list, err := e.ListSnapshots("src")
	if err != nil || len(list) != 1 || list[0].Name != info.Name || list[0].Checksum != info.Checksum || list[0].Size != info.Size {
		t.Fatalf("list %+v %v", list, err)
	}
	// writes after the snapshot are not in it
	if _, err := c.Upsert([]PointInput{{ID: NumID(9999), Vectors: map[string][]float32{"d": snapVec(1, 8)}}}, UpsertOptions{}, true); err != nil {
		t.Fatal(err)
	}
	if deleted, _ := e.Delete("src"); !deleted {
		t.Fatal("not deleted")
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("deleting the collection removed its snapshot: %v", err)
	}
	if _, err := e.ListSnapshots("src"); err == nil || err.(*Error).Kind != KindNotFound {
		t.Fatalf("list of a missing collection: %v", err)
	}
	for _, target := range []string{"src", "copy"} {
		if err := e.Recover(target, path); err != nil {
			t.Fatal(err)
		}
		got := stateOf(t, mustColl(t, e, target))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s differs after recovery:\n got %v\nwant %v", target, got.Info, want.Info)
		}
	}
	// recovering over an existing collection replaces it; the result survives a restart
	if _, err := mustColl(t, e, "copy").Upsert([]PointInput{{ID: NumID(777777), Vectors: map[string][]float32{"d": snapVec(2, 8)}}}, UpsertOptions{}, true); err != nil {
		t.Fatal(err)
	}
	if err := e.Recover("copy", path); err != nil {
		t.Fatal(err)
	}
	if _, err := mustColl(t, e, "copy").Upsert([]PointInput{{ID: NumID(424242), Vectors: map[string][]float32{"d": snapVec(3, 8)}}}, UpsertOptions{}, true); err != nil {
		t.Fatal(err)
	}
	e.Close()
	e = openEngine(t, dir)
	defer e.Close()
	cp := mustColl(t, e, "copy")
	if cp.Retrieve([]PointID{NumID(777777)}, PayloadSelector{}, VectorSelector{}) != nil && len(cp.Retrieve([]PointID{NumID(777777)}, PayloadSelector{}, VectorSelector{})) != 0 {
		t.Fatal("point written before the recovery survived it")
	}
	if len(cp.Retrieve([]PointID{NumID(424242)}, PayloadSelector{}, VectorSelector{})) != 1 {
		t.Fatal("write after the recovery lost at restart")
	}
	if _, err := cp.Delete(Selector{IDs: []PointID{NumID(424242)}, HasIDs: true}, true); err != nil {
		t.Fatal(err)
	}
	if got := stateOf(t, cp); !reflect.DeepEqual(got, want) {
		t.Fatal("recovered collection differs after a restart")
	}
	if got := stateOf(t, mustColl(t, e, "src")); !reflect.DeepEqual(got, want) {
		t.Fatal("src differs after a restart")
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "collections", ".*")); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}

func TestSnapshotConsistentWhileWriting(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(Options{DataDir: dir, CompactBytes: 1 << 10}) // compaction runs during the test
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	if err := e.Create("w", decode(t, `{"vectors":{"size":4,"distance":"Dot"}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	c := mustColl(t, e, "w")
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // each write adds point i and bumps every earlier point's payload "last" to i
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := c.Upsert([]PointInput{{ID: NumID(uint64(i)), Vectors: map[string][]float32{"": snapVec(i, 4)}, Payload: Payload{"i": jn(fmt.Sprint(i))}}}, UpsertOptions{}, i%3 == 0); err != nil {
				t.Error(err)
				return
			}
			written.Store(int64(i + 1))
		}
	}()
	var names []string
	for k := 0; k < 12; k++ {
		info, err := e.CreateSnapshot("w")
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, info.Name)
	}
	close(stop)
	wg.Wait()
	if written.Load() < 10 {
		t.Skipf("only %d writes ran beside the snapshots", written.Load())
	}
	t.Logf("%d writes beside %d snapshots", written.Load(), len(names))
	for _, n := range names {
		if err := e.Recover("r", filepath.Join(dir, "snapshots", "w", n)); err != nil {
			t.Fatal(err)
		}
		r := mustColl(t, e, "r")
		recs, _, err := r.Scroll(ScrollRequest{Limit: 1 << 20, WithPayload: PayloadSelector{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		// a consistent cut of sequential writes is a prefix 0..k-1
		for i, rec := range recs {
			if rec.ID != NumID(uint64(i)) || fmt.Sprint(rec.Payload["i"]) != fmt.Sprint(i) {
				t.Fatalf("snapshot %s: point %d is %v %v", n, i, rec.ID, rec.Payload)
			}
		}
	}
}

func TestSnapshotDamagedFilesLeaveTheCollection(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	defer e.Close()
	c := seedSnapColl(t, e, "src")
	want := stateOf(t, c)
	info, err := e.CreateSnapshot("src")
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(dir, "snapshots", "src", info.Name))
	if err != nil {
		t.Fatal(err)
	}
	flip := func(at int) []byte {
		b := append([]byte(nil), good...)
		b[at] ^= 0x40
		return b
	}
	cases := map[string][]byte{
		"empty":           {},
		"not tar":         []byte("hello, this is not a snapshot at all"),
		"truncated 10%":   good[:len(good)/10],
		"truncated half":  good[:len(good)/2],
		"in the manifest": good[:strings.LastIndex(string(good), `"files"`)],
		"before manifest": good[:strings.LastIndex(string(good), `"format"`)-512],
		"byte flipped":    flip(len(good) / 2),
		"header flipped":  flip(10),
		"manifest change": flip(strings.Index(string(good), `"sha256": "`) + 11),
	}
	for name, b := range cases {
		p := filepath.Join(dir, "bad.snapshot")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		err := e.Recover("src", p)
		var ee *Error
		if !errors.As(err, &ee) || ee.Kind != KindBadRequest {
			t.Fatalf("%s: %v", name, err)
		}
		if got := stateOf(t, mustColl(t, e, "src")); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the collection changed", name)
		}
		if err := e.Recover("fresh", p); err == nil || e.Exists("fresh") {
			t.Fatalf("%s: created a collection from a damaged file", name)
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "collections", ".*")); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
	// still recoverable from the good file
	if err := e.Recover("src", filepath.Join(dir, "snapshots", "src", info.Name)); err != nil {
		t.Fatal(err)
	}
}

func TestSnapshotNames(t *testing.T) {
	for _, bad := range []string{"", ".", "..", "../x", "a/b", `a\b`, "a\x00b", ".tmp-1", "x.snapshot.checksum", "a\nb", strings.Repeat("x", 300)} {
		if err := ValidateSnapshotName(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, ok := range []string{"c-1-2024-01-01-00-00-00.snapshot", "my backup.snapshot", "ü.tar"} {
		if err := ValidateSnapshotName(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	if n := newSnapshotName(strings.Repeat("é", 200), time.Now()); len(n) > MaxSnapshotNameLen || ValidateSnapshotName(n) != nil {
		t.Errorf("generated name %q", n)
	}
	e := openEngine(t, t.TempDir())
	defer e.Close()
	if err := e.Create("c", decode(t, `{"vectors":{"size":2,"distance":"Dot"}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"../../collections/c/config.json", "..", "x/../../y"} {
		if _, err := e.SnapshotPath("c", bad); err == nil || err.(*Error).Kind != KindBadRequest {
			t.Errorf("%q: %v", bad, err)
		}
		if err := e.DeleteSnapshot("c", bad); err == nil || err.(*Error).Kind != KindBadRequest {
			t.Errorf("delete %q: %v", bad, err)
		}
	}
	if _, err := e.SnapshotPath("c", "nope.snapshot"); err == nil || err.(*Error).Kind != KindNotFound {
		t.Errorf("missing: %v", err)
	}
	if _, err := e.SnapshotPath("nope", "x.snapshot"); err == nil || err.(*Error).Kind != KindNotFound {
		t.Errorf("missing collection: %v", err)
	}
}

// A restore committed (".swap-<dir>" in place) but interrupted before the directories
// were swapped is completed at the next start.
func TestSnapshotRestoreCompletedAtLoad(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	seedSnapColl(t, e, "src")
	want := stateOf(t, mustColl(t, e, "src"))
	if err := e.Create("b", decode(t, `{"vectors":{"size":2,"distance":"Dot"}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	info, err := e.CreateSnapshot("src")
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	// what Recover("b") leaves when the process dies right after its commit point
	colls := filepath.Join(dir, "collections")
	swap := filepath.Join(colls, ".swap-b")
	if err := os.Mkdir(swap, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "snapshots", "src", info.Name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unpackArchive(f, swap); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cfg, _ := os.ReadFile(filepath.Join(swap, "config.json"))
	if err := os.WriteFile(filepath.Join(swap, "config.json"), []byte(strings.Replace(string(cfg), `"name": "src"`, `"name": "b"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// and an uncommitted staging directory, which is dropped
	if err := os.Mkdir(filepath.Join(colls, ".restore-src-1"), 0o755); err != nil {
		t.Fatal(err)
	}
	e = openEngine(t, dir)
	defer e.Close()
	if got := stateOf(t, mustColl(t, e, "b")); !reflect.DeepEqual(got, want) {
		t.Fatal("the committed restore was not completed")
	}
	if got := stateOf(t, mustColl(t, e, "src")); !reflect.DeepEqual(got, want) {
		t.Fatal("src changed")
	}
	if entries, _ := filepath.Glob(filepath.Join(colls, ".*")); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}

// A collection directory with no collection in the map is one Delete is moving aside:
// recovering into it must not swap a new directory in under the Delete.
func TestSnapshotRecoverDuringDelete(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	defer e.Close()
	seedSnapColl(t, e, "src")
	info, err := e.CreateSnapshot("src")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "collections", "ghost"), 0o755); err != nil {
		t.Fatal(err)
	}
	err = e.Recover("ghost", filepath.Join(dir, "snapshots", "src", info.Name))
	if err == nil || err.(*Error).Kind != KindConflict || e.Exists("ghost") {
		t.Fatalf("recovery into a directory being deleted: %v", err)
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "collections", ".*")); len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
}

// A snapshot carries the saved HNSW graph: the restored collection answers through it at
// once, with nothing to index again (its indexing_threshold is 0 by then, so the builder
// would never index a vector the graph did not bring).
func TestSnapshotCarriesTheGraph(t *testing.T) {
	dir := t.TempDir()
	e := openEngine(t, dir)
	defer e.Close()
	if err := e.Create("g", decode(t, `{"vectors":{"size":8,"distance":"Cosine"},"optimizers_config":{"indexing_threshold":1}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	c := mustColl(t, e, "g")
	n := 600
	var pts []PointInput
	for i := 0; i < n; i++ {
		pts = append(pts, PointInput{ID: NumID(uint64(i)), Vectors: map[string][]float32{"": snapVec(i, 8)}})
	}
	if _, err := c.Upsert(pts, UpsertOptions{}, true); err != nil {
		t.Fatal(err)
	}
	waitIndexed(t, c, n)
	ix := hnswOf(c)
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(10 * time.Millisecond) {
		c.mu.RLock()
		ix.mu.RLock()
		saved := !ix.dirty
		ix.mu.RUnlock()
		c.mu.RUnlock()
		if _, err := os.Stat(ix.persistPath); err == nil && saved {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("graph not saved")
		}
	}
	if err := c.Update(decode(t, `{"optimizers_config":{"indexing_threshold":0}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	info, err := e.CreateSnapshot("g")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Recover("copy", filepath.Join(dir, "snapshots", "g", info.Name)); err != nil {
		t.Fatal(err)
	}
	cp := mustColl(t, e, "copy")
	rix := hnswOf(cp)
	if got := rix.indexedCount(); got != n {
		t.Fatalf("restored collection has %d of %d vectors indexed", got, n)
	}
	before := rix.graphSearches.Load()
	res, err := cp.Search(SearchRequest{Vector: snapVec(17, 8), Limit: 1, Params: SearchParams{HnswEf: 32}})
	if err != nil || len(res) != 1 || res[0].ID.Num != 17 {
		t.Fatalf("search in the restored collection: %+v %v", res, err)
	}
	if rix.graphSearches.Load() == before {
		t.Fatal("the restored collection did not search through its graph")
	}
}

package engine

import (
	"fmt"
	"math/rand"
	"sync"
	"testing"
	"time"
)

// TestConcurrentReadersWritersAndCompaction runs writes, searches, scrolls, counts and
// snapshots at once (run with -race), then checks the state survives a restart.
func TestConcurrentReadersWritersAndCompaction(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(Options{DataDir: dir, CompactBytes: 32 << 10, FlushInterval: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Load(); err != nil {
		t.Fatal(err)
	}
	if err := e.Create("s", decode(t, `{"vectors":{"size":8,"distance":"Cosine"}}`).(map[string]any)); err != nil {
		t.Fatal(err)
	}
	c := mustColl(t, e, "s")
	c.CreateIndex("g", "keyword")
	var wg, readers sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan error, 100)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(w)))
			for i := 0; i < 150; i++ {
				id := uint64(rng.Intn(300))
				v := make([]float32, 8)
				for j := range v {
					v[j] = rng.Float32()
				}
				var err error
				switch rng.Intn(4) {
				case 0, 1:
					_, err = c.Upsert([]PointInput{{ID: NumID(id), Vectors: map[string][]float32{"": v}, Payload: Payload{"g": fmt.Sprint(id % 3)}}}, UpsertOptions{}, rng.Intn(2) == 0)
				case 2:
					_, err = c.Delete(Selector{IDs: []PointID{NumID(id)}, HasIDs: true}, true)
				case 3:
					_, err = c.SetPayload(Selector{Filter: decode(t, `{"must":[{"key":"g","match":{"value":"1"}}]}`)}, Payload{"touched": true}, "", false, false)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	for r := 0; r < 2; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := c.Search(SearchRequest{Vector: []float32{1, 2, 3, 4, 5, 6, 7, 8}, Limit: 5, Filter: decode(t, `{"must":[{"key":"g","match":{"value":"2"}}]}`)}); err != nil {
					errs <- err
					return
				}
				c.Scroll(ScrollRequest{Limit: 20})
				c.Count(nil)
				c.Info()
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	if err := e.Compact(); err != nil {
		t.Fatal(err)
	}
	wg.Wait() // writers
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	want, _ := c.Count(nil)
	wantTouched, _ := c.Count(decode(t, `{"must":[{"key":"touched","match":{"value":true}}]}`))
	e.Close()

	e = openEngine(t, dir)
	defer e.Close()
	c = mustColl(t, e, "s")
	got, _ := c.Count(nil)
	gotTouched, _ := c.Count(decode(t, `{"must":[{"key":"touched","match":{"value":true}}]}`))
	if got != want || gotTouched != wantTouched {
		t.Fatalf("after restart: %d points (%d touched), before: %d (%d)", got, gotTouched, want, wantTouched)
	}
}

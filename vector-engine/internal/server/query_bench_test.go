package server

import (
	"fmt"
	"math/rand"
	"net/http/httptest"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"strata/vector-engine/internal/engine"
)

// cpuNow is the process's CPU time: on a shared machine the wall time mostly measures
// waiting for a core.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkQueryRequest: one POST /points/query with a 384-dim vector through the whole
// HTTP layer (decode, OpenAPI validation, search, response). The query's numbers are
// written as the JS client writes a Float32Array's values (shortest float64 form, ~18
// characters each), not rounded: parsing them is part of the cost.
//
//   - request: over 10 points, so nearly all of its time is the request path an HNSW
//     search pays on top of the index;
//   - filtered: 20,000 points, a keyword-indexed 10% filter (2,000 matches): the exact
//     pass over payload-index candidates bench/vector's 50k run takes for its filter.
func BenchmarkQueryRequest(b *testing.B) {
	b.Run("request", func(b *testing.B) { benchQuery(b, 10, "") })
	b.Run("filtered", func(b *testing.B) {
		benchQuery(b, 20000, `,"filter":{"must":[{"key":"category","match":{"value":"cat-3"}}]}`)
	})
}

func benchQuery(b *testing.B, n int, filter string) {
	eng, err := engine.Open(engine.Options{DataDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer eng.Close()
	if err := eng.Load(); err != nil {
		b.Fatal(err)
	}
	s, err := New(eng, Options{})
	if err != nil {
		b.Fatal(err)
	}
	do := func(method, path, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w
	}
	// No HNSW index: every search is exact, as bench/vector's filtered query below
	// full_scan_threshold.
	if w := do("PUT", "/collections/b", `{"vectors":{"size":384,"distance":"Cosine"},"optimizers_config":{"indexing_threshold":0}}`); w.Code != 200 {
		b.Fatal(w.Body.String())
	}
	if w := do("PUT", "/collections/b/index?wait=true", `{"field_name":"category","field_schema":"keyword"}`); w.Code != 200 {
		b.Fatal(w.Body.String())
	}
	rng := rand.New(rand.NewSource(1))
	vec := func() string {
		parts := make([]string, 384)
		for i := range parts {
			parts[i] = strconv.FormatFloat(float64(rng.Float32()*2-1), 'g', -1, 64)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	for lo := 0; lo < n; lo += 1000 {
		var pts []string
		for i := lo; i < min(lo+1000, n); i++ {
			pts = append(pts, fmt.Sprintf(`{"id":%d,"vector":%s,"payload":{"category":"cat-%d"}}`, i, vec(), i%10))
		}
		if w := do("PUT", "/collections/b/points?wait=true", `{"points":[`+strings.Join(pts, ",")+`]}`); w.Code != 200 {
			b.Fatal(w.Body.String())
		}
	}
	body := `{"query":` + vec() + `,"limit":10,"params":{"hnsw_ef":64}` + filter + `}`
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuNow()
	for i := 0; i < b.N; i++ {
		if w := do("POST", "/collections/b/points/query", body); w.Code != 200 {
			b.Fatal(w.Body.String())
		}
	}
	b.ReportMetric(float64(cpuNow()-cpu0)/float64(b.N), "cpu-ns/op")
}

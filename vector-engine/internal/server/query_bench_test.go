package server

import (
	"fmt"
	"math/rand"
	"net/http/httptest"
	"strings"
	"testing"

	"strata/vector-engine/internal/engine"
)

// BenchmarkQueryRequest: one POST /points/query with a 384-dim vector through the whole
// HTTP layer (decode, OpenAPI validation, search over 1,000 points exactly, response), to
// see what the request path costs beside the search itself.
func BenchmarkQueryRequest(b *testing.B) {
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
	if w := do("PUT", "/collections/b", `{"vectors":{"size":384,"distance":"Cosine"}}`); w.Code != 200 {
		b.Fatal(w.Body.String())
	}
	rng := rand.New(rand.NewSource(1))
	vec := func() string {
		parts := make([]string, 384)
		for i := range parts {
			parts[i] = fmt.Sprintf("%.6f", rng.Float32()*2-1)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	var pts []string
	for i := 0; i < 1000; i++ {
		pts = append(pts, fmt.Sprintf(`{"id":%d,"vector":%s,"payload":{"category":"cat-%d"}}`, i, vec(), i%10))
	}
	if w := do("PUT", "/collections/b/points?wait=true", `{"points":[`+strings.Join(pts, ",")+`]}`); w.Code != 200 {
		b.Fatal(w.Body.String())
	}
	body := `{"query":` + vec() + `,"limit":10,"params":{"hnsw_ef":64}}`
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if w := do("POST", "/collections/b/points/query", body); w.Code != 200 {
			b.Fatal(w.Body.String())
		}
	}
}

package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"strata/vector-engine/internal/engine"
	"strata/vector-engine/internal/jsonx"
	"strata/vector-engine/internal/oas"
)

type env struct {
	t   *testing.T
	s   *Server
	eng *engine.Engine
}

func newEnv(t *testing.T, key string, load bool) *env {
	t.Helper()
	eng, err := engine.Open(engine.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if load {
		if err := eng.Load(); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(eng, Options{APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t, s, eng}
}

func (e *env) do(method, path, body string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.s.ServeHTTP(w, req)
	return w
}

// validate checks a 200 body against the operation's response schema with the Go validator.
func (e *env) validate(method, path string, w *httptest.ResponseRecorder) {
	e.t.Helper()
	segs, _ := oas.SplitPath(strings.SplitN(path, "?", 2)[0])
	op, _ := e.s.doc.Find(method, segs)
	if op == nil || op.Response == nil {
		e.t.Fatalf("no JSON response schema for %s %s", method, path)
	}
	v, err := jsonx.Parse(w.Body.Bytes())
	if err != nil {
		e.t.Fatalf("%s %s: body is not JSON: %v", method, path, err)
	}
	if issues := oas.Validate(op.Response, v); len(issues) > 0 {
		e.t.Fatalf("%s %s: %v\n%s", method, path, issues, w.Body.String())
	}
}

func TestAPIKeyWhitelistAndHeaders(t *testing.T) {
	e := newEnv(t, "k3y", true)
	for _, p := range []string{"/", "/healthz", "/livez", "/readyz"} {
		if w := e.do("GET", p, ""); w.Code != 200 {
			t.Errorf("%s without a key: %d", p, w.Code)
		}
	}
	if w := e.do("GET", "/collections", ""); w.Code != 403 || !strings.Contains(w.Body.String(), `"error":"Must provide an API key`) {
		t.Errorf("no key: %d %s", w.Code, w.Body)
	}
	if w := e.do("GET", "/collections", "", "api-key", "wrong"); w.Code != 403 {
		t.Errorf("wrong key: %d", w.Code)
	}
	if w := e.do("GET", "/collections", "", "api-key", "k3y"); w.Code != 200 {
		t.Errorf("api-key header: %d", w.Code)
	}
	if w := e.do("GET", "/collections", "", "Authorization", "Bearer k3y"); w.Code != 200 {
		t.Errorf("bearer: %d", w.Code)
	}
	// /healthzz is not /healthz: only exact "/" and "/healthz" are open
	if w := e.do("GET", "/healthzz", ""); w.Code != 403 {
		t.Errorf("/healthzz: %d", w.Code)
	}
}

func TestNotReadyUntilLoaded(t *testing.T) {
	e := newEnv(t, "", false)
	if w := e.do("GET", "/readyz", ""); w.Code != 503 {
		t.Errorf("readyz before load: %d", w.Code)
	}
	if w := e.do("GET", "/livez", ""); w.Code != 200 {
		t.Errorf("livez before load: %d", w.Code)
	}
	if w := e.do("GET", "/collections", ""); w.Code != 503 {
		t.Errorf("collections before load: %d", w.Code)
	}
	if err := e.eng.Load(); err != nil {
		t.Fatal(err)
	}
	if w := e.do("GET", "/readyz", ""); w.Code != 200 || w.Body.String() != "all shards are ready" {
		t.Errorf("readyz after load: %d %q", w.Code, w.Body)
	}
}

func TestResponsesMatchTheDocument(t *testing.T) {
	e := newEnv(t, "", true)
	steps := []struct{ method, path, body string }{
		{"PUT", "/collections/c", `{"vectors":{"size":3,"distance":"Cosine"}}`},
		{"PUT", "/collections/c/points?wait=true", `{"points":[{"id":1,"vector":[1,0,0],"payload":{"a":1}},{"id":"936da01f-9abd-4d9d-80c7-02af85c822a8","vector":[0,1,0]}]}`},
		{"GET", "/collections/c", ""},
		{"GET", "/collections", ""},
		{"POST", "/collections/c/points/query", `{"query":[1,1,0],"with_payload":true,"with_vector":true}`},
		{"POST", "/collections/c/points/search", `{"vector":[1,1,0],"limit":1}`},
		{"POST", "/collections/c/points/scroll", `{"limit":1}`},
		{"POST", "/collections/c/points", `{"ids":[1]}`},
		{"GET", "/collections/c/points/1", ""},
		{"POST", "/collections/c/points/count", `{}`},
		{"PUT", "/collections/c/index?wait=true", `{"field_name":"a","field_schema":"integer"}`},
		{"POST", "/collections/c/points/scroll", `{"order_by":{"key":"a"}}`},
		{"GET", "/aliases", ""},
		{"GET", "/", ""},
		{"GET", "/cluster", ""},
		{"PUT", "/collections/full", `{"vectors":{"a":{"size":2,"distance":"Dot","on_disk":true,"hnsw_config":{"m":8},"quantization_config":{"scalar":{"type":"int8","always_ram":true}}}},"quantization_config":{"binary":{"always_ram":true}},"strict_mode_config":{"enabled":false,"max_query_limit":100},"metadata":{"team":"search"},"wal_config":{"wal_capacity_mb":64},"optimizers_config":{"indexing_threshold":0},"shard_number":2,"on_disk_payload":false}`},
		{"GET", "/collections/full", ""},
		{"PATCH", "/collections/full", `{"vectors":{"a":{"on_disk":false}},"quantization_config":"Disabled","metadata":{"more":1},"params":{"write_consistency_factor":1}}`},
		{"GET", "/collections/full", ""},
		{"PUT", "/collections/full/index", `{"field_name":"t","field_schema":{"type":"keyword","is_tenant":true}}`},
		{"GET", "/collections/full", ""},
	}
	for _, s := range steps {
		w := e.do(s.method, s.path, s.body)
		if w.Code != 200 {
			t.Fatalf("%s %s: %d %s", s.method, s.path, w.Code, w.Body)
		}
		e.validate(s.method, s.path, w)
	}
}

func TestRoutingAndStatusCodes(t *testing.T) {
	e := newEnv(t, "", true)
	cases := []struct {
		method, path, body string
		code               int
		contains           string
	}{
		{"GET", "/nope", "", 404, "no such endpoint"},
		{"PATCH", "/collections", "", 405, "not allowed"},
		{"PUT", "/collections/x", `{"vectors":{"size":2,"distance":"Dot"}`, 400, "Format error in JSON body"},
		{"PUT", "/collections/x", `{"vectors":{"size":0,"distance":"Dot"}}`, 422, "Validation error in JSON body"},
		{"PUT", "/collections/x", `{"vectors":{"size":2,"distance":"Dot"}}`, 200, "true"},
		{"PUT", "/collections/x", `{"vectors":{"size":2,"distance":"Dot"}}`, 409, "already exists"},
		{"PUT", "/collections/x/points?wait=yes", `{"points":[]}`, 400, "query parameters"},
		{"POST", "/collections/x/points/query?timeout=0", `{}`, 422, "timeout"},
		{"GET", "/collections/x/points/abc", "", 400, "Unable to parse UUID"},
		{"GET", "/snapshots", "", 400, "list_full_snapshots"},
		{"GET", "/collections/x/snapshots", "", 200, `"result":[]`},
		{"DELETE", "/collections/nope", "", 200, "false"},
		{"GET", "/collections/x/", "", 200, "green"},
	}
	for _, c := range cases {
		w := e.do(c.method, c.path, c.body)
		if w.Code != c.code || !strings.Contains(w.Body.String(), c.contains) {
			t.Errorf("%s %s: %d %s (want %d, %q)", c.method, c.path, w.Code, w.Body, c.code, c.contains)
		}
		if w.Code >= 400 && w.Header().Get("Content-Type") != "application/json" {
			t.Errorf("%s %s: error content type %q", c.method, c.path, w.Header().Get("Content-Type"))
		}
	}
	_ = http.StatusOK
}

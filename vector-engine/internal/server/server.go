// Package server speaks Qdrant's REST API on top of the engine: every request is
// matched to an operation of the OpenAPI document, its query parameters and body are
// validated against the document's schemas, and the answer uses Qdrant's envelope
// ({"result": …, "status": "ok", "time": …} or {"status": {"error": …}, "time": …}).
package server

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"strata/vector-engine/internal/engine"
	"strata/vector-engine/internal/jsonx"
	"strata/vector-engine/internal/oas"
	"strata/vector-engine/openapi"
)

// Version is the Qdrant API version this engine answers to (GET / reports it, and the
// JS client compares it with its own).
const Version = "1.19.0"

// Options configure a Server.
type Options struct {
	APIKey          string
	MaxRequestBytes int64
	BuildVersion    string
	// SnapshotMaxBytes bounds a snapshot uploaded or fetched for recovery (default 16 GiB).
	SnapshotMaxBytes int64
	// SnapshotFetchTimeout bounds fetching a snapshot from an http(s) location (default 30 min).
	SnapshotFetchTimeout time.Duration
}

// Server is the HTTP front of an engine.
type Server struct {
	eng        *engine.Engine
	doc        *oas.Doc
	opts       Options
	started    time.Time
	instanceID string // telemetry id, random per process (as Qdrant's is per node)
}

// New builds a server; it fails only if the embedded OpenAPI documents do not load.
func New(eng *engine.Engine, opts Options) (*Server, error) {
	doc, err := oas.Load(openapi.Qdrant, openapi.Legacy)
	if err != nil {
		return nil, fmt.Errorf("loading the OpenAPI contract: %w", err)
	}
	if opts.MaxRequestBytes <= 0 {
		opts.MaxRequestBytes = 32 << 20
	}
	if opts.SnapshotMaxBytes <= 0 {
		opts.SnapshotMaxBytes = 16 << 30
	}
	if opts.SnapshotFetchTimeout <= 0 {
		opts.SnapshotFetchTimeout = 30 * time.Minute
	}
	var id [16]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	id[6] = id[6]&0x0f | 0x40 // UUID version 4
	id[8] = id[8]&0x3f | 0x80
	return &Server{eng: eng, doc: doc, opts: opts, started: time.Now(), instanceID: engine.PointID{IsUUID: true, UUID: id}.String()}, nil
}

// request is what a handler gets.
type request struct {
	op     *oas.Operation
	path   map[string]string
	query  map[string]any
	body   any
	hasBdy bool
	start  time.Time
	hr     *http.Request // for handlers that read the body themselves (snapshot upload) or serve files
}

func (r *request) wait() bool {
	w, _ := r.query["wait"].(bool)
	return w
}

// response is what a handler returns: a result (marshalled by writeResult) or raw JSON.
type response struct {
	result any
	raw    []byte
	status string // "ok" unless set
	text   string // text/plain bodies (health endpoints)
	code   int
	bare   bool                      // raw is the whole body (GET / has no envelope)
	serve  func(http.ResponseWriter) // writes the whole response itself (file downloads, 202 accepted)
}

type handler func(s *Server, r *request) (*response, error)

func (s *Server) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	start := time.Now()
	segs, err := oas.SplitPath(hr.URL.EscapedPath())
	if err != nil {
		s.writeError(w, start, engine.BadRequest("malformed URL path"))
		return
	}
	path := "/" + strings.Join(segs, "/")

	if s.opts.APIKey != "" && !whitelisted(path) {
		if msg := s.checkKey(hr); msg != "" {
			writeJSON(w, http.StatusForbidden, errorBody(msg, start))
			return
		}
	}
	if !s.eng.Ready() && !(path == "/" || path == "/healthz" || strings.HasPrefix(path, "/livez") || strings.HasPrefix(path, "/readyz")) {
		writeJSON(w, http.StatusServiceUnavailable, errorBody("Service unavailable: the engine is still loading its data", start))
		return
	}

	op, params := s.doc.Find(hr.Method, segs)
	if op == nil {
		if s.doc.PathExists(segs) {
			writeJSON(w, http.StatusMethodNotAllowed, errorBody(fmt.Sprintf("method %s is not allowed on %s", hr.Method, path), start))
			return
		}
		writeJSON(w, http.StatusNotFound, errorBody(fmt.Sprintf("Not found: no such endpoint %s %s", hr.Method, path), start))
		return
	}
	req := &request{op: op, path: params, start: start, hr: hr}
	if err := s.parseQuery(req, hr); err != nil {
		s.writeError(w, start, err)
		return
	}
	if op.Body != nil {
		if err := s.readBody(req, hr); err != nil {
			s.writeError(w, start, err)
			return
		}
	}
	h, ok := handlers[op.ID]
	if !ok {
		s.writeError(w, start, engine.Unsupported(fmt.Sprintf("`%s` (%s %s)", op.ID, op.Method, op.Path)))
		return
	}
	resp, err := h(s, req)
	if err != nil {
		s.writeError(w, start, err)
		return
	}
	if resp.serve != nil {
		resp.serve(w)
		return
	}
	if resp.text != "" || op.ResponseCT == "text/plain" {
		code := resp.code
		if code == 0 {
			code = http.StatusOK
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(code)
		io.WriteString(w, resp.text)
		return
	}
	s.writeResult(w, start, resp)
}

// whitelisted mirrors Qdrant: "/", "/healthz" exactly and "/readyz", "/livez" by
// prefix are reachable without the API key.
func whitelisted(path string) bool {
	return path == "/" || path == "/healthz" || strings.HasPrefix(path, "/readyz") || strings.HasPrefix(path, "/livez")
}

func (s *Server) checkKey(hr *http.Request) string {
	key := hr.Header.Get("api-key")
	if key == "" {
		if a := hr.Header.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
			key = strings.TrimSpace(a[7:])
		}
	}
	if key == "" {
		return "Must provide an API key or an Authorization bearer token"
	}
	if subtle.ConstantTimeCompare([]byte(key), []byte(s.opts.APIKey)) != 1 {
		return "Invalid API key or JWT"
	}
	return ""
}

// parseQuery validates the operation's query parameters (others are ignored, as actix does).
func (s *Server) parseQuery(req *request, hr *http.Request) error {
	req.query = map[string]any{}
	q := hr.URL.Query()
	for name, p := range req.op.Query {
		raw, ok := q[name]
		if !ok || len(raw) == 0 {
			continue
		}
		v := queryValue(raw[0], p.Schema)
		if issues := oas.Validate(p.Schema, v); len(issues) > 0 {
			if oas.HasStructural(issues) {
				return &engine.Error{Kind: engine.KindBadRequest, Msg: fmt.Sprintf("Deserialize error in query parameters: %s: %s", name, issues[0].Msg)}
			}
			return &engine.Error{Kind: engine.KindValidation, Msg: fmt.Sprintf("%s: %s", name, issues[0].Msg)}
		}
		req.query[name] = v
	}
	return nil
}

// queryValue types a query string value by what the schema expects.
func queryValue(raw string, s *oas.Schema) any {
	t := s.Resolved()
	switch t.Type {
	case "boolean":
		switch raw {
		case "true":
			return true
		case "false":
			return false
		}
		return raw
	case "integer", "number":
		if _, err := strconv.ParseFloat(raw, 64); err == nil {
			return json.Number(raw)
		}
		return raw
	}
	// ReadConsistency is an integer or a name
	if len(t.AnyOf) > 0 {
		if _, err := strconv.ParseUint(raw, 10, 64); err == nil {
			return json.Number(raw)
		}
	}
	return raw
}

func (s *Server) readBody(req *request, hr *http.Request) error {
	body, err := readAll(hr, s.opts.MaxRequestBytes+1)
	if err != nil {
		return engine.BadRequest("could not read the request body: " + err.Error())
	}
	if int64(len(body)) > s.opts.MaxRequestBytes {
		return &engine.Error{Kind: engine.KindBadRequest, Msg: fmt.Sprintf("request body larger than %d bytes", s.opts.MaxRequestBytes)}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if req.op.Method == "DELETE" || req.op.Method == "GET" {
			return nil
		}
		return engine.FormatError("EOF while parsing a value at line 1 column 0")
	}
	v, err := jsonx.Parse(body)
	if err != nil {
		return engine.FormatError(err.Error())
	}
	if issues := oas.Validate(req.op.Body, v); len(issues) > 0 {
		if oas.HasStructural(issues) {
			return engine.FormatError(issues[0].String())
		}
		var parts []string
		for _, i := range issues {
			parts = append(parts, i.String())
		}
		return engine.Validation(strings.Join(parts, ", "))
	}
	req.body, req.hasBdy = v, true
	return nil
}

// readAll reads at most limit bytes of the body into one buffer sized by the declared
// Content-Length (io.ReadAll grows from 512 bytes: a query vector's ~8 KB body took
// five copies).
func readAll(hr *http.Request, limit int64) ([]byte, error) {
	n := hr.ContentLength
	if n < 0 || n >= limit {
		return io.ReadAll(io.LimitReader(hr.Body, limit))
	}
	buf := make([]byte, n+1) // one spare byte: a body longer than declared is read to its end
	got, err := io.ReadFull(hr.Body, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return buf[:got], nil
	}
	if err != nil {
		return nil, err
	}
	rest, err := io.ReadAll(io.LimitReader(hr.Body, limit-int64(got)))
	return append(buf, rest...), err
}

// --- writing ------------------------------------------------------------------------

func elapsed(start time.Time) string {
	return strconv.FormatFloat(time.Since(start).Seconds(), 'f', -1, 64)
}

func errorBody(msg string, start time.Time) []byte {
	b, _ := json.Marshal(msg)
	return []byte(`{"status":{"error":` + string(b) + `},"time":` + elapsed(start) + `}`)
}

func writeJSON(w http.ResponseWriter, code int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	w.Write(body)
}

func (s *Server) writeError(w http.ResponseWriter, start time.Time, err error) {
	status, msg := errorStatus(err)
	writeJSON(w, status, errorBody(msg, start))
}

func (s *Server) writeResult(w http.ResponseWriter, start time.Time, resp *response) {
	if resp.bare {
		writeJSON(w, http.StatusOK, resp.raw)
		return
	}
	raw := resp.raw
	if raw == nil {
		var err error
		raw, err = marshal(resp.result)
		if err != nil {
			s.writeError(w, start, err)
			return
		}
	}
	status := resp.status
	if status == "" {
		status = "ok"
	}
	var b bytes.Buffer
	b.Grow(len(raw) + 64)
	b.WriteString(`{"result":`)
	b.Write(raw)
	b.WriteString(`,"status":"` + status + `","time":` + elapsed(start) + `}`)
	code := resp.code
	if code == 0 {
		code = http.StatusOK
	}
	writeJSON(w, code, b.Bytes())
}

// marshal encodes without HTML escaping, keeping json.Number literals as they came.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

package server

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"

	"strata/vector-engine/internal/engine"
	"strata/vector-engine/internal/jsonx"
)

// The request body has passed schema validation, so these helpers only have to tell
// the allowed shapes apart, not defend against arbitrary JSON.

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func intOr(v any, def int) int {
	if n, ok := v.(json.Number); ok {
		if i, err := strconv.Atoi(string(n)); err == nil {
			return i
		}
	}
	return def
}

func floatPtr(v any) *float32 {
	n, ok := v.(json.Number)
	if !ok {
		return nil
	}
	f, err := strconv.ParseFloat(string(n), 32)
	if err != nil {
		return nil
	}
	f32 := float32(f)
	return &f32
}

func strList(v any) []string {
	a, _ := v.([]any)
	out := make([]string, 0, len(a))
	for _, e := range a {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

// denseVector converts a JSON array of numbers.
func denseVector(v any) ([]float32, bool) {
	a, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]float32, len(a))
	for i, e := range a {
		n, ok := e.(json.Number)
		if !ok {
			return nil, false
		}
		f, err := jsonx.ParseFloat32(string(n))
		if err != nil && !isRangeErr(err) {
			return nil, false
		}
		out[i] = f
	}
	return out, true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// isMulti reports an array of arrays (a multivector).
func isMulti(v any) bool {
	a, ok := v.([]any)
	if !ok || len(a) == 0 {
		return false
	}
	_, nested := a[0].([]any)
	return nested
}

// vectorKind names a non-dense vector input, for the "unsupported" message.
func vectorKind(v any) string {
	if isMulti(v) {
		return "multivectors"
	}
	m := obj(v)
	switch {
	case m == nil:
		return ""
	case m["model"] != nil:
		return "server-side inference (Document, Image, InferenceObject inputs)"
	}
	return ""
}

// namedDense reads one vector input that must be dense.
func namedDense(v any, what string) ([]float32, error) {
	if k := vectorKind(v); k != "" {
		return nil, engine.Unsupported(k)
	}
	d, ok := denseVector(v)
	if !ok {
		return nil, engine.BadRequest(what + " must be an array of numbers")
	}
	return d, nil
}

// sparseVector reads a SparseVector object (the schema has checked its shape).
func sparseVector(v any) (*engine.SparseVector, bool) {
	m := obj(v)
	if m == nil || m["indices"] == nil || m["values"] == nil {
		return nil, false
	}
	idx, _ := m["indices"].([]any)
	vals, ok := denseVector(m["values"])
	if !ok {
		return nil, false
	}
	out := &engine.SparseVector{Indices: make([]uint32, len(idx)), Values: vals}
	for i, e := range idx {
		n, err := strconv.ParseUint(string(e.(json.Number)), 10, 32)
		if err != nil {
			return nil, false
		}
		out.Indices[i] = uint32(n)
	}
	return out, true
}

// vectorValue reads one vector input: a dense vector, or a sparse one ({indices, values}).
func vectorValue(v any, what string) ([]float32, *engine.SparseVector, error) {
	if sv, ok := sparseVector(v); ok {
		return nil, sv, nil
	}
	d, err := namedDense(v, what)
	return d, nil, err
}

// vectorStruct reads PointStruct.vector: a plain vector ("" name) or a map of named
// dense and sparse vectors.
func vectorStruct(v any) (map[string][]float32, map[string]engine.SparseVector, error) {
	if _, ok := v.([]any); ok {
		d, err := namedDense(v, "vector")
		if err != nil {
			return nil, nil, err
		}
		return map[string][]float32{"": d}, nil, nil
	}
	m := obj(v)
	// VectorStruct is an untagged enum: a map of named vectors is tried before
	// Document/Image/InferenceObject, so {"image": [..]} is a vector named "image".
	named := m != nil
	for _, e := range m {
		switch e.(type) {
		case []any, map[string]any:
		default:
			named = false
		}
	}
	if _, isSparse := sparseVector(v); isSparse || !named {
		k := vectorKind(v)
		if k == "" {
			k = "this vector input"
		}
		return nil, nil, engine.Unsupported(k)
	}
	dense := make(map[string][]float32, len(m))
	var sparse map[string]engine.SparseVector
	for name, e := range m {
		d, sv, err := vectorValue(e, "vector `"+name+"`")
		if err != nil {
			return nil, nil, err
		}
		if sv != nil {
			if sparse == nil {
				sparse = map[string]engine.SparseVector{}
			}
			sparse[name] = *sv
			continue
		}
		dense[name] = d
	}
	return dense, sparse, nil
}

func idList(v any) ([]engine.PointID, error) {
	a, _ := v.([]any)
	out := make([]engine.PointID, 0, len(a))
	for _, e := range a {
		id, err := engine.ParseID(e)
		if err != nil {
			return nil, engine.FormatError(err.Error())
		}
		out = append(out, id)
	}
	return out, nil
}

// pointsInput reads PointInsertOperations (list or batch form).
func pointsInput(body map[string]any) ([]engine.PointInput, engine.UpsertOptions, error) {
	if body["shard_key"] != nil {
		return nil, engine.UpsertOptions{}, engine.Unsupported("custom sharding (`shard_key`)")
	}
	opts := engine.UpsertOptions{UpdateFilter: body["update_filter"]}
	opts.Mode, _ = body["update_mode"].(string)
	if list, ok := body["points"].([]any); ok {
		out := make([]engine.PointInput, 0, len(list))
		for _, p := range list {
			pm := obj(p)
			id, err := engine.ParseID(pm["id"])
			if err != nil {
				return nil, opts, engine.FormatError(err.Error())
			}
			vs, sv, err := vectorStruct(pm["vector"])
			if err != nil {
				return nil, opts, err
			}
			out = append(out, engine.PointInput{ID: id, Vectors: vs, Sparse: sv, Payload: jsonx.DetachMap(obj(pm["payload"]))})
		}
		return out, opts, nil
	}
	batch := obj(body["batch"])
	ids, err := idList(batch["ids"])
	if err != nil {
		return nil, opts, err
	}
	perName := map[string][]any{}
	switch vs := batch["vectors"].(type) {
	case []any:
		if len(vs) > 0 {
			if _, nested := vs[0].([]any); nested && isMulti(vs[0]) {
				return nil, opts, engine.Unsupported("multivectors")
			}
			if k := vectorKind(vs[0]); k != "" {
				return nil, opts, engine.Unsupported(k)
			}
		}
		perName[""] = vs
	case map[string]any:
		for name, list := range vs {
			perName[name], _ = list.([]any)
		}
	}
	payloads, _ := batch["payloads"].([]any)
	for name, list := range perName {
		if len(list) != len(ids) {
			return nil, opts, engine.BadRequest(fmt.Sprintf("number of vectors (%d) for `%s` does not match the number of ids (%d)", len(list), name, len(ids)))
		}
	}
	if payloads != nil && len(payloads) != len(ids) {
		return nil, opts, engine.BadRequest(fmt.Sprintf("number of payloads (%d) does not match the number of ids (%d)", len(payloads), len(ids)))
	}
	out := make([]engine.PointInput, len(ids))
	for i, id := range ids {
		p := engine.PointInput{ID: id, Vectors: map[string][]float32{}}
		for name, list := range perName {
			d, sv, err := vectorValue(list[i], "vector")
			if err != nil {
				return nil, opts, err
			}
			if sv != nil {
				if p.Sparse == nil {
					p.Sparse = map[string]engine.SparseVector{}
				}
				p.Sparse[name] = *sv
				continue
			}
			p.Vectors[name] = d
		}
		if payloads != nil {
			p.Payload = jsonx.DetachMap(obj(payloads[i]))
		}
		out[i] = p
	}
	return out, opts, nil
}

// selector reads ids-or-filter bodies (PointsSelector, SetPayload, DeletePayload, DeleteVectors).
func selector(body map[string]any) (engine.Selector, error) {
	if body["shard_key"] != nil {
		return engine.Selector{}, engine.Unsupported("custom sharding (`shard_key`)")
	}
	if pts, ok := body["points"].([]any); ok {
		ids, err := idList(pts)
		if err != nil {
			return engine.Selector{}, err
		}
		return engine.Selector{IDs: ids, HasIDs: true}, nil
	}
	if f, ok := body["filter"]; ok && f != nil {
		return engine.Selector{Filter: f}, nil
	}
	return engine.Selector{}, engine.BadRequest("either a list of point ids (`points`) or a `filter` must be provided")
}

func payloadSelector(v any, def bool) engine.PayloadSelector {
	switch t := v.(type) {
	case nil:
		return engine.PayloadSelector{All: def}
	case bool:
		return engine.PayloadSelector{All: t}
	case []any:
		return engine.PayloadSelector{Include: strList(t), Some: true}
	case map[string]any:
		if inc, ok := t["include"]; ok {
			return engine.PayloadSelector{Include: strList(inc), Some: true}
		}
		return engine.PayloadSelector{Exclude: strList(t["exclude"]), Some: true}
	}
	return engine.PayloadSelector{All: def}
}

func vectorSelector(v any) engine.VectorSelector {
	switch t := v.(type) {
	case bool:
		return engine.VectorSelector{All: t}
	case []any:
		return engine.VectorSelector{Names: strList(t)}
	}
	return engine.VectorSelector{}
}

// searchParams reads SearchParams, refusing the params whose effect is not reproduced.
func searchParams(v any) (engine.SearchParams, error) {
	p := obj(v)
	if p == nil {
		return engine.SearchParams{}, nil
	}
	if p["quantization"] != nil {
		return engine.SearchParams{}, engine.Unsupported("quantization search params (`params.quantization`); vectors are not quantized here")
	}
	exact, _ := p["exact"].(bool)
	return engine.SearchParams{HnswEf: intOr(p["hnsw_ef"], 0), Exact: exact}, nil
}

// --- output -------------------------------------------------------------------------

func appendFloat(b []byte, f float32) []byte {
	abs := math.Abs(float64(f))
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	return strconv.AppendFloat(b, float64(f), format, -1, 32)
}

func appendVector(b []byte, v []float32) []byte {
	b = append(b, '[')
	for i, f := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFloat(b, f)
	}
	return append(b, ']')
}

func appendSparse(b []byte, v engine.SparseVector) []byte {
	b = append(b, `{"indices":[`...)
	for i, x := range v.Indices {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(x), 10)
	}
	b = append(b, `],"values":`...)
	b = appendVector(b, v.Values)
	return append(b, '}')
}

func appendVectors(b []byte, v any) []byte {
	switch t := v.(type) {
	case []float32:
		return appendVector(b, t)
	case engine.SparseVector:
		return appendSparse(b, t)
	case map[string]any:
		names := make([]string, 0, len(t))
		for n := range t {
			names = append(names, n)
		}
		sort.Strings(names)
		b = append(b, '{')
		for i, n := range names {
			if i > 0 {
				b = append(b, ',')
			}
			k, _ := json.Marshal(n)
			b = append(b, k...)
			b = append(b, ':')
			b = appendVectors(b, t[n])
		}
		return append(b, '}')
	}
	return append(b, "null"...)
}

// appendRecord writes a Record (scored=false) or a ScoredPoint (scored=true).
func appendRecord(b []byte, r engine.Record, scored bool) []byte {
	b = append(b, `{"id":`...)
	b = r.ID.AppendJSON(b)
	if scored {
		b = append(b, `,"version":`...)
		b = strconv.AppendUint(b, r.Version, 10)
		b = append(b, `,"score":`...)
		b = appendFloat(b, r.Score)
	}
	b = append(b, `,"payload":`...)
	if r.HasPayload {
		p := r.Payload
		if p == nil {
			p = engine.Payload{}
		}
		pj, err := marshal(p)
		if err != nil {
			pj = []byte("{}")
		}
		b = append(b, pj...)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"vector":`...)
	b = appendVectors(b, r.Vector)
	if r.OrderValue != nil {
		b = append(b, `,"order_value":`...)
		ov, _ := json.Marshal(r.OrderValue)
		b = append(b, ov...)
	}
	return append(b, '}')
}

func appendRecords(b []byte, rs []engine.Record, scored bool) []byte {
	b = append(b, '[')
	for i, r := range rs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendRecord(b, r, scored)
	}
	return append(b, ']')
}

func updateResult(r engine.UpdateResult) map[string]any {
	status := "completed"
	if !r.Completed {
		status = "acknowledged"
	}
	return map[string]any{"operation_id": r.OperationID, "status": status}
}

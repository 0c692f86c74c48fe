package server

import (
	"encoding/json"
	"fmt"
	"strconv"

	"strata/vector-engine/internal/engine"
)

// The Query API (and the 1.18 search/recommend endpoints) read into engine.Query: a
// typed tree of prefetches, each with its nearest-vector or fusion query, filter and
// limit. Point ids in queries are resolved to their vectors here and excluded from the
// results, as Qdrant does.

// unsupportedQueries names the Query API variants this engine refuses.
var unsupportedQueries = []struct{ key, what string }{
	{"discover", "discovery queries (`discover`)"},
	{"context", "context queries (`context`)"},
	{"order_by", "order_by queries in the Query API (use scroll with order_by)"},
	{"formula", "formula queries (`formula`)"},
	{"sample", "random sampling (`sample`)"},
	{"relevance_feedback", "relevance feedback queries (`relevance_feedback`)"},
}

// queryNearest resolves a VectorInput: a dense or sparse vector, or a point id whose
// vector is used (the point itself is then excluded from the results).
func queryNearest(c *engine.Collection, using string, v any) (engine.Nearest, []engine.PointID, error) {
	switch t := v.(type) {
	case []any, map[string]any:
		d, sv, err := vectorValue(t, "query")
		return engine.Nearest{Using: using, Dense: d, Sparse: sv}, nil, err
	default:
		id, err := engine.ParseID(v)
		if err != nil {
			return engine.Nearest{}, nil, engine.FormatError(err.Error())
		}
		n, err := c.PointNearest(using, id)
		if err != nil {
			return engine.Nearest{}, nil, err
		}
		return n, []engine.PointID{id}, nil
	}
}

// averageVector implements the average_vector recommendation strategy (dense vectors):
// mean(positive) + (mean(positive) - mean(negative)).
func averageVector(c *engine.Collection, using string, positive, negative []any, strategy string) ([]float32, []engine.PointID, error) {
	if strategy != "" && strategy != "average_vector" {
		return nil, nil, engine.Unsupported(fmt.Sprintf("the `%s` recommendation strategy (only `average_vector` is implemented)", strategy))
	}
	var exclude []engine.PointID
	mean := func(list []any) ([]float32, error) {
		var sum []float32
		for _, ex := range list {
			n, ids, err := queryNearest(c, using, ex)
			if err != nil {
				return nil, err
			}
			if n.Sparse != nil {
				return nil, engine.Unsupported("recommendation with sparse vectors")
			}
			v := n.Dense
			exclude = append(exclude, ids...)
			if sum == nil {
				sum = make([]float32, len(v))
			}
			if len(v) != len(sum) {
				return nil, &engine.Error{Kind: engine.KindBadInput, Msg: fmt.Sprintf("Vector dimension error: expected dim: %d, got %d", len(sum), len(v))}
			}
			for i := range v {
				sum[i] += v[i]
			}
		}
		for i := range sum {
			sum[i] /= float32(len(list))
		}
		return sum, nil
	}
	if len(positive) == 0 {
		return nil, nil, &engine.Error{Kind: engine.KindBadInput, Msg: "At least one positive vector ID required"}
	}
	pos, err := mean(positive)
	if err != nil {
		return nil, nil, err
	}
	if len(negative) == 0 {
		return pos, exclude, nil
	}
	neg, err := mean(negative)
	if err != nil {
		return nil, nil, err
	}
	if len(neg) != len(pos) {
		return nil, nil, &engine.Error{Kind: engine.KindBadInput, Msg: fmt.Sprintf("Vector dimension error: expected dim: %d, got %d", len(pos), len(neg))}
	}
	for i := range pos {
		pos[i] = pos[i] + pos[i] - neg[i]
	}
	return pos, exclude, nil
}

// queryReader builds an engine.Query from a QueryRequest or Prefetch body, collecting
// the point ids the queries refer to.
type queryReader struct {
	c       *engine.Collection
	exclude []engine.PointID
}

func (qr *queryReader) read(b map[string]any, root bool) (engine.Query, error) {
	var q engine.Query
	if b["lookup_from"] != nil {
		return q, engine.Unsupported("`lookup_from`")
	}
	if root && b["shard_key"] != nil {
		return q, engine.Unsupported("custom sharding (`shard_key`)")
	}
	params, err := searchParams(b["params"])
	if err != nil {
		return q, err
	}
	using, _ := b["using"].(string)
	q.Params, q.Filter, q.Threshold, q.Limit = params, b["filter"], floatPtr(b["score_threshold"]), intOr(b["limit"], 10)
	if root {
		q.Offset = intOr(b["offset"], 0)
		q.WithPayload = payloadSelector(b["with_payload"], false)
		q.WithVector = vectorSelector(b["with_vector"])
	}
	var prefetches []any
	switch p := b["prefetch"].(type) {
	case map[string]any:
		prefetches = []any{p}
	case []any:
		prefetches = p
	}
	for _, p := range prefetches {
		sub, err := qr.read(obj(p), false)
		if err != nil {
			return q, err
		}
		q.Prefetch = append(q.Prefetch, sub)
	}
	if err := qr.readQuery(&q, using, b["query"]); err != nil {
		return q, err
	}
	return q, nil
}

// readQuery reads QueryInterface: a vector or point id, {nearest}, {recommend},
// {fusion}, {rrf}, or nothing.
func (qr *queryReader) readQuery(q *engine.Query, using string, v any) error {
	if v == nil {
		return nil
	}
	m, isObj := v.(map[string]any)
	if isObj {
		if _, sparse := sparseVector(m); !sparse {
			if k := vectorKind(m); k != "" {
				return engine.Unsupported(k)
			}
			for _, u := range unsupportedQueries {
				if m[u.key] != nil {
					return engine.Unsupported(u.what)
				}
			}
			switch {
			case m["nearest"] != nil:
				if m["mmr"] != nil {
					return engine.Unsupported("maximal marginal relevance (`mmr`)")
				}
				return qr.readQuery(q, using, m["nearest"])
			case m["recommend"] != nil:
				ri := obj(m["recommend"])
				pos, _ := ri["positive"].([]any)
				neg, _ := ri["negative"].([]any)
				strategy, _ := ri["strategy"].(string)
				vec, excl, err := averageVector(qr.c, using, pos, neg, strategy)
				if err != nil {
					return err
				}
				qr.exclude = append(qr.exclude, excl...)
				q.Nearest = &engine.Nearest{Using: using, Dense: vec}
				return nil
			case m["fusion"] != nil:
				method, _ := m["fusion"].(string)
				q.Fusion = &engine.Fusion{Method: method}
				return nil
			case m["rrf"] != nil:
				r := obj(m["rrf"])
				q.Fusion = &engine.Fusion{Method: "rrf", K: intOr(r["k"], 0)}
				if ws, ok := r["weights"].([]any); ok {
					q.Fusion.Weights = make([]float32, len(ws))
					for i, w := range ws {
						f, _ := strconv.ParseFloat(string(w.(json.Number)), 32)
						q.Fusion.Weights[i] = float32(f)
					}
				}
				return nil
			}
		}
	}
	n, excl, err := queryNearest(qr.c, using, v)
	if err != nil {
		return err
	}
	qr.exclude = append(qr.exclude, excl...)
	q.Nearest = &n
	return nil
}

// runQuery executes one QueryRequest and returns its points as ScoredPoint JSON.
func runQuery(c *engine.Collection, b map[string]any) ([]byte, error) {
	qr := &queryReader{c: c}
	q, err := qr.read(b, true)
	if err != nil {
		return nil, err
	}
	q.Exclude = qr.exclude
	recs, err := c.Query(q)
	if err != nil {
		return nil, err
	}
	return pointsJSON(recs), nil
}

func pointsJSON(recs []engine.Record) []byte {
	out := []byte(`{"points":`)
	out = appendRecords(out, recs, true)
	return append(out, '}')
}

// runSearch serves the 1.18 /points/search: the result is the list of ScoredPoint itself.
func runSearch(c *engine.Collection, b map[string]any) ([]byte, error) {
	if b["shard_key"] != nil {
		return nil, engine.Unsupported("custom sharding (`shard_key`)")
	}
	params, err := searchParams(b["params"])
	if err != nil {
		return nil, err
	}
	q := engine.Query{
		Filter:      b["filter"],
		Limit:       intOr(b["limit"], 10),
		Offset:      intOr(b["offset"], 0),
		Threshold:   floatPtr(b["score_threshold"]),
		WithPayload: payloadSelector(b["with_payload"], false),
		WithVector:  vectorSelector(b["with_vector"]),
		Params:      params,
	}
	v, using := b["vector"], ""
	if m := obj(v); m != nil && m["name"] != nil { // NamedVector or NamedSparseVector
		using, _ = m["name"].(string)
		v = m["vector"]
	}
	d, sv, err := vectorValue(v, "vector")
	if err != nil {
		return nil, err
	}
	q.Nearest = &engine.Nearest{Using: using, Dense: d, Sparse: sv}
	recs, err := c.Query(q)
	if err != nil {
		return nil, err
	}
	return appendRecords(nil, recs, true), nil
}

// runRecommend serves the 1.18 /points/recommend (average_vector strategy).
func runRecommend(c *engine.Collection, b map[string]any) ([]byte, error) {
	if b["lookup_from"] != nil {
		return nil, engine.Unsupported("`lookup_from`")
	}
	if b["shard_key"] != nil {
		return nil, engine.Unsupported("custom sharding (`shard_key`)")
	}
	params, err := searchParams(b["params"])
	if err != nil {
		return nil, err
	}
	using, _ := b["using"].(string)
	pos, _ := b["positive"].([]any)
	neg, _ := b["negative"].([]any)
	strategy, _ := b["strategy"].(string)
	vec, excl, err := averageVector(c, using, pos, neg, strategy)
	if err != nil {
		return nil, err
	}
	recs, err := c.Query(engine.Query{
		Nearest: &engine.Nearest{Using: using, Dense: vec}, Exclude: excl,
		Filter:      b["filter"],
		Limit:       intOr(b["limit"], 10),
		Offset:      intOr(b["offset"], 0),
		Threshold:   floatPtr(b["score_threshold"]),
		WithPayload: payloadSelector(b["with_payload"], false),
		WithVector:  vectorSelector(b["with_vector"]),
		Params:      params,
	})
	if err != nil {
		return nil, err
	}
	return appendRecords(nil, recs, true), nil
}

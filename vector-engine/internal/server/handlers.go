package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"strata/vector-engine/internal/engine"
	"strata/vector-engine/internal/jsonx"
)

var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"root":                    root,
		"healthz":                 health("healthz check passed"),
		"livez":                   health("healthz check passed"),
		"readyz":                  readyz,
		"cluster_status":          clusterStatus,
		"get_collections":         getCollections,
		"get_collection":          getCollection,
		"create_collection":       createCollection,
		"update_collection":       updateCollection,
		"delete_collection":       deleteCollection,
		"collection_exists":       collectionExists,
		"update_aliases":          updateAliases,
		"get_collection_aliases":  getCollectionAliases,
		"get_collections_aliases": getAllAliases,
		"create_field_index":      createFieldIndex,
		"delete_field_index":      deleteFieldIndex,
		"get_point":               getPoint,
		"get_points":              getPoints,
		"upsert_points":           upsertPoints,
		"delete_points":           update(doDelete),
		"update_vectors":          update(doUpdateVectors),
		"delete_vectors":          update(doDeleteVectors),
		"set_payload":             setPayload(false),
		"overwrite_payload":       setPayload(true),
		"delete_payload":          update(doDeletePayload),
		"clear_payload":           update(doClearPayload),
		"batch_update":            batchUpdate,
		"scroll_points":           scrollPoints,
		"count_points":            countPoints,
		"query_points":            single(runQuery),
		"query_batch_points":      batch(runQuery),
		"search_points":           single(runSearch),
		"search_batch_points":     batch(runSearch),
		"recommend_points":        single(runRecommend),
		"recommend_batch_points":  batch(runRecommend),
	}
}

func ok(result any) (*response, error) { return &response{result: result}, nil }

// root answers VersionInfo itself, without the result envelope, as Qdrant does.
func root(s *Server, r *request) (*response, error) {
	b, err := marshal(map[string]any{"title": "strata-vector (qdrant-compatible vector search engine)", "version": Version, "commit": "strata-vector " + s.opts.BuildVersion})
	if err != nil {
		return nil, err
	}
	return &response{raw: b, bare: true}, nil
}

func health(text string) handler {
	return func(s *Server, r *request) (*response, error) { return &response{text: text}, nil }
}

func readyz(s *Server, r *request) (*response, error) {
	if !s.eng.Ready() {
		return &response{text: "some shards are not ready", code: http.StatusServiceUnavailable}, nil
	}
	return &response{text: "all shards are ready"}, nil
}

func clusterStatus(s *Server, r *request) (*response, error) {
	return ok(map[string]any{"status": "disabled"})
}

func (s *Server) coll(r *request) (*engine.Collection, error) {
	return s.eng.Resolve(r.path["collection_name"])
}

func body(r *request) map[string]any {
	m, _ := r.body.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	return m
}

// --- collections ----------------------------------------------------------------------

func getCollections(s *Server, r *request) (*response, error) {
	list := []map[string]any{}
	for _, n := range s.eng.Names() {
		list = append(list, map[string]any{"name": n})
	}
	return ok(map[string]any{"collections": list})
}

func getCollection(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	return ok(c.Info())
}

func validName(name string) error {
	if err := engine.ValidateName(name); err != nil {
		return &engine.Error{Kind: engine.KindValidation, Msg: "collection_name: " + err.Error()}
	}
	return nil
}

func createCollection(s *Server, r *request) (*response, error) {
	name := r.path["collection_name"]
	if err := validName(name); err != nil {
		return nil, err
	}
	b := jsonx.DetachMap(body(r)) // kept as the collection's config
	if b["init_from"] != nil {
		return nil, engine.Unsupported("`init_from`")
	}
	if err := s.eng.Create(name, b); err != nil {
		return nil, err
	}
	return ok(true)
}

func updateCollection(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	if err := c.Update(jsonx.DetachMap(body(r))); err != nil {
		return nil, err
	}
	return ok(true)
}

func deleteCollection(s *Server, r *request) (*response, error) {
	deleted, err := s.eng.Delete(r.path["collection_name"])
	if err != nil {
		return nil, err
	}
	return ok(deleted)
}

func collectionExists(s *Server, r *request) (*response, error) {
	return ok(map[string]any{"exists": s.eng.Exists(r.path["collection_name"])})
}

func updateAliases(s *Server, r *request) (*response, error) {
	var actions []engine.AliasAction
	for _, a := range jsonx.Detach(body(r)["actions"]).([]any) {
		m := obj(a)
		switch {
		case m["create_alias"] != nil:
			ca := obj(m["create_alias"])
			actions = append(actions, engine.AliasAction{Kind: "create", Alias: ca["alias_name"].(string), Collection: ca["collection_name"].(string)})
		case m["delete_alias"] != nil:
			actions = append(actions, engine.AliasAction{Kind: "delete", Alias: obj(m["delete_alias"])["alias_name"].(string)})
		case m["rename_alias"] != nil:
			ra := obj(m["rename_alias"])
			actions = append(actions, engine.AliasAction{Kind: "rename", Alias: ra["old_alias_name"].(string), NewAlias: ra["new_alias_name"].(string)})
		}
	}
	if err := s.eng.UpdateAliases(actions); err != nil {
		return nil, err
	}
	return ok(true)
}

func getCollectionAliases(s *Server, r *request) (*response, error) {
	name := r.path["collection_name"]
	if _, err := s.eng.Resolve(name); err != nil {
		return nil, err
	}
	return ok(map[string]any{"aliases": s.eng.Aliases(name)})
}

func getAllAliases(s *Server, r *request) (*response, error) {
	return ok(map[string]any{"aliases": s.eng.Aliases("")})
}

func createFieldIndex(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	b := jsonx.DetachMap(body(r))
	res, err := c.CreateIndex(b["field_name"].(string), b["field_schema"])
	if err != nil {
		return nil, err
	}
	return ok(updateResult(res))
}

func deleteFieldIndex(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	res, err := c.DeleteIndex(r.path["field_name"])
	if err != nil {
		return nil, err
	}
	return ok(updateResult(res))
}

// --- points: reads --------------------------------------------------------------------

func getPoint(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	raw := r.path["id"]
	var idv any = raw
	if raw != "" && strings.Trim(raw, "0123456789") == "" {
		idv = json.Number(raw)
	}
	id, err := engine.ParseID(idv)
	if err != nil {
		return nil, &engine.Error{Kind: engine.KindBadRequest, Msg: "Unable to parse UUID: " + raw}
	}
	rec, err := c.Get(id)
	if err != nil {
		return nil, err
	}
	return &response{raw: appendRecord(nil, rec, false)}, nil
}

func getPoints(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	b := body(r)
	if b["shard_key"] != nil {
		return nil, engine.Unsupported("custom sharding (`shard_key`)")
	}
	ids, err := idList(b["ids"])
	if err != nil {
		return nil, err
	}
	recs := c.Retrieve(ids, payloadSelector(b["with_payload"], true), vectorSelector(b["with_vector"]))
	return &response{raw: appendRecords(nil, recs, false)}, nil
}

func scrollPoints(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	b := body(r)
	if b["shard_key"] != nil {
		return nil, engine.Unsupported("custom sharding (`shard_key`)")
	}
	req := engine.ScrollRequest{
		Filter:      b["filter"],
		Limit:       intOr(b["limit"], 10),
		WithPayload: payloadSelector(b["with_payload"], true),
		WithVector:  vectorSelector(b["with_vector"]),
	}
	if b["offset"] != nil {
		id, err := engine.ParseID(b["offset"])
		if err != nil {
			return nil, engine.FormatError(err.Error())
		}
		req.Offset = &id
	}
	switch ob := b["order_by"].(type) {
	case string:
		req.OrderBy = &engine.OrderBy{Key: ob}
	case map[string]any:
		req.OrderBy = &engine.OrderBy{Key: ob["key"].(string), StartFrom: ob["start_from"]}
		if d, _ := ob["direction"].(string); d == "desc" {
			req.OrderBy.Desc = true
		}
	}
	recs, next, err := c.Scroll(req)
	if err != nil {
		return nil, err
	}
	out := []byte(`{"points":`)
	out = appendRecords(out, recs, false)
	out = append(out, `,"next_page_offset":`...)
	if next != nil {
		out = next.AppendJSON(out)
	} else {
		out = append(out, "null"...)
	}
	out = append(out, '}')
	return &response{raw: out}, nil
}

func countPoints(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	b := body(r)
	if b["shard_key"] != nil {
		return nil, engine.Unsupported("custom sharding (`shard_key`)")
	}
	n, err := c.Count(b["filter"])
	if err != nil {
		return nil, err
	}
	return ok(map[string]any{"count": n})
}

// --- points: writes --------------------------------------------------------------------

func upsertPoints(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	points, opts, err := pointsInput(body(r))
	if err != nil {
		return nil, err
	}
	r.body = nil // the decoded tree is garbage from here on, even while we wait for the fsync
	res, err := c.Upsert(points, opts, r.wait())
	if err != nil {
		return nil, err
	}
	return ok(updateResult(res))
}

func doUpsert(c *engine.Collection, b map[string]any, wait bool) (engine.UpdateResult, error) {
	points, opts, err := pointsInput(b)
	if err != nil {
		return engine.UpdateResult{}, err
	}
	return c.Upsert(points, opts, wait)
}

func doDelete(c *engine.Collection, b map[string]any, wait bool) (engine.UpdateResult, error) {
	sel, err := selector(b)
	if err != nil {
		return engine.UpdateResult{}, err
	}
	return c.Delete(sel, wait)
}

func setPayload(overwrite bool) handler {
	return func(s *Server, r *request) (*response, error) {
		c, err := s.coll(r)
		if err != nil {
			return nil, err
		}
		res, err := doSetPayload(c, body(r), overwrite, r.wait())
		if err != nil {
			return nil, err
		}
		return ok(updateResult(res))
	}
}

func doSetPayload(c *engine.Collection, b map[string]any, overwrite, wait bool) (engine.UpdateResult, error) {
	sel, err := selector(b)
	if err != nil {
		return engine.UpdateResult{}, err
	}
	key, _ := b["key"].(string)
	return c.SetPayload(sel, jsonx.DetachMap(obj(b["payload"])), key, overwrite, wait)
}

func doDeletePayload(c *engine.Collection, b map[string]any, wait bool) (engine.UpdateResult, error) {
	sel, err := selector(b)
	if err != nil {
		return engine.UpdateResult{}, err
	}
	return c.DeletePayload(sel, strList(b["keys"]), wait)
}

func doClearPayload(c *engine.Collection, b map[string]any, wait bool) (engine.UpdateResult, error) {
	sel, err := selector(b)
	if err != nil {
		return engine.UpdateResult{}, err
	}
	return c.ClearPayload(sel, wait)
}

func doUpdateVectors(c *engine.Collection, b map[string]any, wait bool) (engine.UpdateResult, error) {
	if b["shard_key"] != nil {
		return engine.UpdateResult{}, engine.Unsupported("custom sharding (`shard_key`)")
	}
	var pts []engine.PointInput
	for _, p := range b["points"].([]any) {
		pm := obj(p)
		id, err := engine.ParseID(pm["id"])
		if err != nil {
			return engine.UpdateResult{}, engine.FormatError(err.Error())
		}
		vs, err := vectorStruct(pm["vector"])
		if err != nil {
			return engine.UpdateResult{}, err
		}
		pts = append(pts, engine.PointInput{ID: id, Vectors: vs})
	}
	return c.UpdateVectors(pts, b["update_filter"], wait)
}

func doDeleteVectors(c *engine.Collection, b map[string]any, wait bool) (engine.UpdateResult, error) {
	sel, err := selector(b)
	if err != nil {
		return engine.UpdateResult{}, err
	}
	return c.DeleteVectors(sel, strList(b["vector"]), wait)
}

func batchUpdate(s *Server, r *request) (*response, error) {
	c, err := s.coll(r)
	if err != nil {
		return nil, err
	}
	wait := r.wait()
	results := []map[string]any{}
	for _, raw := range body(r)["operations"].([]any) {
		m := obj(raw)
		var res engine.UpdateResult
		var err error
		switch {
		case m["upsert"] != nil:
			res, err = doUpsert(c, obj(m["upsert"]), wait)
		case m["delete"] != nil:
			res, err = doDelete(c, obj(m["delete"]), wait)
		case m["set_payload"] != nil:
			res, err = doSetPayload(c, obj(m["set_payload"]), false, wait)
		case m["overwrite_payload"] != nil:
			res, err = doSetPayload(c, obj(m["overwrite_payload"]), true, wait)
		case m["delete_payload"] != nil:
			res, err = doDeletePayload(c, obj(m["delete_payload"]), wait)
		case m["clear_payload"] != nil:
			res, err = doClearPayload(c, obj(m["clear_payload"]), wait)
		case m["update_vectors"] != nil:
			res, err = doUpdateVectors(c, obj(m["update_vectors"]), wait)
		case m["delete_vectors"] != nil:
			res, err = doDeleteVectors(c, obj(m["delete_vectors"]), wait)
		default:
			err = engine.BadRequest("unknown update operation")
		}
		if err != nil {
			return nil, err
		}
		results = append(results, updateResult(res))
	}
	return ok(results)
}

// --- search ------------------------------------------------------------------------------

// unsupportedQueries names the Query API variants this engine refuses.
var unsupportedQueries = []struct{ key, what string }{
	{"discover", "discovery queries (`discover`)"},
	{"context", "context queries (`context`)"},
	{"order_by", "order_by queries in the Query API (use scroll with order_by)"},
	{"fusion", "fusion queries (`fusion`)"},
	{"rrf", "reciprocal rank fusion (`rrf`)"},
	{"formula", "formula queries (`formula`)"},
	{"sample", "random sampling (`sample`)"},
	{"relevance_feedback", "relevance feedback queries (`relevance_feedback`)"},
}

// queryVector resolves a VectorInput: a dense vector, or a point id whose vector is used
// (the point itself is then excluded from the results, as Qdrant does).
func queryVector(c *engine.Collection, using string, v any) ([]float32, []engine.PointID, error) {
	switch t := v.(type) {
	case []any:
		d, err := namedDense(t, "query")
		return d, nil, err
	case map[string]any:
		if k := vectorKind(t); k != "" {
			return nil, nil, engine.Unsupported(k)
		}
		return nil, nil, engine.BadRequest("unrecognised query vector")
	default:
		id, err := engine.ParseID(v)
		if err != nil {
			return nil, nil, engine.FormatError(err.Error())
		}
		vec, err := c.PointVector(using, id)
		if err != nil {
			return nil, nil, err
		}
		return vec, []engine.PointID{id}, nil
	}
}

// averageVector implements the average_vector recommendation strategy:
// mean(positive) + (mean(positive) - mean(negative)).
func averageVector(c *engine.Collection, using string, positive, negative []any, strategy string) ([]float32, []engine.PointID, error) {
	if strategy != "" && strategy != "average_vector" {
		return nil, nil, engine.Unsupported(fmt.Sprintf("the `%s` recommendation strategy (only `average_vector` is implemented)", strategy))
	}
	var exclude []engine.PointID
	mean := func(list []any) ([]float32, error) {
		var sum []float32
		for _, ex := range list {
			v, ids, err := queryVector(c, using, ex)
			if err != nil {
				return nil, err
			}
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

// runQuery executes one QueryRequest and returns its points as ScoredPoint JSON.
func runQuery(c *engine.Collection, b map[string]any) ([]byte, error) {
	if b["prefetch"] != nil {
		return nil, engine.Unsupported("prefetch (hybrid and multi-stage queries)")
	}
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
	req := engine.SearchRequest{
		Using:       using,
		Filter:      b["filter"],
		Limit:       intOr(b["limit"], 10),
		Offset:      intOr(b["offset"], 0),
		Threshold:   floatPtr(b["score_threshold"]),
		WithPayload: payloadSelector(b["with_payload"], false),
		WithVector:  vectorSelector(b["with_vector"]),
		Params:      params,
	}
	q := b["query"]
	if q == nil {
		// no query: points in id order, as scroll gives them, with score 0
		recs, _, err := c.Scroll(engine.ScrollRequest{Filter: req.Filter, Limit: req.Offset + req.Limit, WithPayload: req.WithPayload, WithVector: req.WithVector})
		if err != nil {
			return nil, err
		}
		if req.Offset < len(recs) {
			recs = recs[req.Offset:]
		} else {
			recs = nil
		}
		return pointsJSON(recs), nil
	}
	if m, isObj := q.(map[string]any); isObj && vectorKind(m) == "" {
		for _, u := range unsupportedQueries {
			if m[u.key] != nil {
				return nil, engine.Unsupported(u.what)
			}
		}
		switch {
		case m["nearest"] != nil:
			if m["mmr"] != nil {
				return nil, engine.Unsupported("maximal marginal relevance (`mmr`)")
			}
			q = m["nearest"]
		case m["recommend"] != nil:
			ri := obj(m["recommend"])
			pos, _ := ri["positive"].([]any)
			neg, _ := ri["negative"].([]any)
			strategy, _ := ri["strategy"].(string)
			vec, excl, err := averageVector(c, using, pos, neg, strategy)
			if err != nil {
				return nil, err
			}
			req.Vector, req.Exclude = vec, excl
			return search(c, req)
		}
	}
	vec, excl, err := queryVector(c, using, q)
	if err != nil {
		return nil, err
	}
	req.Vector, req.Exclude = vec, excl
	return search(c, req)
}

func search(c *engine.Collection, req engine.SearchRequest) ([]byte, error) {
	if _, _, ok := c.VectorInfo(req.Using); !ok {
		return nil, &engine.Error{Kind: engine.KindBadInput, Msg: fmt.Sprintf("Not existing vector name error: %s", req.Using)}
	}
	recs, err := c.Search(req)
	if err != nil {
		return nil, err
	}
	return pointsJSON(recs), nil
}

// updater applies one point/payload/vector change from a request body to a collection.
type updater func(c *engine.Collection, b map[string]any, wait bool) (engine.UpdateResult, error)

// update serves an endpoint that applies one updater and answers Qdrant's UpdateResult.
func update(op updater) handler {
	return func(s *Server, r *request) (*response, error) {
		c, err := s.coll(r)
		if err != nil {
			return nil, err
		}
		res, err := op(c, body(r), r.wait())
		if err != nil {
			return nil, err
		}
		return ok(updateResult(res))
	}
}

// runner answers one query-like request (query, search, recommend) with its JSON result.
type runner func(c *engine.Collection, b map[string]any) ([]byte, error)

// single serves the one-request form of a runner's endpoint.
func single(run runner) handler {
	return func(s *Server, r *request) (*response, error) {
		c, err := s.coll(r)
		if err != nil {
			return nil, err
		}
		out, err := run(c, body(r))
		if err != nil {
			return nil, err
		}
		return &response{raw: out}, nil
	}
}

// batch serves the `/batch` form: the runner's results for each of `searches`, in order, as a JSON array.
func batch(run runner) handler {
	return func(s *Server, r *request) (*response, error) {
		c, err := s.coll(r)
		if err != nil {
			return nil, err
		}
		out := []byte{'['}
		for i, q := range body(r)["searches"].([]any) {
			res, err := run(c, obj(q))
			if err != nil {
				return nil, err
			}
			if i > 0 {
				out = append(out, ',')
			}
			out = append(out, res...)
		}
		return &response{raw: append(out, ']')}, nil
	}
}

func pointsJSON(recs []engine.Record) []byte {
	out := []byte(`{"points":`)
	out = appendRecords(out, recs, true)
	return append(out, '}')
}

// legacy /points/search: the result is the list of ScoredPoint itself
func runSearch(c *engine.Collection, b map[string]any) ([]byte, error) {
	if b["shard_key"] != nil {
		return nil, engine.Unsupported("custom sharding (`shard_key`)")
	}
	params, err := searchParams(b["params"])
	if err != nil {
		return nil, err
	}
	req := engine.SearchRequest{
		Filter:      b["filter"],
		Limit:       intOr(b["limit"], 10),
		Offset:      intOr(b["offset"], 0),
		Threshold:   floatPtr(b["score_threshold"]),
		WithPayload: payloadSelector(b["with_payload"], false),
		WithVector:  vectorSelector(b["with_vector"]),
		Params:      params,
	}
	v := b["vector"]
	if m := obj(v); m != nil {
		req.Using, _ = m["name"].(string)
		v = m["vector"]
		if obj(v) != nil {
			return nil, engine.Unsupported("sparse vectors")
		}
	}
	d, err := namedDense(v, "vector")
	if err != nil {
		return nil, err
	}
	req.Vector = d
	if _, _, ok := c.VectorInfo(req.Using); !ok {
		return nil, &engine.Error{Kind: engine.KindBadInput, Msg: fmt.Sprintf("Not existing vector name error: %s", req.Using)}
	}
	recs, err := c.Search(req)
	if err != nil {
		return nil, err
	}
	return appendRecords(nil, recs, true), nil
}

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
	recs, err := c.Search(engine.SearchRequest{
		Using: using, Vector: vec, Exclude: excl,
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

package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

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
		"telemetry":               telemetry,
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
		// snapshot.go; full-storage and shard snapshots stay unsupported
		"create_snapshot":                createSnapshot,
		"list_snapshots":                 listSnapshots,
		"get_snapshot":                   getSnapshot,
		"delete_snapshot":                deleteSnapshot,
		"recover_from_snapshot":          recoverFromSnapshot,
		"recover_from_uploaded_snapshot": recoverFromUpload,
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

// telemetry answers the document's minimal TelemetryData: this process's id, the app
// (name, API version, start time) and the number of collections. Request counters,
// hardware and cluster details are not collected.
func telemetry(s *Server, r *request) (*response, error) {
	return ok(map[string]any{
		"id": s.instanceID,
		"app": map[string]any{
			"name":    "strata-vector",
			"version": Version,
			"startup": s.started.UTC().Format(time.RFC3339Nano),
		},
		"collections": map[string]any{"number_of_collections": len(s.eng.Names())},
	})
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
	// the index is built before answering either way; without wait Qdrant answers "acknowledged"
	res.Completed = r.wait()
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
	res.Completed = r.wait()
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
		vs, sv, err := vectorStruct(pm["vector"])
		if err != nil {
			return engine.UpdateResult{}, err
		}
		pts = append(pts, engine.PointInput{ID: id, Vectors: vs, Sparse: sv})
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

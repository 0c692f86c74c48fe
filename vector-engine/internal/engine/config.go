package engine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// collConfig is what a collection was created with (and updated to), persisted as
// config.json. Qdrant-only knobs that do not change results here (HNSW, optimizers,
// WAL sizing, quantization, replication) are kept verbatim and echoed back.
type collConfig struct {
	Name         string                    `json:"name"`
	Named        bool                      `json:"named"`
	Vectors      map[string]map[string]any `json:"vectors"`
	Sparse       map[string]map[string]any `json:"sparse_vectors,omitempty"`
	Params       map[string]any            `json:"params"`
	Hnsw         map[string]any            `json:"hnsw_config"`
	Optimizers   map[string]any            `json:"optimizer_config"`
	Wal          map[string]any            `json:"wal_config"`
	Quantization any                       `json:"quantization_config"`
	StrictMode   any                       `json:"strict_mode_config"`
	Metadata     map[string]any            `json:"metadata,omitempty"`
	Indexes      map[string]IndexSpec      `json:"payload_indexes"`
}

func jn(s string) json.Number { return json.Number(s) }

func defaultHnsw() map[string]any {
	return map[string]any{"m": jn("16"), "ef_construct": jn("100"), "full_scan_threshold": jn("10000"), "max_indexing_threads": jn("0"), "on_disk": false}
}

func defaultOptimizers() map[string]any {
	return map[string]any{
		"deleted_threshold": jn("0.2"), "vacuum_min_vector_number": jn("1000"), "default_segment_number": jn("0"),
		"max_segment_size": nil, "memmap_threshold": nil, "indexing_threshold": jn("10000"),
		"flush_interval_sec": jn("5"), "max_optimization_threads": nil,
	}
}

func defaultWal() map[string]any {
	return map[string]any{"wal_capacity_mb": jn("32"), "wal_segments_ahead": jn("0"), "wal_retain_closed": jn("1")}
}

func defaultParams() map[string]any {
	return map[string]any{"shard_number": jn("1"), "replication_factor": jn("1"), "write_consistency_factor": jn("1"), "on_disk_payload": true}
}

// mergeDiff copies the non-null fields of a *Diff object over base.
func mergeDiff(base map[string]any, diff any) {
	d, ok := diff.(map[string]any)
	if !ok {
		return
	}
	for k, v := range d {
		if v != nil {
			base[k] = v
		}
	}
}

func intOf(v any) int {
	switch t := v.(type) {
	case json.Number:
		n, _ := strconv.Atoi(string(t))
		return n
	case float64:
		return int(t)
	}
	return 0
}

// checkVectorParams refuses VectorParams whose effect this engine cannot reproduce.
func checkVectorParams(name string, vp map[string]any) error {
	if _, err := ParseDistance(fmt.Sprint(vp["distance"])); err != nil {
		return badRequest(err.Error())
	}
	if vp["multivector_config"] != nil {
		return unsupported("multivectors (`multivector_config`)")
	}
	if dt, ok := vp["datatype"].(string); ok && dt != "float32" {
		return unsupported(fmt.Sprintf("vector datatype `%s` (vectors are stored as float32)", dt))
	}
	return nil
}

// newConfig builds a config from a validated CreateCollection body.
func newConfig(name string, body map[string]any) (*collConfig, error) {
	cfg := &collConfig{
		Name: name, Vectors: map[string]map[string]any{}, Params: defaultParams(),
		Hnsw: defaultHnsw(), Optimizers: defaultOptimizers(), Wal: defaultWal(), Indexes: map[string]IndexSpec{},
	}
	if sm, _ := body["sharding_method"].(string); sm == "custom" {
		return nil, unsupported("custom sharding (`sharding_method: custom`)")
	}
	if err := checkStrict(body["strict_mode_config"]); err != nil {
		return nil, err
	}
	switch v := body["vectors"].(type) {
	case nil:
		cfg.Named = true
	case map[string]any:
		if _, single := v["size"]; single {
			if err := checkVectorParams("", v); err != nil {
				return nil, err
			}
			cfg.Vectors[""] = v
		} else {
			cfg.Named = true
			for n, p := range v {
				vp, _ := p.(map[string]any)
				if err := checkVectorParams(n, vp); err != nil {
					return nil, err
				}
				cfg.Vectors[n] = vp
			}
		}
	}
	if sv, ok := body["sparse_vectors"].(map[string]any); ok {
		cfg.Sparse = map[string]map[string]any{}
		for n, p := range sv {
			sp, _ := p.(map[string]any)
			if sp == nil {
				sp = map[string]any{}
			}
			if _, dup := cfg.Vectors[n]; dup {
				return nil, badInput(fmt.Sprintf("vector name `%s` is used by both a dense and a sparse vector", n))
			}
			if err := checkSparseParams(sp); err != nil {
				return nil, err
			}
			cfg.Sparse[n] = sp
		}
	}
	for _, k := range []string{"shard_number", "replication_factor", "write_consistency_factor", "on_disk_payload", "sharding_method", "payload"} {
		if body[k] != nil {
			cfg.Params[k] = body[k]
		}
	}
	mergeDiff(cfg.Hnsw, body["hnsw_config"])
	mergeDiff(cfg.Optimizers, body["optimizers_config"])
	mergeDiff(cfg.Wal, body["wal_config"])
	cfg.Quantization = body["quantization_config"]
	cfg.StrictMode = body["strict_mode_config"]
	if md, ok := body["metadata"].(map[string]any); ok {
		cfg.Metadata = md
	}
	return cfg, nil
}

// checkSparseParams refuses SparseVectorParams whose effect this engine cannot reproduce.
func checkSparseParams(sp map[string]any) error {
	if _, err := sparseModifierIDF(sp); err != nil {
		return err
	}
	if ix, ok := sp["index"].(map[string]any); ok {
		if dt, ok := ix["datatype"].(string); ok && dt != "float32" {
			return unsupported(fmt.Sprintf("sparse index datatype `%s` (weights are stored as float32)", dt))
		}
	}
	return nil
}

func checkStrict(v any) error {
	if m, ok := v.(map[string]any); ok {
		if e, _ := m["enabled"].(bool); e {
			return unsupported("strict mode (`strict_mode_config.enabled: true`)")
		}
	}
	return nil
}

// update applies a validated UpdateCollection body (PATCH).
func (cfg *collConfig) update(body map[string]any) error {
	if err := checkStrict(body["strict_mode_config"]); err != nil {
		return err
	}
	if sv, ok := body["sparse_vectors"].(map[string]any); ok {
		for n := range sv {
			if _, ok := cfg.Sparse[n]; !ok {
				return badInput(fmt.Sprintf("Not existing vector name error: %s", n))
			}
		}
		for n, d := range sv {
			dm, _ := d.(map[string]any)
			merged := map[string]any{}
			for k, v := range cfg.Sparse[n] {
				merged[k] = v
			}
			for k, v := range dm {
				if v == nil {
					continue
				}
				if k == "index" {
					ix, _ := merged["index"].(map[string]any)
					cp := map[string]any{}
					for ik, iv := range ix {
						cp[ik] = iv
					}
					mergeDiff(cp, v)
					merged["index"] = cp
					continue
				}
				merged[k] = v
			}
			if err := checkSparseParams(merged); err != nil {
				return err
			}
			cfg.Sparse[n] = merged
		}
	}
	if vs, ok := body["vectors"].(map[string]any); ok {
		for n := range vs {
			if _, ok := cfg.Vectors[n]; !ok {
				return badInput(fmt.Sprintf("Not existing vector name error: %s", n))
			}
		}
		for n, d := range vs {
			dm, _ := d.(map[string]any)
			vp := cfg.Vectors[n]
			for k, v := range dm {
				if v == nil {
					continue
				}
				if k == "hnsw_config" {
					h, _ := vp["hnsw_config"].(map[string]any)
					if h == nil {
						h = map[string]any{}
					}
					mergeDiff(h, v)
					vp["hnsw_config"] = h
					continue
				}
				vp[k] = v
			}
		}
	}
	mergeDiff(cfg.Optimizers, body["optimizers_config"])
	mergeDiff(cfg.Hnsw, body["hnsw_config"])
	mergeDiff(cfg.Params, body["params"])
	if q, ok := body["quantization_config"]; ok && q != nil {
		if s, ok := q.(string); ok && s == "Disabled" {
			cfg.Quantization = nil
		} else {
			cfg.Quantization = q
		}
	}
	if sm, ok := body["strict_mode_config"]; ok && sm != nil {
		cfg.StrictMode = sm
	}
	if md, ok := body["metadata"].(map[string]any); ok {
		if cfg.Metadata == nil {
			cfg.Metadata = map[string]any{}
		}
		for k, v := range md {
			cfg.Metadata[k] = v
		}
	}
	return nil
}

// hnswFor is a named vector's HNSW settings: its own hnsw_config over the collection's,
// with the optimizers' indexing_threshold (Qdrant's default 10000 KB when unset).
func (cfg *collConfig) hnswFor(name string) hnswConfig {
	merged := map[string]any{}
	for k, v := range cfg.Hnsw {
		merged[k] = v
	}
	if vp := cfg.Vectors[name]; vp != nil {
		mergeDiff(merged, vp["hnsw_config"])
	}
	h := hnswConfig{M: intOf(merged["m"]), EfConstruct: intOf(merged["ef_construct"]), FullScanKB: intOf(merged["full_scan_threshold"]), ThresholdKB: 10000}
	h.OnDisk, _ = merged["on_disk"].(bool)
	h.PayloadM = -1
	if pm, ok := merged["payload_m"]; ok && pm != nil {
		h.PayloadM = intOf(pm)
	}
	if t, ok := cfg.Optimizers["indexing_threshold"]; ok && t != nil {
		h.ThresholdKB = intOf(t)
	}
	return h
}

func (cfg *collConfig) vectorNames() []string {
	out := make([]string, 0, len(cfg.Vectors))
	for n := range cfg.Vectors {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// vectorsJSON is params.vectors as Qdrant reports it: one VectorParams, or a map.
func (cfg *collConfig) vectorsJSON() any {
	if !cfg.Named {
		return cfg.Vectors[""]
	}
	return cfg.Vectors
}

func (cfg *collConfig) infoConfig() map[string]any {
	params := map[string]any{"vectors": cfg.vectorsJSON()}
	if len(cfg.Sparse) > 0 {
		params["sparse_vectors"] = cfg.Sparse
	}
	for k, v := range cfg.Params {
		params[k] = v
	}
	out := map[string]any{
		"params":              params,
		"hnsw_config":         cfg.Hnsw,
		"optimizer_config":    cfg.Optimizers,
		"wal_config":          cfg.Wal,
		"quantization_config": cfg.Quantization,
	}
	if cfg.Metadata != nil {
		out["metadata"] = cfg.Metadata
	}
	if cfg.StrictMode != nil {
		out["strict_mode_config"] = cfg.StrictMode
	}
	return out
}

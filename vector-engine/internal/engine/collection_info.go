package engine

// GET /collections/{name}.

// Info is GET /collections/{name}'s result.
func (c *Collection) Info() map[string]any {
	c.mu.RLock()
	defer c.mu.RUnlock()
	schema := map[string]any{}
	for field, ix := range c.indexes {
		n := 0
		for i := range c.points {
			if !c.points[i].alive {
				continue
			}
			for _, v := range Flatten(ix.path.Get(c.points[i].payload)) {
				if ix.accepts(v) {
					n++
					break
				}
			}
		}
		info := map[string]any{"data_type": ix.spec.Type, "points": n}
		if ix.spec.Params != nil {
			info["params"] = ix.spec.Params
		}
		schema[field] = info
	}
	indexed, status := 0, "green"
	for _, vi := range c.vindex {
		indexed += vi.indexedCount()
		if h, ok := vi.(*hnswIndex); ok && h.building() {
			status = "yellow" // as Qdrant while its optimizer indexes
		}
	}
	return map[string]any{
		"status":                status,
		"optimizer_status":      "ok",
		"indexed_vectors_count": indexed,
		"points_count":          c.alive,
		"segments_count":        1,
		"config":                c.cfg.infoConfig(),
		"payload_schema":        schema,
	}
}

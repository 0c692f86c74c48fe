package engine

import (
	"fmt"
)

// Payload indexes: creation, removal, and what filters learn from them.

func (c *Collection) addIndex(field string, spec IndexSpec) error {
	path, err := ParsePath(field)
	if err != nil {
		return badRequest(err.Error())
	}
	switch spec.Type {
	case "keyword", "integer", "float", "geo", "text", "bool", "datetime", "uuid":
	default:
		return badRequest(fmt.Sprintf("unknown payload index type `%s`", spec.Type))
	}
	ix := &payloadIndex{field: field, spec: spec, path: path}
	if ix.lookup() {
		ix.postings = map[any]map[uint32]struct{}{}
		for off := range c.points {
			if c.points[off].alive {
				ix.add(uint32(off), c.points[off].payload)
			}
		}
	}
	c.indexes[field] = ix
	c.payloadChanged()
	return nil
}

// payloadChanged tells the HNSW indexes that payloads or payload indexes changed: their
// builders then link (or unlink) points under payload values in the background
// (payload_links.go). Collection write lock held.
func (c *Collection) payloadChanged() {
	for _, vi := range c.vindex {
		if h, ok := vi.(*hnswIndex); ok {
			h.payloadChanged()
		}
	}
}

// CreateIndex creates (or replaces) a payload index. fieldSchema nil infers the type.
func (c *Collection) CreateIndex(field string, fieldSchema any) (UpdateResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped {
		return UpdateResult{}, collectionNotFound(c.name)
	}
	var spec IndexSpec
	if fieldSchema == nil {
		path, err := ParsePath(field)
		if err != nil {
			return UpdateResult{}, badRequest(err.Error())
		}
		var vals []any
		for _, p := range c.points {
			if p.alive {
				vals = append(vals, Flatten(path.Get(p.payload))...)
				if len(vals) > 0 {
					break
				}
			}
		}
		t, ok := inferIndexType(vals)
		if !ok {
			return UpdateResult{}, badRequest(fmt.Sprintf("cannot infer the type of field `%s` from the stored payloads; give field_schema", field))
		}
		spec = IndexSpec{Type: t}
	} else {
		var err error
		if spec, err = ParseIndexSpec(fieldSchema); err != nil {
			return UpdateResult{}, err
		}
	}
	if err := c.addIndex(field, spec); err != nil {
		return UpdateResult{}, err
	}
	c.cfg.Indexes[field] = spec
	if err := c.saveConfig(); err != nil {
		return UpdateResult{}, internal(err)
	}
	c.seq++
	return UpdateResult{OperationID: c.seq, Completed: true}, nil
}

// DeleteIndex drops a payload index.
func (c *Collection) DeleteIndex(field string) (UpdateResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dropped {
		return UpdateResult{}, collectionNotFound(c.name)
	}
	delete(c.indexes, field)
	delete(c.cfg.Indexes, field)
	c.payloadChanged()
	if err := c.saveConfig(); err != nil {
		return UpdateResult{}, internal(err)
	}
	c.seq++
	return UpdateResult{OperationID: c.seq, Completed: true}, nil
}

// textParams implements FilterEnv: a text index's token length limits apply to `text` matches.
func (c *Collection) textParams(key string) *TextParams {
	ix := c.indexes[key]
	if ix == nil || ix.spec.Type != "text" {
		return nil
	}
	return &TextParams{MinTokenLen: intOf(ix.spec.Params["min_token_len"]), MaxTokenLen: intOf(ix.spec.Params["max_token_len"])}
}

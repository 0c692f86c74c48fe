package engine

import (
	"fmt"
	"sort"
	"strata/vector-engine/internal/datetime"
)

// Scroll with order_by.

type orderEntry struct {
	key   float64
	value any // int64 or float64, as reported in order_value
	off   uint32
}

func orderValue(ix *payloadIndex, v any) (float64, any, bool) {
	switch ix.spec.Type {
	case "integer":
		if n, ok := payloadInt(v); ok {
			return float64(n), n, true
		}
	case "float":
		if f, ok := payloadFloat(v); ok {
			return f, f, true
		}
	case "datetime":
		if s, ok := v.(string); ok {
			if t, err := datetime.Parse(s); err == nil {
				m := datetime.Micros(t)
				return float64(m), m, true
			}
		}
	}
	return 0, nil, false
}

func startFrom(v any) (float64, error) {
	if v == nil {
		return 0, nil
	}
	if s, ok := v.(string); ok {
		t, err := datetime.Parse(s)
		if err != nil {
			return 0, badRequest(fmt.Sprintf("order_by.start_from %q is not a datetime", s))
		}
		return float64(datetime.Micros(t)), nil
	}
	f, ok := payloadFloat(v)
	if !ok {
		return 0, badRequest("order_by.start_from must be a number or a datetime")
	}
	return f, nil
}

// scrollOrdered returns points ordered by an indexed numeric or datetime value. A
// point appears once per value it holds, as in Qdrant; equal values are ordered by id
// (ascending for asc, descending for desc).
func (c *Collection) scrollOrdered(f *Filter, req ScrollRequest) ([]Record, error) {
	ob := req.OrderBy
	ix := c.indexes[ob.Key]
	if ix == nil || !ix.hasRange() {
		return nil, badRequest(fmt.Sprintf("No range index for `order_by` key: `%s`. Please create one to use `order_by`. Check https://qdrant.tech/documentation/concepts/indexing/#payload-index to see which payload schemas support Range conditions", ob.Key))
	}
	if req.Offset != nil {
		return nil, badInput("Cannot use an `offset` when using `order_by`. The alternative for paging is to use `order_by.start_from` and a filter to exclude the IDs that you've already seen for the `order_by.start_from` value")
	}
	from, err := startFrom(ob.StartFrom)
	if err != nil {
		return nil, err
	}
	var entries []orderEntry
	c.forEachMatch(f, func(off uint32) bool {
		for _, v := range Flatten(ix.path.Get(c.points[off].payload)) {
			k, val, ok := orderValue(ix, v)
			if !ok {
				continue
			}
			if ob.StartFrom != nil && ((!ob.Desc && k < from) || (ob.Desc && k > from)) {
				continue
			}
			entries = append(entries, orderEntry{k, val, off})
		}
		return true
	})
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.key != b.key {
			return (a.key < b.key) != ob.Desc
		}
		cmp := c.points[a.off].id.Compare(c.points[b.off].id)
		return (cmp < 0) != ob.Desc
	})
	if len(entries) > req.Limit {
		entries = entries[:req.Limit]
	}
	out := make([]Record, 0, len(entries))
	for _, e := range entries {
		r := c.record(e.off, req.WithPayload, req.WithVector)
		r.OrderValue = e.value
		out = append(out, r)
	}
	return out, nil
}

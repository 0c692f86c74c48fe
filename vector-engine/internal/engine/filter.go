package engine

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"strata/vector-engine/internal/datetime"
)

// Filter is Qdrant's boolean filter: every `must` holds, no `must_not` holds, at least
// one `should` holds (when there are any), and at least min_should.min_count of
// min_should.conditions hold.
type Filter struct {
	Must      []Condition
	Should    []Condition
	MustNot   []Condition
	MinShould []Condition
	MinCount  int
	hasMinSh  bool
	// exact matches among the top-level `must` clauses, usable with a payload index
	mustMatches []indexedMatch
}

// onlyIndexedMatch reports a filter made of one exact `must` match and nothing else,
// which a lookup index answers completely.
func (f *Filter) onlyIndexedMatch() bool {
	return f != nil && len(f.Must) == 1 && len(f.mustMatches) == 1 && len(f.Should) == 0 && len(f.MustNot) == 0 && !f.hasMinSh
}

// Condition is one clause of a filter.
type Condition interface {
	eval(c *evalCtx) bool
}

// vectorSet answers has_vector: does the point at off have the named (dense or sparse) vector.
type vectorSet interface {
	hasVector(name string, off uint32) bool
}

// denseVectors is a vectorSet of dense vector stores.
type denseVectors map[string]*vectorStore

func (d denseVectors) hasVector(name string, off uint32) bool {
	vs := d[name]
	return vs != nil && vs.has(off)
}

// evalCtx is the point a filter is evaluated against. vecs/off answer has_vector.
type evalCtx struct {
	payload Payload
	id      PointID
	vecs    vectorSet
	off     uint32
}

// Matches reports whether a point satisfies the filter (a nil filter matches everything).
func (f *Filter) Matches(id PointID, payload Payload, vecs vectorSet, off uint32) bool {
	if f == nil {
		return true
	}
	return f.eval(&evalCtx{payload: payload, id: id, vecs: vecs, off: off})
}

func (f *Filter) eval(c *evalCtx) bool {
	for _, m := range f.Must {
		if !m.eval(c) {
			return false
		}
	}
	for _, m := range f.MustNot {
		if m.eval(c) {
			return false
		}
	}
	if len(f.Should) > 0 {
		ok := false
		for _, m := range f.Should {
			if m.eval(c) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if f.hasMinSh {
		n := 0
		for _, m := range f.MinShould {
			if m.eval(c) {
				n++
				if n >= f.MinCount {
					break
				}
			}
		}
		if n < f.MinCount {
			return false
		}
	}
	return true
}

// TextParams tells the filter compiler how a full-text-indexed field is tokenised.
type TextParams struct {
	MinTokenLen int
	MaxTokenLen int
}

// FilterEnv gives the filter compiler what it needs from the collection.
type FilterEnv interface {
	textParams(key string) *TextParams
}

// ParseFilter compiles a filter that already passed schema validation.
func ParseFilter(v any, env FilterEnv) (*Filter, error) {
	if v == nil {
		return nil, nil
	}
	return parseFilter(v, env, false)
}

func asList(v any) []any {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		return t
	default:
		return []any{t}
	}
}

func parseFilter(v any, env FilterEnv, nested bool) (*Filter, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, badRequest("filter must be an object")
	}
	f := &Filter{}
	var err error
	parse := func(key string) ([]Condition, error) {
		var out []Condition
		for _, c := range asList(m[key]) {
			cond, err := parseCondition(c, env, nested)
			if err != nil {
				return nil, err
			}
			out = append(out, cond)
		}
		return out, nil
	}
	if f.Must, err = parse("must"); err != nil {
		return nil, err
	}
	for _, c := range asList(m["must"]) {
		if im, ok := exactMatch(c); ok {
			f.mustMatches = append(f.mustMatches, im)
		}
	}
	if f.Should, err = parse("should"); err != nil {
		return nil, err
	}
	if f.MustNot, err = parse("must_not"); err != nil {
		return nil, err
	}
	if ms, ok := m["min_should"].(map[string]any); ok {
		f.hasMinSh = true
		n, _ := ms["min_count"].(json.Number).Int64()
		f.MinCount = int(n)
		for _, c := range asList(ms["conditions"]) {
			cond, err := parseCondition(c, env, nested)
			if err != nil {
				return nil, err
			}
			f.MinShould = append(f.MinShould, cond)
		}
	}
	return f, nil
}

func parseCondition(v any, env FilterEnv, nested bool) (Condition, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, badRequest("condition must be an object")
	}
	if _, ok := m["key"]; ok {
		return parseFieldCondition(m, env)
	}
	if ie, ok := m["is_empty"].(map[string]any); ok {
		p, err := parseKey(ie["key"])
		if err != nil {
			return nil, err
		}
		return isEmptyCond{p}, nil
	}
	if in, ok := m["is_null"].(map[string]any); ok {
		p, err := parseKey(in["key"])
		if err != nil {
			return nil, err
		}
		return isNullCond{p}, nil
	}
	if ids, ok := m["has_id"]; ok {
		if nested {
			return nil, badRequest("`has_id` is not supported inside a `nested` filter (ids belong to points, not to array elements)")
		}
		set := map[PointID]struct{}{}
		for _, raw := range asList(ids) {
			id, err := ParseID(raw)
			if err != nil {
				return nil, badRequest(err.Error())
			}
			set[id] = struct{}{}
		}
		return hasIDCond(set), nil
	}
	if hv, ok := m["has_vector"].(string); ok {
		if nested {
			return nil, badRequest("`has_vector` is not supported inside a `nested` filter")
		}
		return hasVectorCond(hv), nil
	}
	if _, ok := m["slice"]; ok {
		return nil, unsupported("the `slice` filter condition")
	}
	if n, ok := m["nested"].(map[string]any); ok {
		key, _ := n["key"].(string)
		key = strings.TrimSuffix(key, "[]")
		p, err := parseKey(key)
		if err != nil {
			return nil, err
		}
		f, err := parseFilter(n["filter"], env, true)
		if err != nil {
			return nil, err
		}
		return nestedCond{p, f}, nil
	}
	// what is left is a filter used as a condition (the schema allows nothing else)
	return parseFilter(m, env, nested)
}

// exactMatch recognises `{"key": k, "match": {"value"|"any": …}}` with nothing else.
func exactMatch(v any) (indexedMatch, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 2 {
		return indexedMatch{}, false
	}
	key, ok := m["key"].(string)
	mv, ok2 := m["match"].(map[string]any)
	if !ok || !ok2 || len(mv) != 1 {
		return indexedMatch{}, false
	}
	var raw []any
	if v, ok := mv["value"]; ok {
		raw = []any{v}
	} else if a, ok := mv["any"].([]any); ok {
		raw = a
	} else {
		return indexedMatch{}, false
	}
	im := indexedMatch{field: key}
	for _, r := range raw {
		switch t := r.(type) {
		case string, bool:
			im.keys = append(im.keys, t)
		case json.Number:
			n, err := strconv.ParseInt(string(t), 10, 64)
			if err != nil {
				return indexedMatch{}, false
			}
			im.keys = append(im.keys, n)
		default:
			return indexedMatch{}, false
		}
	}
	return im, true
}

func parseKey(v any) (JSONPath, error) {
	s, _ := v.(string)
	p, err := ParsePath(s)
	if err != nil {
		return nil, badRequest(err.Error())
	}
	return p, nil
}

// fieldCond is a FieldCondition; every clause present must hold. Value predicates
// (match, range, geo) hold when any value at the key does, arrays being flattened one
// level; whole predicates (values_count, is_empty, is_null) look at the values as stored.
type fieldCond struct {
	path       JSONPath
	key        string // path[0].key when the path is a plain key (the fast path)
	valuePreds []func(v any) bool
	wholePreds []func(vals []any) bool
}

func anyValue(v any, pred func(any) bool) bool {
	if a, ok := v.([]any); ok {
		for _, e := range a {
			if pred(e) {
				return true
			}
		}
		return false
	}
	return pred(v)
}

func (f *fieldCond) eval(c *evalCtx) bool {
	if len(f.valuePreds) > 0 {
		if f.key != "" {
			v, ok := c.payload[f.key]
			if !ok {
				return false
			}
			for _, pred := range f.valuePreds {
				if !anyValue(v, pred) {
					return false
				}
			}
		} else {
			vals := Flatten(f.path.Get(c.payload))
			for _, pred := range f.valuePreds {
				found := false
				for _, v := range vals {
					if pred(v) {
						found = true
						break
					}
				}
				if !found {
					return false
				}
			}
		}
	}
	if len(f.wholePreds) > 0 {
		vals := f.path.Get(c.payload)
		for _, pred := range f.wholePreds {
			if !pred(vals) {
				return false
			}
		}
	}
	return true
}

func parseFieldCondition(m map[string]any, env FilterEnv) (Condition, error) {
	keyStr, _ := m["key"].(string)
	p, err := parseKey(keyStr)
	if err != nil {
		return nil, err
	}
	fc := &fieldCond{path: p}
	if len(p) == 1 {
		fc.key = p[0].key
	}
	if mv, ok := m["match"].(map[string]any); ok {
		pred, err := parseMatch(mv, env.textParams(keyStr))
		if err != nil {
			return nil, err
		}
		fc.valuePreds = append(fc.valuePreds, pred)
	}
	if rv, ok := m["range"].(map[string]any); ok {
		pred, err := parseRange(rv)
		if err != nil {
			return nil, err
		}
		fc.valuePreds = append(fc.valuePreds, pred)
	}
	if g, ok := m["geo_bounding_box"].(map[string]any); ok {
		tl, br := geoPoint(g["top_left"]), geoPoint(g["bottom_right"])
		fc.valuePreds = append(fc.valuePreds, geoPred(func(lat, lon float64) bool {
			var lonOK bool
			if tl.lon > br.lon { // crosses the antimeridian
				lonOK = lon > tl.lon || lon < br.lon
			} else {
				lonOK = tl.lon < lon && lon < br.lon
			}
			return lonOK && tl.lat > lat && lat > br.lat
		}))
	}
	if g, ok := m["geo_radius"].(map[string]any); ok {
		center := geoPoint(g["center"])
		radius := numF(g["radius"])
		fc.valuePreds = append(fc.valuePreds, geoPred(func(lat, lon float64) bool {
			return haversine(lat, lon, center.lat, center.lon) < radius
		}))
	}
	if g, ok := m["geo_polygon"].(map[string]any); ok {
		ext := geoRing(g["exterior"])
		var holes [][]geo
		for _, h := range asList(g["interiors"]) {
			holes = append(holes, geoRing(h))
		}
		fc.valuePreds = append(fc.valuePreds, geoPred(func(lat, lon float64) bool {
			if !inRing(ext, lat, lon) {
				return false
			}
			for _, h := range holes {
				if inRing(h, lat, lon) {
					return false
				}
			}
			return true
		}))
	}
	if vc, ok := m["values_count"].(map[string]any); ok {
		bounds := countBounds(vc)
		fc.wholePreds = append(fc.wholePreds, func(vals []any) bool {
			for _, n := range valueCounts(vals) {
				if bounds(n) {
					return true
				}
			}
			return false
		})
	}
	if b, ok := m["is_empty"].(bool); ok {
		fc.wholePreds = append(fc.wholePreds, func(vals []any) bool { return isEmptyVals(vals) == b })
	}
	if b, ok := m["is_null"].(bool); ok {
		fc.wholePreds = append(fc.wholePreds, func(vals []any) bool { return isNullVals(vals) == b })
	}
	if len(fc.valuePreds)+len(fc.wholePreds) == 0 {
		return nil, validationError(fmt.Sprintf("filter: At least one field condition must be specified for key `%s`", keyStr))
	}
	return fc, nil
}

// --- match -------------------------------------------------------------------

func parseMatch(m map[string]any, tp *TextParams) (func(v any) bool, error) {
	if v, ok := m["value"]; ok {
		return matchOne(v)
	}
	if s, ok := m["text"].(string); ok {
		q := tokenize(s, tp)
		return func(v any) bool {
			str, ok := v.(string)
			if !ok || len(q) == 0 {
				return false
			}
			doc := tokenSet(tokenize(str, tp))
			for _, t := range q {
				if _, ok := doc[t]; !ok {
					return false
				}
			}
			return true
		}, nil
	}
	if s, ok := m["text_any"].(string); ok {
		q := tokenize(s, tp)
		return func(v any) bool {
			str, ok := v.(string)
			if !ok {
				return false
			}
			doc := tokenSet(tokenize(str, tp))
			for _, t := range q {
				if _, ok := doc[t]; ok {
					return true
				}
			}
			return false
		}, nil
	}
	if s, ok := m["phrase"].(string); ok {
		q := tokenize(s, tp)
		return func(v any) bool {
			str, ok := v.(string)
			if !ok || len(q) == 0 {
				return false
			}
			doc := tokenize(str, tp)
			for i := 0; i+len(q) <= len(doc); i++ {
				match := true
				for j := range q {
					if doc[i+j] != q[j] {
						match = false
						break
					}
				}
				if match {
					return true
				}
			}
			return false
		}, nil
	}
	if s, ok := m["prefix"].(string); ok {
		return func(v any) bool {
			str, ok := v.(string)
			return ok && strings.HasPrefix(str, s)
		}, nil
	}
	if a, ok := m["any"]; ok {
		return matchAny(asList(a))
	}
	if a, ok := m["except"]; ok {
		in, err := matchAny(asList(a))
		if err != nil {
			return nil, err
		}
		return func(v any) bool { return v != nil && !in(v) }, nil
	}
	return nil, badRequest("unsupported match condition")
}

// matchOne compares as Qdrant does: keywords with strings, integers with integer
// payload values (a float payload value never equals an integer), bools with bools.
func matchOne(want any) (func(v any) bool, error) {
	switch w := want.(type) {
	case string:
		return func(v any) bool { s, ok := v.(string); return ok && s == w }, nil
	case bool:
		return func(v any) bool { b, ok := v.(bool); return ok && b == w }, nil
	case json.Number:
		n, err := strconv.ParseInt(string(w), 10, 64)
		if err != nil {
			return nil, badRequest("match value must be a string, an integer or a boolean")
		}
		canonical := strconv.FormatInt(n, 10)
		return func(v any) bool {
			if lit, ok := v.(json.Number); ok {
				// JSON integers have one spelling (no leading zeros, no '+'), except -0
				return string(lit) == canonical || (n == 0 && string(lit) == "-0")
			}
			i, ok := payloadInt(v)
			return ok && i == n
		}, nil
	}
	return nil, badRequest("match value must be a string, an integer or a boolean")
}

func matchAny(list []any) (func(v any) bool, error) {
	strs := map[string]struct{}{}
	ints := map[int64]struct{}{}
	for _, e := range list {
		switch t := e.(type) {
		case string:
			strs[t] = struct{}{}
		case json.Number:
			n, err := strconv.ParseInt(string(t), 10, 64)
			if err != nil {
				return nil, badRequest("match any/except takes strings or integers")
			}
			ints[n] = struct{}{}
		default:
			return nil, badRequest("match any/except takes strings or integers")
		}
	}
	return func(v any) bool {
		if s, ok := v.(string); ok {
			_, in := strs[s]
			return in
		}
		if i, ok := payloadInt(v); ok {
			_, in := ints[i]
			return in
		}
		return false
	}, nil
}

// payloadInt reads an integer payload value (a JSON number written without fraction or exponent).
func payloadInt(v any) (int64, bool) {
	switch t := v.(type) {
	case json.Number:
		if strings.ContainsAny(string(t), ".eE") {
			return 0, false
		}
		n, err := strconv.ParseInt(string(t), 10, 64)
		return n, err == nil
	case int64:
		return t, true
	}
	return 0, false
}

// payloadFloat reads any numeric payload value (booleans are not numbers).
func payloadFloat(v any) (float64, bool) {
	switch t := v.(type) {
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	case float64:
		return t, true
	case int64:
		return float64(t), true
	}
	return 0, false
}

// tokenize is the default "word" tokenizer: runs of letters and digits, lowercased.
func tokenize(s string, tp *TextParams) []string {
	var out []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(unicode.IsLetter(r) || unicode.IsDigit(r)) }) {
		w = strings.ToLower(w)
		if tp != nil {
			n := len([]rune(w))
			if tp.MinTokenLen > 0 && n < tp.MinTokenLen {
				continue
			}
			if tp.MaxTokenLen > 0 && n > tp.MaxTokenLen {
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

func tokenSet(ts []string) map[string]struct{} {
	m := make(map[string]struct{}, len(ts))
	for _, t := range ts {
		m[t] = struct{}{}
	}
	return m
}

// --- range -------------------------------------------------------------------

func numF(v any) float64 {
	f, _ := payloadFloat(v)
	return f
}

func parseRange(m map[string]any) (func(v any) bool, error) {
	isDatetime := false
	for _, k := range []string{"lt", "lte", "gt", "gte"} {
		if _, ok := m[k].(string); ok {
			isDatetime = true
		}
	}
	if isDatetime {
		var bounds [4]*time.Time
		for i, k := range []string{"lt", "lte", "gt", "gte"} {
			if s, ok := m[k].(string); ok {
				t, err := datetime.Parse(s)
				if err != nil {
					return nil, badRequest(fmt.Sprintf("range.%s: %q is not a datetime", k, s))
				}
				bounds[i] = &t
			} else if m[k] != nil {
				return nil, badRequest("a datetime range cannot mix numbers and datetimes")
			}
		}
		return func(v any) bool {
			s, ok := v.(string)
			if !ok {
				return false
			}
			t, err := datetime.Parse(s)
			if err != nil {
				return false
			}
			return (bounds[0] == nil || t.Before(*bounds[0])) &&
				(bounds[1] == nil || !t.After(*bounds[1])) &&
				(bounds[2] == nil || t.After(*bounds[2])) &&
				(bounds[3] == nil || !t.Before(*bounds[3]))
		}, nil
	}
	var b [4]float64
	var has [4]bool
	for i, k := range []string{"lt", "lte", "gt", "gte"} {
		if m[k] != nil {
			b[i] = numF(m[k])
			has[i] = true
		}
	}
	return func(v any) bool {
		f, ok := payloadFloat(v)
		if !ok {
			return false
		}
		return (!has[0] || f < b[0]) && (!has[1] || f <= b[1]) && (!has[2] || f > b[2]) && (!has[3] || f >= b[3])
	}, nil
}

func countBounds(m map[string]any) func(n int) bool {
	get := func(k string) (int, bool) {
		if m[k] == nil {
			return 0, false
		}
		f, _ := payloadFloat(m[k])
		return int(f), true
	}
	lt, hasLt := get("lt")
	lte, hasLte := get("lte")
	gt, hasGt := get("gt")
	gte, hasGte := get("gte")
	return func(n int) bool {
		return (!hasLt || n < lt) && (!hasLte || n <= lte) && (!hasGt || n > gt) && (!hasGte || n >= gte)
	}
}

// valueCounts: an array counts its elements, null counts 0, anything else 1; a missing
// key counts as a single 0.
func valueCounts(vals []any) []int {
	allNull := true
	for _, v := range vals {
		if v != nil {
			allNull = false
		}
	}
	if allNull {
		return []int{0}
	}
	out := make([]int, 0, len(vals))
	for _, v := range vals {
		switch t := v.(type) {
		case nil:
			out = append(out, 0)
		case []any:
			out = append(out, len(t))
		default:
			out = append(out, 1)
		}
	}
	return out
}

// --- empty / null ------------------------------------------------------------

type isEmptyCond struct{ path JSONPath }

func (c isEmptyCond) eval(e *evalCtx) bool { return isEmptyVals(c.path.Get(e.payload)) }

// isEmptyVals: the key is missing, or every value it reaches is null or [].
func isEmptyVals(vals []any) bool {
	for _, v := range vals {
		switch t := v.(type) {
		case nil:
		case []any:
			if len(t) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

type isNullCond struct{ path JSONPath }

func (c isNullCond) eval(e *evalCtx) bool { return isNullVals(c.path.Get(e.payload)) }

// isNullVals: some value is null, or an array holding a null (one level deep).
func isNullVals(vals []any) bool {
	for _, v := range vals {
		switch t := v.(type) {
		case nil:
			return true
		case []any:
			for _, e := range t {
				if e == nil {
					return true
				}
			}
		}
	}
	return false
}

// --- ids, vectors, nested ----------------------------------------------------

type hasIDCond map[PointID]struct{}

func (c hasIDCond) eval(e *evalCtx) bool { _, ok := c[e.id]; return ok }

type hasVectorCond string

func (c hasVectorCond) eval(e *evalCtx) bool {
	return e.vecs != nil && e.vecs.hasVector(string(c), e.off)
}

// nestedCond applies a filter to each object of an array and matches when one object
// satisfies the whole filter.
type nestedCond struct {
	path   JSONPath
	filter *Filter
}

func (c nestedCond) eval(e *evalCtx) bool {
	for _, v := range c.path.Get(e.payload) {
		arr, ok := v.([]any)
		if !ok {
			continue
		}
		for _, el := range arr {
			obj, ok := el.(map[string]any)
			if !ok {
				continue
			}
			if c.filter.eval(&evalCtx{payload: obj, id: e.id}) {
				return true
			}
		}
	}
	return false
}

// --- geo ---------------------------------------------------------------------

type geo struct{ lat, lon float64 }

func geoPoint(v any) geo {
	m, _ := v.(map[string]any)
	return geo{numF(m["lat"]), numF(m["lon"])}
}

func geoRing(v any) []geo {
	m, _ := v.(map[string]any)
	var out []geo
	for _, p := range asList(m["points"]) {
		out = append(out, geoPoint(p))
	}
	return out
}

func geoPred(pred func(lat, lon float64) bool) func(v any) bool {
	return func(v any) bool {
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		lat, ok1 := payloadFloat(m["lat"])
		lon, ok2 := payloadFloat(m["lon"])
		return ok1 && ok2 && pred(lat, lon)
	}
}

func haversine(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371088.8 // mean Earth radius in metres, as Qdrant uses
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	a := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * r * math.Asin(math.Sqrt(a))
}

// inRing is an even-odd ray cast in the lat/lon plane.
func inRing(ring []geo, lat, lon float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		a, b := ring[i], ring[j]
		if (a.lat > lat) != (b.lat > lat) && lon < (b.lon-a.lon)*(lat-a.lat)/(b.lat-a.lat)+a.lon {
			in = !in
		}
	}
	return in
}

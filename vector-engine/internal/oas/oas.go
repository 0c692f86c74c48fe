// Package oas loads an OpenAPI 3.0 document and validates JSON values against its
// schemas, the way Qdrant's own server would accept or refuse them.
//
// Qdrant deserialises a request with serde (a shape mismatch — wrong type, unknown
// enum variant, missing field — is a 400 "Format error") and then runs validators on
// the typed value (a value out of range — limit 0, size 0 — is a 422 "Validation
// error"). Every Issue therefore carries Structural: true for the first kind and false
// for the second, and anyOf picks a branch the way serde's untagged enums do: the
// first branch whose *shape* fits wins, even if its values then fail validation.
package oas

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"strata/vector-engine/internal/datetime"
)

// Schema is a compiled OpenAPI 3.0 schema object (the subset Qdrant's document uses).
type Schema struct {
	Name  string // component name when this schema is a component
	Ref   string
	ref   *Schema
	Type  string
	Fmt   string
	Null  bool // nullable: true
	Props map[string]*Schema
	Req   []string
	// AddlFalse means additionalProperties: false; Addl is a schema for extra keys.
	AddlFalse bool
	Addl      *Schema
	Items     *Schema
	AnyOf     []*Schema
	OneOf     []*Schema
	Enum      []any
	Min, Max  *float64
	MinItems  *int
	MaxItems  *int
	MinLength *int
	// onlyNull marks `{"nullable": true}` with nothing else: in Qdrant's document it is
	// always the "or null" arm of an anyOf, so it accepts null and nothing more.
	onlyNull bool
	empty    bool // {} accepts anything
}

// Issue is one reason a value does not fit a schema.
type Issue struct {
	Path       string
	Msg        string
	Structural bool
}

func (i Issue) String() string {
	if i.Path == "" {
		return i.Msg
	}
	return i.Path + ": " + i.Msg
}

// Param is a query parameter of an operation.
type Param struct {
	Name     string
	Required bool
	Schema   *Schema
}

// Operation is one method+path of the document.
type Operation struct {
	ID       string
	Method   string
	Path     string
	segs     []string
	literals int
	Body     *Schema
	Query    map[string]*Param
	// Response is the schema of the 200 body (nil for text/plain bodies).
	Response    *Schema
	ResponseCT  string
	ErrorSchema *Schema
}

// Doc is a loaded document.
type Doc struct {
	Schemas map[string]*Schema
	Ops     []*Operation
}

// Load parses documents and merges later ones into the first (paths and components).
func Load(docs ...[]byte) (*Doc, error) {
	var raws []map[string]any
	for _, b := range docs {
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		raws = append(raws, m)
	}
	d := &Doc{Schemas: map[string]*Schema{}}
	// components first, so $refs resolve across documents
	for _, raw := range raws {
		comps, _ := raw["components"].(map[string]any)
		schemas, _ := comps["schemas"].(map[string]any)
		for name, s := range schemas {
			sc, err := compile(s)
			if err != nil {
				return nil, fmt.Errorf("schema %s: %w", name, err)
			}
			sc.Name = name
			d.Schemas[name] = sc
		}
	}
	for _, raw := range raws {
		paths, _ := raw["paths"].(map[string]any)
		for p, item := range paths {
			methods, _ := item.(map[string]any)
			for m, o := range methods {
				op, err := compileOp(strings.ToUpper(m), p, o.(map[string]any))
				if err != nil {
					return nil, fmt.Errorf("%s %s: %w", m, p, err)
				}
				d.Ops = append(d.Ops, op)
			}
		}
	}
	var resolveErr error
	seen := map[*Schema]bool{}
	var walk func(s *Schema)
	walk = func(s *Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		if s.Ref != "" {
			name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
			t, ok := d.Schemas[name]
			if !ok && resolveErr == nil {
				resolveErr = fmt.Errorf("unresolved $ref %s", s.Ref)
			}
			s.ref = t
		}
		for _, p := range s.Props {
			walk(p)
		}
		walk(s.Addl)
		walk(s.Items)
		for _, b := range s.AnyOf {
			walk(b)
		}
		for _, b := range s.OneOf {
			walk(b)
		}
	}
	for _, s := range d.Schemas {
		walk(s)
	}
	for _, op := range d.Ops {
		walk(op.Body)
		walk(op.Response)
		walk(op.ErrorSchema)
		for _, p := range op.Query {
			walk(p.Schema)
		}
	}
	if resolveErr != nil {
		return nil, resolveErr
	}
	sort.Slice(d.Ops, func(i, j int) bool { return d.Ops[i].Path+d.Ops[i].Method < d.Ops[j].Path+d.Ops[j].Method })
	return d, nil
}

func compileOp(method, path string, o map[string]any) (*Operation, error) {
	op := &Operation{Method: method, Path: path, Query: map[string]*Param{}}
	op.ID, _ = o["operationId"].(string)
	op.segs = strings.Split(strings.Trim(path, "/"), "/")
	if path == "/" {
		op.segs = nil
	}
	for _, s := range op.segs {
		if !strings.HasPrefix(s, "{") {
			op.literals++
		}
	}
	if rb, ok := o["requestBody"].(map[string]any); ok {
		if c, ok := obj(field(rb["content"], "application/json")); ok {
			s, err := compile(c["schema"])
			if err != nil {
				return nil, err
			}
			op.Body = s
		}
	}
	if ps, ok := o["parameters"].([]any); ok {
		for _, p := range ps {
			pm := p.(map[string]any)
			if pm["in"] != "query" {
				continue
			}
			s, err := compile(pm["schema"])
			if err != nil {
				return nil, err
			}
			req, _ := pm["required"].(bool)
			name := pm["name"].(string)
			op.Query[name] = &Param{Name: name, Required: req, Schema: s}
		}
	}
	if rs, ok := o["responses"].(map[string]any); ok {
		if r200, ok := rs["200"].(map[string]any); ok {
			if c, ok := r200["content"].(map[string]any); ok {
				for ct, v := range c {
					op.ResponseCT = ct
					if ct == "application/json" {
						s, err := compile(v.(map[string]any)["schema"])
						if err != nil {
							return nil, err
						}
						op.Response = s
					}
				}
			}
		}
		if r4, ok := rs["4XX"].(map[string]any); ok {
			if c, ok := obj(field(r4["content"], "application/json")); ok {
				s, err := compile(c["schema"])
				if err != nil {
					return nil, err
				}
				op.ErrorSchema = s
			}
		}
	}
	return op, nil
}

func obj(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

func field(v any, k string) any {
	m, _ := v.(map[string]any)
	return m[k]
}

func num(v any) (*float64, error) {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return &f, err
	case float64:
		return &n, nil
	}
	return nil, fmt.Errorf("not a number: %v", v)
}

func intp(v any) (*int, error) {
	f, err := num(v)
	if err != nil {
		return nil, err
	}
	i := int(*f)
	return &i, nil
}

var ignoredKeywords = map[string]bool{"description": true, "example": true, "default": true, "deprecated": true, "title": true, "readOnly": true, "writeOnly": true}

func compile(v any) (*Schema, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("schema is not an object: %T", v)
	}
	s := &Schema{}
	meaningful := 0
	for k, val := range m {
		if ignoredKeywords[k] {
			continue
		}
		meaningful++
		var err error
		switch k {
		case "$ref":
			s.Ref = val.(string)
		case "type":
			s.Type = val.(string)
		case "format":
			s.Fmt = val.(string)
		case "nullable":
			s.Null = val.(bool)
		case "properties":
			s.Props = map[string]*Schema{}
			for pk, pv := range val.(map[string]any) {
				if s.Props[pk], err = compile(pv); err != nil {
					return nil, err
				}
			}
		case "required":
			for _, r := range val.([]any) {
				s.Req = append(s.Req, r.(string))
			}
		case "additionalProperties":
			switch a := val.(type) {
			case bool:
				s.AddlFalse = !a
			default:
				if s.Addl, err = compile(a); err != nil {
					return nil, err
				}
			}
		case "items":
			if s.Items, err = compile(val); err != nil {
				return nil, err
			}
		case "anyOf", "oneOf":
			var list []*Schema
			for _, b := range val.([]any) {
				c, err := compile(b)
				if err != nil {
					return nil, err
				}
				list = append(list, c)
			}
			if k == "anyOf" {
				s.AnyOf = list
			} else {
				s.OneOf = list
			}
		case "enum":
			s.Enum = val.([]any)
		case "minimum":
			s.Min, err = num(val)
		case "maximum":
			s.Max, err = num(val)
		case "minItems":
			s.MinItems, err = intp(val)
		case "maxItems":
			s.MaxItems, err = intp(val)
		case "minLength":
			s.MinLength, err = intp(val)
		case "uniqueItems":
			// serde collects these into sets: duplicates are merged, never refused.
		default:
			return nil, fmt.Errorf("unsupported schema keyword %q", k)
		}
		if err != nil {
			return nil, err
		}
	}
	if meaningful == 0 {
		s.empty = true
	}
	if s.Null && meaningful == 1 {
		s.onlyNull = true
	}
	return s, nil
}

// Find returns the operation for a method and an already split, unescaped path.
func (d *Doc) Find(method string, segs []string) (*Operation, map[string]string) {
	var best *Operation
	for _, op := range d.Ops {
		if op.Method != method || len(op.segs) != len(segs) {
			continue
		}
		ok := true
		for i, s := range op.segs {
			if !strings.HasPrefix(s, "{") && s != segs[i] {
				ok = false
				break
			}
		}
		if ok && (best == nil || op.literals > best.literals) {
			best = op
		}
	}
	if best == nil {
		return nil, nil
	}
	params := map[string]string{}
	for i, s := range best.segs {
		if strings.HasPrefix(s, "{") {
			params[strings.Trim(s, "{}")] = segs[i]
		}
	}
	return best, params
}

// PathExists reports whether any method is defined for the path (for 405-style answers).
func (d *Doc) PathExists(segs []string) bool {
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		if op, _ := d.Find(m, segs); op != nil {
			return true
		}
	}
	return false
}

// SplitPath splits an escaped URL path into unescaped segments.
func SplitPath(escaped string) ([]string, error) {
	escaped = strings.Trim(escaped, "/")
	if escaped == "" {
		return nil, nil
	}
	parts := strings.Split(escaped, "/")
	for i, p := range parts {
		u, err := url.PathUnescape(p)
		if err != nil {
			return nil, err
		}
		parts[i] = u
	}
	return parts, nil
}

// Validate checks v against s and returns every issue found (structural ones first).
func Validate(s *Schema, v any) []Issue {
	var out []Issue
	check(s, v, "", &out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Structural && !out[j].Structural })
	return out
}

// HasStructural reports whether any issue is a shape mismatch (HTTP 400 in Qdrant).
func HasStructural(issues []Issue) bool {
	for _, i := range issues {
		if i.Structural {
			return true
		}
	}
	return false
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Resolved follows $refs to the schema they name.
func (s *Schema) Resolved() *Schema { return s.target() }

func (s *Schema) target() *Schema {
	for s != nil && s.Ref != "" {
		s = s.ref
	}
	return s
}

func (s *Schema) typeName() string {
	if s.Name != "" {
		return s.Name
	}
	if s.Ref != "" {
		return strings.TrimPrefix(s.Ref, "#/components/schemas/")
	}
	return "value"
}

func describe(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		return fmt.Sprintf("boolean `%v`", t)
	case string:
		return fmt.Sprintf("string %q", t)
	case json.Number:
		if isIntLiteral(t) {
			return fmt.Sprintf("integer `%s`", t)
		}
		return fmt.Sprintf("floating point `%s`", t)
	case float64:
		return fmt.Sprintf("floating point `%v`", t)
	case []any:
		return "a sequence"
	case map[string]any:
		return "a map"
	}
	return fmt.Sprintf("%T", v)
}

func isIntLiteral(n json.Number) bool {
	return !strings.ContainsAny(string(n), ".eE")
}

func expected(s *Schema) string {
	switch s.Type {
	case "integer":
		switch s.Fmt {
		case "uint", "uint64":
			return "u64"
		case "uint32":
			return "u32"
		case "uint8":
			return "u8"
		case "int64":
			return "i64"
		}
		return "an integer"
	case "number":
		return "a number"
	case "string":
		return "a string"
	case "boolean":
		return "a boolean"
	case "array":
		return "a sequence"
	case "object":
		return "a map"
	}
	return s.Type
}

func check(s *Schema, v any, path string, out *[]Issue) {
	named := s
	s = s.target()
	if s == nil || s.empty {
		return
	}
	if s.onlyNull {
		if v != nil {
			*out = append(*out, Issue{path, "expected null, got " + describe(v), true})
		}
		return
	}
	if v == nil && s.Null {
		return
	}
	if len(s.AnyOf) > 0 || len(s.OneOf) > 0 {
		branches := s.AnyOf
		if len(branches) == 0 {
			branches = s.OneOf
		}
		checkAnyOf(named, s, branches, v, path, out)
		if s.Type == "" {
			return
		}
	}
	if s.Type == "" {
		checkEnum(s, v, path, out)
		return
	}
	if v == nil {
		*out = append(*out, Issue{path, "invalid type: null, expected " + expected(s), true})
		return
	}
	switch s.Type {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			*out = append(*out, Issue{path, "invalid type: " + describe(v) + ", expected " + expected(s), true})
			return
		}
		for _, r := range s.Req {
			if _, ok := m[r]; !ok {
				*out = append(*out, Issue{path, fmt.Sprintf("missing field `%s`", r), true})
			}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			val := m[k]
			if ps, ok := s.Props[k]; ok {
				check(ps, val, join(path, k), out)
			} else if s.AddlFalse {
				known := make([]string, 0, len(s.Props))
				for pk := range s.Props {
					known = append(known, "`"+pk+"`")
				}
				sort.Strings(known)
				*out = append(*out, Issue{path, fmt.Sprintf("unknown field `%s`, expected one of %s", k, strings.Join(known, ", ")), true})
			} else if s.Addl != nil {
				check(s.Addl, val, join(path, k), out)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			*out = append(*out, Issue{path, "invalid type: " + describe(v) + ", expected " + expected(s), true})
			return
		}
		if s.Items != nil {
			it := s.Items.target()
			// fast path for the long float arrays of vectors
			if it != nil && it.Type == "number" && it.Min == nil && it.Max == nil && !it.Null && len(it.AnyOf) == 0 {
				for i, e := range a {
					switch e.(type) {
					case json.Number, float64:
					default:
						*out = append(*out, Issue{fmt.Sprintf("%s[%d]", path, i), "invalid type: " + describe(e) + ", expected f32", true})
						return
					}
				}
			} else {
				for i, e := range a {
					check(s.Items, e, fmt.Sprintf("%s[%d]", path, i), out)
				}
			}
		}
		if s.MinItems != nil && len(a) < *s.MinItems {
			*out = append(*out, Issue{path, fmt.Sprintf("must contain at least %d item(s)", *s.MinItems), false})
		}
		if s.MaxItems != nil && len(a) > *s.MaxItems {
			*out = append(*out, Issue{path, fmt.Sprintf("must contain at most %d item(s)", *s.MaxItems), false})
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			*out = append(*out, Issue{path, "invalid type: " + describe(v) + ", expected " + expected(s), true})
			return
		}
		switch s.Fmt {
		case "uuid":
			if !ValidUUID(str) {
				*out = append(*out, Issue{path, fmt.Sprintf("invalid value: string %q, expected a UUID", str), true})
				return
			}
		case "date-time", "partial-date-time":
			if _, err := datetime.Parse(str); err != nil {
				*out = append(*out, Issue{path, fmt.Sprintf("invalid value: string %q, expected a datetime (RFC 3339)", str), true})
				return
			}
		}
		checkEnum(s, v, path, out)
		if s.MinLength != nil && len([]rune(str)) < *s.MinLength {
			*out = append(*out, Issue{path, fmt.Sprintf("length must be at least %d", *s.MinLength), false})
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			*out = append(*out, Issue{path, "invalid type: " + describe(v) + ", expected a boolean", true})
		}
	case "integer", "number":
		var f float64
		switch n := v.(type) {
		case json.Number:
			if s.Type == "integer" && !isIntLiteral(n) {
				*out = append(*out, Issue{path, "invalid type: " + describe(v) + ", expected " + expected(s), true})
				return
			}
			if s.Type == "integer" {
				if !intInFormat(string(n), s.Fmt) {
					*out = append(*out, Issue{path, fmt.Sprintf("invalid value: integer `%s`, expected %s", n, expected(s)), true})
					return
				}
			}
			var err error
			f, err = n.Float64()
			if err != nil && !s.isInt() {
				*out = append(*out, Issue{path, "invalid number " + string(n), true})
				return
			}
		case float64:
			if s.Type == "integer" && (f != math.Trunc(f)) {
				*out = append(*out, Issue{path, "invalid type: " + describe(v) + ", expected " + expected(s), true})
				return
			}
			f = n
		default:
			*out = append(*out, Issue{path, "invalid type: " + describe(v) + ", expected " + expected(s), true})
			return
		}
		if s.Min != nil && f < *s.Min {
			*out = append(*out, Issue{path, fmt.Sprintf("value %s invalid, must be %s or larger", fmtNum(v), fmtF(*s.Min)), false})
		}
		if s.Max != nil && f > *s.Max {
			*out = append(*out, Issue{path, fmt.Sprintf("value %s invalid, must be %s or smaller", fmtNum(v), fmtF(*s.Max)), false})
		}
	}
}

func (s *Schema) isInt() bool { return s.Type == "integer" }

func fmtNum(v any) string {
	if n, ok := v.(json.Number); ok {
		return string(n)
	}
	return fmt.Sprint(v)
}

func fmtF(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func intInFormat(lit, format string) bool {
	switch format {
	case "uint", "uint64":
		_, err := strconv.ParseUint(lit, 10, 64)
		return err == nil
	case "uint32":
		_, err := strconv.ParseUint(lit, 10, 32)
		return err == nil
	case "uint8":
		_, err := strconv.ParseUint(lit, 10, 8)
		return err == nil
	case "int64":
		_, err := strconv.ParseInt(lit, 10, 64)
		return err == nil
	}
	// no format: any integer (query parameters such as timeout)
	if _, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return true
	}
	_, err := strconv.ParseUint(lit, 10, 64)
	return err == nil
}

func checkEnum(s *Schema, v any, path string, out *[]Issue) {
	if len(s.Enum) == 0 {
		return
	}
	for _, e := range s.Enum {
		if fmt.Sprint(e) == fmt.Sprint(v) && fmt.Sprintf("%T", e) == fmt.Sprintf("%T", v) {
			return
		}
	}
	var opts []string
	for _, e := range s.Enum {
		opts = append(opts, fmt.Sprintf("`%v`", e))
	}
	if str, ok := v.(string); ok {
		*out = append(*out, Issue{path, fmt.Sprintf("unknown variant `%s`, expected one of %s", str, strings.Join(opts, ", ")), true})
		return
	}
	*out = append(*out, Issue{path, fmt.Sprintf("invalid type: %s, expected one of %s", describe(v), strings.Join(opts, ", ")), true})
}

func checkAnyOf(named, s *Schema, branches []*Schema, v any, path string, out *[]Issue) {
	if v != nil {
		// `X | null` with a value: report X's own issues, not "no variant matched"
		var nonNull []*Schema
		for _, b := range branches {
			if t := b.target(); t == nil || !t.onlyNull {
				nonNull = append(nonNull, b)
			}
		}
		if len(nonNull) == 1 {
			check(nonNull[0], v, path, out)
			return
		}
	}
	var firstShapeOK []Issue
	shapeOK := false
	var deepest []Issue
	deepestLen := -1
	for _, b := range branches {
		var bi []Issue
		check(b, v, path, &bi)
		if len(bi) == 0 {
			return
		}
		if !HasStructural(bi) {
			if !shapeOK {
				shapeOK = true
				firstShapeOK = bi
			}
			continue
		}
		// remember the branch that got furthest into the value: its message is the useful one
		for _, i := range bi {
			if i.Structural && len(i.Path) > deepestLen {
				deepestLen = len(i.Path)
				deepest = bi
			}
		}
	}
	if shapeOK {
		*out = append(*out, firstShapeOK...)
		return
	}
	if deepestLen > len(path) {
		for _, i := range deepest {
			if i.Structural {
				*out = append(*out, i)
				return
			}
		}
	}
	name := named.typeName()
	if name == "value" {
		name = s.typeName()
	}
	*out = append(*out, Issue{path, fmt.Sprintf("data did not match any variant of untagged enum %s", name), true})
}

// ValidUUID accepts the forms Rust's uuid crate parses: hyphenated, simple (32 hex
// digits), braced and urn:uuid: prefixed.
func ValidUUID(s string) bool {
	_, ok := ParseUUID(s)
	return ok
}

// ParseUUID returns the 16 bytes of a UUID in any of the accepted textual forms.
func ParseUUID(s string) ([16]byte, bool) {
	var out [16]byte
	if strings.HasPrefix(s, "urn:uuid:") {
		s = s[9:]
	} else if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	var hex string
	switch len(s) {
	case 36:
		if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
			return out, false
		}
		hex = s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:36]
	case 32:
		hex = s
	default:
		return out, false
	}
	for i := 0; i < 16; i++ {
		hi, ok1 := hexVal(hex[2*i])
		lo, ok2 := hexVal(hex[2*i+1])
		if !ok1 || !ok2 {
			return out, false
		}
		out[i] = hi<<4 | lo
	}
	return out, true
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

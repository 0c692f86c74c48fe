package engine

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Payload values are what encoding/json produces with UseNumber: nil, bool, string,
// json.Number, []any and map[string]any.
type Payload = map[string]any

// pathItem is one step of a payload key: a map key, an array index, or [] (every element).
type pathItem struct {
	key      string
	index    int
	isIndex  bool
	wildcard bool
}

// JSONPath is a parsed payload key such as `a.b[].c`, `a[0]` or `a."dotted.key"`.
type JSONPath []pathItem

func (p JSONPath) String() string {
	var b strings.Builder
	for i, it := range p {
		switch {
		case it.wildcard:
			b.WriteString("[]")
		case it.isIndex:
			b.WriteString("[" + strconv.Itoa(it.index) + "]")
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			if needsQuoting(it.key) {
				b.WriteString(`"` + it.key + `"`)
			} else {
				b.WriteString(it.key)
			}
		}
	}
	return b.String()
}

func isKeyChar(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' }

func needsQuoting(s string) bool {
	if s == "" {
		return true
	}
	for _, r := range s {
		if !isKeyChar(r) {
			return true
		}
	}
	return false
}

// ParsePath parses a key with Qdrant's grammar: the first element is a key, then any
// number of `.key`, `."quoted key"`, `[n]` and `[]`.
func ParsePath(s string) (JSONPath, error) {
	bad := fmt.Errorf("invalid payload key path %q", s)
	var p JSONPath
	rs := []rune(s)
	i := 0
	readKey := func() (string, bool) {
		if i < len(rs) && rs[i] == '"' {
			j := i + 1
			for j < len(rs) && rs[j] != '"' && rs[j] != '\\' {
				j++
			}
			if j >= len(rs) || rs[j] != '"' {
				return "", false
			}
			k := string(rs[i+1 : j])
			i = j + 1
			return k, true
		}
		j := i
		for j < len(rs) && isKeyChar(rs[j]) {
			j++
		}
		if j == i {
			return "", false
		}
		k := string(rs[i:j])
		i = j
		return k, true
	}
	k, ok := readKey()
	if !ok {
		return nil, bad
	}
	p = append(p, pathItem{key: k})
	for i < len(rs) {
		switch rs[i] {
		case '.':
			i++
			k, ok := readKey()
			if !ok {
				return nil, bad
			}
			p = append(p, pathItem{key: k})
		case '[':
			j := i + 1
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			if j >= len(rs) || rs[j] != ']' {
				return nil, bad
			}
			if j == i+1 {
				p = append(p, pathItem{wildcard: true})
			} else {
				n, err := strconv.Atoi(string(rs[i+1 : j]))
				if err != nil {
					return nil, bad
				}
				p = append(p, pathItem{index: n, isIndex: true})
			}
			i = j + 1
		default:
			return nil, bad
		}
	}
	return p, nil
}

// Get returns the values a path points at. Intermediate arrays are only entered
// through `[]` or `[n]`; a leaf array is returned as one value (see Flatten).
func (p JSONPath) Get(payload Payload) []any {
	if len(p) == 0 || payload == nil {
		return nil
	}
	v, ok := payload[p[0].key]
	if !ok {
		return nil
	}
	var out []any
	getRec(p[1:], v, &out)
	return out
}

func getRec(p JSONPath, v any, out *[]any) {
	if len(p) == 0 {
		*out = append(*out, v)
		return
	}
	head := p[0]
	switch {
	case head.wildcard:
		if a, ok := v.([]any); ok {
			for _, e := range a {
				getRec(p[1:], e, out)
			}
		}
	case head.isIndex:
		if a, ok := v.([]any); ok && head.index < len(a) {
			getRec(p[1:], a[head.index], out)
		}
	default:
		if m, ok := v.(map[string]any); ok {
			if e, ok := m[head.key]; ok {
				getRec(p[1:], e, out)
			}
		}
	}
}

// Flatten expands leaf arrays one level: a condition on an array field matches when
// any element matches.
func Flatten(vals []any) []any {
	needs := false
	for _, v := range vals {
		if _, ok := v.([]any); ok {
			needs = true
			break
		}
	}
	if !needs {
		return vals
	}
	out := make([]any, 0, len(vals))
	for _, v := range vals {
		if a, ok := v.([]any); ok {
			out = append(out, a...)
		} else {
			out = append(out, v)
		}
	}
	return out
}

// SetAt merges src into the object at path (creating it), as set_payload with `key` does.
func (p JSONPath) SetAt(dest Payload, src Payload) {
	if len(p) == 0 {
		for k, v := range src {
			dest[k] = deepCopy(v)
		}
		return
	}
	cur, ok := dest[p[0].key]
	if !ok {
		cur = nil
	}
	dest[p[0].key] = setRec(p[1:], cur, src)
}

func setRec(p JSONPath, dest any, src Payload) any {
	if len(p) == 0 {
		m, ok := dest.(map[string]any)
		if !ok {
			m = map[string]any{}
		}
		for k, v := range src {
			m[k] = deepCopy(v)
		}
		return m
	}
	head := p[0]
	switch {
	case head.wildcard:
		a, ok := dest.([]any)
		if !ok {
			return []any{}
		}
		for i := range a {
			a[i] = setRec(p[1:], a[i], src)
		}
		return a
	case head.isIndex:
		a, ok := dest.([]any)
		if !ok {
			a = []any{}
		}
		for len(a) <= head.index {
			a = append(a, nil)
		}
		a[head.index] = setRec(p[1:], a[head.index], src)
		return a
	default:
		m, ok := dest.(map[string]any)
		if !ok {
			m = map[string]any{}
		}
		m[head.key] = setRec(p[1:], m[head.key], src)
		return m
	}
}

// Remove deletes the value(s) at path.
func (p JSONPath) Remove(payload Payload) {
	if len(p) == 0 {
		return
	}
	if len(p) == 1 {
		delete(payload, p[0].key)
		return
	}
	if v, ok := payload[p[0].key]; ok {
		payload[p[0].key] = removeRec(p[1], p[2:], v)
	}
}

func removeRec(head pathItem, rest JSONPath, v any) any {
	if len(rest) > 0 {
		switch {
		case head.wildcard:
			if a, ok := v.([]any); ok {
				for i := range a {
					a[i] = removeRec(rest[0], rest[1:], a[i])
				}
			}
		case head.isIndex:
			if a, ok := v.([]any); ok && head.index < len(a) {
				a[head.index] = removeRec(rest[0], rest[1:], a[head.index])
			}
		default:
			if m, ok := v.(map[string]any); ok {
				if e, ok := m[head.key]; ok {
					m[head.key] = removeRec(rest[0], rest[1:], e)
				}
			}
		}
		return v
	}
	switch {
	case head.wildcard:
		if _, ok := v.([]any); ok {
			return []any{}
		}
	case head.isIndex:
		if a, ok := v.([]any); ok && head.index < len(a) {
			return append(a[:head.index:head.index], a[head.index+1:]...)
		}
	default:
		if m, ok := v.(map[string]any); ok {
			delete(m, head.key)
		}
	}
	return v
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		a := make([]any, len(t))
		for i, e := range t {
			a[i] = deepCopy(e)
		}
		return a
	}
	return v
}

// CopyPayload returns a deep copy (payloads handed out must not alias stored ones).
func CopyPayload(p Payload) Payload {
	if p == nil {
		return nil
	}
	return deepCopy(p).(map[string]any)
}

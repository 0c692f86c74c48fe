package engine

import "strings"

// selectPayload applies with_payload include/exclude selectors, key paths compared
// segment by segment as Qdrant does (`a` keeps `a.b`; `a.b` keeps only that part of `a`).
func selectPayload(p Payload, sel PayloadSelector) Payload {
	if sel.All || p == nil {
		return CopyPayload(p)
	}
	var pred func(key string) bool
	if sel.Include != nil {
		pred = func(key string) bool {
			for _, pat := range sel.Include {
				if includeMatches(pat, key) {
					return true
				}
			}
			return false
		}
	} else {
		pred = func(key string) bool {
			for _, pat := range sel.Exclude {
				if excludeMatches(pat, key) {
					return false
				}
			}
			return true
		}
	}
	out, _ := filterPayload(p, pred, "").(map[string]any)
	return out
}

func pathParts(s string) []string {
	return strings.Split(strings.ReplaceAll(s, ".", "[."), "[")
}

func prefixEqual(a, b []string) bool {
	n := len(a)
	if len(b) < n {
		n = len(b)
	}
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func includeMatches(pattern, key string) bool {
	return prefixEqual(pathParts(pattern), pathParts(key))
}

func excludeMatches(pattern, key string) bool {
	if len(pattern) > len(key) {
		return false
	}
	return prefixEqual(pathParts(pattern), pathParts(key))
}

func filterPayload(v any, pred func(string) bool, path string) any {
	switch t := v.(type) {
	case map[string]any:
		prefix := path
		if prefix != "" {
			prefix += "."
		}
		out := map[string]any{}
		for k, e := range t {
			if pred(prefix + k) {
				out[k] = filterPayload(e, pred, prefix+k)
			}
		}
		return out
	case []any:
		path += "[]"
		out := []any{}
		for _, e := range t {
			if pred(path) {
				out = append(out, filterPayload(e, pred, path))
			}
		}
		return out
	}
	return v
}

package engine

import (
	"encoding/json"
	"strings"
	"testing"
)

// decode parses JSON the way the server does (numbers kept as json.Number).
func decode(t testing.TB, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

func payloadOf(t testing.TB, s string) Payload {
	t.Helper()
	return decode(t, s).(map[string]any)
}

type noEnv struct{}

func (noEnv) textParams(string) *TextParams { return nil }

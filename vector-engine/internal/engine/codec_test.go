package engine

import (
	"reflect"
	"testing"
)

func TestOpRoundTrip(t *testing.T) {
	uuid, _ := ParseID("936da01f-9abd-4d9d-80c7-02af85c822a8")
	ops := []*op{
		{kind: opUpsert, seq: 7, points: []pointWrite{{id: NumID(1), vectors: map[string][]float32{"": {1.5, -2, 3e-8}}, payload: payloadOf(t, `{"a":[1,"x",{"b":null}],"n":12345678901234567890}`)}, {id: uuid, vectors: map[string][]float32{"img": {0}, "txt": {}}}}},
		{kind: opDelete, seq: 8, ids: []PointID{NumID(3), uuid}},
		{kind: opSetPayload, seq: 9, ids: []PointID{NumID(1)}, payload: Payload{"k": "v"}, key: "a.b"},
		{kind: opOverwritePayload, seq: 10, ids: []PointID{NumID(1)}, payload: Payload{}},
		{kind: opDeletePayload, seq: 11, ids: []PointID{NumID(1)}, keys: []string{"a", "b[0]"}},
		{kind: opClearPayload, seq: 12, ids: []PointID{NumID(1)}},
		{kind: opUpdateVectors, seq: 13, points: []pointWrite{{id: NumID(2), vectors: map[string][]float32{"": {9}}}}},
		{kind: opDeleteVectors, seq: 14, ids: []PointID{NumID(2)}, names: []string{"img"}},
		// sparse vectors travel in their own section (records of kinds older logs never hold)
		{kind: opUpsert, seq: 15, points: []pointWrite{{id: NumID(3), vectors: map[string][]float32{"d": {1}}, sparse: map[string]SparseVector{"s": {Indices: []uint32{1, 4000000000}, Values: []float32{0.5, -2}}}, payload: Payload{"x": "y"}}, {id: NumID(4), vectors: map[string][]float32{}, sparse: map[string]SparseVector{}}}},
		{kind: opUpdateVectors, seq: 16, points: []pointWrite{{id: NumID(3), vectors: map[string][]float32{}, sparse: map[string]SparseVector{"s": {Indices: []uint32{}, Values: []float32{}}}}}},
	}
	for _, o := range ops {
		got, err := decodeOp(encodeOp(o))
		if err != nil {
			t.Fatalf("kind %d: %v", o.kind, err)
		}
		if !reflect.DeepEqual(got, o) {
			t.Errorf("kind %d: round trip\n got %+v\nwant %+v", o.kind, got, o)
		}
	}
	if _, err := decodeOp(encodeOp(ops[0])[:20]); err == nil {
		t.Error("truncated record decoded")
	}
}

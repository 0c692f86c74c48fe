package engine

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"unsafe"
)

// opKind is the type of a logged write.
type opKind uint8

const (
	opUpsert opKind = iota + 1
	opDelete
	opSetPayload
	opOverwritePayload
	opDeletePayload
	opClearPayload
	opUpdateVectors
	opDeleteVectors
	// the same two operations when they carry sparse vectors (a section older records lack)
	opUpsertSparse
	opUpdateVectorsSparse
)

// pointWrite is one point of an upsert (or the vectors of an update_vectors).
type pointWrite struct {
	id      PointID
	vectors map[string][]float32
	sparse  map[string]SparseVector
	payload Payload // upsert: nil means an empty payload
}

// op is a write as applied and as logged. Writes that select points by filter are
// logged with the ids the filter resolved to, so replay never re-evaluates a filter.
type op struct {
	kind    opKind
	seq     uint64
	points  []pointWrite
	ids     []PointID
	payload Payload
	key     string   // set_payload `key`
	keys    []string // delete_payload keys
	names   []string // delete_vectors names
}

type encoder struct{ b []byte }

func (e *encoder) u8(v uint8)     { e.b = append(e.b, v) }
func (e *encoder) u64(v uint64)   { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *encoder) uvar(v uint64)  { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) bytes(v []byte) { e.uvar(uint64(len(v))); e.b = append(e.b, v...) }
func (e *encoder) str(s string)   { e.uvar(uint64(len(s))); e.b = append(e.b, s...) }

func (e *encoder) id(p PointID) {
	if p.IsUUID {
		e.u8(1)
		e.b = append(e.b, p.UUID[:]...)
		return
	}
	e.u8(0)
	e.u64(p.Num)
}

func (e *encoder) ids(ids []PointID) {
	e.uvar(uint64(len(ids)))
	for _, id := range ids {
		e.id(id)
	}
}

// littleEndian hosts can copy float32 slices to and from the (little-endian) log as bytes.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

func (e *encoder) vectors(vs map[string][]float32) {
	e.uvar(uint64(len(vs)))
	for name, v := range vs {
		e.str(name)
		e.uvar(uint64(len(v)))
		if littleEndian && len(v) > 0 {
			e.b = append(e.b, unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*4)...)
			continue
		}
		for _, f := range v {
			e.b = binary.LittleEndian.AppendUint32(e.b, math.Float32bits(f))
		}
	}
}

func (e *encoder) sparse(vs map[string]SparseVector) {
	e.uvar(uint64(len(vs)))
	for name, v := range vs {
		e.str(name)
		e.uvar(uint64(len(v.Indices)))
		for i, dim := range v.Indices {
			e.b = binary.LittleEndian.AppendUint32(e.b, dim)
			e.b = binary.LittleEndian.AppendUint32(e.b, math.Float32bits(v.Values[i]))
		}
	}
}

func (e *encoder) payload(p Payload) {
	if p == nil {
		e.uvar(0)
		return
	}
	b, _ := json.Marshal(p)
	e.bytes(b)
}

func (e *encoder) strs(ss []string) {
	e.uvar(uint64(len(ss)))
	for _, s := range ss {
		e.str(s)
	}
}

// encodeOp serialises an op (the body of a log record).
func encodeOp(o *op) []byte { return encodeFrame(o)[frameHeader:] }

// encodeFrame serialises an op after room for the log's frame header, so the record
// is written without another copy (wal.appendFrame fills the header in).
func encodeFrame(o *op) []byte {
	size := 64
	for _, p := range o.points {
		for _, v := range p.vectors {
			size += 16 + 4*len(v)
		}
	}
	kind, withSparse := o.kind, false
	for _, p := range o.points {
		if len(p.sparse) > 0 {
			withSparse = true
			size += 16 * len(p.sparse)
			for _, v := range p.sparse {
				size += 8 * len(v.Indices)
			}
		}
	}
	if withSparse {
		kind = map[opKind]opKind{opUpsert: opUpsertSparse, opUpdateVectors: opUpdateVectorsSparse}[o.kind]
	}
	e := &encoder{b: make([]byte, frameHeader, frameHeader+size)}
	e.u8(uint8(kind))
	e.u64(o.seq)
	switch o.kind {
	case opUpsert, opUpdateVectors:
		e.uvar(uint64(len(o.points)))
		for _, p := range o.points {
			e.id(p.id)
			e.vectors(p.vectors)
			if withSparse {
				e.sparse(p.sparse)
			}
			if o.kind == opUpsert {
				e.payload(p.payload)
			}
		}
	case opDelete, opClearPayload:
		e.ids(o.ids)
	case opSetPayload, opOverwritePayload:
		e.ids(o.ids)
		e.payload(o.payload)
		e.str(o.key)
	case opDeletePayload:
		e.ids(o.ids)
		e.strs(o.keys)
	case opDeleteVectors:
		e.ids(o.ids)
		e.strs(o.names)
	}
	return e.b
}

var errCorrupt = errors.New("corrupt record")

type decoder struct {
	b   []byte
	err error
}

func (d *decoder) need(n int) bool {
	if d.err != nil || len(d.b) < n {
		d.err = errCorrupt
		return false
	}
	return true
}

func (d *decoder) u8() uint8 {
	if !d.need(1) {
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) u64() uint64 {
	if !d.need(8) {
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) uvar() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvar()
	if !d.need(int(n)) {
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) str() string { return string(d.bytes()) }

func (d *decoder) id() PointID {
	if d.u8() == 1 {
		var p PointID
		p.IsUUID = true
		if d.need(16) {
			copy(p.UUID[:], d.b[:16])
			d.b = d.b[16:]
		}
		return p
	}
	return PointID{Num: d.u64()}
}

func (d *decoder) ids() []PointID {
	n := d.uvar()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	out := make([]PointID, n)
	for i := range out {
		out[i] = d.id()
	}
	return out
}

func (d *decoder) vectors() map[string][]float32 {
	n := d.uvar()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	out := make(map[string][]float32, n)
	for i := uint64(0); i < n && d.err == nil; i++ {
		name := d.str()
		dim := d.uvar()
		if !d.need(int(dim) * 4) {
			return nil
		}
		v := make([]float32, dim)
		if littleEndian && dim > 0 {
			copy(unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), dim*4), d.b[:dim*4])
		} else {
			for j := range v {
				v[j] = math.Float32frombits(binary.LittleEndian.Uint32(d.b[j*4:]))
			}
		}
		d.b = d.b[dim*4:]
		out[name] = v
	}
	return out
}

func (d *decoder) sparse() map[string]SparseVector {
	n := d.uvar()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	out := make(map[string]SparseVector, n)
	for i := uint64(0); i < n && d.err == nil; i++ {
		name := d.str()
		cnt := d.uvar()
		if d.err != nil || cnt > uint64(len(d.b))/8 {
			d.err = errCorrupt
			return nil
		}
		v := SparseVector{Indices: make([]uint32, cnt), Values: make([]float32, cnt)}
		for j := range v.Indices {
			v.Indices[j] = binary.LittleEndian.Uint32(d.b)
			v.Values[j] = math.Float32frombits(binary.LittleEndian.Uint32(d.b[4:]))
			d.b = d.b[8:]
		}
		out[name] = v
	}
	return out
}

func (d *decoder) payload() Payload {
	b := d.bytes()
	if d.err != nil || len(b) == 0 {
		return nil
	}
	p, err := decodePayload(b)
	if err != nil {
		d.err = errCorrupt
	}
	return p
}

func (d *decoder) strs() []string {
	n := d.uvar()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCorrupt
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.str()
	}
	return out
}

func decodePayload(b []byte) (Payload, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var p Payload
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	return p, nil
}

// decodeOp parses a record body written by encodeOp.
func decodeOp(b []byte) (*op, error) {
	d := &decoder{b: b}
	o := &op{kind: opKind(d.u8()), seq: d.u64()}
	withSparse := false
	switch o.kind {
	case opUpsertSparse:
		o.kind, withSparse = opUpsert, true
	case opUpdateVectorsSparse:
		o.kind, withSparse = opUpdateVectors, true
	}
	switch o.kind {
	case opUpsert, opUpdateVectors:
		n := d.uvar()
		if d.err == nil && n > uint64(len(d.b)) {
			d.err = errCorrupt
		}
		for i := uint64(0); i < n && d.err == nil; i++ {
			p := pointWrite{id: d.id(), vectors: d.vectors()}
			if withSparse {
				p.sparse = d.sparse()
			}
			if o.kind == opUpsert {
				p.payload = d.payload()
			}
			o.points = append(o.points, p)
		}
	case opDelete, opClearPayload:
		o.ids = d.ids()
	case opSetPayload, opOverwritePayload:
		o.ids = d.ids()
		o.payload = d.payload()
		o.key = d.str()
	case opDeletePayload:
		o.ids = d.ids()
		o.keys = d.strs()
	case opDeleteVectors:
		o.ids = d.ids()
		o.names = d.strs()
	default:
		return nil, errCorrupt
	}
	if d.err != nil {
		return nil, d.err
	}
	if len(d.b) != 0 {
		return nil, errCorrupt
	}
	return o, nil
}

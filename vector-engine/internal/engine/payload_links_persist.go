package engine

import (
	"encoding/binary"
	"sort"
)

// Payload links in the graph file (format in index_hnsw_persist.go): saved with the
// graph, by node number, so a restart does not link the points again.

// savePayloadLinks appends the payload section (num: offset -> node number of the
// indexed nodes; graph and collection read locks held).
func (ix *hnswIndex) savePayloadLinks(e *encoder, num map[uint32]uint32) {
	e.b = binary.LittleEndian.AppendUint32(e.b, uint32(max(ix.payloadM, 0)))
	names := make([]string, 0, len(ix.pl))
	for name := range ix.pl {
		names = append(names, name)
	}
	sort.Strings(names)
	e.uvar(uint64(len(names)))
	for _, name := range names {
		f := ix.pl[name]
		e.str(f.field)
		e.str(f.typ)
		e.uvar(uint64(len(f.key)))
		for _, k := range f.key {
			switch t := k.(type) {
			case string:
				e.u8(0)
				e.str(t)
			case int64:
				e.u8(1)
				e.u64(uint64(t))
			default:
				e.u8(0)
				e.str("")
			}
		}
		type rec struct {
			node, kid uint32
			links     []uint32
		}
		var recs []rec
		for off := range f.head {
			n, ok := num[uint32(off)]
			if !ok {
				continue
			}
			f.records(uint32(off), func(kid uint32, ls []uint32) {
				r := rec{node: n, kid: kid}
				for _, nb := range ls {
					if m, ok := num[nb]; ok {
						r.links = append(r.links, m)
					}
				}
				recs = append(recs, r)
			})
		}
		e.uvar(uint64(len(recs)))
		for _, r := range recs {
			e.b = binary.LittleEndian.AppendUint32(e.b, r.node)
			e.uvar(uint64(r.kid))
			e.uvar(uint64(len(r.links)))
			for _, m := range r.links {
				e.b = binary.LittleEndian.AppendUint32(e.b, m)
			}
		}
	}
}

type savedPayloadField struct {
	f    *plField // nil: not usable now (index gone, other type or payload_m)
	recs []savedPayloadRec
}

type savedPayloadRec struct {
	node, kid uint32
	links     []uint32
}

// readPayloadLinks reads the payload section (d.err set when it is damaged).
func (ix *hnswIndex) readPayloadLinks(d *decoder, count int) []savedPayloadField {
	u32 := func() uint32 {
		if !d.need(4) {
			return 0
		}
		v := binary.LittleEndian.Uint32(d.b)
		d.b = d.b[4:]
		return v
	}
	pm := int(u32())
	nf := d.uvar()
	if nf > uint64(len(d.b)) {
		d.err = errGraphFile
		return nil
	}
	c := ix.owner
	var out []savedPayloadField
	for i := uint64(0); i < nf && d.err == nil; i++ {
		name, typ := d.str(), d.str()
		nk := d.uvar()
		if nk > uint64(len(d.b)) {
			d.err = errGraphFile
			return nil
		}
		keys := make([]any, 0, nk)
		for j := uint64(0); j < nk && d.err == nil; j++ {
			if d.u8() == 1 {
				keys = append(keys, int64(d.u64()))
			} else {
				keys = append(keys, d.str())
			}
		}
		var sf savedPayloadField
		if pix := c.indexes[name]; pm == ix.payloadM && pm > 0 && pix != nil && payloadLinked(pix) && pix.spec.Type == typ {
			sf.f = newPLField(name, typ, 2*pm)
			for _, k := range keys {
				sf.f.keyID(k)
			}
		}
		nr := d.uvar()
		if nr > uint64(len(d.b))/4 {
			d.err = errGraphFile
			return nil
		}
		for j := uint64(0); j < nr && d.err == nil; j++ {
			r := savedPayloadRec{node: u32(), kid: uint32(d.uvar())}
			n := d.uvar()
			if n > uint64(len(d.b))/4 || int(r.node) >= count || r.kid >= uint32(len(keys)) {
				d.err = errGraphFile
				return nil
			}
			r.links = make([]uint32, n)
			for k := range r.links {
				r.links[k] = u32()
			}
			if sf.f != nil {
				sf.recs = append(sf.recs, r)
			}
		}
		out = append(out, sf)
	}
	return out
}

// restorePayloadLinks attaches the saved lists of the nodes taken back (offs: node
// number -> offset, -1 when its point changed). The sweep then checks them against the
// payloads and links whatever is missing.
func (ix *hnswIndex) restorePayloadLinks(fields []savedPayloadField, offs []int64) {
	for _, sf := range fields {
		f := sf.f
		if f == nil {
			continue
		}
		for _, r := range sf.recs {
			if offs[r.node] < 0 {
				continue
			}
			ls := make([]uint32, 0, len(r.links))
			for _, nb := range r.links {
				if int(nb) < len(offs) && offs[nb] >= 0 {
					ls = append(ls, uint32(offs[nb]))
				}
			}
			if len(ls) > f.m0 {
				ls = ls[:f.m0]
			}
			f.set(uint32(offs[r.node]), r.kid, ls)
		}
		ix.pl[f.field] = f
	}
	ix.plDirty = true
}

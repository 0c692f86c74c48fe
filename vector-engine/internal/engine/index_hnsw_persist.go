package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"log"
	"os"
	"path/filepath"
)

// The graph is saved beside the collection's snapshot and log, by point id and version
// rather than by offset (offsets are reassigned when a collection is loaded):
//
//	"SVHNSW02" | u32 dim | u32 m | u32 ef_construct | u32 nodes | u32 entry | u32 max level
//	per node: id | u64 version | u8 level | per level: uvarint n, n × u32 node numbers
//	payload links (payload_links.go): u32 payload_m | uvarint fields, per field:
//	  str name | str index type | uvarint keys, per key: u8 0 + str (keyword) or u8 1 + u64 (integer)
//	  | uvarint records, per record: u32 node number | uvarint key | uvarint n, n × u32 node numbers
//	u32 CRC-32C of everything before it
//
// "SVHNSW01" files (before payload links) are the same without the payload section;
// they are still read, and their payload links are built again in the background.
//
// It is written atomically (temp file, fsync, rename) whenever the builder has caught
// up. At load, a node is taken back only if its point still exists with the same
// version (so the same vector); every other point is pending and indexed again. A file
// that is torn, fails its checksum or was built with other parameters is ignored: the
// points are indexed again from what the snapshot and log hold, and answers stay exact
// for whatever is not indexed yet.

const (
	hnswMagic   = "SVHNSW02"
	hnswMagicV1 = "SVHNSW01"
)

func hnswFileName(vector string) string {
	if vector == "" {
		return "hnsw.bin"
	}
	return "hnsw-" + dirName(vector) + ".bin"
}

// save writes the graph's indexed nodes (collection read lock held, builder idle or caller).
func (ix *hnswIndex) save() error {
	c := ix.owner
	num := make(map[uint32]uint32, ix.indexed)
	order := make([]uint32, 0, ix.indexed)
	for off, st := range ix.state {
		if st == stIndexed {
			num[uint32(off)] = uint32(len(order))
			order = append(order, uint32(off))
		}
	}
	entry := uint32(0xFFFFFFFF)
	if n, ok := num[uint32(max(ix.entry, 0))]; ok && ix.entry >= 0 {
		entry = n
	} else {
		best := -1
		for i, off := range order {
			if int(ix.level[off]) > best {
				best, entry = int(ix.level[off]), uint32(i)
			}
		}
	}
	maxLevel := 0
	for _, off := range order {
		maxLevel = max(maxLevel, int(ix.level[off]))
	}
	e := &encoder{b: make([]byte, 0, 64+len(order)*(ix.m0*4+32))}
	e.b = append(e.b, hnswMagic...)
	for _, v := range []int{ix.vs.dim, ix.m, ix.efConstruct, len(order), int(entry), maxLevel} {
		e.b = binary.LittleEndian.AppendUint32(e.b, uint32(v))
	}
	for _, off := range order {
		p := &c.points[off]
		e.id(p.id)
		e.u64(p.version)
		lv := int(ix.level[off])
		e.u8(uint8(lv))
		for l := 0; l <= lv; l++ {
			ls := ix.links(off, l)
			kept := make([]uint32, 0, len(ls))
			for _, nb := range ls {
				if n, ok := num[nb]; ok {
					kept = append(kept, n)
				}
			}
			e.uvar(uint64(len(kept)))
			for _, n := range kept {
				e.b = binary.LittleEndian.AppendUint32(e.b, n)
			}
		}
	}
	ix.savePayloadLinks(e, num)
	e.b = binary.LittleEndian.AppendUint32(e.b, crc32.Checksum(e.b, crcTable))
	if err := writeFileAtomic(ix.persistPath, e.b); err != nil {
		return err
	}
	ix.dirty = false
	return nil
}

var errGraphFile = errors.New("damaged graph file")

// load takes back the saved graph for the points that did not change since
// (collection loaded, builder not started). It reports how many nodes were reused.
func (ix *hnswIndex) load(path string) (int, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if len(b) < len(hnswMagic)+28 || (string(b[:len(hnswMagic)]) != hnswMagic && string(b[:len(hnswMagic)]) != hnswMagicV1) {
		return 0, errGraphFile
	}
	v1 := string(b[:len(hnswMagic)]) == hnswMagicV1
	body, sum := b[:len(b)-4], binary.LittleEndian.Uint32(b[len(b)-4:])
	if crc32.Checksum(body, crcTable) != sum {
		return 0, errGraphFile
	}
	hdr := body[len(hnswMagic):]
	u := func(i int) int { return int(binary.LittleEndian.Uint32(hdr[4*i:])) }
	dim, m, efc, count, entry := u(0), u(1), u(2), u(3), u(4)
	if dim != ix.vs.dim || m != ix.m || efc != ix.efConstruct {
		return 0, fmt.Errorf("graph built with other parameters (dim %d, m %d, ef_construct %d)", dim, m, efc)
	}
	d := &decoder{b: hdr[24:]}
	c := ix.owner
	offs := make([]int64, count) // node number -> offset, -1 when the point changed
	type saved struct {
		level int
		links [][]uint32
	}
	nodes := make([]saved, count)
	for i := 0; i < count && d.err == nil; i++ {
		id := d.id()
		ver := d.u64()
		lv := int(d.u8())
		nodes[i].level = lv
		for l := 0; l <= lv && d.err == nil; l++ {
			n := d.uvar()
			if n > uint64(len(d.b))/4 {
				return 0, errGraphFile
			}
			ls := make([]uint32, n)
			for j := range ls {
				ls[j] = binary.LittleEndian.Uint32(d.b)
				d.b = d.b[4:]
			}
			nodes[i].links = append(nodes[i].links, ls)
		}
		offs[i] = -1
		if off, ok := c.ids[id]; ok && c.points[off].version == ver && ix.vs.has(off) && int(off) < len(ix.state) && ix.state[off] == stPending {
			offs[i] = int64(off)
		}
	}
	var links []savedPayloadField
	if !v1 && d.err == nil {
		links = ix.readPayloadLinks(d, count)
	}
	if d.err != nil || len(d.b) != 0 {
		return 0, errGraphFile
	}
	reused, bestLevel, bestOff := 0, -1, int64(-1)
	for i, n := range nodes {
		if offs[i] < 0 {
			continue
		}
		off := uint32(offs[i])
		for l, ls := range n.links {
			mapped := make([]uint32, 0, len(ls))
			for _, nb := range ls {
				if int(nb) < count && offs[nb] >= 0 {
					mapped = append(mapped, uint32(offs[nb]))
				}
			}
			ix.setLinks(off, l, mapped)
		}
		ix.node[off], ix.level[off] = true, int8(n.level)
		ix.unindex(off) // out of the pending list
		ix.state[off] = stIndexed
		ix.indexed++
		reused++
		if n.level > bestLevel {
			bestLevel, bestOff = n.level, int64(off)
		}
	}
	ix.restorePayloadLinks(links, offs)
	if reused > 0 {
		ix.entry, ix.maxLevel = bestOff, bestLevel
		if entry < count && offs[entry] >= 0 && nodes[entry].level == bestLevel {
			ix.entry = offs[entry]
		}
	}
	ix.dirty = reused != count
	return reused, nil
}

// loadGraph takes back the graph saved at path (collection loaded, builder not started),
// or logs why the points are indexed again, and returns the number of vectors it indexes.
func (ix *hnswIndex) loadGraph(path string) int {
	ix.graphLoaded = true
	reused, err := ix.load(path)
	if err != nil {
		log.Printf("collection %q: %s: %v; the vectors will be indexed again", ix.owner.name, filepath.Base(path), err)
		return 0
	}
	if reused > 0 {
		log.Printf("collection %q: HNSW graph loaded (%d vectors indexed, %d pending)", ix.owner.name, reused, len(ix.pending))
	}
	return reused
}

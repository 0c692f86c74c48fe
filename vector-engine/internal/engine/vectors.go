package engine

// vectorStore keeps one named vector of every point in fixed-size chunks of a
// contiguous []float32 each, so the scan reads memory sequentially and growing the
// collection never copies what is already stored. Chunks live outside the Go heap
// (anonymous mmap on Linux): the garbage collector neither scans them nor counts
// them towards its heap goal, which keeps resident memory close to the raw bytes.
type vectorStore struct {
	dim     int
	dist    Distance
	chunks  [][]float32
	present []bool   // offset -> has this vector (named vectors may be absent)
	q8      *q8Store // the int8 copy an HNSW index ranks with (Cosine, Dot), or nil
}

// chunkPoints is the number of vectors per chunk (4096×384 floats = 6 MiB): small
// enough that the last, partly filled chunk wastes little.
const chunkPoints = 4096

func newVectorStore(dim int, dist Distance) *vectorStore {
	return &vectorStore{dim: dim, dist: dist}
}

func (s *vectorStore) ensure(off uint32) {
	need := int(off)/chunkPoints + 1
	for len(s.chunks) < need {
		s.chunks = append(s.chunks, allocFloats(chunkPoints*s.dim))
	}
	for len(s.present) <= int(off) {
		s.present = append(s.present, false)
	}
}

// get returns the stored vector (aliasing storage) or nil.
func (s *vectorStore) get(off uint32) []float32 {
	if int(off) >= len(s.present) || !s.present[off] {
		return nil
	}
	c := s.chunks[int(off)/chunkPoints]
	i := (int(off) % chunkPoints) * s.dim
	return c[i : i+s.dim : i+s.dim]
}

// set stores v (already validated and, for Cosine, normalised).
func (s *vectorStore) set(off uint32, v []float32) {
	s.ensure(off)
	c := s.chunks[int(off)/chunkPoints]
	i := (int(off) % chunkPoints) * s.dim
	copy(c[i:i+s.dim], v)
	s.present[off] = true
	if s.q8 != nil {
		s.q8.set(off, v)
	}
}

// enableQ8 starts keeping the int8 copy (Cosine and Dot only: their score is a dot
// product, which the copy approximates); existing vectors are quantised now.
func (s *vectorStore) enableQ8() {
	if s.q8 != nil || (s.dist != Cosine && s.dist != Dot) {
		return
	}
	s.q8 = &q8Store{row: q8Pad(s.dim)}
	for off, ok := range s.present {
		if ok {
			s.q8.set(uint32(off), s.get(uint32(off)))
		}
	}
}

func (s *vectorStore) remove(off uint32) {
	if int(off) < len(s.present) {
		s.present[off] = false
	}
}

func (s *vectorStore) has(off uint32) bool {
	return int(off) < len(s.present) && s.present[off]
}

// release returns the chunks to the OS (collection deleted).
func (s *vectorStore) release() {
	for _, c := range s.chunks {
		freeFloats(c)
	}
	s.chunks = nil
	s.present = nil
	if s.q8 != nil {
		s.q8.release()
	}
}

// bytes is the raw size of the stored vectors.
func (s *vectorStore) bytes() int64 { return int64(len(s.chunks)) * chunkPoints * int64(s.dim) * 4 }

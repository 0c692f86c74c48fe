package engine

import (
	"fmt"
	"math"
	"sort"
)

// SparseVector is Qdrant's sparse vector: dimension ids and their weights, kept sorted
// by dimension id (as Qdrant stores and returns them).
type SparseVector struct {
	Indices []uint32
	Values  []float32
}

// prepareSparse validates a sparse vector the way Qdrant does (same length, unique
// indices, finite values) and sorts it by index, in place.
func prepareSparse(v SparseVector) (SparseVector, error) {
	if len(v.Indices) != len(v.Values) {
		return v, validationError("values: must be the same length as indices")
	}
	for _, x := range v.Values {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return v, badInput("sparse vector contains NaN or infinite values")
		}
	}
	sort.Sort(byIndex(v))
	for i := 1; i < len(v.Indices); i++ {
		if v.Indices[i] == v.Indices[i-1] {
			return v, validationError("indices: must be unique")
		}
	}
	return v, nil
}

type byIndex SparseVector

func (s byIndex) Len() int           { return len(s.Indices) }
func (s byIndex) Less(i, j int) bool { return s.Indices[i] < s.Indices[j] }
func (s byIndex) Swap(i, j int) {
	s.Indices[i], s.Indices[j] = s.Indices[j], s.Indices[i]
	s.Values[i], s.Values[j] = s.Values[j], s.Values[i]
}

// posting is one entry of a dimension's posting list.
type posting struct {
	off uint32
	w   float32
}

// sparseStore keeps one named sparse vector of every point and its inverted index:
// per dimension, the points that have it, sorted by offset. Updates insert and delete
// in place (binary search), so the index is always exact and never needs a rebuild.
type sparseStore struct {
	idf      bool // modifier: idf
	vecs     []SparseVector
	present  []bool
	count    int // points that have this vector (N of the IDF formula)
	postings map[uint32][]posting
}

func newSparseStore(idf bool) *sparseStore {
	return &sparseStore{idf: idf, postings: map[uint32][]posting{}}
}

func (s *sparseStore) has(off uint32) bool { return int(off) < len(s.present) && s.present[off] }

func (s *sparseStore) get(off uint32) (SparseVector, bool) {
	if !s.has(off) {
		return SparseVector{}, false
	}
	return s.vecs[off], true
}

// set stores v (validated, sorted, owned by the store) at off, replacing what was there.
func (s *sparseStore) set(off uint32, v SparseVector) {
	s.remove(off)
	for len(s.present) <= int(off) {
		s.present = append(s.present, false)
		s.vecs = append(s.vecs, SparseVector{})
	}
	s.vecs[off], s.present[off] = v, true
	s.count++
	for i, dim := range v.Indices {
		list := s.postings[dim]
		at := sort.Search(len(list), func(j int) bool { return list[j].off >= off })
		list = append(list, posting{})
		copy(list[at+1:], list[at:])
		list[at] = posting{off, v.Values[i]}
		s.postings[dim] = list
	}
}

func (s *sparseStore) remove(off uint32) {
	if !s.has(off) {
		return
	}
	for _, dim := range s.vecs[off].Indices {
		list := s.postings[dim]
		at := sort.Search(len(list), func(j int) bool { return list[j].off >= off })
		if at < len(list) && list[at].off == off {
			list = append(list[:at], list[at+1:]...)
		}
		if len(list) == 0 {
			delete(s.postings, dim)
		} else {
			s.postings[dim] = list
		}
	}
	s.vecs[off], s.present[off] = SparseVector{}, false
	s.count--
}

// idfOf is Qdrant's IDF for a dimension: ln((N - df + 0.5) / (df + 0.5) + 1), where N is
// the number of points with this vector and df the number of them that have the dimension.
func (s *sparseStore) idfOf(dim uint32) float32 {
	n, df := float64(s.count), float64(len(s.postings[dim]))
	return float32(math.Log((n-df+0.5)/(df+0.5) + 1))
}

// weighQuery applies the idf modifier to a query (a copy); without it the query is as given.
func (s *sparseStore) weighQuery(q SparseVector) SparseVector {
	if !s.idf {
		return q
	}
	w := SparseVector{Indices: q.Indices, Values: make([]float32, len(q.Values))}
	for i, dim := range q.Indices {
		w.Values[i] = q.Values[i] * s.idfOf(dim)
	}
	return w
}

// score is the dot product of a stored vector and a (weighed) query, over shared dimensions.
func sparseDot(a, b SparseVector) float32 {
	var sum float32
	i, j := 0, 0
	for i < len(a.Indices) && j < len(b.Indices) {
		switch {
		case a.Indices[i] < b.Indices[j]:
			i++
		case a.Indices[i] > b.Indices[j]:
			j++
		default:
			sum += a.Values[i] * b.Values[j]
			i++
			j++
		}
	}
	return sum
}

// search walks the query's posting lists, accumulating dot products per point, and keeps
// the k best admitted points. As in Qdrant's inverted-index search, a point whose score
// is 0 (no dimension shared with the query) is not a result.
func (s *sparseStore) search(q SparseVector, sq searchQuery, better func(a, b hit) bool) []hit {
	if sq.k <= 0 || len(q.Indices) == 0 {
		return nil
	}
	q = s.weighQuery(q)
	acc := make([]float32, len(s.present))
	touched := make([]uint32, 0, 256)
	seen := make([]bool, len(s.present))
	for i, dim := range q.Indices {
		for _, p := range s.postings[dim] {
			if !seen[p.off] {
				seen[p.off] = true
				touched = append(touched, p.off)
			}
			acc[p.off] += q.Values[i] * p.w
		}
	}
	var inCand map[uint32]struct{}
	if sq.cand != nil {
		inCand = make(map[uint32]struct{}, len(sq.cand))
		for _, off := range sq.cand {
			inCand[off] = struct{}{}
		}
	}
	t := &topK{k: sq.k, better: better}
	w := &worker{}
	for _, off := range touched {
		sc := acc[off]
		if sc == 0 {
			continue
		}
		if inCand != nil {
			if _, ok := inCand[off]; !ok {
				continue
			}
		}
		if sq.minScore != nil && sc < *sq.minScore {
			continue
		}
		if sq.accept != nil && !sq.accept(w, off) {
			continue
		}
		t.push(hit{off, sc})
	}
	return t.sorted()
}

// scoreOffsets scores the given points (rescoring prefetched candidates): every point
// that has this vector gets a score, 0 when it shares no dimension with the query.
func (s *sparseStore) scoreOffsets(q SparseVector, offs []uint32) []hit {
	q = s.weighQuery(q)
	out := make([]hit, 0, len(offs))
	for _, off := range offs {
		if v, ok := s.get(off); ok {
			out = append(out, hit{off, sparseDot(v, q)})
		}
	}
	return out
}

// sparseModifierIDF reads SparseVectorParams.modifier.
func sparseModifierIDF(params map[string]any) (bool, error) {
	switch m := params["modifier"].(type) {
	case nil:
		return false, nil
	case string:
		switch m {
		case "none":
			return false, nil
		case "idf":
			return true, nil
		}
	}
	return false, badRequest(fmt.Sprintf("unknown sparse vector modifier %v", params["modifier"]))
}

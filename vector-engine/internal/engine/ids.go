package engine

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"strata/vector-engine/internal/oas"
)

// PointID is Qdrant's ExtendedPointId: an unsigned 64-bit integer or a UUID.
// As in Qdrant (an enum NumId | Uuid), every integer id orders before every UUID.
type PointID struct {
	IsUUID bool
	Num    uint64
	UUID   [16]byte
}

// NumID makes an integer id.
func NumID(n uint64) PointID { return PointID{Num: n} }

// ParseID reads an id from a decoded JSON value.
func ParseID(v any) (PointID, error) {
	switch t := v.(type) {
	case json.Number:
		n, err := strconv.ParseUint(string(t), 10, 64)
		if err != nil {
			return PointID{}, fmt.Errorf("value %s is not a valid point ID, valid values are either an unsigned integer or a UUID", t)
		}
		return PointID{Num: n}, nil
	case float64:
		if t < 0 || t != float64(uint64(t)) {
			return PointID{}, fmt.Errorf("value %v is not a valid point ID, valid values are either an unsigned integer or a UUID", t)
		}
		return PointID{Num: uint64(t)}, nil
	case string:
		u, ok := oas.ParseUUID(t)
		if !ok {
			return PointID{}, fmt.Errorf("value %s is not a valid point ID, valid values are either an unsigned integer or a UUID", t)
		}
		return PointID{IsUUID: true, UUID: u}, nil
	}
	return PointID{}, fmt.Errorf("value %v is not a valid point ID, valid values are either an unsigned integer or a UUID", v)
}

func (p PointID) String() string {
	if !p.IsUUID {
		return strconv.FormatUint(p.Num, 10)
	}
	var b [36]byte
	hex.Encode(b[0:8], p.UUID[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], p.UUID[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], p.UUID[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], p.UUID[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], p.UUID[10:16])
	return string(b[:])
}

// AppendJSON writes the id as JSON (a number or a hyphenated lowercase UUID string).
func (p PointID) AppendJSON(b []byte) []byte {
	if !p.IsUUID {
		return strconv.AppendUint(b, p.Num, 10)
	}
	b = append(b, '"')
	b = append(b, p.String()...)
	return append(b, '"')
}

// MarshalJSON implements json.Marshaler.
func (p PointID) MarshalJSON() ([]byte, error) { return p.AppendJSON(nil), nil }

// Compare orders ids as Qdrant does: integers ascending, then UUIDs by their bytes.
func (p PointID) Compare(q PointID) int {
	if p.IsUUID != q.IsUUID {
		if !p.IsUUID {
			return -1
		}
		return 1
	}
	if !p.IsUUID {
		switch {
		case p.Num < q.Num:
			return -1
		case p.Num > q.Num:
			return 1
		}
		return 0
	}
	for i := 0; i < 16; i++ {
		if p.UUID[i] != q.UUID[i] {
			if p.UUID[i] < q.UUID[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Less is Compare < 0.
func (p PointID) Less(q PointID) bool { return p.Compare(q) < 0 }

// Package datetime parses payload and filter datetimes with the formats Qdrant accepts
// (RFC 3339 and the naive variants, which are taken as UTC).
package datetime

import (
	"errors"
	"strings"
	"time"
)

var layouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ErrFormat is returned for strings that are not datetimes.
var ErrFormat = errors.New("not a datetime")

// Parse returns the instant a string denotes, in UTC.
func Parse(s string) (time.Time, error) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, ErrFormat
	}
	// Go's layouts want "Z" or an offset, chrono also accepts "+00" style offsets
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, ErrFormat
}

// Micros is the order value Qdrant gives a datetime: microseconds since the epoch.
func Micros(t time.Time) int64 { return t.UnixMicro() }

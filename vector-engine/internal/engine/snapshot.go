package engine

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
)

// A snapshot is the whole state of a collection's points at a log sequence number:
//
//	"SVSNAP02" | u64 seq | frames… | end frame
//
// Each frame uses the log's framing (u32 length | u32 CRC-32C | body); a point's body
// is id, version, vectors, sparse vectors and payload ("SVSNAP01" files, written before
// sparse vectors existed, have no sparse section and are still read); the end frame's body is "END" and the point
// count. It is written to a temporary file, fsynced and renamed into place, and only
// then is the log emptied: a crash at any moment leaves either the old snapshot and
// the full log, or the new snapshot and a log whose older records are skipped by seq.

const (
	snapMagic   = "SVSNAP02"
	snapMagicV1 = "SVSNAP01"
)

type snapPoint struct {
	id      PointID
	version uint64
	vectors map[string][]float32
	sparse  map[string]SparseVector
	payload Payload
}

func writeFrame(w io.Writer, body []byte) error {
	var hdr [frameHeader]byte
	binary.LittleEndian.PutUint32(hdr[0:4], uint32(len(body)))
	binary.LittleEndian.PutUint32(hdr[4:8], crc32.Checksum(body, crcTable))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := w.Write(body)
	return err
}

// writeSnapshot streams points (from each) into dir/snapshot.bin atomically and
// returns the file size.
func writeSnapshot(dir string, seq uint64, each func(yield func(snapPoint) error) error) (int64, error) {
	path := filepath.Join(dir, "snapshot.bin")
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	fail := func(err error) (int64, error) {
		f.Close()
		os.Remove(tmp)
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	var hdr [16]byte
	copy(hdr[:8], snapMagic)
	binary.LittleEndian.PutUint64(hdr[8:], seq)
	if _, err := bw.Write(hdr[:]); err != nil {
		return fail(err)
	}
	var count uint64
	e := &encoder{}
	err = each(func(p snapPoint) error {
		e.b = e.b[:0]
		e.id(p.id)
		e.u64(p.version)
		e.vectors(p.vectors)
		e.sparse(p.sparse)
		e.payload(p.payload)
		count++
		return writeFrame(bw, e.b)
	})
	if err != nil {
		return fail(err)
	}
	e.b = append(e.b[:0], "END"...)
	e.u64(count)
	if err := writeFrame(bw, e.b); err != nil {
		return fail(err)
	}
	st, err := finishFile(bw, f)
	if err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return 0, err
	}
	return st.Size(), syncDir(dir)
}

// finishFile makes a file written through bw durable before it is renamed into place:
// flushed, fsynced, measured and closed (a failed close is a failed write too).
func finishFile(bw *bufio.Writer, f *os.File) (os.FileInfo, error) {
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	if err := f.Sync(); err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return st, f.Close()
}

// readSnapshot loads dir/snapshot.bin if present; ok=false when there is none.
func readSnapshot(dir string, fn func(snapPoint) error) (seq uint64, size int64, ok bool, err error) {
	path := filepath.Join(dir, "snapshot.bin")
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, 0, false, nil
	}
	if err != nil {
		return 0, 0, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, 0, false, err
	}
	size = st.Size()
	r := bufio.NewReaderSize(f, 1<<20)
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil || (string(hdr[:8]) != snapMagic && string(hdr[:8]) != snapMagicV1) {
		return 0, 0, false, fmt.Errorf("snapshot %s: bad header", path)
	}
	seq = binary.LittleEndian.Uint64(hdr[8:])
	withSparse := string(hdr[:8]) == snapMagic
	remaining := size - 16
	var fh [frameHeader]byte
	var count uint64
	for {
		body, reason := readFrame(r, remaining, fh[:])
		if reason != "" {
			return 0, 0, false, fmt.Errorf("snapshot %s is damaged (%s) after %d points", path, reason, count)
		}
		remaining -= frameHeader + int64(len(body))
		if len(body) == 11 && string(body[:3]) == "END" {
			if binary.LittleEndian.Uint64(body[3:]) != count {
				return 0, 0, false, fmt.Errorf("snapshot %s: point count mismatch", path)
			}
			return seq, size, true, nil
		}
		d := &decoder{b: body}
		p := snapPoint{id: d.id(), version: d.u64(), vectors: d.vectors()}
		if withSparse {
			p.sparse = d.sparse()
		}
		p.payload = d.payload()
		if d.err != nil || len(d.b) != 0 {
			return 0, 0, false, fmt.Errorf("snapshot %s: undecodable point %d", path, count)
		}
		if err := fn(p); err != nil {
			return 0, 0, false, err
		}
		count++
	}
}

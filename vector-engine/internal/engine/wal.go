package engine

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"os"
	"path/filepath"
	"sync"
)

// The write-ahead log is one append-only file per collection. Every record is framed
// as
//
//	u32 length (little endian) | u32 CRC-32C of the body | body (an encoded op)
//
// A write is applied in memory and appended to the file under the collection lock;
// a `wait=true` request is acknowledged only once an fsync covering its record has
// returned. Concurrent waiters share fsyncs (group commit).

var crcTable = crc32.MakeTable(crc32.Castagnoli)

const frameHeader = 8

// maxRecord bounds a record's declared length; larger means the header is garbage.
const maxRecord = 1 << 30

type wal struct {
	path string

	mu   sync.Mutex // file writes, size, generation
	f    *os.File
	size int64
	gen  uint64 // bumped by reset: offsets of older generations are durable via the snapshot

	syncMu   sync.Mutex
	syncedAt int64
	syncGen  uint64
}

// walPos identifies the end of an appended record.
type walPos struct {
	gen uint64
	end int64
}

// ErrMidLogCorruption means a damaged record is followed by valid ones: truncating
// would silently drop acknowledged writes, so the engine refuses to start.
var ErrMidLogCorruption = errors.New("write-ahead log is corrupt before its tail")

// replayWAL reads every intact record, calling fn with each body, and truncates a
// torn or corrupt tail. It returns the number of bytes dropped.
func replayWAL(path string, fn func(body []byte) error) (dropped int64, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	total := st.Size()
	r := bufio.NewReaderSize(f, 1<<20)
	var off int64
	var hdr [frameHeader]byte
	for off < total {
		body, reason := readFrame(r, total-off, hdr[:])
		if reason != "" {
			if validFrameAt(path, off, total) {
				return 0, fmt.Errorf("%w: %s at byte %d of %s", ErrMidLogCorruption, reason, off, path)
			}
			dropped = total - off
			log.Printf("wal %s: dropping torn tail (%s) of %d bytes at offset %d", path, reason, dropped, off)
			if err := f.Truncate(off); err != nil {
				return 0, err
			}
			if err := f.Sync(); err != nil {
				return 0, err
			}
			return dropped, nil
		}
		if err := fn(body); err != nil {
			return 0, fmt.Errorf("wal %s: record at offset %d: %w", path, off, err)
		}
		off += frameHeader + int64(len(body))
	}
	return 0, nil
}

// readFrame reads one frame; reason is non-empty when the frame is incomplete or damaged.
func readFrame(r io.Reader, remaining int64, hdr []byte) ([]byte, string) {
	if remaining < frameHeader {
		return nil, "incomplete record header"
	}
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, "unreadable record header"
	}
	n := binary.LittleEndian.Uint32(hdr[0:4])
	sum := binary.LittleEndian.Uint32(hdr[4:8])
	if n == 0 || n > maxRecord {
		return nil, fmt.Sprintf("implausible record length %d", n)
	}
	if int64(n) > remaining-frameHeader {
		return nil, "record shorter than its header says"
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, "unreadable record body"
	}
	if crc32.Checksum(body, crcTable) != sum {
		return nil, "checksum mismatch"
	}
	return body, ""
}

// validFrameAt reports whether, after the damaged frame at off, a well-formed frame
// starts where the damaged frame's header says the next one would.
func validFrameAt(path string, off, total int64) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var hdr [frameHeader]byte
	if _, err := f.ReadAt(hdr[:], off); err != nil {
		return false
	}
	n := int64(binary.LittleEndian.Uint32(hdr[0:4]))
	next := off + frameHeader + n
	if n == 0 || next+frameHeader > total {
		return false
	}
	sr := io.NewSectionReader(f, next, total-next)
	_, reason := readFrame(sr, total-next, hdr[:])
	return reason == ""
}

func openWAL(path string) (*wal, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	w := &wal{path: path, f: f, size: st.Size()}
	w.syncedAt = w.size
	return w, nil
}

// append writes one record (to the OS, not yet durable) and returns its end position.
func (w *wal) append(body []byte) (walPos, error) {
	frame := make([]byte, frameHeader+len(body))
	copy(frame[frameHeader:], body)
	return w.appendFrame(frame)
}

// appendFrame is append for a body already placed after frameHeader free bytes.
func (w *wal) appendFrame(frame []byte) (walPos, error) {
	body := frame[frameHeader:]
	binary.LittleEndian.PutUint32(frame[0:4], uint32(len(body)))
	binary.LittleEndian.PutUint32(frame[4:8], crc32.Checksum(body, crcTable))
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return walPos{}, errors.New("wal closed")
	}
	n, err := w.f.Write(frame)
	if err != nil {
		// do not leave half a record for the next append to follow
		if n > 0 {
			_ = w.f.Truncate(w.size)
		}
		return walPos{}, err
	}
	w.size += int64(n)
	return walPos{gen: w.gen, end: w.size}, nil
}

// sync makes everything up to pos durable, sharing the fsync with concurrent callers.
func (w *wal) sync(pos walPos) error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	gen, size, f := w.gen, w.size, w.f
	w.mu.Unlock()
	if pos.gen != gen {
		return nil // reset since: the record is in the snapshot, which was fsynced
	}
	if w.syncGen == gen && w.syncedAt >= pos.end {
		return nil
	}
	if f == nil {
		return errors.New("wal closed")
	}
	if err := f.Sync(); err != nil {
		return err
	}
	w.syncGen, w.syncedAt = gen, size
	return nil
}

// dirty reports whether appended bytes are not yet fsynced.
func (w *wal) dirty() bool {
	w.mu.Lock()
	gen, size, closed := w.gen, w.size, w.f == nil
	w.mu.Unlock()
	if closed {
		return false
	}
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	return !(w.syncGen == gen && w.syncedAt >= size)
}

func (w *wal) flush() error {
	w.mu.Lock()
	pos := walPos{gen: w.gen, end: w.size}
	w.mu.Unlock()
	return w.sync(pos)
}

// reset empties the log after a snapshot has made its records redundant.
// The caller holds the collection lock, so no append runs concurrently.
func (w *wal) reset() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.f.Truncate(0); err != nil {
		return err
	}
	if err := w.f.Sync(); err != nil {
		return err
	}
	w.size = 0
	w.gen++
	return nil
}

func (w *wal) bytes() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.size
}

func (w *wal) close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return nil
	}
	err := w.f.Sync()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.f = nil
	return err
}

// syncDir fsyncs a directory so a rename or a new file in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// writeFileAtomic writes data to path via a fsynced temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

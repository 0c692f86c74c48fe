package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"strata/vector-engine/internal/engine"
)

// Collection snapshots, as Qdrant's REST API has them (the archive format is the
// engine's: internal/engine/snapshot_archive.go). `wait` defaults to true here, as in
// Qdrant; with wait=false the work goes on in the background and the answer is 202
// {"status":"accepted"}. The priority parameter (which replica is the source of truth)
// has no meaning on a single node and is accepted and ignored.

func (r *request) waitDefaultTrue() bool {
	if w, ok := r.query["wait"].(bool); ok {
		return w
	}
	return true
}

// acceptedResponse answers 202 with Qdrant's accepted body (no result).
func acceptedResponse(r *request) *response {
	return &response{serve: func(w http.ResponseWriter) {
		writeJSON(w, http.StatusAccepted, []byte(`{"status":"accepted","time":`+elapsed(r.start)+`}`))
	}}
}

// background runs a snapshot operation after a wait=false answer, logging its outcome.
func background(what string, fn func() error) {
	go func() {
		if err := fn(); err != nil {
			log.Printf("%s (wait=false) failed: %v", what, err)
		}
	}()
}

func snapshotDescription(i engine.SnapshotInfo) map[string]any {
	d := map[string]any{"name": i.Name, "creation_time": i.Created.UTC().Format("2006-01-02T15:04:05"), "size": i.Size, "checksum": nil}
	if i.Checksum != "" {
		d["checksum"] = i.Checksum
	}
	return d
}

func createSnapshot(s *Server, r *request) (*response, error) {
	name := r.path["collection_name"]
	if !r.waitDefaultTrue() {
		if _, err := s.eng.Resolve(name); err != nil {
			return nil, err
		}
		background("snapshot of "+name, func() error { _, err := s.eng.CreateSnapshot(name); return err })
		return acceptedResponse(r), nil
	}
	info, err := s.eng.CreateSnapshot(name)
	if err != nil {
		return nil, err
	}
	return ok(snapshotDescription(info))
}

func listSnapshots(s *Server, r *request) (*response, error) {
	list, err := s.eng.ListSnapshots(r.path["collection_name"])
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, len(list))
	for i, info := range list {
		out[i] = snapshotDescription(info)
	}
	return ok(out)
}

// getSnapshot streams the file (ranges and conditional requests as http.ServeContent
// does them; Qdrant serves it as a static file too).
func getSnapshot(s *Server, r *request) (*response, error) {
	name := r.path["snapshot_name"]
	path, err := s.eng.SnapshotPath(r.path["collection_name"], name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &engine.Error{Kind: engine.KindNotFound, Msg: fmt.Sprintf("Snapshot %s not found", name)}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &response{serve: func(w http.ResponseWriter) {
		defer f.Close()
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		http.ServeContent(w, r.hr, name, st.ModTime(), f)
	}}, nil
}

func deleteSnapshot(s *Server, r *request) (*response, error) {
	coll, name := r.path["collection_name"], r.path["snapshot_name"]
	if !r.waitDefaultTrue() {
		if _, err := s.eng.SnapshotPath(coll, name); err != nil {
			return nil, err
		}
		background("deleting snapshot "+name, func() error { return s.eng.DeleteSnapshot(coll, name) })
		return acceptedResponse(r), nil
	}
	if err := s.eng.DeleteSnapshot(coll, name); err != nil {
		return nil, err
	}
	return ok(true)
}

// checksumParam validates an expected SHA-256 (64 hex digits), lowercased; "" when absent.
func checksumParam(v any) (string, error) {
	sum, _ := v.(string)
	if v == nil || sum == "" {
		return "", nil
	}
	if len(sum) != 64 {
		return "", engine.Validation("checksum: must be a SHA-256 hash (64 hexadecimal characters)")
	}
	if _, err := hex.DecodeString(sum); err != nil {
		return "", engine.Validation("checksum: must be a SHA-256 hash (64 hexadecimal characters)")
	}
	return strings.ToLower(sum), nil
}

func checkSum(expected, actual string) error {
	if expected != "" && expected != actual {
		return engine.BadRequest(fmt.Sprintf("Snapshot checksum mismatch: expected %s, got %s", expected, actual))
	}
	return nil
}

// recoverFromSnapshot restores collection_name from a file:// location inside the
// snapshots directory or an http(s) URL.
func recoverFromSnapshot(s *Server, r *request) (*response, error) {
	target := r.path["collection_name"]
	if err := validName(target); err != nil {
		return nil, err
	}
	body, _ := r.body.(map[string]any)
	loc, _ := body["location"].(string)
	want, err := checksumParam(body["checksum"])
	if err != nil {
		return nil, err
	}
	apiKey, _ := body["api_key"].(string)
	u, err := url.Parse(loc)
	if err != nil {
		return nil, engine.BadRequest(fmt.Sprintf("invalid snapshot location %q: %v", loc, err))
	}
	var run func() error
	switch strings.ToLower(u.Scheme) {
	case "file":
		path, err := s.localSnapshot(u)
		if err != nil {
			return nil, err
		}
		run = func() error {
			if want != "" {
				got, err := engine.HashFile(path)
				if err != nil {
					return err
				}
				if err := checkSum(want, got); err != nil {
					return err
				}
			}
			return s.eng.Recover(target, path)
		}
	case "http", "https":
		run = func() error { return s.recoverFromURL(target, u, apiKey, want) }
	default:
		return nil, engine.BadRequest(fmt.Sprintf("snapshot location scheme `%s` is not supported: use file:// (a file under %s) or http(s)://", u.Scheme, s.eng.SnapshotsDir()))
	}
	if !r.waitDefaultTrue() {
		background("recovering "+target+" from "+loc, run)
		return acceptedResponse(r), nil
	}
	if err := run(); err != nil {
		return nil, err
	}
	return ok(true)
}

// localSnapshot resolves a file:// location; it must name a file under the snapshots
// directory (symbolic links resolved), as Qdrant requires.
func (s *Server) localSnapshot(u *url.URL) (string, error) {
	root, err := filepath.Abs(s.eng.SnapshotsDir()) // --data-dir may be relative
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	if u.Opaque != "" || (u.Host != "" && u.Host != "localhost") || !filepath.IsAbs(u.Path) || strings.ContainsRune(u.Path, 0) {
		return "", engine.BadRequest(fmt.Sprintf("snapshot location %q must be an absolute file:// path under %s", u.String(), root))
	}
	p := filepath.Clean(u.Path)
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		real = p
	}
	rel, err := filepath.Rel(root, real)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", engine.BadRequest(fmt.Sprintf("snapshot location %s is outside the snapshots directory %s", p, root))
	}
	st, err := os.Stat(real)
	if err != nil {
		return "", &engine.Error{Kind: engine.KindNotFound, Msg: fmt.Sprintf("Snapshot file %s does not exist", p)}
	}
	if !st.Mode().IsRegular() {
		return "", engine.BadRequest(fmt.Sprintf("snapshot location %s is not a file", p))
	}
	return real, nil
}

// recoverFromURL downloads the snapshot (size limit, timeout) into a hidden temporary
// file of the collection's snapshots directory, checks it and restores from it.
func (s *Server) recoverFromURL(target string, u *url.URL, apiKey, want string) error {
	req, err := http.NewRequest(http.MethodGet, u.String(), nil)
	if err != nil {
		return engine.BadRequest(fmt.Sprintf("invalid snapshot location: %v", err))
	}
	if apiKey != "" {
		req.Header.Set("api-key", apiKey)
	}
	client := &http.Client{Timeout: s.opts.SnapshotFetchTimeout}
	resp, err := client.Do(req)
	if err != nil {
		return engine.BadRequest(fmt.Sprintf("fetching the snapshot from %s: %v", u.Redacted(), err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return engine.BadRequest(fmt.Sprintf("fetching the snapshot from %s: HTTP %d", u.Redacted(), resp.StatusCode))
	}
	if resp.ContentLength > s.opts.SnapshotMaxBytes {
		return engine.BadRequest(fmt.Sprintf("the snapshot at %s is larger than the %d-byte limit", u.Redacted(), s.opts.SnapshotMaxBytes))
	}
	tmp, got, err := s.receive(s.eng.SnapshotTarget(target), resp.Body)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := checkSum(want, got); err != nil {
		return err
	}
	return s.eng.Recover(target, tmp)
}

// receive copies a snapshot into a temporary file (at most SnapshotMaxBytes) and
// returns its path and SHA-256.
func (s *Server) receive(collection string, r io.Reader) (string, string, error) {
	f, err := s.eng.SnapshotTempFile(collection)
	if err != nil {
		return "", "", err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, s.opts.SnapshotMaxBytes+1))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > s.opts.SnapshotMaxBytes {
		err = engine.BadRequest(fmt.Sprintf("snapshot larger than the %d-byte limit", s.opts.SnapshotMaxBytes))
	}
	if err != nil {
		os.Remove(f.Name())
		var ee *engine.Error
		if errors.As(err, &ee) {
			return "", "", ee
		}
		return "", "", engine.BadRequest("receiving the snapshot: " + err.Error())
	}
	return f.Name(), hex.EncodeToString(h.Sum(nil)), nil
}

// recoverFromUpload restores collection_name from the multipart field `snapshot`; the
// file is kept in the collection's snapshots directory (under its sanitised file name)
// once the restore has succeeded, as Qdrant keeps uploaded snapshots.
func recoverFromUpload(s *Server, r *request) (*response, error) {
	target := r.path["collection_name"]
	if err := validName(target); err != nil {
		return nil, err
	}
	want, err := checksumParam(r.query["checksum"])
	if err != nil {
		return nil, err
	}
	mr, err := r.hr.MultipartReader()
	if err != nil {
		return nil, engine.BadRequest("the snapshot must be sent as multipart/form-data with a `snapshot` field: " + err.Error())
	}
	dir := s.eng.SnapshotTarget(target)
	var tmp, got, name string
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if tmp != "" {
				os.Remove(tmp)
			}
			return nil, engine.BadRequest("reading the multipart body: " + err.Error())
		}
		if part.FormName() != "snapshot" || tmp != "" {
			_, _ = io.Copy(io.Discard, part)
			continue
		}
		name = filepath.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
		if tmp, got, err = s.receive(dir, part); err != nil {
			return nil, err
		}
	}
	if tmp == "" {
		return nil, engine.BadRequest("multipart field `snapshot` missing")
	}
	if engine.ValidateSnapshotName(name) != nil {
		name = target + "-upload-" + got[:16] + ".snapshot"
		if engine.ValidateSnapshotName(name) != nil {
			name = "upload-" + got[:16] + ".snapshot"
		}
	}
	run := func() error {
		defer os.Remove(tmp) // gone once kept
		if err := checkSum(want, got); err != nil {
			return err
		}
		if err := s.eng.Recover(target, tmp); err != nil {
			return err
		}
		_, err := s.eng.KeepSnapshot(dir, tmp, name, got)
		return err
	}
	if !r.waitDefaultTrue() {
		background("recovering "+target+" from an uploaded snapshot", run)
		return acceptedResponse(r), nil
	}
	if err := run(); err != nil {
		return nil, err
	}
	return ok(true)
}

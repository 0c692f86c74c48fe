package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"strata/vector-engine/internal/engine"
)

func (e *env) mustDo(method, path, body string, hdr ...string) map[string]any {
	e.t.Helper()
	w := e.do(method, path, body, hdr...)
	if w.Code != 200 {
		e.t.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body)
	}
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return out
}

func (e *env) upload(coll, query, filename string, data []byte, hdr ...string) *httptest.ResponseRecorder {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("snapshot", filename)
	fw.Write(data)
	mw.Close()
	return e.do("POST", "/collections/"+coll+"/snapshots/upload"+query, b.String(), append([]string{"Content-Type", mw.FormDataContentType()}, hdr...)...)
}

const snapKey = "k3y"

// seedSnapshotColl fills collection c and returns what reads of it answer.
func seedSnapshotColl(e *env, c string) func(coll string) string {
	key := []string{"api-key", snapKey}
	e.mustDo("PUT", "/collections/"+c, `{"vectors":{"d":{"size":4,"distance":"Cosine"}},"sparse_vectors":{"s":{}}}`, key...)
	e.mustDo("PUT", "/collections/"+c+"/index?wait=true", `{"field_name":"city","field_schema":"keyword"}`, key...)
	var pts []string
	for i := 0; i < 60; i++ {
		pts = append(pts, fmt.Sprintf(`{"id":%d,"vector":{"d":[%d,1,%d,0.5],"s":{"indices":[%d],"values":[%d.5]}},"payload":{"city":"c%d","n":%d,"tags":["a","b"]}}`, i, i%7, i%3, i%4, i, i%5, i))
	}
	e.mustDo("PUT", "/collections/"+c+"/points?wait=true", `{"points":[`+strings.Join(pts, ",")+`]}`, key...)
	e.mustDo("POST", "/collections/"+c+"/points/delete?wait=true", `{"points":[7,8]}`, key...)
	if err := e.eng.Compact(); err != nil { // part in the compaction snapshot, part in the log
		e.t.Fatal(err)
	}
	e.mustDo("POST", "/collections/"+c+"/points/payload?wait=true", `{"points":[1,2],"payload":{"extra":{"x":1}}}`, key...)
	return func(coll string) string {
		var parts []string
		for _, q := range []struct{ method, path, body string }{
			{"POST", "/points/scroll", `{"limit":1000,"with_payload":true,"with_vector":true}`},
			{"POST", "/points/query", `{"query":[1,1,0,0],"using":"d","limit":10,"with_payload":true}`},
			{"POST", "/points/query", `{"query":[1,1,0,0],"using":"d","limit":5,"filter":{"must":[{"key":"city","match":{"value":"c2"}}]}}`},
			{"POST", "/points/query", `{"query":{"indices":[1,2],"values":[1,1]},"using":"s","limit":5}`},
			{"POST", "/points/count", `{}`},
		} {
			out := e.mustDo(q.method, "/collections/"+coll+q.path, q.body, key...)
			b, _ := json.Marshal(out["result"])
			parts = append(parts, string(b))
		}
		info := e.mustDo("GET", "/collections/"+coll, "", key...)["result"].(map[string]any)
		b, _ := json.Marshal([]any{info["config"].(map[string]any)["params"], info["payload_schema"], info["points_count"]})
		return strings.Join(append(parts, string(b)), "\n")
	}
}

func TestSnapshotsOverHTTP(t *testing.T) {
	e := newEnv(t, snapKey, true)
	key := []string{"api-key", snapKey}
	state := seedSnapshotColl(e, "c")
	want := state("c")

	path := "/collections/c/snapshots"
	if w := e.do("POST", path, ""); w.Code != 403 {
		t.Fatalf("create without a key: %d", w.Code)
	}
	w := e.do("POST", path, "", key...)
	if w.Code != 200 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	e.validate("POST", path, w)
	var desc map[string]any
	json.Unmarshal(w.Body.Bytes(), &desc)
	d := desc["result"].(map[string]any)
	name, sum := d["name"].(string), d["checksum"].(string)
	if _, err := time.Parse("2006-01-02T15:04:05", d["creation_time"].(string)); err != nil {
		t.Fatalf("creation_time %v", d["creation_time"])
	}
	if !strings.HasPrefix(name, "c-") || !strings.HasSuffix(name, ".snapshot") {
		t.Fatalf("name %q", name)
	}
	w = e.do("GET", path, "", key...)
	e.validate("GET", path, w)
	if !strings.Contains(w.Body.String(), name) || !strings.Contains(w.Body.String(), sum) {
		t.Fatalf("list: %s", w.Body)
	}

	// download: streamed bytes, octet-stream, the key is required
	if w := e.do("GET", path+"/"+name, ""); w.Code != 403 {
		t.Fatalf("download without a key: %d", w.Code)
	}
	w = e.do("GET", path+"/"+name, "", key...)
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("download: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	data := w.Body.Bytes()
	h := sha256.Sum256(data)
	if hex.EncodeToString(h[:]) != sum || int64(len(data)) != int64(d["size"].(float64)) {
		t.Fatalf("downloaded %d bytes hashing to %x; described %v", len(data), h, d)
	}
	if w := e.do("GET", path+"/nope.snapshot", "", key...); w.Code != 404 || !strings.Contains(w.Body.String(), `"error":"Not found: Snapshot nope.snapshot not found"`) {
		t.Fatalf("missing snapshot: %d %s", w.Code, w.Body)
	}

	// the collection goes, its snapshot stays; recovering from it brings back the same answers
	e.mustDo("DELETE", "/collections/c", "", key...)
	if _, err := os.Stat(filepath.Join(e.eng.SnapshotsDir(), "c", name)); err != nil {
		t.Fatalf("snapshot deleted with its collection: %v", err)
	}
	loc := "file://" + filepath.Join(e.eng.SnapshotsDir(), "c", name)
	w = e.do("PUT", path+"/recover", `{"location":"`+loc+`","checksum":"`+sum+`","priority":"snapshot"}`, key...)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"result":true`) {
		t.Fatalf("recover: %d %s", w.Code, w.Body)
	}
	e.validate("PUT", path+"/recover", w)
	if got := state("c"); got != want {
		t.Fatalf("recovered collection answers differently:\n%s\nwant\n%s", got, want)
	}
	// recovery into another name
	e.mustDo("PUT", "/collections/other/snapshots/recover", `{"location":"`+loc+`"}`, key...)
	if got := state("other"); got != want {
		t.Fatal("recovery into another collection differs")
	}

	// upload, with its checksum; kept in the collection's snapshots afterwards
	w = e.upload("up", "?checksum="+strings.ToUpper(sum), "my backup.snapshot", data, key...)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"result":true`) {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	e.validate("POST", "/collections/up/snapshots/upload", w)
	if got := state("up"); got != want {
		t.Fatal("uploaded snapshot differs")
	}
	if w := e.do("GET", "/collections/up/snapshots", "", key...); !strings.Contains(w.Body.String(), `"name":"my backup.snapshot"`) || !strings.Contains(w.Body.String(), sum) {
		t.Fatalf("uploaded snapshot not kept: %s", w.Body)
	}
	if w := e.do("GET", "/collections/up/snapshots/my%20backup.snapshot", "", key...); !bytes.Equal(w.Body.Bytes(), data) {
		t.Fatal("kept upload differs")
	}

	// over http(s): from this engine's own download URL, with the key
	srv := httptest.NewServer(e.s)
	defer srv.Close()
	w = e.do("PUT", "/collections/fetched/snapshots/recover", `{"location":"`+srv.URL+path+"/"+url.PathEscape(name)+`","api_key":"`+snapKey+`","checksum":"`+sum+`"}`, key...)
	if w.Code != 200 {
		t.Fatalf("recover over http: %d %s", w.Code, w.Body)
	}
	if got := state("fetched"); got != want {
		t.Fatal("snapshot fetched over http differs")
	}
	if w := e.do("PUT", "/collections/fetched/snapshots/recover", `{"location":"`+srv.URL+path+"/"+url.PathEscape(name)+`"}`, key...); w.Code != 400 || !strings.Contains(w.Body.String(), "HTTP 403") {
		t.Fatalf("fetch without the key: %d %s", w.Code, w.Body)
	}

	// delete
	w = e.do("DELETE", path+"/"+name, "", key...)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"result":true`) {
		t.Fatalf("delete: %d %s", w.Code, w.Body)
	}
	e.validate("DELETE", path+"/"+name, w)
	if w := e.do("DELETE", path+"/"+name, "", key...); w.Code != 404 {
		t.Fatalf("second delete: %d", w.Code)
	}
	if _, err := os.Stat(filepath.Join(e.eng.SnapshotsDir(), "c", name+".checksum")); !os.IsNotExist(err) {
		t.Fatal("checksum file left behind")
	}

	// wait=false: 202 accepted, then done in the background
	w = e.do("POST", path+"?wait=false", "", key...)
	if w.Code != 202 || !strings.Contains(w.Body.String(), `"status":"accepted"`) {
		t.Fatalf("wait=false: %d %s", w.Code, w.Body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(e.do("GET", path, "", key...).Body.String(), `"name"`) {
		if time.Now().After(deadline) {
			t.Fatal("background snapshot never listed")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSnapshotRefusals(t *testing.T) {
	e := newEnv(t, snapKey, true)
	key := []string{"api-key", snapKey}
	state := seedSnapshotColl(e, "c")
	want := state("c")
	w := e.do("POST", "/collections/c/snapshots", "", key...)
	var desc map[string]any
	json.Unmarshal(w.Body.Bytes(), &desc)
	name := desc["result"].(map[string]any)["name"].(string)
	data, err := os.ReadFile(filepath.Join(e.eng.SnapshotsDir(), "c", name))
	if err != nil {
		t.Fatal(err)
	}
	snapDir := e.eng.SnapshotsDir()
	zeros := strings.Repeat("0", 64)
	cases := []struct {
		method, path, body string
		code               int
		contains           string
	}{
		{"GET", "/collections/nope/snapshots", "", 404, "Not found: Collection `nope` doesn't exist!"},
		{"POST", "/collections/nope/snapshots", "", 404, "Collection `nope` doesn't exist!"},
		{"POST", "/collections/nope/snapshots?wait=false", "", 404, "Collection `nope` doesn't exist!"},
		{"GET", "/collections/nope/snapshots/" + name, "", 404, "Collection `nope` doesn't exist!"},
		{"DELETE", "/collections/nope/snapshots/" + name, "", 404, "Collection `nope` doesn't exist!"},
		{"GET", "/collections/c/snapshots/..%2F..%2Fcollections%2Fc%2Fconfig.json", "", 400, "invalid snapshot name"},
		{"GET", "/collections/c/snapshots/..", "", 400, "invalid snapshot name"},
		{"GET", "/collections/c/snapshots/a%00b", "", 400, "invalid snapshot name"},
		{"GET", "/collections/c/snapshots/a%5Cb", "", 400, "invalid snapshot name"},
		{"DELETE", "/collections/c/snapshots/..%2Fc%2F" + name, "", 400, "invalid snapshot name"},
		{"DELETE", "/collections/c/snapshots/" + name + ".checksum", "", 400, "invalid snapshot name"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"file:///etc/passwd"}`, 400, "outside the snapshots directory"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"file://` + snapDir + `/../collections/c/wal.log"}`, 400, "outside the snapshots directory"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"file://` + snapDir + `"}`, 400, "outside the snapshots directory"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"file://` + snapDir + `/c/none.snapshot"}`, 404, "does not exist"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"file:relative/x.snapshot"}`, 400, "absolute file://"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"ftp://example.com/x.snapshot"}`, 400, "scheme `ftp` is not supported"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"s3://bucket/x.snapshot"}`, 400, "scheme `s3` is not supported"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"file://` + snapDir + `/c/` + name + `","checksum":"` + zeros + `"}`, 400, "Snapshot checksum mismatch: expected " + zeros},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"file://` + snapDir + `/c/` + name + `","checksum":"abc"}`, 422, "checksum"},
		{"PUT", "/collections/c/snapshots/recover", `{"location":"http://127.0.0.1:1/x.snapshot"}`, 400, "fetching the snapshot"},
		{"PUT", "/collections/a%2Fb/snapshots/recover", `{"location":"file://` + snapDir + `/c/` + name + `"}`, 422, "collection name"},
		{"POST", "/snapshots", "", 400, "create_full_snapshot"},
		{"GET", "/collections/c/shards/0/snapshots", "", 400, "list_shard_snapshots"},
	}
	for _, c := range cases {
		w := e.do(c.method, c.path, c.body, key...)
		if w.Code != c.code || !strings.Contains(w.Body.String(), c.contains) {
			t.Errorf("%s %s %s: %d %s (want %d, %q)", c.method, c.path, c.body, w.Code, w.Body, c.code, c.contains)
		}
		if !strings.HasPrefix(w.Body.String(), `{"status":{"error":`) {
			t.Errorf("%s %s: not Qdrant's error shape: %s", c.method, c.path, w.Body)
		}
	}

	// damaged uploads: 400, the collection as it was, nothing kept
	for label, bad := range map[string][]byte{
		"truncated": data[:len(data)*2/3],
		"garbage":   []byte("not a snapshot"),
		"flipped":   flipByte(data, len(data)/2),
		"header":    flipByte(data, 100),
	} {
		w := e.upload("c", "", label+".snapshot", bad, key...)
		if w.Code != 400 || !strings.Contains(w.Body.String(), "snapshot file is damaged") {
			t.Errorf("%s upload: %d %s", label, w.Code, w.Body)
		}
		if got := state("c"); got != want {
			t.Fatalf("%s upload changed the collection", label)
		}
	}
	if w := e.upload("c", "?checksum="+zeros, "x.snapshot", data, key...); w.Code != 400 || !strings.Contains(w.Body.String(), "checksum mismatch") {
		t.Errorf("upload checksum mismatch: %d %s", w.Code, w.Body)
	}
	if w := e.do("POST", "/collections/c/snapshots/upload", `{}`, key...); w.Code != 400 || !strings.Contains(w.Body.String(), "multipart") {
		t.Errorf("upload without multipart: %d %s", w.Code, w.Body)
	}
	list := e.do("GET", "/collections/c/snapshots", "", key...).Body.String()
	if strings.Count(list, `"name"`) != 1 {
		t.Errorf("refused uploads were kept: %s", list)
	}
	entries, _ := os.ReadDir(filepath.Join(snapDir, "c"))
	for _, ent := range entries {
		if strings.HasPrefix(ent.Name(), ".") {
			t.Errorf("temporary file left: %s", ent.Name())
		}
	}

	// the download size limit
	eng2, err := engine.Open(engine.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer eng2.Close()
	eng2.Load()
	small, _ := New(eng2, Options{SnapshotMaxBytes: 1024})
	e2 := &env{t, small, eng2}
	srv := httptest.NewServer(e.s)
	defer srv.Close()
	if w := e2.do("PUT", "/collections/c/snapshots/recover", `{"location":"`+srv.URL+"/collections/c/snapshots/"+url.PathEscape(name)+`","api_key":"`+snapKey+`"}`); w.Code != 400 || !strings.Contains(w.Body.String(), "1024-byte limit") {
		t.Errorf("size limit over http: %d %s", w.Code, w.Body)
	}
	if w := e2.upload("c", "", "x.snapshot", data); w.Code != 400 || !strings.Contains(w.Body.String(), "1024-byte limit") {
		t.Errorf("size limit on upload: %d %s", w.Code, w.Body)
	}
	if eng2.Exists("c") {
		t.Error("collection created from a refused snapshot")
	}
}

func flipByte(b []byte, at int) []byte {
	out := append([]byte(nil), b...)
	out[at] ^= 1
	return out
}

// file:// locations are checked against the snapshots directory made absolute, so a
// relative --data-dir works.
func TestSnapshotRecoverWithRelativeDataDir(t *testing.T) {
	t.Chdir(t.TempDir())
	eng, err := engine.Open(engine.Options{DataDir: "data"})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if err := eng.Load(); err != nil {
		t.Fatal(err)
	}
	s, _ := New(eng, Options{})
	e := &env{t, s, eng}
	e.mustDo("PUT", "/collections/c", `{"vectors":{"size":2,"distance":"Dot"}}`)
	e.mustDo("PUT", "/collections/c/points?wait=true", `{"points":[{"id":1,"vector":[1,2]}]}`)
	name := e.mustDo("POST", "/collections/c/snapshots", "")["result"].(map[string]any)["name"].(string)
	abs, _ := filepath.Abs(filepath.Join("data", "snapshots", "c", name))
	e.mustDo("PUT", "/collections/d/snapshots/recover", `{"location":"file://`+abs+`"}`)
	if out := e.mustDo("POST", "/collections/d/points/count", `{}`); fmt.Sprint(out["result"]) != "map[count:1]" {
		t.Fatalf("count %v", out["result"])
	}
}

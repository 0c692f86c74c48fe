// Command strata-vector is Strata's Qdrant-compatible vector engine for single
// machines and CI: Qdrant's REST API (held to Qdrant's OpenAPI document) over exact
// search, with a write-ahead log and snapshots for durability.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"strata/vector-engine/internal/engine"
	"strata/vector-engine/internal/server"
)

var buildVersion = "dev"

func main() {
	addr := flag.String("addr", "127.0.0.1:6333", "listen address (host:port)")
	dataDir := flag.String("data-dir", "./data", "directory for collections, logs and snapshots")
	apiKey := flag.String("api-key", os.Getenv("QDRANT__SERVICE__API_KEY"), "require this key in the `api-key` header or as `Authorization: Bearer` (default: $QDRANT__SERVICE__API_KEY)")
	compactMB := flag.Int64("compact-mb", 64, "snapshot a collection and empty its log when the log reaches this many MiB")
	maxReqMB := flag.Int64("max-request-size-mb", 32, "largest accepted request body, MiB (Qdrant's default is 32)")
	flushMs := flag.Int("flush-interval-ms", 1000, "fsync interval for writes sent with wait=false")
	snapMaxMB := flag.Int64("snapshot-max-mb", 16384, "largest snapshot accepted by upload or fetched from an http(s) location for recovery, MiB")
	version := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *version {
		fmt.Println("strata-vector", buildVersion, "(Qdrant REST API", server.Version+")")
		return
	}
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)
	// The vectors live outside the Go heap; a lower GC target keeps the transient
	// garbage of JSON decoding from inflating resident memory (GOGC still wins).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(35)
	}

	eng, err := engine.Open(engine.Options{
		DataDir:       *dataDir,
		CompactBytes:  *compactMB << 20,
		FlushInterval: time.Duration(*flushMs) * time.Millisecond,
	})
	if err != nil {
		log.Fatalf("strata-vector: %v", err)
	}
	srv, err := server.New(eng, server.Options{APIKey: *apiKey, MaxRequestBytes: *maxReqMB << 20, BuildVersion: buildVersion, SnapshotMaxBytes: *snapMaxMB << 20})
	if err != nil {
		log.Fatalf("strata-vector: %v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("strata-vector: %v", err)
	}
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 30 * time.Second}
	go func() {
		if err := httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("strata-vector: %v", err)
		}
	}()
	log.Printf("strata-vector %s listening on http://%s (data %s, api key %v)", buildVersion, ln.Addr(), *dataDir, *apiKey != "")

	// Listen first so /livez answers during a long replay; /readyz turns 200 once loaded.
	start := time.Now()
	if err := eng.Load(); err != nil {
		log.Fatalf("strata-vector: loading %s: %v", *dataDir, err)
	}
	log.Printf("ready in %s", time.Since(start).Round(time.Millisecond))

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	log.Printf("shutting down")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = httpSrv.Shutdown(ctx)
	if err := eng.Close(); err != nil {
		log.Printf("closing: %v", err)
		os.Exit(1)
	}
}

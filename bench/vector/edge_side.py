"""Qdrant Edge side of bench/vector/run.ts: Qdrant's own segment and HNSW code, in process.

Reads the vectors and queries run.ts wrote (little-endian float32 rows), loads them into an
EdgeShard with the same payload, builds the index (optimize), times the same top-10 queries
and prints one JSON object: build times, latencies (ms), result ids and steady RSS.
Run by run.ts inside a venv it creates; not a dependency of Strata.
"""

import json
import sys
import tempfile
import time

from array import array

from qdrant_edge import (
    Distance,
    EdgeConfig,
    EdgeOptimizersConfig,
    EdgeShard,
    EdgeVectorParams,
    FieldCondition,
    Filter,
    HnswIndexConfig,
    MatchValue,
    PayloadSchemaType,
    Point,
    Query,
    QueryRequest,
    SearchParams,
    UpdateOperation,
)


def rows(path, dim):
    """The file as one compact float32 array (Python lists are made a batch at a time, so the
    process's RSS is Qdrant's memory plus 4 bytes per float, not 24+ per Python float)."""
    data = array("f")
    with open(path, "rb") as f:
        data.frombytes(f.read())
    return data


def row(data, dim, i):
    return data[i * dim : (i + 1) * dim].tolist()


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def pct(sorted_ms, p):
    i = min(len(sorted_ms) - 1, max(0, -(-p * len(sorted_ms) // 100) - 1))
    return sorted_ms[i]


def main():
    vectors_path, queries_path, dim, ef, categories = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    vectors = rows(vectors_path, dim)
    n = len(vectors) // dim
    queries = [row(q, dim, i) for q in [rows(queries_path, dim)] for i in range(len(q) // dim)]
    out = {"points": n}
    with tempfile.TemporaryDirectory(prefix="qdrant-edge-bench-") as path:
        shard = EdgeShard.create(
            path,
            EdgeConfig(
                vectors=EdgeVectorParams(dim, Distance.Cosine),
                hnsw_config=HnswIndexConfig(16, 100, 10000),
                optimizers=EdgeOptimizersConfig(indexing_threshold=10000),
            ),
        )
        shard.update(UpdateOperation.create_field_index("category", PayloadSchemaType.Keyword))
        t0, cpu0 = time.perf_counter(), time.process_time()
        batch = 1000
        for lo in range(0, n, batch):
            pts = [Point(i, row(vectors, dim, i), {"category": f"cat-{i % categories}"}) for i in range(lo, min(lo + batch, n))]
            shard.update(UpdateOperation.upsert_points(pts))
        out["load_s"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        shard.optimize()
        out["index_s"] = time.perf_counter() - t1
        out["cpu_s"] = time.process_time() - cpu0  # every thread of this process
        out["indexed_vectors"] = getattr(shard.info(), "indexed_vectors_count", None)
        # Qdrant splits a shard into segments (default_segment_number 0: one per core) and
        # searches each with hnsw_ef, so its beam over the whole shard is segments × hnsw_ef
        out["segments"] = getattr(shard.info(), "segments_count", None)

        cat3 = Filter(must=[FieldCondition("category", match=MatchValue("cat-3"))])
        cases = {
            "hnsw": (SearchParams(hnsw_ef=ef), None),
            "hnsw_filtered": (SearchParams(hnsw_ef=ef), cat3),
            "exact": (SearchParams(exact=True), None),
            "exact_filtered": (SearchParams(exact=True), cat3),
        }
        for name, (params, flt) in cases.items():
            for q in queries[:10]:  # warm-up
                shard.query(QueryRequest(limit=10, query=Query.Nearest(q), params=params, filter=flt))
            times, ids = [], []
            for q in queries:
                t = time.perf_counter()
                res = shard.query(QueryRequest(limit=10, query=Query.Nearest(q), params=params, filter=flt))
                times.append((time.perf_counter() - t) * 1000)
                ids.append([p.id for p in res])
            times.sort()
            out[name] = {"p50": pct(times, 50), "p95": pct(times, 95), "p99": pct(times, 99), "ids": ids}
        del vectors
        out["rss"] = rss_bytes()
        shard.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()

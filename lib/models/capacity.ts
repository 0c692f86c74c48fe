/** The hot tier's capacity arithmetic, pure so the watermark rules are unit-tested apart from SQL. */

export type Watermarks = { capacityBytes: number; highBytes: number; lowBytes: number };

export function watermarks(config: { hotCapacityBytes: number; highWatermark: number; lowWatermark: number }): Watermarks {
  return {
    capacityBytes: config.hotCapacityBytes,
    highBytes: Math.floor(config.hotCapacityBytes * config.highWatermark),
    lowBytes: Math.floor(config.hotCapacityBytes * config.lowWatermark),
  };
}

/**
 * Bytes eviction must free so that `committedBytes` (hot + being promoted) plus `incomingBytes` ends at or
 * below the low watermark — but only once the total passes the high watermark (between the two, nothing
 * moves: the gap keeps the tier from churning on every promotion).
 */
export function bytesToFree(w: Watermarks, committedBytes: number, incomingBytes = 0): number {
  const total = committedBytes + incomingBytes;
  return total > w.highBytes ? total - w.lowBytes : 0;
}

export type EvictionCandidate = { id: string; bytes: number };

/** The least-recently-used prefix of `candidates` (already in LRU order) that frees at least `needed` bytes, or all of them. */
export function pickEvictions(candidates: EvictionCandidate[], needed: number): EvictionCandidate[] {
  const picked: EvictionCandidate[] = [];
  let freed = 0;
  for (const c of candidates) {
    if (freed >= needed) break;
    picked.push(c);
    freed += c.bytes;
  }
  return picked;
}

export type Admission =
  | { admit: true; evict: EvictionCandidate[] }
  | { admit: false; message: string; numbers: { capacityBytes: number; committedBytes: number; modelBytes: number; evictableBytes: number } };

/**
 * Whether a model of `modelBytes` may be promoted: after evicting least-recently-used models (never pinned
 * nor in-use ones; `candidates` holds only those allowed) the tier must still hold it within its capacity.
 */
export function admitPromotion(w: Watermarks, committedBytes: number, modelBytes: number, candidates: EvictionCandidate[]): Admission {
  const evict = pickEvictions(candidates, bytesToFree(w, committedBytes, modelBytes));
  const freed = evict.reduce((sum, c) => sum + c.bytes, 0);
  if (committedBytes + modelBytes - freed <= w.capacityBytes) return { admit: true, evict };
  const evictableBytes = candidates.reduce((sum, c) => sum + c.bytes, 0);
  const fmt = (n: number) => `${n.toLocaleString("en")} B`;
  return {
    admit: false,
    message:
      `The hot tier cannot hold this model: it needs ${fmt(modelBytes)}, the tier holds ${fmt(committedBytes)} of ${fmt(w.capacityBytes)}, ` +
      `and evicting every model that is neither pinned nor in use would free only ${fmt(evictableBytes)}.`,
    numbers: { capacityBytes: w.capacityBytes, committedBytes, modelBytes, evictableBytes },
  };
}

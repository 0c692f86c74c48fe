import { v5 as uuidv5 } from "uuid";

/**
 * A chunk's point id: UUIDv5 (name-based, SHA-1) of collection, bucket, key and chunk number. The same
 * chunk of the same document always gets the same id, so writing it again replaces it: reruns and
 * retries cannot duplicate a chunk.
 */

// Strata's own namespace for point ids (a random v4, fixed forever: changing it re-keys every index).
const NAMESPACE = "8f4e2a61-3c1b-4d7e-9a25-6b0c7d41e9f3";

export function chunkPointId(collectionId: string, bucket: string, key: string, chunk: number): string {
  // NUL cannot occur in a bucket name or a collection id, so the parts cannot run into each other.
  return uuidv5(`${collectionId}\u0000${bucket}\u0000${key}\u0000${chunk}`, NAMESPACE);
}

import { expect, test } from "vitest";
import { chunkPointId } from "./point-ids";

test("point ids are UUIDv5, stable, and differ per collection, bucket, key and chunk", () => {
  const id = chunkPointId("c1", "docs", "a.txt", 0);
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(chunkPointId("c1", "docs", "a.txt", 0)).toBe(id);
  const others = [chunkPointId("c2", "docs", "a.txt", 0), chunkPointId("c1", "docs2", "a.txt", 0), chunkPointId("c1", "docs", "b.txt", 0), chunkPointId("c1", "docs", "a.txt", 1)];
  expect(new Set([id, ...others]).size).toBe(5);
});

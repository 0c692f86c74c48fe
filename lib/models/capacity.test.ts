import { expect, test } from "vitest";
import { admitPromotion, bytesToFree, pickEvictions, watermarks } from "./capacity";

const w = watermarks({ hotCapacityBytes: 1000, highWatermark: 0.9, lowWatermark: 0.6 });

test("watermarks are byte counts of the capacity", () => {
  expect(w).toEqual({ capacityBytes: 1000, highBytes: 900, lowBytes: 600 });
});

test("nothing is freed up to the high watermark; past it, down to the low one", () => {
  expect(bytesToFree(w, 900)).toBe(0);
  expect(bytesToFree(w, 901)).toBe(301);
  expect(bytesToFree(w, 500, 450)).toBe(350);
});

test("evictions take the least recently used first, only as many as needed", () => {
  const lru = [
    { id: "a", bytes: 100 },
    { id: "b", bytes: 300 },
    { id: "c", bytes: 50 },
  ];
  expect(pickEvictions(lru, 0)).toEqual([]);
  expect(pickEvictions(lru, 100).map((c) => c.id)).toEqual(["a"]);
  expect(pickEvictions(lru, 101).map((c) => c.id)).toEqual(["a", "b"]);
  expect(pickEvictions(lru, 10_000).map((c) => c.id)).toEqual(["a", "b", "c"]);
});

test("a promotion fits after evicting, or is refused with the numbers", () => {
  expect(admitPromotion(w, 200, 300, [])).toEqual({ admit: true, evict: [] });
  const fits = admitPromotion(w, 800, 300, [{ id: "old", bytes: 600 }]);
  expect(fits).toEqual({ admit: true, evict: [{ id: "old", bytes: 600 }] });
  // Over the high watermark, but within capacity even though nothing may be evicted: admitted.
  expect(admitPromotion(w, 800, 150, [])).toEqual({ admit: true, evict: [] });
  const refused = admitPromotion(w, 800, 300, [{ id: "small", bytes: 50 }]);
  expect(refused.admit).toBe(false);
  if (!refused.admit) {
    expect(refused.numbers).toEqual({ capacityBytes: 1000, committedBytes: 800, modelBytes: 300, evictableBytes: 50 });
    expect(refused.message).toContain("300 B");
    expect(refused.message).toContain("1,000 B");
  }
});

import { describe, expect, test } from "vitest";
import { Tally } from "./operation-runner";

/**
 * The total of a move or delete is counted beside the batches, which remove what they have done. Simulated
 * here over many random interleavings of the two listings: every object is counted exactly once.
 */

type Obj = { key: string; size: number; etag: null };

function simulate(seed: number, items: number[], batchPage: number, countPage: number): { objects: number; bytes: number; expected: number } {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const stores = items.map((n, i) => new Map<string, Obj>(Array.from({ length: n }, (_, k) => [`i${i}/k${String(k).padStart(4, "0")}`, { key: `i${i}/k${String(k).padStart(4, "0")}`, size: k + 1, etag: null }])));
  const expected = items.reduce((a, b) => a + b, 0);
  const list = (item: number, after: string | null, max: number) =>
    [...stores[item]!.values()].filter((o) => after === null || o.key > after).sort((a, b) => (a.key < b.key ? -1 : 1)).slice(0, max);

  const tally = new Tally();
  // The batch flow: lists a page, then (a move) removes it, item by item.
  const batches = { item: 0, after: null as string | null, done: false };
  // The counter: from the frontier on.
  const counter = { item: 0, done: false };
  while (!batches.done || !counter.done) {
    if (!batches.done && (counter.done || random() < 0.5)) {
      const page = list(batches.item, batches.after, batchPage);
      for (const o of page) tally.pass(batches.item, o);
      if (page.length === 0) {
        batches.item += 1;
        batches.after = null;
        if (batches.item >= items.length) batches.done = true;
      } else {
        batches.after = page.at(-1)!.key;
        if (random() < 0.7) for (const o of page) stores[batches.item]!.delete(o.key);
        else {
          // Deleted later: the counter may list them meanwhile.
          const item = batches.item;
          queueMicrotask(() => page.forEach((o) => stores[item]!.delete(o.key)));
        }
      }
    } else if (!counter.done) {
      if (counter.item < tally.item) counter.item = tally.item;
      if (counter.item >= items.length) {
        counter.done = true;
        continue;
      }
      const page = list(counter.item, tally.item === counter.item ? tally.key : null, countPage);
      for (const o of page) tally.pass(counter.item, o);
      if (page.length === 0) counter.item += 1;
    }
  }
  return { objects: tally.objects, bytes: tally.bytes, expected };
}

describe("Tally", () => {
  test("counts each object once, whichever listing gets there first, while a move removes what it did", () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const items = [37, 0, 120, 5].slice(0, 1 + (seed % 4));
      const { objects, expected } = simulate(seed, items, 10, 7 + (seed % 5));
      expect(objects, `seed ${seed}`).toBe(expected);
    }
  });

  test("bytes follow the objects counted", () => {
    const { objects, bytes } = simulate(42, [50], 8, 6);
    expect(objects).toBe(50);
    expect(bytes).toBe((50 * 51) / 2);
  });

  test("a resumed tally counts on from the cursor", () => {
    const tally = new Tally(0, "i0/k0004", 5, 15);
    for (let k = 0; k < 10; k += 1) tally.pass(0, { key: `i0/k${String(k).padStart(4, "0")}`, size: k + 1, etag: null });
    expect(tally.objects).toBe(10);
    expect(tally.bytes).toBe(55);
  });
});

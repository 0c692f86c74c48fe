import { describe, expect, it } from "vitest";
import { GiB, MiB, partRange, planCopyParts, planParts, S3_MAX_PARTS } from "./part-plan";

describe("planParts", () => {
  it("cuts a file into parts of the preferred size with the remainder last", () => {
    const plan = planParts(200 * MiB + 1, 16 * MiB);
    expect(plan).toEqual({ size: 200 * MiB + 1, partSize: 16 * MiB, partCount: 13 });
    expect(partRange(plan, 1)).toEqual({ start: 0, end: 16 * MiB });
    expect(partRange(plan, 13)).toEqual({ start: 192 * MiB, end: 200 * MiB + 1 });
  });

  it("grows the part size so a huge object fits in 10,000 parts", () => {
    const size = 1024 * GiB;
    const plan = planParts(size, 16 * MiB);
    expect(plan.partCount).toBeLessThanOrEqual(S3_MAX_PARTS);
    expect(plan.partSize % MiB).toBe(0);
    expect(plan.partSize).toBeGreaterThan(16 * MiB);
    expect(partRange(plan, plan.partCount).end).toBe(size);
  });

  it("covers every byte exactly once", () => {
    const plan = planParts(100 * MiB + 12345, 7 * MiB);
    let next = 0;
    for (let n = 1; n <= plan.partCount; n += 1) {
      const { start, end } = partRange(plan, n);
      expect(start).toBe(next);
      expect(end).toBeGreaterThan(start);
      next = end;
    }
    expect(next).toBe(plan.size);
  });

  it("gives an empty object one empty part", () => {
    expect(planParts(0, 16 * MiB)).toEqual({ size: 0, partSize: 16 * MiB, partCount: 1 });
  });

  it("refuses sizes S3 cannot hold and part numbers outside the plan", () => {
    expect(() => planParts(-1, MiB)).toThrow(RangeError);
    expect(() => planParts(6 * 1024 * GiB, MiB)).toThrow(/5 TiB/);
    expect(() => planParts(10, 0)).toThrow(RangeError);
    expect(() => partRange(planParts(10 * MiB, 5 * MiB), 3)).toThrow(/outside 1..2/);
  });
});

describe("planCopyParts", () => {
  it("describes inclusive byte ranges for UploadPartCopy", () => {
    expect(planCopyParts(12 * MiB, 5 * MiB)).toEqual([
      { partNumber: 1, range: `bytes=0-${5 * MiB - 1}` },
      { partNumber: 2, range: `bytes=${5 * MiB}-${10 * MiB - 1}` },
      { partNumber: 3, range: `bytes=${10 * MiB}-${12 * MiB - 1}` },
    ]);
  });

  it("copies a 6 GiB object in 1 GiB parts", () => {
    const parts = planCopyParts(6 * GiB, GiB);
    expect(parts).toHaveLength(6);
    expect(parts.at(-1)?.range).toBe(`bytes=${5 * GiB}-${6 * GiB - 1}`);
  });

  it("has nothing to copy for an empty object", () => {
    expect(planCopyParts(0, GiB)).toEqual([]);
  });
});

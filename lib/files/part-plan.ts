/** How an object is cut into multipart parts, for uploads and for server-side copies; S3's limits in one place. */

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
export const S3_MIN_PART_BYTES = 5 * MiB;
export const S3_MAX_PART_BYTES = 5 * GiB;
export const S3_MAX_PARTS = 10_000;
export const S3_MAX_OBJECT_BYTES = 5 * 1024 * GiB;
/** The largest object a single CopyObject may copy; beyond it a copy must go part by part (UploadPartCopy). */
export const S3_MAX_SINGLE_COPY_BYTES = 5 * GiB;

export type PartPlan = { size: number; partSize: number; partCount: number };

/**
 * Parts of `preferredPartSize` bytes, grown (to whole MiB) when the object would otherwise need more than
 * S3's 10,000 parts. The last part holds the remainder. An empty object still has one (empty) part.
 */
export function planParts(size: number, preferredPartSize: number): PartPlan {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`size must be a whole number of bytes, got ${size}`);
  if (size > S3_MAX_OBJECT_BYTES) throw new RangeError(`${size} bytes is larger than S3's 5 TiB object limit`);
  if (!Number.isSafeInteger(preferredPartSize) || preferredPartSize < 1) {
    throw new RangeError(`part size must be a positive whole number of bytes, got ${preferredPartSize}`);
  }
  const fits = Math.ceil(size / preferredPartSize) <= S3_MAX_PARTS;
  const partSize = fits ? preferredPartSize : Math.min(Math.ceil(size / S3_MAX_PARTS / MiB) * MiB, S3_MAX_PART_BYTES);
  return { size, partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** Byte range of part `partNumber` (1-based): `start` inclusive, `end` exclusive. */
export function partRange(plan: PartPlan, partNumber: number): { start: number; end: number } {
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > plan.partCount) {
    throw new RangeError(`part ${partNumber} is outside 1..${plan.partCount}`);
  }
  const start = (partNumber - 1) * plan.partSize;
  return { start, end: Math.min(start + plan.partSize, plan.size) };
}

export type CopyPart = { partNumber: number; range: string };

/** The `x-amz-copy-source-range` of every part of a multipart copy (HTTP ranges are inclusive). */
export function planCopyParts(size: number, partSize: number): CopyPart[] {
  const plan = planParts(size, partSize);
  if (size === 0) return [];
  return Array.from({ length: plan.partCount }, (_, i) => {
    const { start, end } = partRange(plan, i + 1);
    return { partNumber: i + 1, range: `bytes=${start}-${end - 1}` };
  });
}

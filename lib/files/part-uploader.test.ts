import { describe, expect, it } from "vitest";
import { planParts } from "./part-plan";
import { PartUploadError, uploadParts, type PartTransport } from "./part-uploader";

/** An in-memory stand-in for the store's PUT endpoint, scripted per URL to fail the way networks do. */
function fakeStore(script: (url: string, attempt: number) => number | "network" | "no-etag" = () => 200) {
  const received = new Map<number, Uint8Array>();
  const attempts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const transport: PartTransport<Uint8Array> = async ({ url, body, onProgress }) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 2));
    inFlight -= 1;
    const attempt = (attempts.get(url) ?? 0) + 1;
    attempts.set(url, attempt);
    const outcome = script(url, attempt);
    if (outcome === "network") throw new Error("socket hang up");
    if (outcome === "no-etag") return { status: 200, etag: null };
    if (outcome === 200) {
      const partNumber = Number(new URL(url).searchParams.get("part"));
      received.set(partNumber, body);
      onProgress(body.byteLength);
      return { status: 200, etag: `"etag-${partNumber}"` };
    }
    return { status: outcome, etag: null };
  };
  return { transport, received, attempts, maxInFlight: () => maxInFlight };
}

const data = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
const plan = planParts(data.length, 64); // 16 parts, the last one 40 bytes

function signer() {
  const calls: number[][] = [];
  let generation = 0;
  return {
    calls,
    presign: async (parts: number[]) => {
      calls.push(parts);
      generation += 1;
      return Object.fromEntries(parts.map((n) => [n, `https://store.test/up?part=${n}&sig=${generation}`]));
    },
  };
}

const noWait = () => 0;

describe("uploadParts", () => {
  it("sends every part once, in bounded parallel, and returns the ETags in order", async () => {
    const store = fakeStore();
    const { presign, calls } = signer();
    const progress: number[] = [];
    const parts = await uploadParts({
      plan,
      readPart: (start, end) => data.subarray(start, end),
      presign,
      transport: store.transport,
      concurrency: 3,
      presignWindow: 5,
      onProgress: (bytes) => progress.push(bytes),
    });
    expect(parts.map((p) => p.partNumber)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(parts[0]!.etag).toBe(`"etag-1"`);
    const joined = Buffer.concat([...store.received.entries()].sort(([a], [b]) => a - b).map(([, b]) => b));
    expect(joined.equals(Buffer.from(data))).toBe(true);
    expect(store.maxInFlight()).toBe(3);
    // Signed in windows, not one request per part.
    expect(calls.length).toBeLessThanOrEqual(6);
    expect(calls.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(progress.at(-1)).toBe(1000);
  });

  it("starts on the URLs the plan carried and asks the app only for the rest", async () => {
    const store = fakeStore();
    const { presign, calls } = signer();
    const signed = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [i + 1, `https://store.test/up?part=${i + 1}&sig=plan`]));
    const parts = await uploadParts({ plan, readPart: (start, end) => data.subarray(start, end), signed, presign, transport: store.transport, concurrency: 2, presignWindow: 8 });
    expect(parts).toHaveLength(16);
    expect(calls.flat().sort((a, b) => a - b)).toEqual([11, 12, 13, 14, 15, 16]);
    expect(calls).toHaveLength(1);
  });

  it("skips the parts the store already has (resume)", async () => {
    const store = fakeStore();
    const { presign, calls } = signer();
    const done = [1, 2, 3, 10].map((partNumber) => ({ partNumber, etag: `"old-${partNumber}"` }));
    const parts = await uploadParts({ plan, done, readPart: (s, e) => data.subarray(s, e), presign, transport: store.transport, concurrency: 4 });
    expect([...store.received.keys()].sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16]);
    expect(calls.flat()).not.toContain(1);
    expect(parts.find((p) => p.partNumber === 10)?.etag).toBe(`"old-10"`);
    expect(parts).toHaveLength(16);
  });

  it("retries server errors and dropped connections, and re-signs a part the store refused with 403", async () => {
    const store = fakeStore((url, attempt) => {
      if (url.includes("part=2&") && attempt === 1) return 503;
      if (url.includes("part=5&") && attempt <= 2) return "network";
      if (url.includes("part=7&sig=")) return url.endsWith("sig=1") || url.includes("sig=1&") ? 403 : 200;
      return 200;
    });
    const { presign, calls } = signer();
    const parts = await uploadParts({
      plan,
      readPart: (s, e) => data.subarray(s, e),
      presign,
      transport: store.transport,
      concurrency: 2,
      presignWindow: 16,
      backoffMs: noWait,
    });
    expect(parts).toHaveLength(16);
    expect(store.attempts.get("https://store.test/up?part=2&sig=1")).toBe(2);
    expect(store.attempts.get("https://store.test/up?part=5&sig=1")).toBe(3);
    // Part 7 got a fresh signature after the 403.
    expect(calls.some((c) => c[0] === 7 && c !== calls[0])).toBe(true);
  });

  it("gives up after maxAttempts and names the part", async () => {
    const store = fakeStore((url) => (url.includes("part=3&") ? 500 : 200));
    const { presign } = signer();
    const upload = uploadParts({ plan, readPart: (s, e) => data.subarray(s, e), presign, transport: store.transport, concurrency: 2, maxAttempts: 3, backoffMs: noWait });
    await expect(upload).rejects.toThrow(new PartUploadError("Part 3 failed 3 times (last: HTTP 500).", 3, 500));
  });

  it("stops at once on a refusal that retrying cannot fix", async () => {
    const store = fakeStore((url) => (url.includes("part=1&") ? 400 : 200));
    const { presign } = signer();
    await expect(
      uploadParts({ plan, readPart: (s, e) => data.subarray(s, e), presign, transport: store.transport, concurrency: 1, backoffMs: noWait }),
    ).rejects.toThrow(/refused part 1 \(HTTP 400\)/);
    expect(store.received.size).toBe(0);
  });

  it("explains a missing ETag as a CORS problem", async () => {
    const store = fakeStore(() => "no-etag");
    const { presign } = signer();
    await expect(
      uploadParts({ plan, readPart: (s, e) => data.subarray(s, e), presign, transport: store.transport, concurrency: 2 }),
    ).rejects.toThrow(/expose ETag/);
  });

  it("does not retry when the app refuses to sign (4xx)", async () => {
    const store = fakeStore();
    let asked = 0;
    const presign = async () => {
      asked += 1;
      throw Object.assign(new Error("This upload is aborted; start a new one."), { status: 409 });
    };
    await expect(
      uploadParts({ plan, readPart: (s, e) => data.subarray(s, e), presign, transport: store.transport, concurrency: 2, backoffMs: noWait }),
    ).rejects.toThrow(/aborted/);
    expect(asked).toBeLessThanOrEqual(2);
  });

  it("cancels: rejects with AbortError and sends nothing more", async () => {
    const controller = new AbortController();
    const store = fakeStore((url) => {
      if (url.includes("part=4&")) controller.abort();
      return 200;
    });
    const { presign } = signer();
    const upload = uploadParts({ plan, readPart: (s, e) => data.subarray(s, e), presign, transport: store.transport, concurrency: 1, signal: controller.signal });
    await expect(upload).rejects.toMatchObject({ name: "AbortError" });
    expect(store.received.size).toBeLessThanOrEqual(4);
  });
});

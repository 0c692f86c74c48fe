import { describe, expect, test } from "vitest";
import { messageBytes, prepareMessages, storedMessages, toTierHistory } from "./rows";
import { contextIdSchema, contextInputSchema, limits } from "./schemas";

describe("messages as stored", () => {
  test("timestamps are cut to the milliseconds PostgreSQL keeps, and numbering continues after the last message", () => {
    const prepared = prepareMessages([
      { role: "user", content: "héllo", createdAt: "2026-01-02T03:04:05.123456+02:00" },
      { role: "assistant", content: "ok", name: "bot" },
    ]);
    expect(prepared.map((m) => m.createdAt)).toEqual(["2026-01-02T01:04:05.123Z", null]);
    const stored = storedMessages(prepared, 7, new Date("2026-05-05T00:00:00Z"));
    expect(stored).toEqual([
      { seq: 7, role: "user", content: "héllo", createdAt: "2026-01-02T01:04:05.123Z" },
      { seq: 8, role: "assistant", content: "ok", name: "bot", createdAt: "2026-05-05T00:00:00.000Z" },
    ]);
  });

  test("bytes count UTF-8 text and tool calls", () => {
    const toolCalls = [{ id: "c", type: "function" as const, function: { name: "f", arguments: "{}" } }];
    expect(messageBytes(prepareMessages([{ role: "user", content: "é" }]))).toBe(2);
    expect(messageBytes(prepareMessages([{ role: "assistant", content: "", toolCalls }]))).toBe(Buffer.byteLength(JSON.stringify(toolCalls)));
  });

  test("tier history keeps well-formed events only", () => {
    expect(toTierHistory([{ tier: "cold", at: "2026-01-01T00:00:00+00:00", by: "archive-job" }, { tier: "lukewarm" }, "x", null])).toEqual([
      { tier: "cold", at: "2026-01-01T00:00:00.000Z", by: "archive-job" },
    ]);
    expect(toTierHistory(null)).toEqual([]);
  });
});

describe("input limits", () => {
  test("ids are bounded and cannot hold separators the Redis keys rely on", () => {
    expect(contextIdSchema.safeParse("2f6c1b9e-7a51-4b62-9d1e-0c8a4f5e3d21").success).toBe(true);
    expect(contextIdSchema.safeParse("user@example.com").success).toBe(true);
    for (const bad of ["", "a/b", "a{b}", " a", "-lead", "x".repeat(limits.idChars + 1)]) expect(contextIdSchema.safeParse(bad).success).toBe(false);
  });

  test("metadata is bounded by its serialised size", () => {
    expect(contextInputSchema.safeParse({ metadata: { big: "x".repeat(limits.metadataBytes) } }).success).toBe(false);
    expect(contextInputSchema.safeParse({ metadata: { small: 1 } }).success).toBe(true);
  });
});

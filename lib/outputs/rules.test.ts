import { describe, expect, test } from "vitest";
import { countsAsAccess } from "./counting";
import { outputKey } from "./keys";
import { extensionFor } from "./media";
import { decodeCursor, encodeCursor, tierOf } from "./rows";

describe("outputs: pure rules", () => {
  test("the key is <userId>/<yyyy>/<mm>/<dd>/<id>.<ext> on the UTC day of creation", () => {
    expect(outputKey("u-1", "0b6c", new Date("2026-01-02T23:30:00-05:00"), "png")).toBe("u-1/2026/01/03/0b6c.png");
    expect(outputKey("u-1", "0b6c", new Date("2026-12-31T00:00:00Z"), "wav")).toBe("u-1/2026/12/31/0b6c.wav");
  });

  test("content types are allowed per type, case-insensitively, and nothing scriptable is", () => {
    expect(extensionFor("image", "image/PNG")).toBe("png");
    expect(extensionFor("image", "image/jpeg")).toBe("jpg");
    expect(extensionFor("audio", "audio/x-wav")).toBe("wav");
    expect(extensionFor("image", "image/svg+xml")).toBeNull();
    expect(extensionFor("image", "text/html")).toBeNull();
    expect(extensionFor("audio", "image/png")).toBeNull();
  });

  test("tiers from placements", () => {
    expect(tierOf({ on_hot: true, on_cold: true })).toBe("both");
    expect(tierOf({ on_hot: true, on_cold: false })).toBe("hot");
    expect(tierOf({ on_hot: false, on_cold: true })).toBe("cold");
    expect(tierOf({ on_hot: false, on_cold: false })).toBe("pending");
  });

  test("cursors round-trip and forged ones are refused", () => {
    const row = { created_at: new Date("2026-12-02T10:00:00.123Z"), id: "6f1c2d1e-9a7b-4c1d-8e2f-0a1b2c3d4e5f" };
    expect(decodeCursor(encodeCursor(row))).toEqual({ createdAt: row.created_at, id: row.id });
    expect(decodeCursor("not a cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-12-02|'; DROP TABLE x").toString("base64url"))).toBeNull();
  });

  test("link previewers and prefetches do not count as accesses; browsers and services do", () => {
    const h = (init: Record<string, string>) => new Headers(init);
    expect(countsAsAccess(h({ "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0" }))).toBe(true);
    expect(countsAsAccess(h({ "user-agent": "python-httpx/0.28" }))).toBe(true);
    expect(countsAsAccess(h({ "user-agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" }))).toBe(false);
    expect(countsAsAccess(h({ "user-agent": "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)" }))).toBe(false);
    expect(countsAsAccess(h({ "user-agent": "facebookexternalhit/1.1" }))).toBe(false);
    expect(countsAsAccess(h({ "user-agent": "Mozilla/5.0", "sec-purpose": "prefetch;prerender" }))).toBe(false);
  });
});

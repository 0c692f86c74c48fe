import { describe, expect, it } from "vitest";
import { hashShareToken, looksLikeShareToken, newShareToken } from "./share-token";

describe("share tokens", () => {
  it("are 32 random bytes in base64url, stored only as their SHA-256", () => {
    const { token, hash } = newShareToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(looksLikeShareToken(token)).toBe(true);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(hashShareToken(token));
    expect(hash).not.toContain(token);
  });

  it("differ every time", () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newShareToken().token));
    expect(tokens.size).toBe(1000);
  });

  it("refuse anything else before it reaches the database", () => {
    expect(looksLikeShareToken("short")).toBe(false);
    expect(looksLikeShareToken(`${"a".repeat(42)}=`)).toBe(false);
    expect(looksLikeShareToken(`${"a".repeat(42)}/`)).toBe(false);
    expect(looksLikeShareToken("a".repeat(44))).toBe(false);
  });
});

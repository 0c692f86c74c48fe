import { describe, expect, test } from "vitest";
import { HttpError } from "@/lib/http/errors";
import { decodeCursor, encodeCursor } from "./search";

describe("list cursors", () => {
  test("round-trip the last row's position", () => {
    const position = { updatedAt: new Date("2026-11-23T10:11:12.345Z"), id: 9_007_199_254_740_993n };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  test("anything else is a 400, not a crash", () => {
    for (const bad of ["nonsense", Buffer.from("2026-01-01T00:00:00Z|x").toString("base64url"), Buffer.from("not a date|1").toString("base64url"), "",
      Buffer.from("2026-01-01T00:00:00Z|9999999999999999999").toString("base64url"), Buffer.from("-200000-01-01T00:00:00Z|1").toString("base64url")]) {
      expect(() => decodeCursor(bad)).toThrow(HttpError);
    }
  });
});

import { afterEach, describe, expect, test, vi } from "vitest";
import { seal, sessionPayloadSchema, unseal, type SessionPayload } from "./session-cookie";

const now = () => Math.floor(Date.now() / 1000);
const payload = (): SessionPayload => ({
  sid: `sid-${Math.random()}`,
  user: { id: "u1", username: "ed", name: "Ed", roles: ["viewer", "editor"], kind: "user" },
  refreshAt: now() + 300,
  expiresAt: now() + 3600,
});

afterEach(() => {
  vi.useRealTimers();
});

describe("opening a session cookie (opened values are kept for repeat requests)", () => {
  test("a cookie opened before still reads as absent once it has expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const cookie = await seal(payload(), 60);
    expect(await unseal(cookie, sessionPayloadSchema)).not.toBeNull();
    vi.setSystemTime(Date.now() + 61_000);
    expect(await unseal(cookie, sessionPayloadSchema)).toBeNull();
  });

  test("a tampered value is not the value that was opened", async () => {
    const cookie = await seal(payload(), 60);
    expect(await unseal(cookie, sessionPayloadSchema)).not.toBeNull();
    // JWE compact form: header..iv.ciphertext.tag; one character of the ciphertext changed.
    const parts = cookie.split(".");
    parts[3] = (parts[3]![0] === "A" ? "B" : "A") + parts[3]!.slice(1);
    expect(await unseal(parts.join("."), sessionPayloadSchema)).toBeNull();
  });

  test("what is handed out twice cannot be changed by one holder for the next", async () => {
    const cookie = await seal(payload(), 60);
    await unseal(cookie, sessionPayloadSchema);
    const kept = (await unseal(cookie, sessionPayloadSchema))!;
    expect(() => kept.user.roles.push("admin")).toThrow(TypeError);
    expect((await unseal(cookie, sessionPayloadSchema))!.user.roles).toEqual(["viewer", "editor"]);
  });
});

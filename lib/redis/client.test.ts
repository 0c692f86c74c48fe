import { EventEmitter } from "node:events";
import type { Redis } from "ioredis";
import { describe, expect, test } from "vitest";
import { connectionGeneration } from "./client";

/** A stand-in with what connectionGeneration reads: `status` and the "ready" event. */
function fakeClient(status: string) {
  return Object.assign(new EventEmitter(), { status }) as unknown as Redis & EventEmitter;
}

describe("connectionGeneration", () => {
  test("changes each time the client becomes ready again, counted by one listener however often it is asked", () => {
    const client = fakeClient("connecting");
    expect(connectionGeneration(client)).toBe(0);
    client.emit("ready");
    expect(connectionGeneration(client)).toBe(1);
    for (let i = 0; i < 5; i++) connectionGeneration(client);
    expect(client.listenerCount("ready")).toBe(1);
    client.emit("ready");
    expect(connectionGeneration(client)).toBe(2);
  });

  test("a client already connected when first asked counts that connection", () => {
    expect(connectionGeneration(fakeClient("ready"))).toBe(1);
  });
});

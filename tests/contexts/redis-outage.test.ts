import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { connected, messages, testDeps, testRedis, tierCounts } from "./support/deps";

/**
 * Redis stopped in the middle of use — a private redis-server on a free port, never the shared one. It
 * persists to an append-only file, so when it comes back it still holds the copies from before the outage:
 * the store must not serve those stale copies.
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const dir = mkdtempSync(path.join(os.tmpdir(), "strata-redis-outage-"));
let port = 0;
let server: ChildProcess | undefined;

async function startRedis() {
  server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", ""], {
    stdio: "ignore",
  });
  const probe = testRedis(`redis://127.0.0.1:${port}`);
  await connected(probe);
  probe.disconnect();
}

async function stopRedis() {
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  server!.kill("SIGKILL");
  await exited;
}

let t: ReturnType<typeof testDeps>;

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  t = testDeps({}, testRedis(`redis://127.0.0.1:${port}`));
  await connected(t.deps.redis);
});

afterAll(async () => {
  await t.cleanup();
  t.deps.redis.disconnect();
  if (server && server.exitCode === null) await stopRedis();
  rmSync(dir, { recursive: true, force: true });
});

describe("Redis stops in the middle of use", () => {
  test("writes and reads keep working from PostgreSQL, nothing is lost, and stale copies are not served after it returns", async () => {
    const a = { userId: t.user("r"), conversationId: "a" };
    const b = { userId: t.user("r"), conversationId: "b" };
    const c = { userId: t.user("r"), conversationId: "c" };
    await t.store.put(a, { title: "A", tags: [], metadata: {}, messages: messages(2) });
    await t.store.put(b, { title: "B", tags: [], metadata: {}, messages: messages(1) });
    expect((await t.store.get(a))?.tier).toBe("hot");
    expect((await t.store.get(b))?.tier).toBe("hot");

    await stopRedis();

    const appended = await t.store.append(a, { messages: [{ role: "user", content: "written while Redis was down" }] });
    expect(appended.messageCount).toBe(3);
    const putDuringOutage = await t.store.put(c, { title: "C", tags: [], metadata: {}, messages: messages(2) });
    expect(putDuringOutage.created).toBe(true);
    expect(await t.store.remove(b)).toEqual({ deletedFrom: ["warm"] });

    const readA = await t.store.get(a);
    expect(readA?.tier).toBe("warm");
    expect(readA?.context.messages.map((m) => m.content).at(-1)).toBe("written while Redis was down");
    expect((await t.store.get(c))?.context.messageCount).toBe(2);
    expect(await t.store.get(b)).toBeNull();
    expect(await tierCounts(t.userPrefix)).toEqual({ warm: 2, cold: 0, messages: 5 });
    const pending = await db().userContextCacheInvalidation.findMany({ where: { cacheKey: { startsWith: t.userPrefix } } });
    expect(pending.map((p) => p.cacheKey).sort()).toEqual([`${a.userId}/a`, `${b.userId}/b`, `${c.userId}/c`]);

    await startRedis();
    await connected(t.deps.redis);
    // The restarted Redis replayed its append-only file: the pre-outage copies of A and B are back.
    expect(await t.deps.redis.exists(`${t.config.keyPrefix}{${a.userId}/a}:h`)).toBe(1);

    const afterA = await t.store.get(a);
    expect(afterA?.tier).toBe("warm");
    expect(afterA?.context.messageCount).toBe(3);
    expect(await t.store.get(b)).toBeNull();
    expect((await t.store.get(a))?.tier).toBe("hot");
    expect((await t.store.get(a))?.context.messageCount).toBe(3);
    expect(await db().userContextCacheInvalidation.count({ where: { cacheKey: { startsWith: t.userPrefix } } })).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Context } from "@/lib/contexts/schemas";
import { createContextStore, type ContextStore } from "@/lib/contexts/store";
import { connected, testDeps, testRedis } from "./support/deps";

const t = testDeps();
// Three app replicas: one database, one Redis, a connection each, so their Redis updates can arrive in any order.
const replicaClients = [testRedis(), testRedis()];
const replicas: ContextStore[] = [t.store, ...replicaClients.map((redis) => createContextStore({ ...t.deps, redis }))];

beforeAll(async () => {
  await Promise.all([t.deps.redis, ...replicaClients].map(connected));
});
afterAll(async () => {
  await t.cleanup();
  for (const redis of [t.deps.redis, ...replicaClients]) redis.disconnect();
});

const WRITERS = 12;
const APPENDS_EACH = 8;

async function appendConcurrently(key: { userId: string; conversationId: string }) {
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 1; i <= APPENDS_EACH; i += 1) {
        await replicas[w % replicas.length]!.append(key, { messages: [{ role: "user", content: `w${w}-${i}a` }, { role: "assistant", content: `w${w}-${i}b` }] });
      }
    }),
  );
}

/** Any copy, from any tier, at any moment: its messages are exactly 1..messageCount, each writer's in order. */
function expectConsistent(context: Context) {
  expect(context.messages.map((m) => m.seq)).toEqual(Array.from({ length: context.messageCount }, (_, i) => i + 1));
  const last = new Map<string, number>();
  for (const m of context.messages) {
    const [writer, step] = m.content.split("-");
    const n = Number.parseInt(step!, 10) * 2 + (m.content.endsWith("b") ? 1 : 0);
    expect(n).toBeGreaterThan(last.get(writer!) ?? 0);
    last.set(writer!, n);
  }
}

function expectEveryMessageInOrder(contents: string[], seqs: number[]) {
  expect(seqs).toEqual(Array.from({ length: WRITERS * APPENDS_EACH * 2 }, (_, i) => i + 1));
  for (let w = 0; w < WRITERS; w += 1) {
    const mine = contents.filter((c) => c.startsWith(`w${w}-`));
    expect(mine).toEqual(Array.from({ length: APPENDS_EACH }, (_, i) => [`w${w}-${i + 1}a`, `w${w}-${i + 1}b`]).flat());
  }
  // Each append's two messages stay together: nothing from another writer lands between them.
  for (let i = 0; i < contents.length; i += 2) expect(contents[i + 1]).toBe(contents[i]!.replace(/a$/, "b"));
}

describe("concurrent appends to one conversation", () => {
  test("keep every message, numbered without gaps, each writer's in its order, and Redis agrees with PostgreSQL", async () => {
    const key = { userId: t.user("c"), conversationId: "busy" };
    const hotHeader = `${t.config.keyPrefix}{${key.userId}/${key.conversationId}}:h`;
    await t.store.put(key, { tags: [], metadata: {}, messages: [] });
    await t.store.get(key);
    // A reader keeps dropping the Redis copy and re-caching it from PostgreSQL while the appends run, so
    // re-caches race with appends to the cached copy.
    let appending = true;
    let checked = 0;
    const reader = (async () => {
      for (let n = 0; appending; n += 1) {
        if (n % 3 === 0) await t.deps.redis.del(hotHeader);
        const read = await replicas[n % replicas.length]!.get(key);
        expectConsistent(read!.context);
        checked += 1;
      }
    })();
    await appendConcurrently(key);
    appending = false;
    await reader;
    expect(checked).toBeGreaterThan(2);

    const hot = await t.store.get(key);
    await t.deps.redis.del(hotHeader);
    const warm = await t.store.get(key);
    expect(warm?.tier).toBe("warm");
    const messages = warm!.context.messages;
    expectEveryMessageInOrder(messages.map((m) => m.content), messages.map((m) => m.seq));
    expect(warm!.context.messageCount).toBe(messages.length);
    expect(hot?.context).toEqual(warm!.context);
  });

  test("appends racing to create a conversation all land in the one context they create", async () => {
    const key = { userId: t.user("c"), conversationId: "new" };
    await appendConcurrently(key);
    const read = await t.store.get(key);
    expectEveryMessageInOrder(read!.context.messages.map((m) => m.content), read!.context.messages.map((m) => m.seq));
  });

  test("appends past the message limit are refused whole", async () => {
    const small = testDeps({ maxMessages: 3 });
    await connected(small.deps.redis);
    try {
      const key = { userId: small.user("c"), conversationId: "full" };
      await small.store.append(key, { messages: [{ role: "user", content: "1" }, { role: "user", content: "2" }] });
      await expect(small.store.append(key, { messages: [{ role: "user", content: "3" }, { role: "user", content: "4" }] })).rejects.toMatchObject({
        status: 409,
      });
      expect((await small.store.get(key))?.context.messages.map((m) => m.content)).toEqual(["1", "2"]);
    } finally {
      await small.cleanup();
      small.deps.redis.disconnect();
    }
  });
});

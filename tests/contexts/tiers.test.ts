import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { connected, messages, testDeps } from "./support/deps";

const t = testDeps({ hotTtlSeconds: 1, recacheTtlSeconds: 60 });
const key = (name: string) => ({ userId: t.user("ada"), conversationId: name });

beforeAll(async () => {
  await connected(t.deps.redis);
});
afterAll(async () => {
  await t.cleanup();
  t.deps.redis.disconnect();
});

describe("reading through the tiers", () => {
  test("a written context answers from Redis, then after its TTL from PostgreSQL, and is cached again", async () => {
    const k = key("ttl");
    const { context, created } = await t.store.put(k, { title: "TTL", tags: ["a"], metadata: { source: "test" }, messages: messages(3) });
    expect(created).toBe(true);
    expect(context.messageCount).toBe(3);

    const first = await t.store.get(k);
    expect(first?.tier).toBe("hot");
    expect(first?.context).toEqual(context);

    // Wait until Redis has expired the hot copy (a condition, not a delay guessed to be long enough).
    const base = `${t.config.keyPrefix}{${k.userId}/${k.conversationId}}`;
    while ((await t.deps.redis.exists(`${base}:h`, `${base}:m`)) > 0) await new Promise((r) => setTimeout(r, 50));
    const second = await t.store.get(k);
    expect(second?.tier).toBe("warm");
    expect(second?.context).toEqual(context);
    expect(await t.deps.redis.ttl(`${t.config.keyPrefix}{${k.userId}/${k.conversationId}}:h`)).toBeGreaterThan(50);

    const third = await t.store.get(k);
    expect(third?.tier).toBe("hot");
    expect(third?.context).toEqual(context);
  });

  test("a cold context is promoted to warm in one step and leaves the archive", async () => {
    const k = key("cold");
    const { context } = await t.store.put(k, { title: "Old", tags: [], metadata: {}, messages: messages(4) });
    expect(await t.store.archive(k, "test")).toBe("moved");
    expect(await t.store.archive(k, "test")).toBe("already");
    const cold = await t.store.inspect(k);
    expect(cold?.tier).toBe("cold");
    expect(cold?.archivedAt).not.toBeNull();

    const read = await t.store.get(k);
    expect(read?.tier).toBe("cold");
    expect(read?.context.messages).toEqual(context.messages);
    expect(BigInt(read!.context.version)).toBeGreaterThan(BigInt(context.version));

    const [rows] = await db().$queryRaw<{ warm: number; cold: number }[]>`
      SELECT (SELECT count(*) FROM user_contexts WHERE user_id = ${k.userId} AND conversation_id = ${k.conversationId})::int AS warm,
             (SELECT count(*) FROM user_contexts_archive WHERE user_id = ${k.userId} AND conversation_id = ${k.conversationId})::int AS cold`;
    expect(rows).toEqual({ warm: 1, cold: 0 });
    const detail = await t.store.inspect(k);
    expect(detail?.tierHistory.map((e) => `${e.tier}:${e.by}`)).toEqual(["warm:create", "cold:test", "warm:read"]);
    expect((await t.store.get(k))?.tier).toBe("hot");
  });

  test("an unknown context is a miss in every tier", async () => {
    expect(await t.store.get(key("nothing"))).toBeNull();
    expect(await t.store.inspect(key("nothing"))).toBeNull();
    expect(await t.store.remove(key("nothing"))).toBeNull();
  });

  test("delete removes the context from every tier, and a reader holding the old version cannot bring it back", async () => {
    const k = key("delete");
    const { context } = await t.store.put(k, { tags: [], metadata: {}, messages: messages(2) });
    expect((await t.store.get(k))?.tier).toBe("hot");
    expect(await t.store.remove(k)).toEqual({ deletedFrom: ["hot", "warm"] });
    // A slow reader that fetched the context before the delete now tries to cache it.
    expect(await t.store.hot.write(context, 60)).toBe(false);
    expect(await t.store.get(k)).toBeNull();
  });

  test("PUT replaces every message, and appends continue the sequence", async () => {
    const k = key("replace");
    await t.store.put(k, { tags: [], metadata: {}, messages: messages(5) });
    const { context } = await t.store.put(k, { title: "v2", tags: [], metadata: {}, messages: messages(2, (i) => `second ${i}`) });
    expect(context.messages.map((m) => m.content)).toEqual(["second 1", "second 2"]);
    const appended = await t.store.append(k, { messages: [{ role: "user", content: "third", name: "ada", tokens: { prompt: 3 } }] });
    expect(appended.appended.map((m) => m.seq)).toEqual([3]);
    const read = await t.store.get(k);
    expect(read?.tier).toBe("hot");
    expect(read?.context.messages.map((m) => `${m.seq}:${m.content}`)).toEqual(["1:second 1", "2:second 2", "3:third"]);
    expect(read?.context.messages[2]).toMatchObject({ name: "ada", tokens: { prompt: 3 } });
    await t.deps.redis.del(`${t.config.keyPrefix}{${k.userId}/${k.conversationId}}:h`);
    const warm = await t.store.get(k);
    expect(warm?.tier).toBe("warm");
    expect(warm?.context).toEqual(read?.context);
  });
});

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connected, testDeps } from "./support/deps";

const t = testDeps();

beforeAll(async () => {
  await connected(t.deps.redis);
});
afterAll(async () => {
  await t.cleanup();
  t.deps.redis.disconnect();
});

const WRITERS = 12;
const APPENDS_EACH = 8;

async function appendConcurrently(key: { userId: string; conversationId: string }) {
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 1; i <= APPENDS_EACH; i += 1) {
        await t.store.append(key, { messages: [{ role: "user", content: `w${w}-${i}a` }, { role: "assistant", content: `w${w}-${i}b` }] });
      }
    }),
  );
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
    await t.store.put(key, { tags: [], metadata: {}, messages: [] });
    await t.store.get(key);
    await appendConcurrently(key);

    const hot = await t.store.get(key);
    await t.deps.redis.del(`${t.config.keyPrefix}{${key.userId}/${key.conversationId}}:h`);
    const warm = await t.store.get(key);
    expect(warm?.tier).toBe("warm");
    const messages = warm!.context.messages;
    expectEveryMessageInOrder(messages.map((m) => m.content), messages.map((m) => m.seq));
    expect(warm!.context.messageCount).toBe(messages.length);
    if (hot?.tier === "hot") expect(hot.context).toEqual(warm!.context);
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

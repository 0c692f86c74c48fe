import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Principal } from "@/lib/auth/roles";
import { searchFiltersSchema } from "@/lib/contexts/schemas";
import { searchVisibleContexts } from "@/lib/contexts/service";
import { connected, testDeps } from "./support/deps";

const t = testDeps();
const word = `zebu${t.userPrefix.replace(/\W/g, "")}`;
const person = (id: string, roles: Principal["roles"]): Principal => ({ id, username: id, name: id, roles, kind: "user" });
const as = (actor: Principal) => ({ actor, origin: { ip: null, userAgent: null } });
const search = (actor: Principal, filters: Record<string, string | number>) =>
  searchVisibleContexts(as(actor), searchFiltersSchema.parse(filters), t.store);

beforeAll(async () => {
  await connected(t.deps.redis);
  const write = (user: string, conversationId: string, title: string, text: string) =>
    t.store.put({ userId: t.user(user), conversationId }, { title, tags: [], metadata: {}, messages: [{ role: "user", content: text }] });
  await write("ann", "alpha-1", "Grazing plans", `the ${word} herd moves north`);
  await write("ann", "alpha-2", "Shearing day", "nothing special here");
  await write("bob", "beta-1", "Market prices", `sold three ${word} calves`);
  await write("ann", "alpha-3", "Old notes", `an archived note about ${word}`);
  await t.store.archive({ userId: t.user("ann"), conversationId: "alpha-3" }, "test");
});
afterAll(async () => {
  await t.cleanup();
  t.deps.redis.disconnect();
});

describe("searching contexts", () => {
  const admin = person("some-admin", ["admin"]);

  test("by words in messages across warm and cold, newest first, with tier badges", async () => {
    const page = await search(admin, { text: word });
    expect(page.items.map((i) => [i.conversationId, i.tier])).toEqual([
      ["alpha-3", "cold"],
      ["beta-1", "hot"],
      ["alpha-1", "hot"],
    ]);
  });

  test("by title, conversation prefix, user and tier, combined", async () => {
    expect((await search(admin, { title: "shear", user: t.user("ann") })).items.map((i) => i.conversationId)).toEqual(["alpha-2"]);
    expect((await search(admin, { conversation: "alpha-", tier: "warm", user: t.user("ann") })).items.map((i) => i.conversationId)).toEqual(["alpha-2", "alpha-1"]);
    expect((await search(admin, { text: word, tier: "cold" })).items.map((i) => i.conversationId)).toEqual(["alpha-3"]);
    expect((await search(admin, { conversation: "100%_" })).items).toEqual([]);
  });

  test("pages with a cursor across both tiers without repeats", async () => {
    const first = await search(admin, { text: word, limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await search(admin, { text: word, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((i) => i.conversationId)).toEqual(["alpha-1"]);
    expect(second.nextCursor).toBeNull();
  });

  test("people who are not admins only ever see their own, whatever user they ask for", async () => {
    const bob = person(t.user("bob"), ["viewer"]);
    expect((await search(bob, { text: word })).items.map((i) => i.conversationId)).toEqual(["beta-1"]);
    expect((await search(bob, { text: word, user: t.user("ann") })).items.map((i) => i.conversationId)).toEqual(["beta-1"]);
  });
});

import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { copyNewOutputs } from "@/lib/outputs/copy-to-cold";
import { demoteHotOutputs } from "@/lib/outputs/demote";
import type { OutputDeps } from "@/lib/outputs/deps";
import { repromoteOutputs } from "@/lib/outputs/repromote";
import { createOutput, deleteOutput, deleteUserOutputs, downloadOutput, getOutput, listOutputs } from "@/lib/outputs/service";
import { storedSize } from "@/lib/outputs/tiers";
import { DAY_MS, listKeys, listLevel, person, service, testTiers, upload } from "./support";

const run = randomUUID().slice(0, 8);
let deps: OutputDeps;
let drop: (users: string[]) => Promise<void>;
const users: string[] = [];

function user(label: string): string {
  const id = `t${run}-${label}`;
  users.push(id);
  return id;
}

beforeAll(async () => {
  ({ deps, drop } = await testTiers({ batch: 2 }));
});

afterAll(async () => {
  await db().$executeRaw`DELETE FROM generated_outputs WHERE user_id = ANY(${users}::text[])`;
  await drop?.(users);
});

const png = (bytes = 1500) => randomBytes(bytes);

/** Registers an output for `userId` through the service, uploads it through the presigned PUT, and lets the copy job run. */
async function uploaded(userId: string, body = png(), copy = true) {
  const created = await createOutput(service(), { userId, type: "image", filename: "cat on a skateboard.png", contentType: "image/png", size: body.length }, deps);
  await upload(created.upload.url, created.upload.headers, body);
  if (copy) await copyNewOutputs(deps, { users: [userId] });
  return created;
}

async function row(id: string) {
  return db().generatedOutput.findUniqueOrThrow({ where: { id } });
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
}

describe("registering and uploading", () => {
  test("the upload lands on hot under <userId>/<yyyy>/<mm>/<dd>/<id>.png; the copy job puts a verified copy on cold", async () => {
    const owner = user("upload");
    const body = png(4096);
    const created = await uploaded(owner, body, false);
    const today = new Date().toISOString().slice(0, 10).replaceAll("-", "/");
    expect(created.output.key).toBe(`${owner}/${today}/${created.id}.png`);
    expect(created.output.tier).toBe("pending");
    expect(await listOutputs(person(owner), { limit: 50 }, deps).then((p) => p.outputs)).toEqual([]);

    const counts = await copyNewOutputs(deps, { users: [owner] });
    expect(counts).toMatchObject({ copied: 1, failed: 0 });
    expect(await row(created.id)).toMatchObject({ onHot: true, onCold: true });
    expect(await storedSize(deps.tiers.cold, created.output.key)).toBe(body.length);
    const page = await listOutputs(person(owner), { limit: 50 }, deps);
    expect(page.outputs.map((o) => [o.id, o.tier])).toEqual([[created.id, "both"]]);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const ids = async (filters: { type?: "image" | "audio"; from?: string; to?: string }) =>
      (await listOutputs(person(owner), { limit: 50, ...filters }, deps)).outputs.map((o) => o.id);
    expect(await ids({ type: "image", from: day(0), to: day(0) })).toEqual([created.id]);
    expect(await ids({ type: "audio" })).toEqual([]);
    expect(await ids({ from: day(1) })).toEqual([]);
    expect(await ids({ to: day(-1) })).toEqual([]);
  });

  test("a wrong type, a content type outside the type, a size over the limit and a path as filename are refused", async () => {
    const owner = user("refused");
    const base = { userId: owner, type: "image" as const, filename: "a.png", contentType: "image/png", size: 10 };
    expect(await status(createOutput(service(), { ...base, contentType: "image/svg+xml" }, deps))).toBe(415);
    expect(await status(createOutput(service(), { ...base, contentType: "audio/wav" }, deps))).toBe(415);
    expect(await status(createOutput(service(), { ...base, size: deps.config.maxBytes + 1 }, deps))).toBe(413);
    const { createOutputInputSchema } = await import("@/lib/outputs/schemas");
    expect(createOutputInputSchema.safeParse({ ...base, filename: "../etc/passwd" }).success).toBe(false);
    expect(createOutputInputSchema.safeParse({ ...base, userId: "a/b" }).success).toBe(false);
    expect(createOutputInputSchema.safeParse({ ...base, size: 0 }).success).toBe(false);
    expect(await db().generatedOutput.count({ where: { userId: owner } })).toBe(0);
  });

  test("a registration whose upload never came is forgotten after pendingHours, not before", async () => {
    const owner = user("abandoned");
    const created = await createOutput(service(), { userId: owner, type: "audio", filename: "hum.wav", contentType: "audio/wav", size: 44 }, deps);
    expect(await copyNewOutputs(deps, { users: [owner] })).toMatchObject({ pending: 1, abandoned: 0 });
    const later = new Date(Date.now() + (deps.config.pendingHours + 1) * 3_600_000);
    expect(await copyNewOutputs(deps, { users: [owner], now: later })).toMatchObject({ abandoned: 1 });
    expect(await db().generatedOutput.findUnique({ where: { id: created.id } })).toBeNull();
  });
});

describe("policies with an injected clock", () => {
  test("the hot copy is deleted after OUTPUTS_HOT_DAYS, not a minute before; downloads then go to cold", async () => {
    const owner = user("demote");
    const a = await uploaded(owner);
    const b = await uploaded(owner);
    const created = (await row(a.id)).createdAt.getTime();
    const justBefore = new Date(created + 7 * DAY_MS - 60_000);
    expect(await demoteHotOutputs(deps, { users: [owner], now: justBefore })).toMatchObject({ demoted: 0 });
    expect(await row(a.id)).toMatchObject({ onHot: true });

    const after = new Date(Date.now() + 7 * DAY_MS + 60_000);
    expect(await demoteHotOutputs(deps, { users: [owner], now: after })).toMatchObject({ demoted: 2, coldMissing: 0 });
    for (const o of [a, b]) {
      expect(await row(o.id)).toMatchObject({ onHot: false, onCold: true });
      expect(await storedSize(deps.tiers.hot, o.output.key)).toBeNull();
      expect(await storedSize(deps.tiers.cold, o.output.key)).toBe(1500);
    }
    const download = await downloadOutput(person(owner), a.id, { disposition: "inline", count: true }, deps);
    expect(download.tier).toBe("cold");
    expect(new URL(download.url).pathname).toContain(deps.tiers.cold.bucket);
    expect((await fetch(download.url)).status).toBe(200);
  });

  test("a cold copy missing or short refuses the demotion; the copy job repairs it and the next run demotes", async () => {
    const owner = user("cold-missing");
    const o = await uploaded(owner);
    await deps.tiers.cold.store.client.send(new DeleteObjectCommand({ Bucket: deps.tiers.cold.bucket, Key: o.output.key }));
    const later = new Date(Date.now() + 8 * DAY_MS);
    expect(await demoteHotOutputs(deps, { users: [owner], now: later })).toMatchObject({ demoted: 0, coldMissing: 1 });
    expect(await row(o.id)).toMatchObject({ onHot: true, onCold: false });
    expect(await storedSize(deps.tiers.hot, o.output.key)).toBe(1500);

    expect(await copyNewOutputs(deps, { users: [owner] })).toMatchObject({ copied: 1 });
    expect(await demoteHotOutputs(deps, { users: [owner], now: later })).toMatchObject({ demoted: 1 });
    expect(await storedSize(deps.tiers.cold, o.output.key)).toBe(1500);
  });

  test("a cold-only output is copied back to hot at the 5th read, not the 4th; HEAD-like reads do not count", async () => {
    const owner = user("repromote");
    const o = await uploaded(owner);
    await demoteHotOutputs(deps, { users: [owner], now: new Date(Date.now() + 8 * DAY_MS) });
    const reader = person(owner);
    for (let i = 0; i < 4; i += 1) await downloadOutput(reader, o.id, { disposition: "attachment", count: true }, deps);
    await downloadOutput(reader, o.id, { disposition: "attachment", count: false }, deps);
    expect(await repromoteOutputs(deps, { users: [owner] })).toMatchObject({ promoted: 0 });
    expect(await row(o.id)).toMatchObject({ onHot: false, accessCount: 4, coldReads: 4 });

    await downloadOutput(reader, o.id, { disposition: "attachment", count: true }, deps);
    const now = new Date(Date.now() + 9 * DAY_MS);
    expect(await repromoteOutputs(deps, { users: [owner], now })).toMatchObject({ promoted: 1, failed: 0 });
    const promoted = await row(o.id);
    expect(promoted).toMatchObject({ onHot: true, onCold: true, accessCount: 5, coldReads: 0 });
    expect(promoted.hotSince?.getTime()).toBe(now.getTime());
    expect(await storedSize(deps.tiers.hot, o.output.key)).toBe(1500);
    expect((await downloadOutput(reader, o.id, { disposition: "inline", count: true }, deps)).tier).toBe("hot");
    // Its week on hot starts again from the re-promotion.
    expect(await demoteHotOutputs(deps, { users: [owner], now: new Date(now.getTime() + 6 * DAY_MS) })).toMatchObject({ demoted: 0 });
  });
});

describe("deleting and who may", () => {
  test("deleting all of a user's outputs leaves nothing in either bucket or the table", async () => {
    const owner = user("wipe");
    const other = user("wipe-other");
    await uploaded(owner);
    const cold = await uploaded(owner);
    await demoteHotOutputs(deps, { users: [owner], now: new Date(Date.now() + 8 * DAY_MS) });
    await uploaded(owner, png(), false); // on hot only, not copied yet
    await createOutput(service(), { userId: owner, type: "image", filename: "never.png", contentType: "image/png", size: 5 }, deps); // pending
    const kept = await uploaded(other);
    expect(await row(cold.id)).toMatchObject({ onHot: false });

    expect(await deleteUserOutputs(person(owner), owner, deps)).toEqual({ deleted: 4 });
    for (const tier of [deps.tiers.hot, deps.tiers.cold]) {
      expect(await listKeys(tier, `${owner}/`)).toEqual([]);
      expect(await listLevel(tier, `${owner}/`)).toEqual([]); // no emptied folders left listed either
    }
    expect(await db().generatedOutput.count({ where: { userId: owner } })).toBe(0);
    expect(await storedSize(deps.tiers.cold, kept.output.key)).toBe(1500);
    expect(await db().generatedOutput.count({ where: { userId: other } })).toBe(1);
  });

  test("a person cannot reach another's output; admins can; refusals are audited", async () => {
    const owner = user("mine");
    const intruder = user("intruder");
    const o = await uploaded(owner);
    expect(await status(getOutput(person(intruder), o.id, deps))).toBe(403);
    expect(await status(downloadOutput(person(intruder), o.id, { disposition: "inline", count: true }, deps))).toBe(403);
    expect(await status(deleteOutput(person(intruder, "editor"), o.id, deps))).toBe(403);
    expect(await status(deleteUserOutputs(person(intruder), owner, deps))).toBe(403);
    expect(await status(listOutputs(person(intruder), { userId: owner, limit: 10 }, deps))).toBe(403);
    expect(await status(createOutput(person(intruder), { userId: owner, type: "image", filename: "x.png", contentType: "image/png", size: 1 }, deps))).toBe(403);
    expect((await listOutputs(person(intruder), { limit: 10 }, deps)).outputs).toEqual([]);
    expect(await row(o.id)).toMatchObject({ accessCount: 0 });
    const denied = await db().auditEvent.count({ where: { actorId: intruder, outcome: "denied", action: { startsWith: "outputs." } } });
    expect(denied).toBe(6);

    expect(await status(deleteOutput(service("viewer"), o.id, deps))).toBe(403);
    expect((await getOutput(person("someone-else", "admin"), o.id, deps)).id).toBe(o.id);
    expect(await deleteOutput(person(owner), o.id, deps)).toEqual({ deleted: 1 });
    expect(await status(getOutput(person(owner), o.id, deps))).toBe(404);
  });
});

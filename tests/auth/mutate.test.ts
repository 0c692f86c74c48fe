import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { Caller } from "@/lib/auth/caller";
import { authorize, mutate } from "@/lib/auth/mutate";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { requestJobRun } from "@/lib/jobs/request-run";
import { setJobPaused, updateBanner } from "@/lib/settings/actions";

/** A caller whose id is unique to this run, so its audit rows are the only ones a test reads. */
function caller(roles: Role[]): Caller {
  const id = `mutate-${randomUUID()}`;
  return { actor: { id, username: id, name: id, roles, kind: "user" }, origin: { ip: "203.0.113.9", userAgent: "vitest" } };
}

async function audited(actorId: string) {
  const rows = await db().auditEvent.findMany({ where: { actorId }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ action: r.action, target: r.target, outcome: r.outcome, ip: r.ip, details: r.details }));
}

describe("one way to authorise and audit", () => {
  test("a permitted mutation runs once and is audited as a success with its details", async () => {
    const editor = caller(["editor"]);
    let runs = 0;
    const result = await mutate(editor, { role: "editor", action: "test.thing.make", target: "thing:1" }, async () => ++runs, (n) => ({ n }));
    expect(result).toBe(1);
    expect(await audited(editor.actor.id)).toEqual([{ action: "test.thing.make", target: "thing:1", outcome: "success", ip: "203.0.113.9", details: { n: 1 } }]);
  });

  test("a failing mutation is audited as a failure with its message, and the error reaches the caller", async () => {
    const editor = caller(["editor"]);
    const failing = mutate(editor, { role: "viewer", action: "test.thing.break", target: "thing:2" }, async () => {
      throw new Error("store said no");
    });
    await expect(failing).rejects.toThrow("store said no");
    expect(await audited(editor.actor.id)).toEqual([
      { action: "test.thing.break", target: "thing:2", outcome: "failure", ip: "203.0.113.9", details: { error: "store said no" } },
    ]);
  });

  test("a caller without the role is refused with 403 naming the role, audited as denied, and the body never runs", async () => {
    const viewer = caller(["viewer"]);
    let ran = false;
    const refused = mutate(viewer, { role: "admin", action: "test.thing.drop", target: "thing:3" }, async () => {
      ran = true;
    });
    await expect(refused).rejects.toMatchObject({ status: 403, code: "forbidden", message: expect.stringMatching(/admin role; you have viewer/) });
    expect(ran).toBe(false);
    expect(await audited(viewer.actor.id)).toEqual([{ action: "test.thing.drop", target: "thing:3", outcome: "denied", ip: "203.0.113.9", details: null }]);
  });

  test("a rule finer than a role refuses with its own reason", async () => {
    const admin = caller(["admin"]);
    const onlyOwn = (actor: Caller["actor"]) => (actor.id === "someone-else" ? null : "Only someone-else may.");
    await expect(authorize(admin, { role: onlyOwn, action: "test.thing.read", target: "thing:4" })).rejects.toBeInstanceOf(HttpError);
    await expect(authorize(admin, { role: onlyOwn, action: "test.thing.read", target: "thing:4" })).rejects.toThrow("Only someone-else may.");
    expect((await audited(admin.actor.id)).map((r) => r.outcome)).toEqual(["denied", "denied"]);
  });

  test("settings go through the same path: an editor cannot change the banner, and the refusal is audited with the text tried", async () => {
    const editor = caller(["editor"]);
    await expect(updateBanner(editor, "hello")).rejects.toMatchObject({ status: 403 });
    expect(await audited(editor.actor.id)).toEqual([
      { action: "settings.banner.update", target: "setting:console.banner", outcome: "denied", ip: "203.0.113.9", details: { attempted: { value: "hello" } } },
    ]);
  });

  test("jobs too: a viewer's run or pause of a job is refused and audited against that job, before anything is queued", async () => {
    const viewer = caller(["viewer"]);
    await expect(requestJobRun(viewer, "models-lru-eviction")).rejects.toMatchObject({ status: 403 });
    await expect(setJobPaused(viewer, "outputs-sweep", true)).rejects.toMatchObject({ status: 403 });
    expect(await audited(viewer.actor.id)).toEqual([
      { action: "jobs.run", target: "job:models-lru-eviction", outcome: "denied", ip: "203.0.113.9", details: null },
      { action: "jobs.pause", target: "job:outputs-sweep", outcome: "denied", ip: "203.0.113.9", details: null },
    ]);
  });
});

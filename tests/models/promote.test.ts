import { GetObjectCommand } from "@aws-sdk/client-s3";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { multipartEtag } from "@/lib/models/copy-file";
import { requestPromotion } from "@/lib/models/moves";
import { registerModel } from "@/lib/models/registry";
import { runPendingMoves } from "@/lib/models/runner";
import { resolveModel } from "@/lib/models/service";
import { headTierObject } from "@/lib/models/tier-objects";
import type { TierStore } from "@/lib/s3/tiers";
import { caller, MiB, modelsTestBed } from "./support/deps";

// Parts forced small, so a 300 MiB model is ~60 UploadPartCopy calls and the kill lands between parts.
const PART = 5 * MiB;
const bed = await modelsTestBed("promote", { multipartAboveBytes: 8 * MiB, partBytes: PART, copyConcurrency: 2 });
const id = `llm.kill-test.${bed.run}`;
const prefix = `${bed.type}/kill-test/v1/`;
const FILES = { "model-00001-of-00002.safetensors": 150 * MiB, "model-00002-of-00002.safetensors": 120 * MiB, "tokenizer.bin": 30 * MiB - 512, "config.json": 512 };
const TOTAL = Object.values(FILES).reduce((a, b) => a + b, 0);
const viewer = caller("viewer");

beforeAll(async () => {
  for (const [name, size] of Object.entries(FILES)) {
    if (size < MiB) await bed.putCold(prefix + name, JSON.stringify({ architectures: ["LlamaForCausalLM"] }).padEnd(size, " "));
    else await bed.putColdRandom(prefix + name, size);
  }
  await registerModel(bed.deps(), id, { type: bed.type, name: "kill-test", version: "v1" });
}, 300_000);

afterAll(() => bed.cleanup(), 120_000);

/** Counts the UploadPartCopy requests a store's client sends. */
function countPartCopies(store: TierStore): { count: () => number; stop: () => void } {
  let n = 0;
  const name = `count-part-copies-${Math.random()}`;
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "UploadPartCopyCommand") n += 1;
      return next(args);
    },
    { step: "initialize", name },
  );
  return { count: () => n, stop: () => store.client.middlewareStack.remove(name) };
}

async function sha256Of(store: TierStore, bucket: string, key: string): Promise<string> {
  const out = await store.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash("sha256");
  for await (const chunk of out.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

describe("promotion", () => {
  test("killed with SIGKILL mid-copy, a rerun copies only the missing parts; resolve never answers hot before every file is verified", async () => {
    const deps = bed.deps();
    const asked = await requestPromotion(deps, id, { reason: "manual", actor: "vitest" });
    expect(asked.outcome).toBe("queued");
    const moveId = asked.outcome === "queued" ? asked.move.id : 0n;

    const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "support/promote-child.ts")], {
      env: {
        ...process.env,
        MODELS_TEST_MODEL_ID: id,
        MODELS_COLD_BUCKET: bed.coldBucket,
        MODELS_HOT_BUCKET: bed.hotBucket,
        MODELS_COPY_MULTIPART_ABOVE_BYTES: String(8 * MiB),
        MODELS_COPY_PART_BYTES: String(PART),
        MODELS_COPY_CONCURRENCY: "2",
        LOG_LEVEL: "silent",
      },
      stdio: "ignore",
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

    // Resolve as a service would while the copy runs, until a quarter of the model is copied; then kill.
    const answers: { status: number; tier: string }[] = [];
    const deadline = Date.now() + 180_000;
    for (;;) {
      const r = await resolveModel(viewer, id, { presign: false }, deps);
      answers.push({ status: r.status, tier: r.body.tier });
      const move = await db().modelMove.findUniqueOrThrow({ where: { id: moveId } });
      if (Number(move.bytesDone) >= TOTAL / 4 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGKILL");
    await exited;

    const afterKill = await db().modelMove.findUniqueOrThrow({ where: { id: moveId } });
    const partsBefore = await db().modelMovePart.findMany({ where: { moveId } });
    expect(afterKill.status).toBe("running");
    expect(Number(afterKill.bytesDone)).toBeGreaterThan(0);
    expect(Number(afterKill.bytesDone)).toBeLessThan(TOTAL);
    expect(partsBefore.length).toBeGreaterThan(0);
    expect((await db().model.findUniqueOrThrow({ where: { id } })).state).toBe("promoting");
    const whileDead = await resolveModel(viewer, id, { presign: false }, deps);
    expect(whileDead.status).toBe(202);
    expect(whileDead.body.tier).toBe("cold");
    expect(whileDead.body.operation?.id).toBe(moveId.toString());
    expect(answers.every((a) => a.status === 202 && a.tier === "cold")).toBe(true);

    // The killed runner's lease has not expired yet: nobody may take the move over.
    expect(await runPendingMoves(deps, { modelIds: [id] })).toEqual({ promoted: 0, demoted: 0, refused: 0, canceled: 0, failed: 0 });

    // A runner after the lease (60 s) expired resumes it.
    const counter = countPartCopies(deps.hot);
    const later = bed.deps({ clock: () => new Date(Date.now() + 5 * 60_000) });
    const rerun = await runPendingMoves(later, { modelIds: [id] });
    counter.stop();
    expect(rerun.promoted).toBe(1);

    const partsTotal = Object.values(FILES).filter((s) => s > 8 * MiB).reduce((n, s) => n + Math.ceil(s / PART), 0);
    expect(counter.count()).toBe(partsTotal - partsBefore.length);
    const partsAfter = await db().modelMovePart.findMany({ where: { moveId } });
    expect(partsAfter).toHaveLength(partsTotal);
    for (const p of partsBefore) expect(partsAfter.find((a) => a.path === p.path && a.partNumber === p.partNumber)?.etag).toBe(p.etag);

    const done = await db().modelMove.findUniqueOrThrow({ where: { id: moveId } });
    expect(done.status).toBe("succeeded");
    expect(Number(done.bytesDone)).toBe(TOTAL);
    expect(done.attempts).toBe(2);

    // Every hot file is the cold one: sizes, the multipart ETag of the recorded parts, and the bytes themselves.
    for (const [name, size] of Object.entries(FILES)) {
      const hot = await headTierObject(deps.hot, bed.hotBucket, prefix + name);
      expect(hot?.size).toBe(size);
      const parts = partsAfter.filter((p) => p.path === name).sort((a, b) => a.partNumber - b.partNumber);
      if (parts.length > 0) expect(hot?.etag).toBe(multipartEtag(parts.map((p) => p.etag)));
    }
    expect(await sha256Of(deps.hot, bed.hotBucket, `${prefix}tokenizer.bin`)).toBe(await sha256Of(deps.cold, bed.coldBucket, `${prefix}tokenizer.bin`));

    const hotAnswer = await resolveModel(viewer, id, { presign: true }, deps);
    expect(hotAnswer.status).toBe(200);
    expect(hotAnswer.body.tier).toBe("hot");
    expect(hotAnswer.body.location.uri).toBe(`s3://${bed.hotBucket}/${prefix}`);
    const config = hotAnswer.body.files.find((f) => f.path === "config.json");
    const fetched = await fetch(config!.url!);
    expect(fetched.status).toBe(200);
    expect((await fetched.text()).startsWith('{"architectures"')).toBe(true);

    const model = await db().model.findUniqueOrThrow({ where: { id } });
    expect(model.state).toBe("hot");
    expect(Number(model.accessCount)).toBe(answers.length + 2);
  }, 600_000);
});

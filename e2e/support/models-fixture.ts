// Models of its own for e2e/models.spec.ts, in the configured cold bucket.
// `create <name>`: registers `e2e.<name>.v1` (three small files, cold) and `e2e.<name>-lru.v1` (the same, made
// hot here by a promotion run in this process, never accessed: the one the eviction policy should take), and
// keeps the hot-capacity setting as it was. `remove <name>`: deletes both from every tier and the registry and
// puts the capacity setting back.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CAPACITY_SETTING } from "../../lib/models/capacity-setting";
import { defaultModelDeps } from "../../lib/models/deps";
import { requestPromotion } from "../../lib/models/moves";
import { registerModel } from "../../lib/models/registry";
import { runPendingMoves } from "../../lib/models/runner";
import { deleteTierPrefix } from "../../lib/models/tier-objects";

const [command, name] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error("usage: models-fixture.ts create|remove <name>");
const deps = defaultModelDeps();
const models = [name, `${name}-lru`].map((n) => ({ name: n, prefix: `e2e/${n}/v1/`, id: `e2e.${n}.v1` }));
const saved = path.join(tmpdir(), `strata-e2e-models-capacity-${name}.json`);

if (command === "create") {
  for (const m of models) {
    const files: [string, Uint8Array | string][] = [
      ["config.json", JSON.stringify({ architectures: ["E2eModel"] })],
      ["weights-00001.safetensors", randomBytes(1024 * 1024)],
      ["weights-00002.safetensors", randomBytes(512 * 1024)],
    ];
    for (const [file, body] of files) await deps.cold.client.send(new PutObjectCommand({ Bucket: deps.config.coldBucket, Key: m.prefix + file, Body: body }));
    await registerModel(deps, m.id, { type: "e2e", name: m.name, version: "v1" });
  }
  const lru = models[1]!;
  const asked = await requestPromotion(deps, lru.id, { reason: "manual", actor: "e2e fixture" });
  if (asked.outcome !== "queued") throw new Error(`could not promote ${lru.id}: ${asked.outcome}`);
  // Run here; a worker may claim the move first (its schedule), so wait for the state rather than the count.
  await runPendingMoves(deps, { modelIds: [lru.id] });
  for (let waited = 0; (await deps.db.model.findUniqueOrThrow({ where: { id: lru.id } })).state !== "hot"; waited += 500) {
    if (waited > 90_000) throw new Error(`${lru.id} did not become hot`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const setting = await deps.db.setting.findUnique({ where: { key: CAPACITY_SETTING } });
  writeFileSync(saved, JSON.stringify(setting ? { value: setting.value, updatedBy: setting.updatedBy } : null));
} else if (command === "remove") {
  for (const m of models) {
    await deps.db.model.deleteMany({ where: { id: m.id } });
    await deleteTierPrefix(deps.hot, deps.config.hotBucket, m.prefix);
    await deleteTierPrefix(deps.cold, deps.config.coldBucket, m.prefix);
  }
  if (existsSync(saved)) {
    const before = JSON.parse(readFileSync(saved, "utf8")) as { value: object; updatedBy: string | null } | null;
    if (before) await deps.db.setting.upsert({ where: { key: CAPACITY_SETTING }, create: { key: CAPACITY_SETTING, ...before }, update: before });
    else await deps.db.setting.deleteMany({ where: { key: CAPACITY_SETTING } });
    rmSync(saved);
  }
}
process.exit(0);

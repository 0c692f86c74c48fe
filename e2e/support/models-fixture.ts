// A model of its own for e2e/models.spec.ts, in the configured cold bucket: `create <name>` writes three
// small files and registers them; `remove <name>` deletes it from every tier and the registry.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import { defaultModelDeps } from "../../lib/models/deps";
import { registerModel } from "../../lib/models/registry";
import { deleteTierPrefix } from "../../lib/models/tier-objects";

const [command, name] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error("usage: models-fixture.ts create|remove <name>");
const deps = defaultModelDeps();
const prefix = `e2e/${name}/v1/`;
const id = `e2e.${name}.v1`;

if (command === "create") {
  const files: [string, Uint8Array | string][] = [
    ["config.json", JSON.stringify({ architectures: ["E2eModel"] })],
    ["weights-00001.safetensors", randomBytes(1024 * 1024)],
    ["weights-00002.safetensors", randomBytes(512 * 1024)],
  ];
  for (const [path, body] of files) await deps.cold.client.send(new PutObjectCommand({ Bucket: deps.config.coldBucket, Key: prefix + path, Body: body }));
  await registerModel(deps, id, { type: "e2e", name, version: "v1" });
} else if (command === "remove") {
  await deps.db.model.deleteMany({ where: { id } });
  await deleteTierPrefix(deps.hot, deps.config.hotBucket, prefix);
  await deleteTierPrefix(deps.cold, deps.config.coldBucket, prefix);
}
process.exit(0);

import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { env } from "../../lib/config/env";
import { isS3NotFound } from "../../lib/files/s3-errors";
import { defaultModelDeps } from "../../lib/models/deps";
import { scanColdBucket } from "../../lib/models/registry";
import { headTierObject } from "../../lib/models/tier-objects";

/**
 * A few small demo "models" of several files in the cold bucket (MODELS_COLD_BUCKET), laid out as
 * `<type>/<name>/<version>/…`, registered by a scan of their prefixes. The bytes are deterministic, so a
 * rerun finds every file already there (same size and ETag) and changes nothing:
 * `npx tsx scripts/seed/models.ts`.
 */

const KiB = 1024;

type SeedFile = { path: string; size: number; text?: string };
type SeedModel = { prefix: string; files: SeedFile[] };

const json = (value: object) => JSON.stringify(value, null, 2);

export const seedModels: SeedModel[] = [
  {
    prefix: "llm/tinyllama-demo/v1/",
    files: [
      { path: "config.json", size: 0, text: json({ architectures: ["LlamaForCausalLM"], hidden_size: 256, num_hidden_layers: 4, demo: true }) },
      { path: "tokenizer.json", size: 96 * KiB },
      { path: "model-00001-of-00002.safetensors", size: 3 * 1024 * KiB },
      { path: "model-00002-of-00002.safetensors", size: 2 * 1024 * KiB },
    ],
  },
  {
    prefix: "embedding/minilm-demo/v2/",
    files: [
      { path: "config.json", size: 0, text: json({ architectures: ["BertModel"], hidden_size: 384, demo: true }) },
      { path: "tokenizer.json", size: 64 * KiB },
      { path: "model.safetensors", size: 1536 * KiB },
    ],
  },
  {
    prefix: "diffusion/sd-tiny-demo/v1/",
    files: [
      { path: "model_index.json", size: 0, text: json({ _class_name: "StableDiffusionPipeline", demo: true }) },
      { path: "unet/diffusion_pytorch_model.safetensors", size: 2560 * KiB },
      { path: "vae/diffusion_pytorch_model.safetensors", size: 768 * KiB },
      { path: "text_encoder/model.safetensors", size: 1024 * KiB },
    ],
  },
  {
    prefix: "audio/whisper-demo/small/",
    files: [
      { path: "config.json", size: 0, text: json({ architectures: ["WhisperForConditionalGeneration"], demo: true }) },
      { path: "model.safetensors", size: 1280 * KiB },
    ],
  },
];

/** `size` bytes that depend only on `seed`: SHA-256 in counter mode. */
function deterministicBytes(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let offset = 0, i = 0; offset < size; i += 1) offset += createHash("sha256").update(`${seed}:${i}`).digest().copy(out, offset);
  return out;
}

env();
const deps = defaultModelDeps();
const bucket = deps.config.coldBucket;
try {
  await deps.cold.client.send(new HeadBucketCommand({ Bucket: bucket })).catch(async (error: unknown) => {
    if (!isS3NotFound(error)) throw error;
    await deps.cold.client.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  let written = 0;
  for (const model of seedModels) {
    for (const file of model.files) {
      const body = file.text !== undefined ? Buffer.from(file.text) : deterministicBytes(model.prefix + file.path, file.size);
      const there = await headTierObject(deps.cold, bucket, model.prefix + file.path);
      if (there?.size === body.length && there.etag === createHash("md5").update(body).digest("hex")) continue;
      await deps.cold.client.send(new PutObjectCommand({ Bucket: bucket, Key: model.prefix + file.path, Body: body }));
      written += 1;
    }
  }
  const scans = [];
  for (const model of seedModels) scans.push(await scanColdBucket(deps, { prefix: model.prefix }));
  const registered = scans.reduce((n, s) => n + s.registered, 0);
  console.log(`demo models: ${written} files written to s3://${bucket}, ${registered} models registered, ${seedModels.length - registered} already registered`);
  process.exit(0);
} catch (error) {
  console.error(`could not seed the demo models: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

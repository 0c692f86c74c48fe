import { PutObjectCommand } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { env } from "../../lib/config/env";
import { ensureDefaultBuckets } from "../../lib/files/buckets";
import { copyNewOutputs } from "../../lib/outputs/copy-to-cold";
import { demoteHotOutputs } from "../../lib/outputs/demote";
import { defaultOutputDeps } from "../../lib/outputs/deps";
import { outputKey } from "../../lib/outputs/keys";
import type { OutputType } from "../../lib/outputs/media";
import { insertOutput } from "../../lib/outputs/registry";

/**
 * A few generated outputs for each dev user (viewer, editor, admin) of the local realm, so the Outputs
 * gallery has pictures, a sound and every tier to show: `npx tsx scripts/seed/outputs.ts`. Safe to run any
 * number of times: an output already seeded for a user is left alone. The users' ids (their Keycloak `sub`)
 * come from the dev realm through the password grant, with the dev-only passwords from the README.
 */

type Seed = { filename: string; file: string; type: OutputType; contentType: string; daysAgo: number };

const seeds: Seed[] = [
  { filename: "aurora over the fjord.png", file: "aurora.png", type: "image", contentType: "image/png", daysAgo: 0 },
  { filename: "chime.wav", file: "chime.wav", type: "audio", contentType: "audio/wav", daysAgo: 0 },
  { filename: "tide pool.png", file: "tide-pool.png", type: "image", contentType: "image/png", daysAgo: 2 },
  // Older than OUTPUTS_HOT_DAYS: the demotion below leaves it on cold only.
  { filename: "checkerboard swirl.png", file: "checker.png", type: "image", contentType: "image/png", daysAgo: 12 },
  { filename: "sunset.png", file: "sunset.png", type: "image", contentType: "image/png", daysAgo: 20 },
];

const devUsers = ["viewer", "editor", "admin"] as const;

async function subjectOf(username: string): Promise<string> {
  const response = await fetch(`${env().OIDC_ISSUER}/protocol/openid-connect/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", client_id: "strata-cli", username, password: `${username}-dev-password`, scope: "openid" }),
  });
  if (!response.ok) throw new Error(`Keycloak refused the dev user ${username}: ${response.status}`);
  const { access_token } = (await response.json()) as { access_token: string };
  const claims = JSON.parse(Buffer.from(access_token.split(".")[1]!, "base64url").toString()) as { sub: string };
  return claims.sub;
}

async function main() {
  const deps = defaultOutputDeps();
  await ensureDefaultBuckets();
  const users: string[] = [];
  let created = 0;
  for (const username of devUsers) {
    const userId = await subjectOf(username);
    users.push(userId);
    const existing = new Set(
      (await deps.db.generatedOutput.findMany({ where: { userId, createdBy: "seed" }, select: { filename: true } })).map((o) => o.filename),
    );
    for (const seed of seeds.filter((s) => !existing.has(s.filename))) {
      const body = await readFile(path.join(import.meta.dirname, "outputs", seed.file));
      const id = randomUUID();
      const createdAt = new Date(Date.now() - seed.daysAgo * 86_400_000);
      const key = outputKey(userId, id, createdAt, seed.file.split(".").pop()!);
      await deps.tiers.hot.store.client.send(new PutObjectCommand({ Bucket: deps.tiers.hot.bucket, Key: key, Body: body, ContentType: seed.contentType }));
      await insertOutput(deps.db, { id, userId, filename: seed.filename, type: seed.type, contentType: seed.contentType, size: body.length, key, createdAt, createdBy: "seed" });
      created += 1;
    }
  }
  const copied = await copyNewOutputs(deps, { users });
  const demoted = await demoteHotOutputs(deps, { users });
  console.log(`outputs: ${created} seeded for ${devUsers.join(", ")}; ${copied.copied} copied to cold, ${demoted.demoted} demoted`);
}

try {
  env();
  await main();
  process.exit(0);
} catch (error) {
  console.error(`could not seed outputs: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

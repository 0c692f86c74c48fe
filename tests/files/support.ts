import { CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import type { Principal, Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import type { Caller } from "@/lib/auth/caller";
import { deleteTree } from "@/lib/files/delete-objects";
import { walkObjects } from "@/lib/files/walk-objects";
import { s3 } from "@/lib/s3/client";

// Each test file (vitest loads modules per file) acts as its own people, so audit rows and uploads that
// earlier runs or other files left under `test-editor` cannot make an assertion about "this caller's" rows
// pass or fail.
const RUN = randomBytes(3).toString("hex");

export function principal(role: Role, id = `test-${role}-${RUN}`): Principal {
  return { id, username: id, name: `Test ${role}`, roles: [role], kind: "user" };
}

export function caller(role: Role, id?: string): Caller {
  return { actor: principal(role, id), origin: { ip: "203.0.113.7", userAgent: "vitest" } };
}

export const viewer = caller("viewer");
export const editor = caller("editor");
export const admin = caller("admin");

export function testBucketName(label: string): string {
  return `test-${label}-${randomBytes(4).toString("hex")}`;
}

/** A scratch bucket for one test file; `drop()` empties and deletes it. */
export async function scratchBucket(label: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = testBucketName(label);
  await s3().send(new CreateBucketCommand({ Bucket: name }));
  return {
    name,
    async drop() {
      await deleteTree(name, "");
      await dropVersions(name);
      await s3().send(new DeleteBucketCommand({ Bucket: name })).catch(() => undefined);
    },
  };
}

/** Every version and delete marker left in a bucket that had versioning on (a bucket holding any is not deleted). */
async function dropVersions(bucket: string): Promise<void> {
  for (;;) {
    const page = await s3().send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 1000 }));
    const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId }));
    if (entries.length === 0) return;
    await s3().send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: entries, Quiet: true } }));
  }
}

export async function putText(bucket: string, key: string, body: string | Uint8Array, contentType = "text/plain"): Promise<void> {
  await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
}

/** Every key under `prefix`, in the store's order. */
export async function listKeys(bucket: string, prefix: string): Promise<string[]> {
  const all: string[] = [];
  for await (const page of walkObjects(bucket, prefix)) all.push(...page.map((o) => o.key));
  return all;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one folder operation in a process of its own (`support/operation-child.ts`), so a test can SIGKILL it
 * or let it kill itself; `exited` resolves with the signal that ended it.
 */
export function runOperationInChild(operationId: string, env: Record<string, string>): { kill(): void; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "support/operation-child.ts"), operationId], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: "ignore",
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  return { kill: () => child.kill("SIGKILL"), exited };
}

/** Waits (polling the row) until a dead run's lease on the operation has run out, so another run may take it over. */
export async function leaseExpired(operationId: string): Promise<void> {
  for (;;) {
    const row = await db().fileOperation.findUniqueOrThrow({ where: { id: operationId } });
    if (row.leaseUntil !== null && row.leaseUntil.getTime() < Date.now()) return;
    await pause(100);
  }
}

/** Waits (polling the row) until the operation has committed at least `done` objects; throws if it ended first. */
export async function committed(operationId: string, done: number): Promise<void> {
  for (;;) {
    const row = await db().fileOperation.findUniqueOrThrow({ where: { id: operationId } });
    if (row.done >= done) return;
    if (row.status !== "queued" && row.status !== "running") throw new Error(`the operation ended first: ${row.status} ${row.error}`);
    await pause(20);
  }
}

export async function auditOutcomes(action: string, actorId: string): Promise<string[]> {
  const rows = await db().auditEvent.findMany({ where: { action, actorId }, orderBy: { id: "asc" } });
  return rows.map((r) => r.outcome);
}

/** Awkward keys a file browser must carry exactly: spaces, unicode, %, +, #, ?, and a very long one. */
export const AWKWARD_KEYS = [
  "with space/file name.txt",
  "ünïcödé/日本語 ファイル.txt",
  "percent/100% done.txt",
  "plus/a+b=c.txt",
  "hash/#1 #tag.txt",
  "question/why?.txt",
  "mixed/%20 not a space + #? ü.txt",
  "emoji/🎉 party.txt",
  // Near S3's 1,024-byte limit; each segment stays under the 255 bytes file-system-backed stores (MinIO) allow.
  `long/${`${"segment-".repeat(25)}/`.repeat(3)}${"x".repeat(240)}.txt`,
];

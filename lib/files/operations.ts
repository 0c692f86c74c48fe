import type { Prisma } from "@/lib/generated/prisma/client";
import type { FileOperation } from "@/lib/generated/prisma/client";
import { hasRole, type Role } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { badRequest, conflict, notFound } from "@/lib/http/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { logger } from "@/lib/log/logger";
import { bucketExists } from "./buckets";
import type { Caller } from "@/lib/auth/caller";
import { authorize, mutate } from "@/lib/auth/mutate";
import { refuseUnlessRole } from "@/lib/audit/refuse";
import { s3Uri } from "./names";
import { objectKeyProblem } from "./names";
import { operationsJob } from "./operations-job";
import {
  listOperationsQuerySchema,
  startOperationSchema,
  type OperationItem,
  type OperationKind,
  type OperationStatus,
  type OperationView,
  type StartOperationInput,
} from "./operation-schemas";
import { presignDownload, type PresignedUrl } from "./presign";
import { transferItemProblem } from "./transfer-rules";

/** Copy, move and delete change the bucket (editor); a zip only reads it (viewer), like a download. */
export function roleForOperation(kind: OperationKind): Role {
  return kind === "zip" ? "viewer" : "editor";
}

export function toOperationView(op: FileOperation): OperationView {
  const items = op.items as OperationItem[];
  return {
    id: op.id,
    kind: op.kind as OperationKind,
    status: op.status as OperationStatus,
    user: op.userName,
    sourceBucket: op.sourceBucket,
    destinationBucket: op.destinationBucket,
    items: items.slice(0, 20),
    itemCount: items.length,
    total: op.total,
    totalBytes: op.totalBytes === null ? null : Number(op.totalBytes),
    done: op.done,
    verified: op.verified,
    failed: op.failed,
    failures: op.failures as { key: string; message: string }[],
    bytes: Number(op.bytes),
    cancelRequested: op.cancelRequested,
    downloadReady: op.kind === "zip" && op.status === "succeeded" && op.resultKey !== null,
    error: op.error,
    createdAt: op.createdAt.toISOString(),
    startedAt: op.startedAt?.toISOString() ?? null,
    finishedAt: op.finishedAt?.toISOString() ?? null,
  };
}

function itemsProblem(request: StartOperationInput, destinationBucket: string): string | null {
  for (const { source, destination } of request.items) {
    if (request.kind === "copy" || request.kind === "move") {
      if (destination === undefined) return `${source}: say where it goes (destination).`;
      const problem = transferItemProblem(request.sourceBucket, destinationBucket, source, destination) ?? objectKeyProblem(destination);
      if (problem) return problem;
    } else if (destination !== undefined) {
      return `A ${request.kind} has no destination (${source}).`;
    }
  }
  return null;
}

/**
 * Records a folder operation and queues the job that runs it. The row is the durable copy: should Redis
 * be down, the job's minute schedule still finds the operation and runs it.
 */
export async function startOperation(caller: Caller, input: StartOperationInput): Promise<OperationView> {
  const request = startOperationSchema.parse(input);
  const destinationBucket = request.kind === "copy" || request.kind === "move" ? (request.destinationBucket ?? request.sourceBucket) : null;
  const first = request.items[0]!;
  const operation = { role: roleForOperation(request.kind), action: `files.operation.${request.kind}`, target: s3Uri(request.sourceBucket, request.items.length === 1 ? first.source : "") };
  await refuseUnlessRole(caller, operation, {
    kind: request.kind,
    items: request.items.slice(0, 100) as Prisma.InputJsonValue,
    count: request.items.length,
    ...(destinationBucket ? { destinationBucket } : {}),
  });
  return mutate(
    caller,
    operation,
    async () => {
      if (destinationBucket === null && request.destinationBucket !== undefined) throw badRequest(`A ${request.kind} has no destination bucket.`);
      if (request.name !== undefined && request.kind !== "zip") throw badRequest("Only a zip has a name.");
      const problem = itemsProblem(request, destinationBucket ?? request.sourceBucket);
      if (problem) throw badRequest(problem);
      for (const bucket of new Set([request.sourceBucket, destinationBucket ?? request.sourceBucket])) {
        if (!(await bucketExists(bucket))) throw notFound(`Bucket ${bucket} does not exist.`);
      }
      const op = await db().fileOperation.create({
        data: {
          kind: request.kind,
          status: "queued",
          userId: caller.actor.id,
          userName: caller.actor.name || caller.actor.username,
          sourceBucket: request.sourceBucket,
          destinationBucket,
          items: request.items as Prisma.InputJsonValue,
          ...(request.name ? { name: request.name } : {}),
        },
      });
      await enqueueJob(operationsJob, caller.actor.username).catch((error: unknown) => {
        logger().warn({ err: error, operation: op.id }, "could not queue the operations job; its schedule will pick the operation up");
      });
      return toOperationView(op);
    },
    (view) => ({ operation: view.id, items: request.items.slice(0, 50), destinationBucket, ...(request.name ? { name: request.name } : {}) }),
  );
}

/** The caller's own operation (admins: anyone's); others' ids answer "not found", revealing nothing. */
async function ownedOperation(caller: Caller, id: string): Promise<FileOperation> {
  const op = await db().fileOperation.findUnique({ where: { id } });
  if (!op || (op.userId !== caller.actor.id && !hasRole(caller.actor, "admin"))) throw notFound("There is no such operation.");
  return op;
}

export async function getOperation(caller: Caller, id: string): Promise<OperationView> {
  return toOperationView(await ownedOperation(caller, id));
}

export async function listOperations(caller: Caller, query: Partial<{ scope: "mine" | "all"; limit: number }>): Promise<OperationView[]> {
  const { scope, limit } = listOperationsQuerySchema.parse(query);
  if (scope === "all") await authorize(caller, { role: "admin", action: "files.operations.list-all", target: "files:operations" });
  const rows = await db().fileOperation.findMany({
    where: scope === "mine" ? { userId: caller.actor.id } : {},
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  return rows.map(toOperationView);
}

/**
 * Asks an operation to stop. A queued one stops at once; a running one stops after the batch in flight
 * (what that batch copied stays copied, and the counts say how far it got).
 */
export async function cancelOperation(caller: Caller, id: string): Promise<OperationView> {
  const op = await ownedOperation(caller, id);
  return mutate(caller, { role: roleForOperation(op.kind as OperationKind), action: "files.operation.cancel", target: `file-operation:${op.id}` }, async () => {
    if (op.status !== "queued" && op.status !== "running") throw conflict(`This operation is already ${op.status}.`);
    await db().fileOperation.updateMany({ where: { id, status: "queued" }, data: { status: "cancelled", cancelRequested: true, finishedAt: new Date() } });
    await db().fileOperation.updateMany({ where: { id, status: "running" }, data: { cancelRequested: true } });
    return toOperationView(await db().fileOperation.findUniqueOrThrow({ where: { id } }));
  });
}

/** A presigned GET of a finished zip, named as the caller asked. */
export async function operationDownload(caller: Caller, id: string): Promise<PresignedUrl> {
  const op = await ownedOperation(caller, id);
  if (op.kind !== "zip") throw badRequest("Only a zip operation has a download.");
  if (op.status !== "succeeded" || !op.resultBucket || !op.resultKey) throw conflict(`The zip is not ready (the operation is ${op.status}).`);
  return presignDownload(op.resultBucket, op.resultKey);
}

import type { ModelMove } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit/record";
import type { Caller } from "@/lib/auth/caller";
import { authorize, mutate } from "@/lib/auth/mutate";
import { conflict, HttpError, notFound } from "@/lib/http/errors";
import { defaultModelDeps, type ModelDeps } from "./deps";
import { presignGet } from "./presign";
import { requestCancel, requestDemotion, requestPromotion } from "./moves";
import { getModelDetail, listModelsPage, policyClock, registerModel, setPinned, type ModelFilter, type ModelPage } from "./registry";
import type { ModelDetail, ModelView, MoveView, Registration, ResolveResponse } from "./schemas";
import { discardFailedCopy, failedCopiesOf } from "./resume";
import { deleteTierPrefix } from "./tier-objects";
import { toModelView, toMoveView } from "./views";

/**
 * What people (the console) and services (/api/v1) do with models: each entry checks the caller's role inside
 * the capability and audits every change. Viewers look (and services resolve); editors register, promote,
 * cancel and pin; admins demote and delete.
 */

export const modelTarget = (id: string) => `model:${id}`;

async function viewOf(deps: ModelDeps, id: string): Promise<ModelView> {
  const model = await deps.db.model.findUnique({ where: { id } });
  if (!model) throw notFound(`No model ${id} is registered.`);
  const move = await deps.db.modelMove.findFirst({ where: { modelId: id, status: { in: ["queued", "running", "canceling"] } }, orderBy: { id: "desc" } });
  return toModelView(model, move, policyClock(deps));
}

export async function listModelsFor(caller: Caller, filter: ModelFilter, cursor?: string, deps = defaultModelDeps()): Promise<ModelPage> {
  await authorize(caller, { role: "viewer", action: "models.model.list", target: "model:*" });
  return listModelsPage(deps, filter, cursor);
}

export async function getModelFor(caller: Caller, id: string, deps = defaultModelDeps()): Promise<ModelDetail> {
  await authorize(caller, { role: "viewer", action: "models.model.read", target: modelTarget(id) });
  return getModelDetail(deps, id);
}

export function registerModelAs(caller: Caller, id: string, registration: Registration, deps = defaultModelDeps()) {
  return mutate(caller, { role: "editor", action: "models.model.register", target: modelTarget(id) }, () => registerModel(deps, id, registration), (r) => ({
    created: r.created,
    files: r.model.fileCount,
    bytes: r.model.totalBytes,
  }));
}

export type PromoteResult = { model: ModelView; operation: MoveView | null };

function refusedError(message: string, numbers: object): HttpError {
  return new HttpError("capacity_exceeded", message, numbers);
}

/** Promotes a cold model (or joins the promotion under way); a model that cannot fit is refused (capacity_exceeded) with the numbers. */
export function promoteModel(caller: Caller, id: string, deps = defaultModelDeps()): Promise<PromoteResult> {
  return mutate(
    caller,
    { role: "editor", action: "models.model.promote", target: modelTarget(id) },
    async () => {
      const asked = await requestPromotion(deps, id, { reason: "manual", actor: caller.actor.username });
      if (asked.outcome === "refused") throw refusedError(asked.admission.message, asked.admission.numbers);
      if (asked.outcome === "demoting") throw conflict(`${id} is being demoted; promote it again once it is cold.`);
      if (asked.outcome === "queued") await deps.wake(caller.actor.username);
      const move = asked.outcome === "hot" ? null : asked.move;
      return { model: await viewOf(deps, id), operation: move ? toMoveView(move, deps.clock()) : null };
    },
    (r) => ({ state: r.model.state, move: r.operation?.id ?? null }),
  );
}

export function demoteModel(caller: Caller, id: string, deps = defaultModelDeps()): Promise<PromoteResult> {
  return mutate(
    caller,
    { role: "admin", action: "models.model.demote", target: modelTarget(id) },
    async () => {
      const asked = await requestDemotion(deps, id, { reason: "manual", actor: caller.actor.username });
      if (asked.outcome === "busy") throw conflict(`${id} is being moved already; wait for that move to finish.`);
      if (asked.outcome === "queued") await deps.wake(caller.actor.username);
      return { model: await viewOf(deps, id), operation: asked.move ? toMoveView(asked.move, deps.clock()) : null };
    },
    (r) => ({ state: r.model.state, move: r.operation?.id ?? null }),
  );
}

export function cancelPromotion(caller: Caller, id: string, deps = defaultModelDeps()): Promise<PromoteResult> {
  return mutate(
    caller,
    { role: "editor", action: "models.model.cancel", target: modelTarget(id) },
    async () => {
      await viewOf(deps, id);
      const move = await requestCancel(deps, id);
      if (!move) throw conflict(`No promotion of ${id} is under way.`);
      await deps.wake(caller.actor.username);
      return { model: await viewOf(deps, id), operation: toMoveView(move, deps.clock()) };
    },
    (r) => ({ move: r.operation?.id ?? null }),
  );
}

export function pinModel(caller: Caller, id: string, pinned: boolean, deps = defaultModelDeps()): Promise<ModelView> {
  return mutate(caller, { role: "editor", action: pinned ? "models.model.pin" : "models.model.unpin", target: modelTarget(id) }, async () => {
    await setPinned(deps, id, pinned);
    return viewOf(deps, id);
  });
}

/** Deletes a model from every tier and the registry; refused while it is moving. */
export function deleteModel(caller: Caller, id: string, deps = defaultModelDeps()): Promise<{ deleted: string }> {
  return mutate(
    caller,
    { role: "admin", action: "models.model.delete", target: modelTarget(id) },
    async () => {
      const model = await deps.db.model.findUnique({ where: { id } });
      if (!model) throw notFound(`No model ${id} is registered.`);
      // Claim the row first, so no promotion starts while the files go.
      const claimed = await deps.db.model.updateMany({ where: { id, state: { in: ["cold", "hot"] } }, data: { state: "demoting", updatedAt: deps.clock() } });
      if (claimed.count === 0) throw conflict(`${id} is being moved; cancel or wait for that move, then delete it.`);
      // Uploads a failed promotion left for a retry go first (the prefix below takes its copied files).
      for (const moveId of await failedCopiesOf(deps, id)) await discardFailedCopy(deps, moveId, model.prefix, false);
      const left = [
        ...(await deleteTierPrefix(deps.hot, deps.config.hotBucket, model.prefix)),
        ...(await deleteTierPrefix(deps.cold, deps.config.coldBucket, model.prefix)),
      ];
      if (left.length > 0) {
        await deps.db.model.update({ where: { id }, data: { state: "cold", hotSince: null } });
        throw new HttpError("store_refused", `Some files could not be deleted (${left.slice(0, 3).join(", ")}); the model stays registered as cold.`);
      }
      await deps.db.model.delete({ where: { id } });
      return { deleted: id };
    },
    () => ({ prefix: id }),
  );
}

type FileRow = { path: string; size: number };

async function fileLinks(deps: ModelDeps, tier: "hot" | "cold", prefix: string, files: FileRow[], presign: boolean): Promise<ResolveResponse["files"]> {
  if (!presign) return files;
  const store = tier === "hot" ? deps.hot : deps.cold;
  const bucket = tier === "hot" ? deps.config.hotBucket : deps.config.coldBucket;
  return Promise.all(
    files.map(async (f) => ({
      ...f,
      url: await presignGet(store.presigner, bucket, prefix + f.path, deps.config.presignExpirySeconds),
    })),
  );
}

function locationOf(deps: ModelDeps, tier: "hot" | "cold", prefix: string): ResolveResponse["location"] {
  const bucket = tier === "hot" ? deps.config.hotBucket : deps.config.coldBucket;
  return { tier, bucket, prefix, uri: `s3://${bucket}/${prefix}` };
}

export type Resolution = { status: 200 | 202; body: ResolveResponse };

/**
 * What an inference service calls before loading a model. Records the access (the clock the policies read),
 * then: hot → 200 with the hot location; otherwise the model's promotion is started or joined and the answer
 * is 202 with the operation and the cold location, which the caller may read meanwhile. A model the hot tier
 * cannot hold answers 200 from cold with `refused` saying why. Hot is answered only once every file is
 * copied and verified (the state changes in the transaction that completes the promotion).
 */
export async function resolveModel(caller: Caller, id: string, options: { presign: boolean }, deps = defaultModelDeps()): Promise<Resolution> {
  await authorize(caller, { role: "viewer", action: "models.model.resolve", target: modelTarget(id) });
  // One round trip: the access is recorded and the files read in the same statement.
  const { rows } = await deps.sql.query<{ state: string; prefix: string; files: FileRow[] }>(
    `WITH m AS (UPDATE models SET access_count = access_count + 1, last_access_at = $2 WHERE id = $1 RETURNING id, state, prefix)
     SELECT m.state, m.prefix,
            coalesce((SELECT json_agg(json_build_object('path', f.path, 'size', f.size) ORDER BY f.path) FROM model_files f WHERE f.model_id = m.id), '[]') AS files
       FROM m`,
    [id, deps.clock()],
  );
  const row = rows[0];
  if (!row) throw notFound(`No model ${id} is registered.`);
  const answer = async (tier: "hot" | "cold", operation: ModelMove | null, refused?: string): Promise<ResolveResponse> => ({
    model: id,
    tier,
    location: locationOf(deps, tier, row.prefix),
    files: await fileLinks(deps, tier, row.prefix, row.files, options.presign),
    operation: operation ? toMoveView(operation, deps.clock()) : null,
    ...(refused ? { refused } : {}),
  });
  if (row.state === "hot") return { status: 200, body: await answer("hot", null) };

  const asked = await requestPromotion(deps, id, { reason: "request", actor: caller.actor.username });
  switch (asked.outcome) {
    case "hot":
      return { status: 200, body: await answer("hot", null) };
    case "refused":
      await recordAudit({ actor: caller.actor, action: "models.model.promote", target: modelTarget(id), outcome: "failure", ...origin(caller), details: { reason: "request", error: asked.admission.message } });
      return { status: 200, body: await answer("cold", asked.move, asked.admission.message) };
    case "queued":
      await recordAudit({ actor: caller.actor, action: "models.model.promote", target: modelTarget(id), outcome: "success", ...origin(caller), details: { reason: "request", move: asked.move.id.toString() } });
      await deps.wake(caller.actor.username);
      return { status: 202, body: await answer("cold", asked.move) };
    default:
      return { status: 202, body: await answer("cold", asked.move) };
  }
}

const origin = (caller: Caller) => (caller.origin ? { origin: caller.origin } : {});

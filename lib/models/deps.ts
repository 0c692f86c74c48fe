import type { Logger } from "pino";
import { db, type PrismaClient } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { tierStore, type TierStore } from "@/lib/s3/tiers";
import { modelsConfig, type ModelsConfig } from "./config";
import { modelsPool, type Sql } from "./pool";

/** The moves are already in PostgreSQL when this runs: if Redis is down, the runner's schedule picks them up. */
async function wakeRunner(requestedBy: string): Promise<void> {
  // Imported here, not at the top: the jobs module imports the runner, which imports these deps.
  const [{ enqueueJob }, { modelsMovesJob }] = await Promise.all([import("@/lib/jobs/queue"), import("./jobs")]);
  await enqueueJob(modelsMovesJob, requestedBy).catch((error: unknown) =>
    logger().warn({ err: error }, "could not queue models-moves; its schedule will run the move"),
  );
}

/** What the registry, the moves and the policies run against; tests and the benchmark pass their own (small capacity, a fixed clock). */
export type ModelDeps = {
  db: PrismaClient;
  /** node-postgres, for resolve and per-part progress (pool.ts says why). */
  sql: Sql;
  hot: TierStore;
  cold: TierStore;
  config: ModelsConfig;
  /** The policies' and the access log's idea of now: injectable so a test can be 31 days later. */
  clock: () => Date;
  log: Logger;
  /** Wakes a move runner for moves just queued (enqueues the models-moves job); tests run the runner themselves. */
  wake: (requestedBy: string) => Promise<void>;
};

const holder = globalThis as unknown as { strataModelDeps?: ModelDeps };

/** The deps from the environment: built once per process (resolve is called on every model load; nothing here changes at run time). */
export function defaultModelDeps(): ModelDeps {
  holder.strataModelDeps ??= {
    db: db(),
    sql: modelsPool(),
    hot: tierStore("hot"),
    cold: tierStore("cold"),
    config: modelsConfig(),
    clock: () => new Date(),
    log: logger().child({ capability: "models" }),
    wake: wakeRunner,
  };
  return holder.strataModelDeps;
}

import pg from "pg";
import { env } from "@/lib/config/env";

/**
 * node-postgres for the two hot paths of model tiers: resolve (called by inference services on every model
 * load) and a promotion's per-part progress. Through Prisma's engine-free client each statement costs
 * ~10 ms of client-side work on a busy 2-core machine (measured: a primary-key findUnique p50 18 ms against
 * 0.3 ms for the same SELECT here), which alone would break resolve's 10 ms p95 target. Everything else
 * stays on Prisma.
 *
 * Its sessions commit asynchronously (`synchronous_commit=off`): a commit returns before its WAL reaches the
 * disk, which saves the fsync an access record would otherwise wait for on every resolve. Only a crash of
 * PostgreSQL itself (not of Strata) can lose the last such commits, and both uses tolerate it: an access
 * record is bookkeeping for policies that count in days, and a lost part record only means that part is
 * copied again. State changes (hot, cold) never go through this pool.
 */
const holder = globalThis as unknown as { strataModelsPool?: pg.Pool };

export type Sql = Pick<pg.Pool, "query">;

export function modelsPool(): pg.Pool {
  holder.strataModelsPool ??= new pg.Pool({ connectionString: env().DATABASE_URL, max: 5, options: "-c synchronous_commit=off" });
  return holder.strataModelsPool;
}

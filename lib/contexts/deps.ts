import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { db, type PrismaClient } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { redis } from "@/lib/redis/client";
import { contextsConfig, type ContextsConfig } from "./config";

/** What the context store and jobs run against; tests and the benchmark pass their own. */
export type ContextDeps = { db: PrismaClient; redis: Redis; config: ContextsConfig; log: Logger };

export function defaultContextDeps(): ContextDeps {
  return { db: db(), redis: redis(), config: contextsConfig(), log: logger().child({ capability: "contexts" }) };
}

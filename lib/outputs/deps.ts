import type { Logger } from "pino";
import { db, type PrismaClient } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { outputsConfig, type OutputsConfig } from "./config";
import { defaultOutputTiers, type OutputTiers } from "./tiers";

/** What the outputs registry and its jobs run against; tests and the benchmark pass their own buckets, clock and scope. */
export type OutputDeps = { db: PrismaClient; tiers: OutputTiers; config: OutputsConfig; log: Logger };

export function defaultOutputDeps(): OutputDeps {
  const config = outputsConfig();
  return { db: db(), tiers: defaultOutputTiers(config), config, log: logger().child({ capability: "outputs" }) };
}

/** Options every policy run takes: the clock (tests move it) and, for tests and the benchmark, the users it may touch. */
export type PolicyOptions = { now?: Date; users?: string[]; onBatch?: (counts: Record<string, number>) => Promise<void> };

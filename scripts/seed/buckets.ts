import { env } from "../../lib/config/env";
import { ensureDefaultBuckets } from "../../lib/files/buckets";

/**
 * Creates the configured default buckets (DEFAULT_BUCKETS) that are missing and applies the console's CORS
 * rule to each. Safe to run any number of times: `npx tsx scripts/seed/buckets.ts`.
 */
env();
try {
  const { created, existing } = await ensureDefaultBuckets();
  console.log(`buckets: ${created.length} created${created.length ? ` (${created.join(", ")})` : ""}, ${existing.length} already there`);
  process.exit(0);
} catch (error) {
  console.error(`could not ensure the default buckets: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

import { readFileSync } from "node:fs";
import type { Caller } from "../../lib/auth/caller";
import { env } from "../../lib/config/env";
import { parseJsonJudgments } from "../../lib/search/judgments";
import { metricNames } from "../../lib/search/metrics";
import { evalModes } from "../../lib/search/evaluate";
import { runEvaluation } from "../../lib/search/service";

/**
 * `npm run search:eval -- <collection> <judgments.json> [label]`: runs judged queries against a collection in
 * keyword, dense and hybrid mode, prints the mean metrics per mode, and keeps the run (the collection's
 * Evaluate tab shows it beside the others).
 */

const [collection, file, label = `cli ${new Date().toISOString()}`] = process.argv.slice(2);
if (!collection || !file) {
  console.error("usage: npm run search:eval -- <collection> <judgments.json> [label]");
  process.exit(2);
}
env();
const caller: Caller = { actor: { id: "system:search-eval", username: "search-eval", name: "search:eval (command line)", roles: ["editor"], kind: "service" } };
try {
  const queries = parseJsonJudgments(JSON.parse(readFileSync(file, "utf8")));
  const run = await runEvaluation(caller, collection, { label, queries });
  console.log(`collection ${collection}: ${queries.length} judged queries (run ${run.id})`);
  console.log(["mode    ", ...metricNames.map((m) => m.padStart(9))].join(" "));
  for (const mode of evalModes) console.log([mode.padEnd(8), ...metricNames.map((m) => run.summary[mode][m].toFixed(3).padStart(9))].join(" "));
  process.exit(0);
} catch (error) {
  console.error(`search:eval failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

import { defineJob } from "@/lib/jobs/definition";
import { runNextOperation } from "./operation-runner";

/**
 * Runs the folder operations people and services queued (copy, move, delete of any size; zips), one after
 * another until none is waiting. Queued at once when an operation is started; the minute schedule picks up
 * operations whose worker was killed (their lease ran out) and any queued while Redis was down.
 */
export const operationsJob = defineJob({
  name: "files-operations",
  title: "Folder operations",
  description: "Copies, moves and deletes folders beyond the in-request limit, and builds zips for download; resumes interrupted ones.",
  schedule: () => "* * * * *",
  async run({ progress, log }) {
    const totals = { operations: 0, copied: 0, verified: 0, deleted: 0, zipped: 0, failed: 0 };
    // The jobs page shows how far the operation in hand has got, beside the totals of those finished.
    const options = { onProgress: (op: { done: number; total: number | null }) => progress({ ...totals, currentDone: op.done, currentTotal: op.total ?? 0 }) };
    for (let outcome = await runNextOperation(options); outcome; outcome = await runNextOperation(options)) {
      totals.operations += 1;
      for (const [name, value] of Object.entries(outcome.counts)) totals[name as keyof typeof outcome.counts] += value;
      log.info({ operation: outcome.id, status: outcome.status, counts: outcome.counts }, "file operation ended");
      await progress(totals);
    }
    return totals;
  },
});

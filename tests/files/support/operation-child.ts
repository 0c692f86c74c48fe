import { runNextOperation } from "@/lib/files/operation-runner";
import { s3 } from "@/lib/s3/client";

// Runs one folder operation in its own process, so a test can SIGKILL it part-way through.
// KILL_AFTER_COPIES=N: the process SIGKILLs itself the moment the store has answered its N-th CopyObject —
// wherever that falls inside a batch, with the other copies of the batch still in flight.
const id = process.argv[2];
if (!id) throw new Error("usage: operation-child.ts <operation id>");
const killAfter = Number(process.env.KILL_AFTER_COPIES ?? "0");
if (killAfter > 0) {
  let copies = 0;
  s3().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "CopyObjectCommand" && ++copies === killAfter) process.kill(process.pid, "SIGKILL");
      return result;
    },
    { step: "initialize", name: "killAfterCopies" },
  );
}
await runNextOperation({ leaseMs: Number(process.env.OPERATION_LEASE_MS ?? "3000"), batchSize: Number(process.env.BATCH_SIZE ?? "500") }, id);
process.exit(0);

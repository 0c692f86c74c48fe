import { runNextOperation } from "@/lib/files/operation-runner";

// Runs one folder operation in its own process, so a test can SIGKILL it part-way through.
const id = process.argv[2];
if (!id) throw new Error("usage: operation-child.ts <operation id>");
await runNextOperation({ leaseMs: Number(process.env.OPERATION_LEASE_MS ?? "3000"), batchSize: 500 }, id);
process.exit(0);

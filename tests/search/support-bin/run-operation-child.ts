import { logger } from "@/lib/log/logger";
import { claimOperation } from "@/lib/search/operations";
import { runOperation } from "@/lib/search/sync";

// Runs one search operation in its own process, so a test can SIGKILL it part-way through.
const id = BigInt(process.argv[2] ?? "0");
await claimOperation(id);
await runOperation(id, logger());
process.exit(0);

// Runs one model's moves in a process of its own, so the test can SIGKILL it mid-copy (tests/models/promote.test.ts).
// Buckets, part size and concurrency come from the MODELS_* variables the test sets.
import { defaultModelDeps } from "@/lib/models/deps";
import { runPendingMoves } from "@/lib/models/runner";

await runPendingMoves(defaultModelDeps(), { modelIds: [process.env.MODELS_TEST_MODEL_ID!] });
process.exit(0);

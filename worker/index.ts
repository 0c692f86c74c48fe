import { env } from "@/lib/config/env";
import { startWorker } from "@/lib/jobs/worker";
import { logger } from "@/lib/log/logger";

// Validate configuration before anything connects, so a bad variable is named at once.
env();
const worker = await startWorker();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger().info({ signal }, "worker stopping");
    void worker.close().then(() => process.exit(0));
  });
}

import { archiveContexts } from "@/lib/contexts/archive";
import { contextsConfig } from "@/lib/contexts/config";
import { db } from "@/lib/db/client";

// Runs the archive job in its own process, so a test can SIGKILL it part-way through; scoped to the test's users.
await archiveContexts({ db: db(), config: contextsConfig() }, { scope: { userPrefix: process.env.ARCHIVE_SCOPE } });
process.exit(0);

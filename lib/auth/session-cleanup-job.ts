import { defineJob } from "@/lib/jobs/definition";
import { deleteExpiredSessions } from "./sessions";

export const sessionCleanupJob = defineJob({
  name: "session-cleanup",
  title: "Expired session cleanup",
  description: "Deletes server-side sessions past their lifetime.",
  schedule: () => "17 * * * *",
  async run() {
    return { deleted: await deleteExpiredSessions() };
  },
});

import { withSessionRole } from "@/lib/auth/guards";
import { jobs } from "@/lib/jobs/registry";
import { recentRuns } from "@/lib/jobs/runs";
import { getSetting } from "@/lib/settings/store";

export const dynamic = "force-dynamic";

export const GET = withSessionRole("admin", async (request) => {
  const job = request.nextUrl.searchParams.get("job") ?? undefined;
  const [runs, paused] = await Promise.all([recentRuns({ ...(job ? { job } : {}), limit: 100 }), getSetting("jobs.paused")]);
  return Response.json({
    jobs: jobs.map((j) => ({
      name: j.name,
      title: j.title,
      description: j.description,
      schedule: j.schedule?.() ?? null,
      paused: paused.includes(j.name),
    })),
    runs,
  });
});

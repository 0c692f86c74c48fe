import { withSessionRole } from "@/lib/auth/guards";
import { jobs } from "@/lib/jobs/registry";
import { recentRuns } from "@/lib/jobs/runs";

export const dynamic = "force-dynamic";

export const GET = withSessionRole("admin", async (request) => {
  const job = request.nextUrl.searchParams.get("job") ?? undefined;
  const runs = await recentRuns({ ...(job ? { job } : {}), limit: 100 });
  return Response.json({
    jobs: jobs.map((j) => ({ name: j.name, title: j.title, description: j.description, schedule: j.schedule?.() ?? null })),
    runs,
  });
});

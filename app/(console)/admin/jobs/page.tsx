import { JobsPanel } from "@/components/admin/jobs-panel";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { pauseJob, runJobNow } from "./actions";

export const metadata = { title: "Jobs" };

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole("admin");
  const job = (await searchParams).job;
  return (
    <>
      <PageHeader title="Jobs" description="Background work run by the worker on BullMQ. Every run is recorded with its counts or its error." />
      <JobsPanel runJobNow={runJobNow} pauseJob={pauseJob} {...(typeof job === "string" ? { selectedJob: job } : {})} />
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { JobRunsList } from "@/components/admin/job-runs-list";
import { OutputsGrowth } from "@/components/outputs/growth";
import { OutputTierBadge } from "@/components/outputs/tier-badge";
import { Card } from "@/components/ui/card";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { formatAge, formatBytes, formatTimestamp } from "@/lib/format/units";
import { outputsOverview, type TierTotals } from "@/lib/outputs/overview";

export const metadata = { title: "Outputs: tiers and jobs" };

function Stat({ label, totals, detail }: { label: ReactNode; totals: TierTotals; detail: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="text-xs text-zinc-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums">{formatBytes(totals.bytes)}</div>
      <div className="mt-1 text-xs text-zinc-500">
        {totals.count.toLocaleString("en")} outputs · {detail}
      </div>
    </div>
  );
}

type UserRow = Awaited<ReturnType<typeof outputsOverview>>["users"][number];

const userColumns: DataColumn<UserRow>[] = [
  {
    id: "user",
    header: "User",
    className: "px-3 py-2 font-mono text-xs",
    cell: (u) => (
      <Link href={`/outputs?user=${encodeURIComponent(u.userId)}`} className="hover:underline">
        {u.userId}
      </Link>
    ),
  },
  { id: "outputs", header: "Outputs", align: "right", cell: (u) => u.count.toLocaleString("en") },
  { id: "bytes", header: "Bytes", align: "right", cell: (u) => formatBytes(u.bytes) },
  { id: "hot", header: "On hot", align: "right", cell: (u) => formatBytes(u.hotBytes) },
  { id: "cold", header: "On cold", align: "right", cell: (u) => formatBytes(u.coldBytes) },
  {
    id: "latest",
    header: "Latest",
    align: "right",
    className: "px-3 py-2 text-xs text-zinc-500",
    cell: (u) => <span title={formatTimestamp(u.lastCreatedAt)}>{formatAge(u.lastCreatedAt)}</span>,
  },
];

export default async function OutputsOverviewPage() {
  const user = await requirePageRole("admin");
  const o = await outputsOverview({ actor: user });
  const { tiers, settings } = o;
  return (
    <>
      <PageHeader title="Outputs: tiers and jobs" description="What each tier holds, who holds it, how it grows, and what the policy jobs moved." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label={<>Hot tier · s3://{settings.hotBucket}</>} totals={tiers.hot} detail={`${tiers.hotOnly.count.toLocaleString("en")} not yet copied to cold`} />
        <Stat label={<>Cold tier · s3://{settings.coldBucket}</>} totals={tiers.cold} detail={`${tiers.coldOnly.count.toLocaleString("en")} only there`} />
        <Stat label={<OutputTierBadge tier="both" />} totals={tiers.both} detail={`leave hot after ${settings.hotDays} days`} />
        <Stat label={<OutputTierBadge tier="pending" />} totals={tiers.pending} detail="registered, upload not seen yet" />
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Card title="New outputs per day (30 days)">
          <OutputsGrowth days={o.growth} />
        </Card>
        <Card title="Policy job runs" actions={<Link href="/admin/jobs" className="text-sm text-accent-600 hover:underline">Jobs</Link>}>
          <JobRunsList runs={o.runs} empty="The copy, demotion and re-promotion jobs have not run yet." />
        </Card>
      </div>
      <div className="mt-4">
        <Card title="Per user (largest 50)">
          <DataTable rows={o.users} rowKey={(u) => u.userId} empty={<p className="text-sm text-zinc-500">No outputs uploaded yet.</p>} columns={userColumns} />
        </Card>
      </div>
      <p className="mt-6 text-xs text-zinc-500">
        New outputs are copied to cold within a minute of upload; hot copies are deleted after {settings.hotDays} days once the cold copy checks out; a cold-only output
        opened {settings.repromoteAccesses} times is copied back to hot.
      </p>
    </>
  );
}

import Form from "next/form";
import Link from "next/link";
import { CreatedPerDayBars, TierGrowthChart } from "@/components/contexts/growth-chart";
import { TierBadge } from "@/components/contexts/tier-badge";
import { JobRunsList } from "@/components/admin/job-runs-list";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { formatBytes } from "@/lib/format/units";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { contextsOverview } from "@/lib/contexts/overview";

export const metadata = { title: "Contexts" };

const hours = (s: number) => (s % 3600 === 0 ? `${s / 3600} h` : `${s} s`);

export default async function ContextsOverviewPage() {
  const user = await requirePageRole("viewer");
  const o = await contextsOverview(user);
  const everyone = o.scope === "everyone";
  return (
    <>
      <PageHeader
        title="Conversation contexts"
        description={
          everyone
            ? "Every user's contexts across the three tiers: Redis (hot), PostgreSQL (warm) and its archive (cold)."
            : "Your conversation contexts across the three tiers: Redis (hot), PostgreSQL (warm) and its archive (cold)."
        }
        actions={
          <Form action="/contexts/search" className="flex gap-2">
            <input
              name="text"
              aria-label="Search words in messages"
              placeholder="Search messages…"
              className="h-9 w-64 rounded-md border border-zinc-300 bg-white px-2.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
            />
          </Form>
        }
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {everyone ? (
          <Stat
            label={<TierBadge tier="hot" />}
            value={o.hot ? o.hot.count.toLocaleString("en") : "—"}
            detail={o.hot ? `≈ ${formatBytes(o.hot.estimatedBytes)} · TTL ${hours(o.settings.hotTtlSeconds)}` : "Redis is not answering: reads are served from PostgreSQL"}
          />
        ) : null}
        <Stat label={<TierBadge tier="warm" />} value={o.totals.warm.count.toLocaleString("en")} detail={`${formatBytes(o.totals.warm.bytes)} of messages · archived after ${o.settings.warmDays} days idle`} />
        <Stat label={<TierBadge tier="cold" />} value={o.totals.cold.count.toLocaleString("en")} detail={`${formatBytes(o.totals.cold.bytes)} of messages · purged after ${o.settings.coldDays} days idle`} />
        {everyone ? (
          <Stat
            label="Redis memory"
            value={o.hot ? formatBytes(o.hot.usedMemoryBytes) : "—"}
            detail={o.hot ? (o.hot.maxMemoryBytes > 0 ? `of ${formatBytes(o.hot.maxMemoryBytes)} maxmemory` : "no maxmemory set") : "Redis is not answering"}
          />
        ) : null}
      </div>

      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        {everyone ? (
          <Card title="Contexts per tier over time">
            <TierGrowthChart samples={o.samples} />
          </Card>
        ) : null}
        <Card title="New contexts per day">
          <CreatedPerDayBars days={o.createdPerDay} />
        </Card>
        {everyone && o.storage ? (
          <Card title="PostgreSQL storage">
            <dl className="grid grid-cols-2 gap-y-1 text-sm">
              <dt className="text-zinc-500">user_contexts (warm)</dt>
              <dd className="text-right tabular-nums">{formatBytes(o.storage.warmTableBytes)}</dd>
              <dt className="text-zinc-500">user_contexts_archive (cold)</dt>
              <dd className="text-right tabular-nums">{formatBytes(o.storage.coldTableBytes)}</dd>
              <dt className="text-zinc-500">user_context_messages (both)</dt>
              <dd className="text-right tabular-nums">{formatBytes(o.storage.messagesTableBytes)}</dd>
            </dl>
            <p className="mt-3 text-xs text-zinc-500">
              Sizes include indexes. The purge job {o.settings.purgeExport ? `exports each batch to s3://${o.settings.exportBucket}/contexts/ before deleting it` : "deletes without exporting"}.
            </p>
          </Card>
        ) : null}
        {everyone ? (
          <Card title="Last job runs" actions={<Link href="/admin/jobs?job=contexts-archive" className="text-sm text-accent-600 hover:underline">Jobs</Link>}>
            <JobRunsList runs={o.runs} empty="The archive and purge jobs have not run yet." />
          </Card>
        ) : null}
      </div>
      <p className="mt-6 text-xs text-zinc-500">
        Writes land in PostgreSQL first, then Redis (kept {hours(o.settings.hotTtlSeconds)}; re-cached {hours(o.settings.recacheTtlSeconds)} after a PostgreSQL read). While Redis is
        down, every read and write is served by PostgreSQL.
      </p>
    </>
  );
}

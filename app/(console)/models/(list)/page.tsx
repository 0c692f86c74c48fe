import Link from "next/link";
import { AutoRefresh } from "@/components/models/auto-refresh";
import { CapacityForm } from "@/components/models/capacity-form";
import { CapacityGauge } from "@/components/models/capacity-gauge";
import { ModelJobButtons } from "@/components/models/job-buttons";
import { ModelsTable } from "@/components/models/models-table";
import { MoveProgress } from "@/components/models/move-progress";
import { TierBytesChart } from "@/components/models/tier-bytes-chart";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { FilterForm } from "@/components/ui/filter-form";
import { Stat } from "@/components/ui/stat";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { formatAge, formatBytes, formatDuration, formatTimestamp } from "@/lib/format/units";
import { headers } from "next/headers";
import { originFromHeaders } from "@/lib/http/origin";
import { modelsOverview } from "@/lib/models/overview";
import { modelStates } from "@/lib/models/schemas";
import { MODELS_PAGE_SIZE, modelsHref, parseModelFilter } from "@/lib/models/filter";
import {
  cancelPromotionAction,
  deleteModelAction,
  demoteModelAction,
  pinModelAction,
  promoteModelAction,
  resetHotCapacityAction,
  runModelsJobAction,
  setHotCapacityAction,
} from "../actions";

export const metadata = { title: "Models" };

const jobs = [
  { name: "models-scan", label: "Scan cold bucket" },
  {
    name: "models-lru-eviction",
    label: "Run eviction policy",
    confirm: "If the hot tier is above its high watermark, least-recently-used models that are neither pinned nor in use are demoted down to the low watermark.",
  },
  { name: "models-idle-demotion", label: "Run idle demotion", confirm: "Hot models nobody resolved within the idle limit are demoted (pinned ones never)." },
];

export default async function ModelsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageRole("viewer");
  const filter = parseModelFilter(await searchParams);
  const o = await modelsOverview({ actor: user, origin: originFromHeaders(await headers()) }, { ...filter, limit: MODELS_PAGE_SIZE });
  const pageNumber = filter.page ?? 1;
  const firstShown = (pageNumber - 1) * MODELS_PAGE_SIZE + 1;
  const role = hasRole(user, "admin") ? "admin" : hasRole(user, "editor") ? "editor" : "viewer";
  return (
    <>
      <AutoRefresh active={o.moving.length > 0} />
      <PageHeader
        title="Model tiers"
        description={`Every model lives in s3://${o.settings.coldBucket} (cold, the source of truth); the ones services use are copied to s3://${o.settings.hotBucket} (hot).`}
        actions={role === "admin" ? <ModelJobButtons jobs={jobs} run={runModelsJobAction} /> : null}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Hot tier capacity" className="lg:col-span-2">
          <CapacityGauge watermarks={o.watermarks} hotBytes={o.totals.hot.bytes + o.totals.demoting.bytes} reservedBytes={o.totals.promoting.bytes} />
          {role === "admin" ? (
            <CapacityForm
              current={{
                capacityBytes: o.watermarks.capacityBytes,
                highWatermarkPercent: Math.round((o.watermarks.highBytes / Math.max(1, o.watermarks.capacityBytes)) * 1000) / 10,
                lowWatermarkPercent: Math.round((o.watermarks.lowBytes / Math.max(1, o.watermarks.capacityBytes)) * 1000) / 10,
              }}
              environment={o.capacity.environment}
              source={o.capacity}
              save={setHotCapacityAction}
              reset={resetHotCapacityAction}
            />
          ) : null}
        </Card>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1">
          <Stat
            label="Hot"
            value={`${o.totals.hot.count.toLocaleString("en")} models`}
            detail={`${formatBytes(o.totals.hot.bytes)}${o.totals.promoting.count ? ` · ${o.totals.promoting.count} promoting` : ""}${o.totals.demoting.count ? ` · ${o.totals.demoting.count} demoting` : ""}`}
          />
          <Stat label="Cold (all models)" value={`${o.totals.cold.count.toLocaleString("en")} models`} detail={formatBytes(o.totals.cold.bytes)} />
        </div>
      </div>

      {o.moving.length > 0 ? (
        <Card title="Moves under way" className="mt-4">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {o.moving.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center gap-3 py-2 text-sm">
                <Link href={`/models/${encodeURIComponent(m.modelId)}`} className="font-mono text-xs hover:underline">
                  {m.modelId}
                </Link>
                <span className="text-xs text-zinc-500">
                  {m.reason} · {m.actor}
                </span>
                <div className="ml-auto">
                  <MoveProgress move={m} />
                </div>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Models" className="mt-4">
        <FilterForm
          action="/models"
          label="Filter models"
          className="mb-3"
          hidden={{ sort: filter.sort, desc: filter.desc ? "1" : undefined }}
          fields={[
            {
              kind: "select",
              name: "state",
              label: "State",
              value: filter.state,
              options: [{ value: "", label: "any" }, ...modelStates.map((state) => ({ value: state, label: state }))],
            },
            {
              kind: "select",
              name: "pinned",
              label: "Pinned",
              value: filter.pinned === undefined ? "" : filter.pinned ? "yes" : "no",
              options: [
                { value: "", label: "any" },
                { value: "yes", label: "pinned" },
                { value: "no", label: "not pinned" },
              ],
            },
            { kind: "text", name: "q", label: "Name", value: filter.text, placeholder: "id, name or type…", className: "w-56" },
          ]}
        />
        <ModelsTable
          models={o.models}
          filter={filter}
          role={role}
          actions={{ promote: promoteModelAction, demote: demoteModelAction, cancel: cancelPromotionAction, pin: pinModelAction, remove: deleteModelAction }}
        />
        {o.matching > 0 ? (
          <nav aria-label="Model pages" className="mt-3 flex flex-wrap items-center gap-3 text-sm">
            <span className="text-zinc-500 tabular-nums">
              {o.models.length === 0
                ? `${o.matching.toLocaleString("en")} models`
                : `${firstShown.toLocaleString("en")}–${(firstShown + o.models.length - 1).toLocaleString("en")} of ${o.matching.toLocaleString("en")} models`}
            </span>
            {filter.cursor ? (
              <Link href={modelsHref(filter)} className="text-accent-600 hover:underline">
                First page
              </Link>
            ) : null}
            {o.nextCursor ? (
              <Link href={modelsHref(filter, { cursor: o.nextCursor, number: pageNumber + 1 })} className="text-accent-600 hover:underline">
                Next {MODELS_PAGE_SIZE} models
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>

      <div className="mt-4 grid gap-4 lg:grid-cols-2">
        <Card title="Hot and cold bytes over time">
          <TierBytesChart samples={o.samples} />
        </Card>
        <Card title="Next eviction">
          {o.eviction.wouldTake.length === 0 ? (
            <p className="text-sm text-zinc-500">
              {o.eviction.aboveHigh ? "The tier is above its high watermark, but every hot model is pinned or in use: nothing can be evicted." : "No hot model can be evicted: each is pinned or in use."}
            </p>
          ) : (
            <>
              <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400">
                {o.eviction.aboveHigh
                  ? "The tier is above its high watermark: the next eviction run demotes these, least recently used first."
                  : `Below the high watermark (${formatBytes(o.watermarks.highBytes)}), nothing is evicted. First in line when it is passed:`}
              </p>
              <ol className="list-decimal pl-5 text-sm">
                {o.eviction.wouldTake.map((c) => (
                  <li key={c.id}>
                    <span className="font-mono text-xs">{c.id}</span> <span className="text-zinc-500">{formatBytes(c.bytes)}</span>
                  </li>
                ))}
              </ol>
            </>
          )}
          <p className="mt-3 text-xs text-zinc-500">
            Pinned models and models resolved in the last {o.settings.inUseWindowMinutes} minutes are never evicted. Hot models unused for {o.settings.maxIdleDays} days are demoted by the daily idle policy.
          </p>
        </Card>
      </div>

      <Card title="Policy runs" className="mt-4" actions={<Link href="/admin/jobs" className="text-sm text-accent-600 hover:underline">Jobs</Link>}>
        {o.policyRuns.length === 0 ? (
          <p className="text-sm text-zinc-500">The idle demotion and eviction policies have not run yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {o.policyRuns.map((r) => (
              <li key={r.id} className="py-2">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs">{r.job}</span>
                  <Badge tone={statusTone(r.status)}>{r.status}</Badge>
                  <span className="text-xs text-zinc-500">{r.error ?? (r.moves.length === 0 ? "moved nothing" : `${r.moves.length} moved`)}</span>
                  <span className="ml-auto text-xs text-zinc-500 tabular-nums" title={formatTimestamp(r.startedAt)}>
                    {formatAge(r.startedAt)} · {formatDuration(r.durationMs)}
                  </span>
                </div>
                {r.moves.length > 0 ? (
                  <ul className="mt-1 flex flex-wrap gap-2 text-xs">
                    {r.moves.map((m) => (
                      <li key={m.id} className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800" title={m.error ?? undefined}>
                        <span className="font-mono">{m.modelId}</span> {m.kind} {m.status} · {formatBytes(m.bytesTotal)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

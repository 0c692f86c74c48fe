import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { formatTimestamp } from "@/lib/format/units";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEvents, parseAuditFilter, type AuditFilter } from "@/lib/audit/query";
import { requirePageRole } from "@/lib/auth/guards";
import { DataTable } from "@/components/ui/data-table";

export const metadata = { title: "Audit log" };

function hrefWith(filter: AuditFilter, before: string | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (key !== "before" && value !== undefined) params.set(key, String(value));
  }
  if (before) params.set("before", before);
  const query = params.toString();
  return `/admin/audit${query ? `?${query}` : ""}`;
}

const input = "h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole("admin");
  const filter = parseAuditFilter(await searchParams);
  const { events, nextBefore } = await listAuditEvents(filter);
  return (
    <>
      <PageHeader title="Audit log" description="Every change made through Strata: who, what, on which target, from where, and how it ended." />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter the audit log">
        <label className="flex flex-col gap-1">
          Actor
          <input name="actor" defaultValue={filter.actor ?? ""} placeholder="name or subject" className={input} />
        </label>
        <label className="flex flex-col gap-1">
          Action starts with
          <input name="action" defaultValue={filter.action ?? ""} placeholder="files." className={input} />
        </label>
        <label className="flex flex-col gap-1">
          Target contains
          <input name="target" defaultValue={filter.target ?? ""} placeholder="s3://bucket/" className={input} />
        </label>
        <label className="flex flex-col gap-1">
          Outcome
          <select name="outcome" defaultValue={filter.outcome ?? ""} className={input}>
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <label className="flex flex-col gap-1">
          From
          <input type="date" name="from" defaultValue={filter.from ?? ""} className={input} />
        </label>
        <label className="flex flex-col gap-1">
          To
          <input type="date" name="to" defaultValue={filter.to ?? ""} className={input} />
        </label>
        <button type="submit" className={buttonClasses("primary")}>
          Filter
        </button>
        <Link href="/admin/audit" className={buttonClasses("ghost")}>
          Clear
        </Link>
      </form>
      {events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-6 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No events match these filters.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <DataTable columns={[{ label: "When" }, { label: "Who" }, { label: "Action" }, { label: "Target" }, { label: "Outcome" }, { label: "From" }]}>
              {events.map((e) => (
                <tr key={e.id} data-testid="audit-row" className="align-top">
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{formatTimestamp(e.at)}</td>
                  <td className="px-3 py-2" title={e.actorId}>
                    {e.actorName}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="max-w-xs px-3 py-2 font-mono text-xs break-all">
                    {e.target}
                    {e.details ? <details className="mt-1 font-sans"><summary className="cursor-pointer text-zinc-500">details</summary><pre className="mt-1 text-xs whitespace-pre-wrap">{JSON.stringify(e.details, null, 2)}</pre></details> : null}
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={statusTone(e.outcome)}>{e.outcome}</Badge>
                  </td>
                  <td className="px-3 py-2 text-xs text-zinc-500" title={e.userAgent ?? ""}>
                    {e.ip ?? "—"}
                  </td>
                </tr>
              ))}
            </DataTable>
        </div>
      )}
      <div className="mt-4 flex justify-end gap-2">
        {filter.before ? (
          <Link href={hrefWith(filter, null)} className={buttonClasses("secondary", "sm")}>
            Newest
          </Link>
        ) : null}
        {nextBefore ? (
          <Link href={hrefWith(filter, nextBefore)} className={buttonClasses("secondary", "sm")}>
            Older →
          </Link>
        ) : null}
      </div>
    </>
  );
}

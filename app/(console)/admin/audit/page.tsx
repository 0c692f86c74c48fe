import Link from "next/link";
import { Badge, statusTone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { formatTimestamp } from "@/lib/format/units";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEvents, parseAuditFilter, type AuditEventView, type AuditFilter } from "@/lib/audit/query";
import { requirePageRole } from "@/lib/auth/guards";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { FilterForm } from "@/components/ui/filter-form";

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

const columns: DataColumn<AuditEventView>[] = [
  { id: "when", header: "When", className: "px-3 py-2 whitespace-nowrap tabular-nums", cell: (e) => formatTimestamp(e.at) },
  { id: "who", header: "Who", cell: (e) => <span title={e.actorId}>{e.actorName}</span> },
  { id: "action", header: "Action", className: "px-3 py-2 font-mono text-xs", cell: (e) => e.action },
  {
    id: "target",
    header: "Target",
    className: "max-w-xs px-3 py-2 font-mono text-xs break-all",
    cell: (e) => (
      <>
        {e.target}
        {e.details ? (
          <details className="mt-1 font-sans">
            <summary className="cursor-pointer text-zinc-500">details</summary>
            <pre className="mt-1 text-xs whitespace-pre-wrap">{JSON.stringify(e.details, null, 2)}</pre>
          </details>
        ) : null}
      </>
    ),
  },
  { id: "outcome", header: "Outcome", cell: (e) => <Badge tone={statusTone(e.outcome)}>{e.outcome}</Badge> },
  { id: "from", header: "From", className: "px-3 py-2 text-xs text-zinc-500", cell: (e) => <span title={e.userAgent ?? ""}>{e.ip ?? "—"}</span> },
];

const outcomeOptions = [
  { value: "", label: "any" },
  { value: "success", label: "success" },
  { value: "failure", label: "failure" },
  { value: "denied", label: "denied" },
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageRole("admin");
  const filter = parseAuditFilter(await searchParams);
  const { events, nextBefore } = await listAuditEvents(filter);
  return (
    <>
      <PageHeader title="Audit log" description="Every change made through Strata: who, what, on which target, from where, and how it ended." />
      <FilterForm
        action="/admin/audit"
        label="Filter the audit log"
        clearHref="/admin/audit"
        fields={[
          { kind: "text", name: "actor", label: "Actor", value: filter.actor, placeholder: "name or subject" },
          { kind: "text", name: "action", label: "Action starts with", value: filter.action, placeholder: "files." },
          { kind: "text", name: "target", label: "Target contains", value: filter.target, placeholder: "s3://bucket/" },
          { kind: "select", name: "outcome", label: "Outcome", value: filter.outcome, options: outcomeOptions },
          { kind: "date", name: "from", label: "From", value: filter.from },
          { kind: "date", name: "to", label: "To", value: filter.to },
        ]}
      />
      <DataTable
        frameClassName="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
        rows={events}
        rowKey={(e) => e.id}
        empty={{ title: "No events match these filters." }}
        rowTestId="audit-row"
        rowClassName={() => "align-top"}
        columns={columns}
      />
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

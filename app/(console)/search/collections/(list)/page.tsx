import { headers } from "next/headers";
import Link from "next/link";
import { CollectionStateBadge } from "@/components/search/collection-state";
import { buttonClasses } from "@/components/ui/button";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/states";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { formatAge, formatBytes, formatTimestamp } from "@/lib/format/units";
import { originFromHeaders } from "@/lib/http/origin";
import { listCollections } from "@/lib/search/service";

export const metadata = { title: "Collections" };

type Row = Awaited<ReturnType<typeof listCollections>>[number];

const columns: DataColumn<Row>[] = [
  {
    id: "collection",
    header: "Collection",
    className: "max-w-sm px-3 py-2",
    cell: (c) => (
      <>
        <Link href={`/search/collections/${c.name}`} className="font-medium text-accent-700 hover:underline dark:text-accent-500">
          {c.name}
        </Link>
        <span className="block truncate text-xs text-zinc-500">{c.sources.map((s) => `${s.bucket}/${s.prefix}`).join(", ")}</span>
      </>
    ),
  },
  {
    id: "state",
    header: "State",
    cell: (c) => (
      <>
        <CollectionStateBadge state={c.state} />
        {c.operation ? (
          <span className="ml-2 text-xs tabular-nums text-zinc-500">
            {c.operation.docsDone}/{c.operation.docsTotal || "…"}
          </span>
        ) : null}
      </>
    ),
  },
  { id: "documents", header: "Documents", align: "right", cell: (c) => c.counts.total.toLocaleString("en") },
  { id: "chunks", header: "Chunks", align: "right", cell: (c) => c.counts.chunks.toLocaleString("en") },
  { id: "bytes", header: "Bytes", align: "right", cell: (c) => formatBytes(c.counts.bytes) },
  {
    id: "failed",
    header: "Failed",
    align: "right",
    cell: (c) => <span className={c.counts.failed ? "font-medium text-red-700 dark:text-red-400" : ""}>{c.counts.failed}</span>,
  },
  { id: "model", header: "Model", className: "px-3 py-2 font-mono text-xs", cell: (c) => c.model.model },
  {
    id: "lastSync",
    header: "Last sync",
    className: "px-3 py-2 text-xs text-zinc-500",
    cell: (c) => <span title={c.lastSyncAt ? formatTimestamp(c.lastSyncAt) : undefined}>{c.lastSyncAt ? formatAge(c.lastSyncAt) : "never"}</span>,
  },
];

export default async function CollectionsPage() {
  const user = await requirePageRole("viewer");
  const collections = await listCollections({ actor: user, origin: originFromHeaders(await headers()) });
  const canCreate = hasRole(user, "editor");
  return (
    <>
      <PageHeader
        title="Collections"
        description="Each collection indexes the documents under one or more bucket prefixes; syncs keep it in step with the buckets."
        actions={canCreate ? <Link href="/search/collections/new" className={buttonClasses("primary")}>New collection</Link> : null}
      />
      <DataTable
        frameClassName="overflow-x-auto rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
        rows={collections}
        rowKey={(c) => c.id}
        empty={
          <EmptyState title="No collections yet" action={canCreate ? <Link href="/search/collections/new" className={buttonClasses("primary")}>Create one</Link> : null}>
            A collection turns a bucket prefix of documents (text, Markdown, HTML, PDF, Word) into a searchable index.
          </EmptyState>
        }
        rowClassName={() => "hover:bg-zinc-50 dark:hover:bg-zinc-800/40"}
        columns={columns}
      />
    </>
  );
}

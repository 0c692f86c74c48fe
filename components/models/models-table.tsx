"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { DataTable, type DataColumn } from "@/components/ui/data-table";
import type { SortState } from "@/components/ui/collection";
import type { Role } from "@/lib/auth/roles";
import { formatAge, formatBytes, formatTimestamp } from "@/lib/format/units";
import type { ModelFilter, ModelSort } from "@/lib/models/registry";
import type { ModelView } from "@/lib/models/schemas";
import { ModelActions, type ModelActionHandlers } from "./model-actions";
import { MoveProgress } from "./move-progress";
import { ModelStateBadge } from "./state-badge";

const DAY_MS = 86_400_000;

function leavesIn(model: ModelView): string {
  if (!model.leavesHotAt) return model.state === "hot" && model.pinned ? "never (pinned)" : "—";
  const days = Math.ceil((new Date(model.leavesHotAt).getTime() - Date.now()) / DAY_MS);
  return days <= 0 ? "at the next idle run" : `in ${days} day${days === 1 ? "" : "s"}`;
}

/**
 * The registry as a table. The server sorts and filters (the state lives in the URL, so a view can be
 * shared); a sortable header rewrites `sort`/`desc` in the URL and the page renders again.
 */
export function ModelsTable({ models, filter, role, actions }: { models: ModelView[]; filter: ModelFilter; role: Role; actions: ModelActionHandlers }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const sort: SortState = { column: filter.sort ?? "name", order: filter.desc ? "desc" : "asc" };

  function onSortChange(next: SortState) {
    const query = new URLSearchParams(params.toString());
    query.set("sort", next.column);
    // Another order starts from its first page.
    query.delete("cursor");
    query.delete("page");
    if (next.order === "desc") query.set("desc", "1");
    else query.delete("desc");
    router.push(`${pathname}?${query.toString()}`);
  }

  const sortable = (id: ModelSort) => ({ id, sortable: true });
  const columns: DataColumn<ModelView>[] = [
    {
      ...sortable("name"),
      header: "Model",
      cell: (m) => (
        <>
          <Link href={`/models/${encodeURIComponent(m.id)}`} className="font-mono text-xs hover:underline">
            {m.id}
          </Link>
          <div className="text-xs text-zinc-500">
            {m.type} · {m.name} · {m.version}
          </div>
        </>
      ),
    },
    {
      ...sortable("state"),
      header: "State",
      cell: (m) => (
        <>
          <ModelStateBadge state={m.state} />
          {m.activeMove ? (
            <div className="mt-1">
              <MoveProgress move={m.activeMove} />
            </div>
          ) : null}
        </>
      ),
    },
    { ...sortable("size"), header: "Size", align: "right", cell: (m) => formatBytes(m.totalBytes) },
    { ...sortable("files"), header: "Files", align: "right", cell: (m) => m.fileCount },
    {
      ...sortable("lastAccess"),
      header: "Last access",
      className: "px-3 py-2 text-xs",
      cell: (m) => (m.lastAccessAt ? <span title={formatTimestamp(m.lastAccessAt)}>{formatAge(m.lastAccessAt)}</span> : "never"),
    },
    { id: "leaves", header: "Leaves hot", className: "px-3 py-2 text-xs", cell: leavesIn },
    { ...sortable("accesses"), header: "Accesses", align: "right", cell: (m) => m.accessCount.toLocaleString("en") },
    { id: "pinned", header: "Pinned", className: "px-3 py-2 text-xs", cell: (m) => (m.pinned ? "pinned" : "") },
    { id: "inUse", header: "In use", className: "px-3 py-2 text-xs", cell: (m) => (m.inUse ? "in use" : "") },
    { id: "actions", header: "Actions", srOnlyHeader: true, cell: (m) => <ModelActions model={m} role={role} actions={actions} /> },
  ];

  const filtered = filter.state !== undefined || filter.pinned !== undefined || Boolean(filter.text);
  return (
    <div className="overflow-x-auto">
      <DataTable
        rows={models}
        rowKey={(m) => m.id}
        columns={columns}
        sort={sort}
        onSortChange={onSortChange}
        rowClassName={() => "align-top"}
        empty={
          filtered
            ? { title: "No model matches these filters", action: <Link href="/models" className="text-accent-600 hover:underline">Clear the filters</Link> }
            : {
                title: "No models registered yet",
                children: "Upload a model's files under <type>/<name>/<version>/ in the cold bucket, then scan it (admins), or register it with PUT /api/v1/models/{id}.",
              }
        }
      />
    </div>
  );
}

import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/states";
import type { Role } from "@/lib/auth/roles";
import { formatAge, formatBytes, formatTimestamp } from "@/lib/format/units";
import type { ModelFilter } from "@/lib/models/registry";
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

export function ModelsTable({
  models,
  filter,
  role,
  actions,
}: {
  models: ModelView[];
  filter: ModelFilter;
  role: Role;
  actions: ModelActionHandlers;
}) {
  if (models.length === 0) {
    const filtered = filter.state !== undefined || filter.pinned !== undefined || Boolean(filter.text);
    return (
      <EmptyState title={filtered ? "No model matches these filters" : "No models registered yet"}>
        {filtered ? (
          <Link href="/models" className="text-accent-600 hover:underline">
            Clear the filters
          </Link>
        ) : (
          "Upload a model's files under <type>/<name>/<version>/ in the cold bucket, then scan it (admins), or register it with PUT /api/v1/models/{id}."
        )}
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto">
      <DataTable
        columns={[
          { label: "Model" },
          { label: "State" },
          { label: "Size", align: "right" },
          { label: "Files", align: "right" },
          { label: "Last access" },
          { label: "Leaves hot" },
          { label: "Accesses", align: "right" },
          { label: "Pinned" },
          { label: "In use" },
          { label: "Actions", srOnly: true },
        ]}
      >
        {models.map((m) => (
          <tr key={m.id} data-model={m.id} className="align-top">
            <td className="px-3 py-2">
              <Link href={`/models/${encodeURIComponent(m.id)}`} className="font-mono text-xs hover:underline">
                {m.id}
              </Link>
              <div className="text-xs text-zinc-500">
                {m.type} · {m.name} · {m.version}
              </div>
            </td>
            <td className="px-3 py-2">
              <ModelStateBadge state={m.state} />
              {m.activeMove ? (
                <div className="mt-1">
                  <MoveProgress move={m.activeMove} />
                </div>
              ) : null}
            </td>
            <td className="px-3 py-2 text-right tabular-nums">{formatBytes(m.totalBytes)}</td>
            <td className="px-3 py-2 text-right tabular-nums">{m.fileCount}</td>
            <td className="px-3 py-2 text-xs" title={m.lastAccessAt ? formatTimestamp(m.lastAccessAt) : undefined}>
              {m.lastAccessAt ? formatAge(m.lastAccessAt) : "never"}
            </td>
            <td className="px-3 py-2 text-xs">{leavesIn(m)}</td>
            <td className="px-3 py-2 text-right tabular-nums">{m.accessCount.toLocaleString("en")}</td>
            <td className="px-3 py-2 text-xs">{m.pinned ? "pinned" : ""}</td>
            <td className="px-3 py-2 text-xs">{m.inUse ? "in use" : ""}</td>
            <td className="px-3 py-2">
              <ModelActions model={m} role={role} actions={actions} />
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

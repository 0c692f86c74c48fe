import Link from "next/link";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ModelActions } from "@/components/models/model-actions";
import { MoveProgress } from "@/components/models/move-progress";
import { ModelStateBadge } from "@/components/models/state-badge";
import { AutoRefresh } from "@/components/models/auto-refresh";
import { Badge, statusTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { hasRole } from "@/lib/auth/roles";
import { formatAge, formatBytes, formatDuration, formatTimestamp } from "@/lib/format/units";
import { HttpError } from "@/lib/http/errors";
import { originFromHeaders } from "@/lib/http/origin";
import { modelIdSchema } from "@/lib/models/schemas";
import { getModelFor } from "@/lib/models/service";
import { cancelPromotionAction, deleteModelAction, demoteModelAction, pinModelAction, promoteModelAction } from "../actions";

export const metadata = { title: "Model" };

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageRole("viewer");
  const parsed = modelIdSchema.safeParse(decodeURIComponent((await params).id));
  if (!parsed.success) notFound();
  const model = await getModelFor({ actor: user, origin: originFromHeaders(await headers()) }, parsed.data).catch((error: unknown) => {
    if (error instanceof HttpError && error.status === 404) notFound();
    throw error;
  });
  const role = hasRole(user, "admin") ? "admin" : hasRole(user, "editor") ? "editor" : "viewer";
  return (
    <>
      <AutoRefresh active={model.activeMove !== null} />
      <p className="mb-2 text-sm">
        <Link href="/models" className="text-accent-600 hover:underline">
          ← Models
        </Link>
      </p>
      <PageHeader
        title={<span className="font-mono">{model.id}</span>}
        description={`${model.type} · ${model.name} · ${model.version} — ${model.fileCount} files, ${formatBytes(model.totalBytes)}, under ${model.prefix}`}
        actions={
          <ModelActions
            model={model}
            role={role}
            actions={{ promote: promoteModelAction, demote: demoteModelAction, cancel: cancelPromotionAction, pin: pinModelAction, remove: deleteModelAction }}
          />
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card title="Placement">
          <dl className="grid grid-cols-2 gap-y-1 text-sm">
            <dt className="text-zinc-500">State</dt>
            <dd>
              <ModelStateBadge state={model.state} /> {model.pinned ? <Badge>pinned</Badge> : null}
            </dd>
            <dt className="text-zinc-500">Last access</dt>
            <dd title={model.lastAccessAt ? formatTimestamp(model.lastAccessAt) : undefined}>{model.lastAccessAt ? formatAge(model.lastAccessAt) : "never"}</dd>
            <dt className="text-zinc-500">Accesses</dt>
            <dd className="tabular-nums">{model.accessCount.toLocaleString("en")}</dd>
            <dt className="text-zinc-500">Hot since</dt>
            <dd>{model.hotSince ? formatTimestamp(model.hotSince) : "—"}</dd>
            <dt className="text-zinc-500">Leaves hot</dt>
            <dd>{model.leavesHotAt ? formatTimestamp(model.leavesHotAt) : "—"}</dd>
            <dt className="text-zinc-500">In use</dt>
            <dd>{model.inUse ? "yes" : "no"}</dd>
          </dl>
          {model.activeMove ? (
            <div className="mt-3">
              <MoveProgress move={model.activeMove} />
            </div>
          ) : null}
        </Card>
        <Card title="Files" className="lg:col-span-2">
          <DataTable
            rows={model.files}
            rowKey={(f) => f.path}
            empty={{ title: "No files are registered" }}
            columns={[
              { id: "path", header: "Path", className: "px-3 py-1.5 font-mono text-xs break-all", cell: (f) => f.path },
              { id: "size", header: "Size", align: "right", className: "px-3 py-1.5", cell: (f) => formatBytes(f.size) },
              { id: "etag", header: "ETag", className: "px-3 py-1.5 font-mono text-xs", cell: (f) => f.etag },
              { id: "sha256", header: "SHA-256", className: "px-3 py-1.5 font-mono text-xs", cell: (f) => (f.sha256 ? `${f.sha256.slice(0, 16)}…` : "—") },
            ]}
          />
        </Card>
      </div>
      <Card title="Moves" className="mt-4">
        <DataTable
          rows={model.moves}
          rowKey={(m) => m.id}
          rowClassName={() => "align-top"}
          empty={<p className="text-sm text-zinc-500">This model has never moved between tiers.</p>}
          columns={[
            { id: "when", header: "When", className: "px-3 py-1.5 text-xs", cell: (m) => <span title={formatTimestamp(m.createdAt)}>{formatAge(m.createdAt)}</span> },
            { id: "kind", header: "Move", className: "px-3 py-1.5", cell: (m) => m.kind },
            { id: "reason", header: "Why", className: "px-3 py-1.5 text-xs", cell: (m) => m.reason },
            { id: "actor", header: "Who", className: "px-3 py-1.5 text-xs", cell: (m) => m.actor },
            { id: "bytes", header: "Bytes", align: "right", className: "px-3 py-1.5", cell: (m) => formatBytes(m.bytesTotal) },
            { id: "took", header: "Took", align: "right", className: "px-3 py-1.5", cell: (m) => formatDuration(m.durationMs) },
            {
              id: "outcome",
              header: "Outcome",
              className: "px-3 py-1.5",
              cell: (m) => (
                <>
                  <Badge tone={statusTone(m.status === "refused" || m.status === "canceled" ? "interrupted" : m.status)}>{m.status}</Badge>
                  {m.error ? <p className="mt-1 max-w-md text-xs text-zinc-600 dark:text-zinc-400">{m.error}</p> : null}
                </>
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}

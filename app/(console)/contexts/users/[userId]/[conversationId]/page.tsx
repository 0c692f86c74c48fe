import { headers } from "next/headers";
import { forbidden, notFound } from "next/navigation";
import { ChatTranscript } from "@/components/contexts/chat-transcript";
import { ContextActions } from "@/components/contexts/context-actions";
import { TierBadge } from "@/components/contexts/tier-badge";
import { TierHistory } from "@/components/contexts/tier-history";
import { Card } from "@/components/ui/card";
import { formatBytes, formatTimestamp } from "@/lib/format/units";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/auth/guards";
import { canAccessContexts } from "@/lib/contexts/access";
import { contextKeySchema } from "@/lib/contexts/schemas";
import { inspectContext } from "@/lib/contexts/service";
import { originFromHeaders } from "@/lib/http/origin";
import { archiveContextAction, deleteContextAction, restoreContextAction } from "../../../actions";

type Params = { params: Promise<{ userId: string; conversationId: string }> };

export async function generateMetadata({ params }: Params) {
  return { title: `Context ${decodeURIComponent((await params).conversationId)}` };
}

export default async function ContextPage({ params }: Params) {
  const user = await requirePageRole("viewer");
  const raw = await params;
  const parsed = contextKeySchema.safeParse({ userId: decodeURIComponent(raw.userId), conversationId: decodeURIComponent(raw.conversationId) });
  if (!parsed.success) notFound();
  const key = parsed.data;
  if (!canAccessContexts(user, key.userId, "read")) forbidden();
  const detail = await inspectContext({ actor: user, origin: originFromHeaders(await headers()) }, key);
  if (!detail) notFound();
  const { context } = detail;
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {context.title || context.conversationId}
            <TierBadge tier={detail.tier} />
          </span>
        }
        description={
          <span className="font-mono text-xs">
            {context.userId} / {context.conversationId}
          </span>
        }
        actions={
          <ContextActions
            userId={key.userId}
            conversationId={key.conversationId}
            tier={detail.tier}
            archive={archiveContextAction}
            restore={restoreContextAction}
            remove={deleteContextAction}
          />
        }
      />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <section aria-label="Conversation">
          <ChatTranscript messages={context.messages} />
        </section>
        <aside className="space-y-4">
          <Card title="Details">
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1.5 text-sm">
              <dt className="text-zinc-500">Model</dt>
              <dd className="truncate">{context.model ?? "—"}</dd>
              <dt className="text-zinc-500">Messages</dt>
              <dd className="tabular-nums">{context.messageCount}</dd>
              <dt className="text-zinc-500">Size</dt>
              <dd className="tabular-nums">{formatBytes(context.bytes)}</dd>
              <dt className="text-zinc-500">Created</dt>
              <dd>{formatTimestamp(context.createdAt)}</dd>
              <dt className="text-zinc-500">Updated</dt>
              <dd>{formatTimestamp(context.updatedAt)}</dd>
              <dt className="text-zinc-500">Last active</dt>
              <dd>{formatTimestamp(detail.activeAt)}</dd>
              {detail.archivedAt ? (
                <>
                  <dt className="text-zinc-500">Archived</dt>
                  <dd>{formatTimestamp(detail.archivedAt)}</dd>
                </>
              ) : null}
              <dt className="text-zinc-500">Version</dt>
              <dd className="tabular-nums">{context.version}</dd>
            </dl>
            {context.tags.length > 0 ? (
              <ul className="mt-3 flex flex-wrap gap-1" aria-label="Tags">
                {context.tags.map((t) => (
                  <li key={t} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs dark:bg-zinc-800">
                    {t}
                  </li>
                ))}
              </ul>
            ) : null}
          </Card>
          {Object.keys(context.metadata).length > 0 ? (
            <Card title="Metadata">
              {/* Wrapped, not scrolled sideways: long values (URLs, ids) would otherwise run past the 20rem card. */}
              <pre className="max-h-96 overflow-y-auto font-mono text-xs whitespace-pre-wrap wrap-anywhere">{JSON.stringify(context.metadata, null, 2)}</pre>
            </Card>
          ) : null}
          <Card title="Tier history">
            <TierHistory events={detail.tierHistory} />
          </Card>
        </aside>
      </div>
    </>
  );
}

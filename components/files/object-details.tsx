"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { baseName } from "@/lib/files/names";
import { downloadHref, filesQueries } from "@/lib/files/queries";
import { Button, buttonClasses } from "@/components/ui/button";
import { formatBytes } from "@/lib/format/units";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { ObjectPreview } from "./object-preview";
import { ObjectVersions } from "./object-versions";

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-2 py-1">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="break-all">{children}</dd>
    </div>
  );
}

function Pairs({ values, empty }: { values: Record<string, string> | null; empty: string }) {
  if (values === null) return <span className="text-zinc-500">not supported by this store</span>;
  const entries = Object.entries(values);
  if (entries.length === 0) return <span className="text-zinc-500">{empty}</span>;
  return (
    <ul>
      {entries.map(([k, v]) => (
        <li key={k}>
          <code className="text-xs">{k}</code> = {v}
        </li>
      ))}
    </ul>
  );
}

/** The side panel for one object: its properties, a preview, and what the caller may do with it. */
export function ObjectDetailsPanel({
  bucket,
  objectKey,
  canEdit,
  canAdmin = false,
  onClose,
  onShare,
  onRename,
  onDelete,
}: {
  bucket: string;
  objectKey: string;
  canEdit: boolean;
  /** Admins may delete object versions. */
  canAdmin?: boolean;
  onClose(): void;
  onShare(): void;
  onRename(): void;
  onDelete(): void;
}) {
  const details = useQuery(filesQueries.object(bucket, objectKey));
  return (
    <aside aria-label={`Details of ${baseName(objectKey)}`} className="flex w-full flex-col border-l border-zinc-200 bg-white lg:w-[28rem] dark:border-zinc-800 dark:bg-zinc-900" data-testid="object-details">
      <header className="flex items-start justify-between gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 className="min-w-0 text-sm font-semibold break-all">{baseName(objectKey)}</h2>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close details">
          ✕
        </Button>
      </header>
      <div className="flex-1 space-y-4 overflow-y-auto px-4 py-3 text-sm">
        <div className="flex flex-wrap gap-2">
          <a href={downloadHref(bucket, objectKey)} className={buttonClasses("primary", "sm")} download>
            Download
          </a>
          {canEdit ? (
            <>
              <Button size="sm" onClick={onShare}>
                Share link…
              </Button>
              <Button size="sm" onClick={onRename}>
                Rename…
              </Button>
              <Button size="sm" variant="danger" onClick={onDelete}>
                Delete…
              </Button>
            </>
          ) : null}
        </div>
        {details.isPending ? (
          <LoadingRows rows={6} label="Loading details" />
        ) : details.isError ? (
          <ErrorState title="Could not read this object" error={details.error} onRetry={() => void details.refetch()} />
        ) : (
          <>
            <dl className="divide-y divide-zinc-100 dark:divide-zinc-800">
              <Item label="Key">
                <code className="text-xs">{details.data.key}</code>
              </Item>
              <Item label="Size">
                {formatBytes(details.data.size)} <span className="text-zinc-500">({details.data.size.toLocaleString()} bytes)</span>
              </Item>
              <Item label="Content type">{details.data.contentType ?? "—"}</Item>
              <Item label="ETag">
                <code className="text-xs">{details.data.etag ?? "—"}</code>
              </Item>
              <Item label="Last modified">{details.data.lastModified ? new Date(details.data.lastModified).toLocaleString() : "—"}</Item>
              <Item label="Storage class">{details.data.storageClass}</Item>
              <Item label="Metadata">
                <Pairs values={details.data.metadata} empty="none" />
              </Item>
              <Item label="Tags">
                <Pairs values={details.data.tags} empty="none" />
              </Item>
              <Item label="Versioning">{details.data.versioning === "Unknown" ? "not reported by this store" : details.data.versioning}</Item>
            </dl>
            {details.data.versions.length > 0 ? (
              <ObjectVersions bucket={bucket} objectKey={objectKey} versions={details.data.versions} canEdit={canEdit} canAdmin={canAdmin} />
            ) : null}
            <section>
              <h3 className="mb-1 text-xs font-semibold text-zinc-500 uppercase">Preview</h3>
              <ObjectPreview bucket={bucket} objectKey={objectKey} contentType={details.data.contentType} size={details.data.size} />
            </section>
          </>
        )}
      </div>
    </aside>
  );
}

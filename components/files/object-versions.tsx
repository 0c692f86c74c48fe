"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ObjectVersion } from "@/lib/files/object-details";
import { formatBytes } from "@/lib/format/units";
import { filesApi, filesInvalidation, versionDownloadHref } from "@/lib/files/queries";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice, type NoticeMessage } from "@/components/ui/notice";

type Pending = { kind: "restore" | "delete"; version: ObjectVersion };

/**
 * An object's versions, newest first: download any of them; editors restore one (copied over the current
 * object, which becomes a new version, so nothing is lost); admins delete one for good.
 */
export function ObjectVersions({ bucket, objectKey, versions, canEdit, canAdmin }: { bucket: string; objectKey: string; versions: ObjectVersion[]; canEdit: boolean; canAdmin: boolean }) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<NoticeMessage | null>(null);
  const act = useMutation({
    mutationFn: ({ kind, version }: Pending) =>
      kind === "restore" ? filesApi.restoreVersion(bucket, objectKey, version.versionId) : filesApi.deleteVersion(bucket, objectKey, version.versionId),
    onSuccess: (_, { kind, version }) => {
      setNotice({ tone: "good", text: kind === "restore" ? `Version from ${when(version)} restored; it is now the current version.` : "Version deleted." });
      void filesInvalidation.versionsChanged(queryClient, bucket, objectKey);
    },
    onError: (error) => setNotice({ tone: "bad", text: error.message }),
    onSettled: () => setPending(null),
  });
  return (
    <section>
      <h3 className="mb-1 text-xs font-semibold text-zinc-500 uppercase">Versions</h3>
      <Notice message={notice} onDismiss={() => setNotice(null)} />
      <ul className="divide-y divide-zinc-100 text-xs dark:divide-zinc-800" data-testid="object-versions">
        {versions.map((v) => (
          <li key={v.versionId} className="space-y-1 py-1.5">
            <div className="flex justify-between gap-2">
              <code className="truncate" title={v.versionId}>
                {v.versionId}
              </code>
              <span className="shrink-0 text-zinc-500">
                {v.deleteMarker ? "delete marker" : formatBytes(v.size)} · {when(v)}
                {v.isLatest ? " · current" : ""}
              </span>
            </div>
            {v.deleteMarker ? null : (
              <div className="flex flex-wrap gap-1">
                <a href={versionDownloadHref(bucket, objectKey, v.versionId)} className={buttonClasses("ghost", "sm")} download>
                  Download
                </a>
                {canEdit && !v.isLatest ? (
                  <Button size="sm" variant="ghost" onClick={() => setPending({ kind: "restore", version: v })}>
                    Restore
                  </Button>
                ) : null}
                {canAdmin ? (
                  <Button size="sm" variant="ghost" onClick={() => setPending({ kind: "delete", version: v })}>
                    Delete version
                  </Button>
                ) : null}
              </div>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={pending !== null}
        title={pending?.kind === "restore" ? "Restore this version?" : "Delete this version for good?"}
        confirmLabel={pending?.kind === "restore" ? "Restore" : "Delete version"}
        tone={pending?.kind === "delete" ? "danger" : "primary"}
        busy={act.isPending}
        onConfirm={() => pending && act.mutate(pending)}
        onCancel={() => setPending(null)}
      >
        {pending?.kind === "restore"
          ? `The version from ${pending ? when(pending.version) : ""} is copied over the current object. The current content stays as a previous version.`
          : "Its bytes are removed from the store; this cannot be undone."}
      </ConfirmDialog>
    </section>
  );
}

function when(version: ObjectVersion): string {
  return version.lastModified ? new Date(version.lastModified).toLocaleString() : "unknown time";
}

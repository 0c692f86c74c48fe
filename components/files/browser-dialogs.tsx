"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { OperationView } from "@/lib/files/operation-schemas";
import { filesHref } from "@/lib/files/paths";
import { filesApi, filesInvalidation } from "@/lib/files/queries";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FailureList } from "./failure-list";
import { NewFolderDialog } from "./new-folder-dialog";
import type { NoticeMessage } from "@/components/ui/notice";
import { ShareDialog } from "./share-dialog";
import { TransferDialog, type TransferSource } from "./transfer-dialog";
import { ZipDialog } from "./zip-dialog";

/** The one dialog the browser may have open. */
export type BrowserDialog =
  | { kind: "none" }
  | { kind: "folder" }
  | { kind: "delete"; keys: string[]; prefixes: string[] }
  | { kind: "transfer"; mode: "copy" | "move" | "rename"; sources: TransferSource[] }
  | { kind: "share"; key: string }
  | { kind: "zip"; sources: TransferSource[] };

/** What a finished dialog tells the browser: the notice to show, and whether the selection and any of these keys are gone. */
export type DialogOutcome = { notice: NoticeMessage; clearSelection: boolean; gone: string[]; started?: OperationView };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The browser's dialogs (new folder, delete, copy/move/rename, share) and what each does when it finishes. */
export function BrowserDialogs({
  dialog,
  bucket,
  prefix,
  onClose,
  onOutcome,
}: {
  dialog: BrowserDialog;
  bucket: string;
  prefix: string;
  onClose(): void;
  onOutcome(outcome: DialogOutcome): void;
}) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [deleteInBackground, setDeleteInBackground] = useState(false);
  const jobStarted = (op: OperationView, text: string) => {
    onClose();
    void filesInvalidation.operationsChanged(queryClient);
    onOutcome({ clearSelection: true, gone: [], started: op, notice: { tone: "good", text } });
  };
  const deleteJob = useMutation({
    mutationFn: (body: { keys: string[]; prefixes: string[] }) =>
      filesApi.startOperation({ kind: "delete", sourceBucket: bucket, items: [...body.prefixes, ...body.keys].map((source) => ({ source })) }),
    onSuccess: (op) => jobStarted(op, "Delete started as a background operation; its progress is shown above the list."),
    onError: (error) => onOutcome({ clearSelection: false, gone: [], notice: { tone: "bad", text: error.message } }),
  });
  const remove = useMutation({
    mutationFn: (body: { keys: string[]; prefixes: string[] }) => filesApi.deleteObjects(bucket, body),
    onSuccess: (result, body) =>
      onOutcome({
        clearSelection: true,
        gone: body.keys,
        notice:
          result.failed.length === 0
            ? { tone: "good", text: `Deleted ${plural(result.deleted, "object")}.` }
            : {
                tone: "bad",
                text: (
                  <>
                    Deleted {result.deleted}; {result.failed.length} could not be deleted:
                    <FailureList failures={result.failed.map((f) => ({ id: f.key, label: f.key, reason: `${f.message} (${f.code})` }))} />
                  </>
                ),
              },
      }),
    onError: (error) => onOutcome({ clearSelection: false, gone: [], notice: { tone: "bad", text: error.message } }),
    onSettled: () => {
      onClose();
      void filesInvalidation.objectsChanged(queryClient, bucket);
    },
  });

  return (
    <>
      <NewFolderDialog
        open={dialog.kind === "folder"}
        bucket={bucket}
        prefix={prefix}
        onClose={onClose}
        onCreated={(created) => {
          onClose();
          void filesInvalidation.objectsChanged(queryClient, bucket);
          // A new folder is made to put things in: open it.
          router.push(filesHref(bucket, created));
        }}
      />
      <ConfirmDialog
        open={dialog.kind === "delete"}
        title="Delete permanently?"
        confirmLabel="Delete"
        tone="danger"
        busy={remove.isPending || deleteJob.isPending}
        onConfirm={() => {
          if (dialog.kind !== "delete") return;
          const body = { keys: dialog.keys, prefixes: dialog.prefixes };
          if (deleteInBackground && dialog.prefixes.length > 0) deleteJob.mutate(body);
          else remove.mutate(body);
        }}
        onCancel={onClose}
      >
        {dialog.kind === "delete" ? (
          <>
            {dialog.keys.length > 0 ? plural(dialog.keys.length, "file") : ""}
            {dialog.keys.length > 0 && dialog.prefixes.length > 0 ? " and " : ""}
            {dialog.prefixes.length > 0 ? `${plural(dialog.prefixes.length, "folder")} with everything inside` : ""} will be deleted from {bucket}. This
            cannot be undone (unless the bucket keeps versions).
            {dialog.prefixes.length > 0 ? (
              <label className="mt-3 flex items-start gap-2">
                <input type="checkbox" className="mt-0.5" checked={deleteInBackground} onChange={(e) => setDeleteInBackground(e.target.checked)} />
                <span>Run as a background operation (large folders: progress and Cancel appear above the list)</span>
              </label>
            ) : null}
          </>
        ) : null}
      </ConfirmDialog>
      {dialog.kind === "transfer" ? (
        <TransferDialog
          open
          mode={dialog.mode}
          bucket={bucket}
          prefix={prefix}
          sources={dialog.sources}
          onClose={onClose}
          onDone={(result, summary) => {
            onClose();
            onOutcome({
              clearSelection: true,
              gone: dialog.mode === "copy" ? [] : dialog.sources.map((s) => s.source),
              notice: {
                tone: result.failed.length ? "bad" : "good",
                text: (
                  <>
                    {summary}
                    <FailureList failures={result.failed.map((f) => ({ id: f.source, label: f.source, reason: f.message }))} />
                  </>
                ),
              },
            });
            // A copy or move may land in another bucket: every listing may be stale.
            void filesInvalidation.objectsChanged(queryClient);
          }}
          onStarted={(op) => jobStarted(op, `${op.kind === "copy" ? "Copy" : "Move"} started as a background operation; its progress is shown above the list.`)}
        />
      ) : null}
      {dialog.kind === "zip" ? (
        <ZipDialog
          bucket={bucket}
          sources={dialog.sources}
          onClose={onClose}
          onStarted={(op) => jobStarted(op, "Zip started; its download appears above the list when it is ready.")}
        />
      ) : null}
      {dialog.kind === "share" ? <ShareDialog open bucket={bucket} objectKey={dialog.key} onClose={onClose} /> : null}
    </>
  );
}

"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { filesHref } from "@/lib/files/paths";
import { filesApi, filesInvalidation } from "@/lib/files/queries";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FailureList } from "./failure-list";
import { NewFolderDialog } from "./new-folder-dialog";
import type { NoticeMessage } from "@/components/ui/notice";
import { ShareDialog } from "./share-dialog";
import { TransferDialog, type TransferSource } from "./transfer-dialog";

/** The one dialog the browser may have open. */
export type BrowserDialog =
  | { kind: "none" }
  | { kind: "folder" }
  | { kind: "delete"; keys: string[]; prefixes: string[] }
  | { kind: "transfer"; mode: "copy" | "move" | "rename"; sources: TransferSource[] }
  | { kind: "share"; key: string };

/** What a finished dialog tells the browser: the notice to show, and whether the selection and any of these keys are gone. */
export type DialogOutcome = { notice: NoticeMessage; clearSelection: boolean; gone: string[] };

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
        busy={remove.isPending}
        onConfirm={() => dialog.kind === "delete" && remove.mutate({ keys: dialog.keys, prefixes: dialog.prefixes })}
        onCancel={onClose}
      >
        {dialog.kind === "delete" ? (
          <>
            {dialog.keys.length > 0 ? plural(dialog.keys.length, "file") : ""}
            {dialog.keys.length > 0 && dialog.prefixes.length > 0 ? " and " : ""}
            {dialog.prefixes.length > 0 ? `${plural(dialog.prefixes.length, "folder")} with everything inside` : ""} will be deleted from {bucket}. This
            cannot be undone (unless the bucket keeps versions).
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
        />
      ) : null}
      {dialog.kind === "share" ? <ShareDialog open bucket={bucket} objectKey={dialog.key} onClose={onClose} /> : null}
    </>
  );
}

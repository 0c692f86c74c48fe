"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/lib/http/api-fetch";
import { baseName, objectKeyProblem } from "@/lib/files/names";
import type { OperationView } from "@/lib/files/operation-schemas";
import { filesApi, filesQueries } from "@/lib/files/queries";
import type { TransferResult } from "@/lib/files/transfer-objects";
import { Dialog, Field, inputClasses } from "@/components/ui/dialog";

export type TransferSource = { source: string; folder: boolean };

/**
 * Copy or move the selected files and folders to a folder (any bucket), or rename a single item.
 * The server copies; nothing passes through the browser.
 */
export function TransferDialog({
  open,
  mode,
  bucket,
  prefix,
  sources,
  onClose,
  onDone,
  onStarted,
}: {
  open: boolean;
  mode: "copy" | "move" | "rename";
  bucket: string;
  prefix: string;
  sources: TransferSource[];
  onClose(): void;
  onDone(result: TransferResult, summary: string): void;
  /** Run as a background operation (a job): it was started. */
  onStarted(op: OperationView): void;
}) {
  const single = sources.length === 1 ? sources[0]! : null;
  const [destinationBucket, setDestinationBucket] = useState(bucket);
  const [destinationPrefix, setDestinationPrefix] = useState(prefix);
  const [newName, setNewName] = useState(single ? baseName(single.source) : "");
  const buckets = useQuery({ ...filesQueries.buckets(), enabled: open && mode !== "rename" });
  // Folders of any size go as a job (the request itself stops at 10,000 objects); offered for any selection with a folder.
  const hasFolder = sources.some((s) => s.folder);
  const [background, setBackground] = useState(false);

  const folder = destinationPrefix === "" || destinationPrefix.endsWith("/") ? destinationPrefix : `${destinationPrefix}/`;
  const items =
    mode === "rename" && single
      ? [{ source: single.source, destination: `${prefix}${newName}${single.folder ? "/" : ""}` }]
      : sources.map((s) => ({ source: s.source, destination: `${folder}${baseName(s.source)}${s.folder ? "/" : ""}` }));
  const problem =
    mode === "rename" && (newName.trim() === "" || newName.includes("/"))
      ? "A name is not empty and has no /."
      : items.map((i) => objectKeyProblem(i.destination)).find((p) => p !== null) ?? null;

  const target = mode === "rename" ? bucket : destinationBucket;
  const run = useMutation({
    mutationFn: () => filesApi.transfer({ mode: mode === "copy" ? "copy" : "move", sourceBucket: bucket, destinationBucket: target, items }),
    onSuccess: (result) => {
      const verb = mode === "copy" ? "Copied" : mode === "move" ? "Moved" : "Renamed";
      onDone(result, `${verb} ${result.transferred} object${result.transferred === 1 ? "" : "s"}${result.failed.length ? `; ${result.failed.length} failed` : ""}.`);
    },
    // Too many objects for one request: offer the job instead.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 413) setBackground(true);
    },
  });
  const job = useMutation({
    mutationFn: () => filesApi.startOperation({ kind: mode === "copy" ? "copy" : "move", sourceBucket: bucket, destinationBucket: target, items }),
    onSuccess: onStarted,
  });
  const error = background ? (job.error ?? (run.error instanceof ApiError && run.error.status === 413 ? run.error : null)) : run.error;

  const title = mode === "rename" ? `Rename ${single ? baseName(single.source) : ""}` : `${mode === "copy" ? "Copy" : "Move"} ${sources.length} item${sources.length === 1 ? "" : "s"}`;
  return (
    <Dialog
      open={open}
      title={title}
      description={mode === "rename" ? "Renaming copies the object to its new name on the server, then deletes the old one." : "Folders go with everything inside them. Existing objects with the same name are replaced."}
      submitLabel={mode === "copy" ? "Copy" : mode === "move" ? "Move" : "Rename"}
      busy={run.isPending || job.isPending}
      submitDisabled={problem !== null || sources.length === 0}
      onSubmit={() => (background ? job.mutate() : run.mutate())}
      onClose={() => {
        run.reset();
        job.reset();
        onClose();
      }}
    >
      {mode === "rename" ? (
        <Field id="new-name" label="New name" error={problem}>
          <input id="new-name" className={inputClasses} value={newName} onChange={(e) => setNewName(e.target.value)} autoFocus autoComplete="off" />
        </Field>
      ) : (
        <>
          <Field id="destination-bucket" label="Destination bucket">
            <select id="destination-bucket" className={inputClasses} value={destinationBucket} onChange={(e) => setDestinationBucket(e.target.value)}>
              {(buckets.data?.buckets ?? [{ name: bucket }]).map((b) => (
                <option key={b.name} value={b.name}>
                  {b.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="destination-prefix" label="Destination folder" hint="Empty for the bucket's root; e.g. archive/2026/" error={problem}>
            <input id="destination-prefix" className={inputClasses} value={destinationPrefix} onChange={(e) => setDestinationPrefix(e.target.value)} autoComplete="off" />
          </Field>
        </>
      )}
      {hasFolder ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" className="mt-0.5" checked={background} onChange={(e) => setBackground(e.target.checked)} />
          <span>
            Run as a background operation
            <span className="block text-xs text-zinc-500">For folders of any size (a request handles up to 10,000 objects): progress and Cancel appear above the list.</span>
          </span>
        </label>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error.message}
          {background && error === run.error ? " Run it as a background operation instead (ticked above)." : ""}
        </p>
      ) : null}
    </Dialog>
  );
}

"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { baseName, objectKeyProblem } from "@/lib/files/names";
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
}: {
  open: boolean;
  mode: "copy" | "move" | "rename";
  bucket: string;
  prefix: string;
  sources: TransferSource[];
  onClose(): void;
  onDone(result: TransferResult, summary: string): void;
}) {
  const single = sources.length === 1 ? sources[0]! : null;
  const [destinationBucket, setDestinationBucket] = useState(bucket);
  const [destinationPrefix, setDestinationPrefix] = useState(prefix);
  const [newName, setNewName] = useState(single ? baseName(single.source) : "");
  const buckets = useQuery({ ...filesQueries.buckets(), enabled: open && mode !== "rename" });

  const folder = destinationPrefix === "" || destinationPrefix.endsWith("/") ? destinationPrefix : `${destinationPrefix}/`;
  const items =
    mode === "rename" && single
      ? [{ source: single.source, destination: `${prefix}${newName}${single.folder ? "/" : ""}` }]
      : sources.map((s) => ({ source: s.source, destination: `${folder}${baseName(s.source)}${s.folder ? "/" : ""}` }));
  const problem =
    mode === "rename" && (newName.trim() === "" || newName.includes("/"))
      ? "A name is not empty and has no /."
      : items.map((i) => objectKeyProblem(i.destination)).find((p) => p !== null) ?? null;

  const run = useMutation({
    mutationFn: () =>
      filesApi.transfer({ mode: mode === "copy" ? "copy" : "move", sourceBucket: bucket, destinationBucket: mode === "rename" ? bucket : destinationBucket, items }),
    onSuccess: (result) => {
      const verb = mode === "copy" ? "Copied" : mode === "move" ? "Moved" : "Renamed";
      onDone(result, `${verb} ${result.transferred} object${result.transferred === 1 ? "" : "s"}${result.failed.length ? `; ${result.failed.length} failed` : ""}.`);
    },
  });

  const title = mode === "rename" ? `Rename ${single ? baseName(single.source) : ""}` : `${mode === "copy" ? "Copy" : "Move"} ${sources.length} item${sources.length === 1 ? "" : "s"}`;
  return (
    <Dialog
      open={open}
      title={title}
      description={mode === "rename" ? "Renaming copies the object to its new name on the server, then deletes the old one." : "Folders go with everything inside them. Existing objects with the same name are replaced."}
      submitLabel={mode === "copy" ? "Copy" : mode === "move" ? "Move" : "Rename"}
      busy={run.isPending}
      submitDisabled={problem !== null || sources.length === 0}
      onSubmit={() => run.mutate()}
      onClose={() => {
        run.reset();
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
      {run.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {run.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}

"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { baseName } from "@/lib/files/names";
import type { OperationView } from "@/lib/files/operation-schemas";
import { filesApi } from "@/lib/files/queries";
import { Dialog, Field, inputClasses } from "@/components/ui/dialog";
import type { TransferSource } from "./transfer-dialog";

/** Zips the selected files and folders in a job (in the store's temporary bucket); the download is offered when it is ready. */
export function ZipDialog({ bucket, sources, onClose, onStarted }: { bucket: string; sources: TransferSource[]; onClose(): void; onStarted(op: OperationView): void }) {
  const [name, setName] = useState(sources.length === 1 ? baseName(sources[0]!.source).replace(/\/$/, "") : "selection");
  const problem = name.trim() === "" || /[/\\\u0000-\u001f]/.test(name) ? "A name has no slashes or control characters." : null;
  const start = useMutation({
    mutationFn: () => filesApi.startOperation({ kind: "zip", sourceBucket: bucket, items: sources.map((s) => ({ source: s.source })), name: name.trim() }),
    onSuccess: onStarted,
  });
  return (
    <Dialog
      open
      title={`Zip ${sources.length} item${sources.length === 1 ? "" : "s"}`}
      description="The archive is built by a background job inside the object store (folders with everything in them); its download appears above the list when it is ready, and it is kept for a day."
      submitLabel="Start zip"
      busy={start.isPending}
      submitDisabled={problem !== null || sources.length === 0}
      onSubmit={() => start.mutate()}
      onClose={onClose}
    >
      <Field id="zip-name" label="Archive name" hint=".zip is added" error={problem}>
        <input id="zip-name" className={inputClasses} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </Field>
      {start.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {start.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}

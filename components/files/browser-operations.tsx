"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { OperationView } from "@/lib/files/operation-schemas";
import { filesInvalidation, filesQueries } from "@/lib/files/queries";
import { Button } from "@/components/ui/button";
import { active, CancelOperationDialog, OperationActions, OperationStatus, Progress, what } from "./operations-table";

/**
 * The folder operations (jobs) of this bucket, where they were started: those still running and those this
 * tab started, each with its progress (polled), Cancel while it runs, and the zip's presigned download when
 * it is ready. Listings are refreshed when one of them finishes.
 */
export function BrowserOperations({ bucket, started, onDismiss }: { bucket: string; started: string[]; onDismiss(id: string): void }) {
  const queryClient = useQueryClient();
  const query = useQuery(filesQueries.operations("mine"));
  const [cancelling, setCancelling] = useState<OperationView | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const shown = (query.data?.items ?? []).filter(
    (op) => (op.sourceBucket === bucket || op.destinationBucket === bucket) && (started.includes(op.id) || active(op)),
  );

  // A job that changes objects refreshes the listings when it ends.
  const wasActive = useRef(new Set<string>());
  useEffect(() => {
    for (const op of shown) {
      if (active(op)) wasActive.current.add(op.id);
      else if (wasActive.current.delete(op.id) && op.kind !== "zip") void filesInvalidation.objectsChanged(queryClient);
    }
  }, [shown, queryClient]);

  if (shown.length === 0) return null;
  return (
    <section aria-label="Folder operations" className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {shown.map((op) => (
          <li key={op.id} data-testid="browser-operation" className="flex flex-wrap items-center gap-3 py-1.5">
            <span className="min-w-0 flex-1 truncate" title={what(op)}>
              {what(op)}
            </span>
            <OperationStatus op={op} />
            <Progress op={op} />
            {op.failed > 0 && op.failures[0] ? (
              <span className="max-w-xs truncate text-xs text-red-700 dark:text-red-400" title={op.failures.map((f) => `${f.key}: ${f.message}`).join("\n")}>
                {op.failures[0].key}: {op.failures[0].message}
              </span>
            ) : null}
            <OperationActions op={op} onCancel={setCancelling} />
            {!active(op) ? (
              <Button size="sm" variant="ghost" onClick={() => onDismiss(op.id)} aria-label={`Dismiss ${what(op)}`}>
                Dismiss
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {cancelError ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {cancelError}
        </p>
      ) : null}
      <CancelOperationDialog
        operation={cancelling}
        onClose={() => setCancelling(null)}
        onCancelled={() => setCancelError(null)}
        onFailed={(error) => setCancelError(error.message)}
      />
    </section>
  );
}

"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guards";
import type { Tier } from "@/lib/contexts/schemas";
import { contextExportHref, contextsInvalidation } from "@/lib/contexts/queries";
import { Button, buttonClasses } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { StatusText } from "@/components/ui/notice";

type Action = (userId: string, conversationId: string) => Promise<ActionResult<unknown>>;

/** Archive now, restore to warm, delete everywhere, export JSON — each confirmed when it cannot be undone. */
export function ContextActions({
  userId,
  conversationId,
  tier,
  archive,
  restore,
  remove,
}: {
  userId: string;
  conversationId: string;
  tier: Tier;
  archive: Action;
  restore: Action;
  remove: Action;
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState<"archive" | "delete" | null>(null);
  const [message, setMessage] = useState<{ tone: "good" | "bad"; text: string } | null>(null);

  function run(action: Action, done: string, after?: () => void) {
    startTransition(async () => {
      const result = await action(userId, conversationId);
      setConfirming(null);
      if (!result.ok) {
        setMessage({ tone: "bad", text: result.error.message });
        return;
      }
      setMessage({ tone: "good", text: done });
      void contextsInvalidation.contextsChanged(queryClient);
      if (after) after();
      else router.refresh();
    });
  }

  const exportHref = contextExportHref(userId, conversationId);
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap justify-end gap-2">
        {tier === "cold" ? (
          <Button onClick={() => run(restore, "Restored to the warm tier.")} disabled={pending}>
            Restore to warm
          </Button>
        ) : (
          <Button onClick={() => setConfirming("archive")} disabled={pending}>
            Archive now
          </Button>
        )}
        <a href={exportHref} download className={buttonClasses("secondary")}>
          Export JSON
        </a>
        <Button variant="danger" onClick={() => setConfirming("delete")} disabled={pending}>
          Delete
        </Button>
      </div>
      <StatusText message={message} />
      <ConfirmDialog
        open={confirming === "archive"}
        title="Archive this context now?"
        confirmLabel="Archive"
        busy={pending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => run(archive, "Archived: the context is in the cold tier.")}
      >
        It leaves Redis and the warm table for the archive. The next API read brings it back to warm; so does “Restore to warm”.
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === "delete"}
        title="Delete this context everywhere?"
        confirmLabel="Delete"
        tone="danger"
        busy={pending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => run(remove, "Deleted.", () => router.push("/contexts/search"))}
      >
        Its messages are removed from Redis, PostgreSQL and the archive. This cannot be undone; export it first if you may need it.
      </ConfirmDialog>
    </div>
  );
}

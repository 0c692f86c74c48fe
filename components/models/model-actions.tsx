"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guards";
import type { Role } from "@/lib/auth/roles";
import type { ModelView } from "@/lib/models/schemas";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export type ModelActionHandlers = {
  promote: (id: string) => Promise<ActionResult<unknown>>;
  demote: (id: string) => Promise<ActionResult<unknown>>;
  cancel: (id: string) => Promise<ActionResult<unknown>>;
  pin: (id: string, pinned: boolean) => Promise<ActionResult<unknown>>;
  remove: (id: string) => Promise<ActionResult<unknown>>;
};

type Confirming = "promote" | "demote" | "cancel" | "delete" | null;

const rank: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

/**
 * A model row's actions, offered by role (editors promote, cancel and pin; admins demote and delete) — the
 * server checks again. Moves and deletion are confirmed first.
 */
export function ModelActions({ model, role, actions }: { model: ModelView; role: Role; actions: ModelActionHandlers }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [error, setError] = useState<string | null>(null);
  const can = (needed: Role) => rank[role] >= rank[needed];

  function run(call: () => Promise<ActionResult<unknown>>) {
    startTransition(async () => {
      const result = await call();
      setConfirming(null);
      setError(result.ok ? null : result.error.message);
      router.refresh();
    });
  }

  if (!can("editor")) return null;
  const questions: Record<NonNullable<Confirming>, { title: string; confirmLabel: string; tone?: "danger"; body: string; act: () => Promise<ActionResult<unknown>> }> = {
    promote: {
      title: `Promote ${model.id}?`,
      confirmLabel: "Promote",
      body: "Copies its files to the hot tier. If the tier would pass its high watermark, least-recently-used models that are neither pinned nor in use are demoted first.",
      act: () => actions.promote(model.id),
    },
    cancel: {
      title: `Cancel the promotion of ${model.id}?`,
      confirmLabel: "Cancel promotion",
      body: "What was copied so far is deleted from the hot tier; the model stays cold.",
      act: () => actions.cancel(model.id),
    },
    demote: {
      title: `Demote ${model.id}?`,
      confirmLabel: "Demote",
      body: "The hot copy is deleted once the cold copy is checked complete. Services resolving it afterwards read from cold until it is promoted again.",
      act: () => actions.demote(model.id),
    },
    delete: {
      title: `Delete ${model.id} from every tier?`,
      confirmLabel: "Delete everywhere",
      tone: "danger",
      body: "Deletes the hot copy, every file in the cold bucket (the only full copy) and the registration. This cannot be undone.",
      act: () => actions.remove(model.id),
    },
  };
  // One dialog, its words chosen by the action asked about.
  const question = confirming ? questions[confirming] : null;
  const moving = model.state === "promoting" || model.state === "demoting";
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-1">
        {model.state === "cold" ? (
          <Button size="sm" onClick={() => setConfirming("promote")} disabled={pending}>
            Promote
          </Button>
        ) : null}
        {model.state === "promoting" ? (
          <Button size="sm" onClick={() => setConfirming("cancel")} disabled={pending || model.activeMove?.status === "canceling"}>
            Cancel
          </Button>
        ) : null}
        {model.state === "hot" && can("admin") ? (
          <Button size="sm" onClick={() => setConfirming("demote")} disabled={pending}>
            Demote
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => run(() => actions.pin(model.id, !model.pinned))} disabled={pending}>
          {model.pinned ? "Unpin" : "Pin"}
        </Button>
        {can("admin") ? (
          <Button size="sm" variant="ghost" className="text-red-700 dark:text-red-400" onClick={() => setConfirming("delete")} disabled={pending || moving}>
            Delete
          </Button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="max-w-xs text-right text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <ConfirmDialog
        open={question !== null}
        title={question?.title ?? ""}
        confirmLabel={question?.confirmLabel ?? ""}
        tone={question?.tone}
        busy={pending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => question && run(question.act)}
      >
        {question?.body}
      </ConfirmDialog>
    </div>
  );
}

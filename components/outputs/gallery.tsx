"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guards";
import type { GalleryItem } from "@/lib/outputs/gallery";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/states";
import { OutputCard } from "./output-card";

type DeleteAction = (ids: string[]) => Promise<ActionResult<{ deleted: number; failed: number }>>;

/** The grid of outputs with selection and a confirmed bulk delete. */
export function OutputsGallery({ items, showOwner, filtered, remove }: { items: GalleryItem[]; showOwner: boolean; filtered: boolean; remove: DeleteAction }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "good" | "bad"; text: string } | null>(null);

  if (items.length === 0) {
    return (
      <EmptyState title={filtered ? "No outputs match these filters" : "No outputs yet"}>
        {filtered
          ? "Clear the filters or widen the dates."
          : "Images and audio generated for you appear here once the service that made them uploads them (POST /api/v1/outputs)."}
      </EmptyState>
    );
  }

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  function deleteSelected() {
    startTransition(async () => {
      const result = await remove([...selected]);
      setConfirming(false);
      if (!result.ok) {
        setMessage({ tone: "bad", text: result.error.message });
        return;
      }
      const { deleted, failed } = result.data;
      setMessage({
        tone: failed > 0 ? "bad" : "good",
        text: `${deleted} ${deleted === 1 ? "output" : "outputs"} deleted from every tier.${failed > 0 ? ` ${failed} could not be deleted; try again.` : ""}`,
      });
      setSelected(new Set());
      router.refresh();
    });
  }

  return (
    <>
      <div className="mb-3 flex min-h-9 flex-wrap items-center gap-2 text-sm" role="toolbar" aria-label="Selection">
        <span className="text-zinc-500">{selected.size > 0 ? `${selected.size} selected` : `${items.length} on this page`}</span>
        <Button size="sm" variant="ghost" onClick={() => setSelected(new Set(items.map((i) => i.id)))}>
          Select all
        </Button>
        {selected.size > 0 ? (
          <>
            <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
            <Button size="sm" variant="danger" onClick={() => setConfirming(true)} disabled={pending}>
              Delete…
            </Button>
          </>
        ) : null}
        {message ? (
          <span role="status" className={message.tone === "good" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
            {message.text}
          </span>
        ) : null}
      </div>
      <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6">
        {items.map((item) => (
          <OutputCard key={item.id} item={item} selected={selected.has(item.id)} onToggle={toggle} showOwner={showOwner} />
        ))}
      </ul>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${selected.size} ${selected.size === 1 ? "output" : "outputs"}?`}
        confirmLabel="Delete from every tier"
        tone="danger"
        busy={pending}
        onCancel={() => setConfirming(false)}
        onConfirm={deleteSelected}
      >
        They are removed from the hot and the cold bucket and from the registry. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}

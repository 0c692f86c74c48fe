"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guards";
import type { GalleryItem } from "@/lib/outputs/gallery";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataGrid } from "@/components/ui/data-grid";
import { SelectionToolbar } from "@/components/ui/selection-toolbar";
import { useSelection } from "@/components/ui/use-selection";
import { OutputCard } from "./output-card";

type DeleteAction = (ids: string[]) => Promise<ActionResult<{ deleted: number; failed: number }>>;

/** The grid of outputs with selection and a confirmed bulk delete from every tier. */
export function OutputsGallery({ items, showOwner, filtered, remove }: { items: GalleryItem[]; showOwner: boolean; filtered: boolean; remove: DeleteAction }) {
  const router = useRouter();
  const label = useCallback((id: string) => `Select ${items.find((i) => i.id === id)?.filename ?? id}`, [items]);
  const selection = useSelection(label);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "good" | "bad"; text: string } | null>(null);
  const count = selection.selected.size;

  function deleteSelected() {
    startTransition(async () => {
      const result = await remove([...selection.selected]);
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
      selection.clear();
      router.refresh();
    });
  }

  return (
    <>
      <div className="mb-3 flex min-h-9 flex-wrap items-center gap-2 text-sm">
        {count === 0 && items.length > 0 ? (
          <>
            <span className="text-zinc-500">{items.length} on this page</span>
            <Button size="sm" variant="ghost" onClick={() => selection.onChange(new Set(items.map((i) => i.id)))}>
              Select all
            </Button>
          </>
        ) : null}
        <SelectionToolbar count={count} onClear={selection.clear}>
          <Button size="sm" variant="danger" onClick={() => setConfirming(true)} disabled={pending}>
            Delete…
          </Button>
        </SelectionToolbar>
        {message ? (
          <span role="status" className={message.tone === "good" ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}>
            {message.text}
          </span>
        ) : null}
      </div>
      <DataGrid
        label="Generated outputs"
        rows={items}
        rowKey={(item) => item.id}
        selection={selection}
        minItemWidth="11rem"
        renderItem={(item) => <OutputCard item={item} showOwner={showOwner} />}
        empty={{
          title: filtered ? "No outputs match these filters" : "No outputs yet",
          children: filtered
            ? "Clear the filters or widen the dates."
            : "Images and audio generated for you appear here once the service that made them uploads them (POST /api/v1/outputs).",
        }}
      />
      <ConfirmDialog
        open={confirming}
        title={`Delete ${count} ${count === 1 ? "output" : "outputs"}?`}
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

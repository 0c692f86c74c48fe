"use client";

import { Button } from "@/components/ui/button";
import { SelectionToolbar } from "@/components/ui/selection-toolbar";
import type { BrowserDialog } from "./browser-dialogs";
import type { TransferSource } from "./transfer-dialog";

/** The bulk actions on the selected files and folders; editing ones only for editors. */
export function ObjectSelectionToolbar({
  files,
  folders,
  canEdit,
  onDownload,
  onOpen,
  onClear,
}: {
  files: string[];
  folders: string[];
  canEdit: boolean;
  onDownload(): void;
  onOpen(dialog: BrowserDialog): void;
  onClear(): void;
}) {
  const sources: TransferSource[] = [...folders.map((p) => ({ source: p, folder: true })), ...files.map((k) => ({ source: k, folder: false }))];
  return (
    <SelectionToolbar count={sources.length} onClear={onClear}>
      <Button size="sm" onClick={onDownload} disabled={files.length === 0} title="Downloads the selected files one by one (up to 20); Zip… packs folders and many files">
        Download
      </Button>
      <Button size="sm" onClick={() => onOpen({ kind: "zip", sources })}>
        Zip…
      </Button>
      {canEdit ? (
        <>
          <Button size="sm" onClick={() => onOpen({ kind: "transfer", mode: "copy", sources })}>
            Copy…
          </Button>
          <Button size="sm" onClick={() => onOpen({ kind: "transfer", mode: "move", sources })}>
            Move…
          </Button>
          {sources.length === 1 ? (
            <Button size="sm" onClick={() => onOpen({ kind: "transfer", mode: "rename", sources })}>
              Rename…
            </Button>
          ) : null}
          {files.length === 1 && folders.length === 0 ? (
            <Button size="sm" onClick={() => onOpen({ kind: "share", key: files[0]! })}>
              Share link…
            </Button>
          ) : null}
          <Button size="sm" variant="danger" onClick={() => onOpen({ kind: "delete", keys: files, prefixes: folders })}>
            Delete…
          </Button>
        </>
      ) : null}
    </SelectionToolbar>
  );
}

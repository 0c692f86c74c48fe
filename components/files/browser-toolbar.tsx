"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { inputClasses } from "@/components/ui/dialog";
import { filesFromInput, type DroppedFile } from "./drop-files";

/** The filter box, refresh, and (for editors) upload and new-folder buttons above the listing. */
export function BrowserToolbar({
  filter,
  onFilterChange,
  onRefresh,
  canEdit,
  onUpload,
  onNewFolder,
}: {
  filter: string;
  onFilterChange(value: string): void;
  onRefresh(): void;
  canEdit: boolean;
  onUpload(files: DroppedFile[]): void;
  onNewFolder(): void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const picked = (input: HTMLInputElement) => {
    if (input.files) onUpload(filesFromInput(input.files));
    input.value = "";
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <input
        type="search"
        aria-label="Filter by name prefix"
        placeholder="Filter by name prefix…"
        className={`${inputClasses} max-w-xs`}
        value={filter}
        onChange={(e) => onFilterChange(e.target.value)}
      />
      <Button size="sm" onClick={onRefresh} aria-label="Refresh the listing">
        Refresh
      </Button>
      <div className="flex-1" />
      {canEdit ? (
        <>
          <Button size="sm" variant="primary" onClick={() => fileInput.current?.click()}>
            Upload files
          </Button>
          <Button size="sm" onClick={() => folderInput.current?.click()}>
            Upload folder
          </Button>
          <Button size="sm" onClick={onNewFolder}>
            New folder
          </Button>
        </>
      ) : null}
      <input ref={fileInput} type="file" multiple hidden data-testid="upload-input" onChange={(e) => picked(e.target)} />
      <input ref={folderInput} type="file" hidden {...{ webkitdirectory: "" }} onChange={(e) => picked(e.target)} />
    </div>
  );
}

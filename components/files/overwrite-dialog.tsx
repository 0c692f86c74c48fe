"use client";

import { baseName } from "@/lib/files/names";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";

export type PendingUpload = { items: { file: File; key: string }[]; existing: string[] };

/**
 * Asked before an upload would replace files: S3 overwrites without a word, so the browser checks the keys
 * first (`existingKeys`) and lets the person replace them, upload only the new ones, or stop.
 */
export function OverwriteDialog({
  pending,
  bucket,
  onReplace,
  onSkipExisting,
  onClose,
}: {
  pending: PendingUpload | null;
  bucket: string;
  onReplace(): void;
  onSkipExisting(): void;
  onClose(): void;
}) {
  const count = pending?.existing.length ?? 0;
  const fresh = (pending?.items.length ?? 0) - count;
  return (
    <Dialog
      open={pending !== null}
      title={count === 1 ? "Replace an existing file?" : `Replace ${count} existing files?`}
      description={`In s3://${bucket}, ${count === 1 ? "this file already exists" : "these files already exist"}; uploading replaces ${count === 1 ? "it" : "them"} (with versioning on, the old content stays as a previous version).`}
      submitLabel={count === 1 ? "Replace it" : "Replace them"}
      tone="danger"
      onSubmit={onReplace}
      onClose={onClose}
    >
      <ul className="max-h-40 list-disc overflow-y-auto pl-5 text-sm" data-testid="overwrite-list">
        {pending?.existing.slice(0, 50).map((key) => (
          <li key={key} className="break-all" title={key}>
            {baseName(key)}
          </li>
        ))}
        {count > 50 ? <li>… and {count - 50} more</li> : null}
      </ul>
      {fresh > 0 ? (
        <Button size="sm" onClick={onSkipExisting}>
          Upload only the {fresh} new file{fresh === 1 ? "" : "s"}
        </Button>
      ) : null}
    </Dialog>
  );
}

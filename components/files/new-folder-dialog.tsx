"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { objectKeyProblem } from "@/lib/files/names";
import { filesApi } from "@/lib/files/queries";
import { Dialog, Field, inputClasses } from "@/components/ui/dialog";

export function NewFolderDialog({ open, bucket, prefix, onClose, onCreated }: { open: boolean; bucket: string; prefix: string; onClose(): void; onCreated(prefix: string): void }) {
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: () => filesApi.createFolder(bucket, prefix, name),
    onSuccess: ({ prefix: created }) => {
      setName("");
      onCreated(created);
    },
  });
  const trimmed = name.trim();
  const problem = trimmed === "" ? null : trimmed.includes("/") ? "A folder name has no /." : objectKeyProblem(`${prefix}${trimmed}/`);
  return (
    <Dialog
      open={open}
      title="New folder"
      description={`Inside s3://${bucket}/${prefix}`}
      submitLabel="Create folder"
      busy={create.isPending}
      submitDisabled={trimmed === "" || problem !== null}
      onSubmit={() => create.mutate()}
      onClose={() => {
        create.reset();
        onClose();
      }}
    >
      <Field id="folder-name" label="Folder name" error={problem ?? create.error?.message ?? null}>
        <input id="folder-name" className={inputClasses} value={name} onChange={(e) => setName(e.target.value)} autoFocus autoComplete="off" />
      </Field>
    </Dialog>
  );
}

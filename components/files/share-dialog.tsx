"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { filesApi } from "@/lib/files/queries";
import { Button } from "@/components/ui/button";
import { Dialog, Field, inputClasses } from "@/components/ui/dialog";

const expiries = [
  { label: "1 hour", seconds: 3600 },
  { label: "1 day", seconds: 86_400 },
  { label: "3 days", seconds: 3 * 86_400 },
  { label: "7 days", seconds: 7 * 86_400 },
];

/** Creates a share link for one file and shows its URL (the only time the token is visible). */
export function ShareDialog({ open, bucket, objectKey, onClose }: { open: boolean; bucket: string; objectKey: string; onClose(): void }) {
  const [expiresIn, setExpiresIn] = useState(86_400);
  const [limit, setLimit] = useState("");
  const [note, setNote] = useState("");
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: () => filesApi.createShareLink({ bucket, key: objectKey, expiresInSeconds: expiresIn, maxDownloads: limit === "" ? null : Number(limit), note: note || null }),
  });
  const limitProblem = limit !== "" && !(Number.isInteger(Number(limit)) && Number(limit) >= 1) ? "A whole number, 1 or more (or empty for no limit)." : null;
  const close = () => {
    create.reset();
    setCopied(false);
    setLimit("");
    setNote("");
    onClose();
  };

  if (create.data) {
    const { url, link } = create.data;
    return (
      <Dialog open={open} title="Share link created" description="Anyone with this link can download the file until it expires, is used up, or you revoke it." onClose={close}>
        <Field id="share-url" label="Link" hint={`Expires ${new Date(link.expiresAt).toLocaleString()}${link.maxDownloads ? ` · ${link.maxDownloads} downloads` : ""}. It is shown only now.`}>
          <div className="flex gap-2">
            <input id="share-url" data-testid="share-url" readOnly value={url} className={`${inputClasses} font-mono text-xs`} onFocus={(e) => e.target.select()} />
            <Button
              onClick={() => {
                void navigator.clipboard.writeText(url).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </Field>
        <p className="text-xs text-zinc-500">
          Manage or revoke it on the <Link href="/links" className="underline">share links page</Link>.
        </p>
      </Dialog>
    );
  }
  return (
    <Dialog
      open={open}
      title="Create a share link"
      description={<span className="break-all">s3://{bucket}/{objectKey}</span>}
      submitLabel="Create link"
      busy={create.isPending}
      submitDisabled={limitProblem !== null}
      onSubmit={() => create.mutate()}
      onClose={close}
    >
      <Field id="share-expiry" label="Expires after">
        <select id="share-expiry" className={inputClasses} value={expiresIn} onChange={(e) => setExpiresIn(Number(e.target.value))}>
          {expiries.map((e) => (
            <option key={e.seconds} value={e.seconds}>
              {e.label}
            </option>
          ))}
        </select>
      </Field>
      <Field id="share-limit" label="Download limit (optional)" error={limitProblem} hint="Leave empty for no limit.">
        <input id="share-limit" className={inputClasses} inputMode="numeric" value={limit} onChange={(e) => setLimit(e.target.value.trim())} />
      </Field>
      <Field id="share-note" label="Note (optional)" hint="For you and admins: who it is for, why.">
        <input id="share-note" className={inputClasses} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      {create.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {create.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}

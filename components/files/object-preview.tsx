"use client";

import { useQuery } from "@tanstack/react-query";
import { previewFamily, previewKind } from "@/lib/files/preview";
import { filesQueries } from "@/lib/files/queries";
import { ErrorState, LoadingRows } from "@/components/ui/states";
import { MarkdownPreview } from "./markdown-preview";

/** Text previews stop here: beyond it, download instead of filling the page. */
const MAX_TEXT_PREVIEW = 1024 * 1024;

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * A preview through a short-lived presigned GET (inline): the bytes come from the store, not the app, with
 * their type forced to what is previewed. Text is fetched and shown as text; images only through <img>;
 * PDFs in a sandboxed frame (no scripts, no forms, no navigation of the console), so stored content never runs.
 */
export function ObjectPreview({ bucket, objectKey, contentType, size }: { bucket: string; objectKey: string; contentType: string | null; size: number }) {
  const kind = previewKind(objectKey, contentType);
  const isText = kind === "markdown" || kind === "json" || kind === "text";
  const previewable = kind !== null && (!isText || size <= MAX_TEXT_PREVIEW);
  const signed = useQuery({ ...filesQueries.previewUrl(bucket, objectKey, previewFamily(kind ?? "text")), enabled: previewable });
  const text = useQuery({ ...filesQueries.previewText(bucket, objectKey, signed.data?.url), enabled: isText && signed.data !== undefined });

  if (kind === null) return <p className="text-sm text-zinc-500">No preview for this type of file; download it instead.</p>;
  if (isText && size > MAX_TEXT_PREVIEW) return <p className="text-sm text-zinc-500">Too large to preview here (over 1 MiB); download it instead.</p>;
  if (signed.isError) return <ErrorState title="Could not prepare the preview" error={signed.error} />;
  if (!signed.data) return <LoadingRows rows={3} label="Loading preview" />;
  if (kind === "image") {
    // A presigned URL on another origin: next/image would proxy the bytes through the app.
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={signed.data.url} alt={`Preview of ${objectKey}`} className="max-h-96 w-full rounded border border-zinc-200 object-contain dark:border-zinc-800" />;
  }
  if (kind === "pdf") {
    return (
      <div className="space-y-1">
        <iframe sandbox="" src={signed.data.url} title={`Preview of ${objectKey}`} className="h-[28rem] w-full rounded border border-zinc-200 dark:border-zinc-800" />
        <a href={signed.data.url} target="_blank" rel="noopener noreferrer" className="text-xs text-zinc-500 underline">
          Open the PDF in a new tab
        </a>
      </div>
    );
  }
  if (text.isError) return <ErrorState title="Could not load the preview" error={text.error} />;
  if (text.data === undefined) return <LoadingRows rows={3} label="Loading preview" />;
  if (kind === "markdown") {
    return (
      <div className="max-h-96 overflow-auto rounded border border-zinc-200 p-3 text-sm dark:border-zinc-800 [&_code]:font-mono [&_code]:text-xs [&_h1]:mb-2 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:mb-2 [&_h2]:font-semibold [&_li]:ml-5 [&_ol]:list-decimal [&_p]:my-2 [&_pre]:overflow-auto [&_ul]:list-disc">
        <MarkdownPreview text={text.data} />
      </div>
    );
  }
  return (
    <pre className="max-h-96 overflow-auto rounded border border-zinc-200 bg-zinc-50 p-3 font-mono text-xs whitespace-pre-wrap dark:border-zinc-800 dark:bg-zinc-950">
      {kind === "json" ? prettyJson(text.data) : text.data}
    </pre>
  );
}

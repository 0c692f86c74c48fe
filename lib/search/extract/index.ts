import type { Extracted } from "./blocks";
import { extractDocx } from "./docx";
import { extractHtml } from "./html";
import { extractMarkdown } from "./markdown";
import { extractPdf } from "./pdf";
import { extractPlainText } from "./text";

export type { Block, Extracted } from "./blocks";

/**
 * Picks the reader for a file by its extension first (what people rely on in a bucket) and its stored
 * content type second. Anything else that decodes as UTF-8 text is read as text; the rest is skipped
 * with a reason.
 */

type Reader = "pdf" | "docx" | "html" | "markdown" | "text";

const BY_EXTENSION: Record<string, Reader> = {
  pdf: "pdf",
  docx: "docx",
  html: "html",
  htm: "html",
  xhtml: "html",
  md: "markdown",
  markdown: "markdown",
  mdx: "markdown",
};

// Formats that are certainly not text: skipped without reading them.
const BINARY_EXTENSIONS = new Set(
  "png jpg jpeg gif webp bmp tiff ico heic avif mp3 wav flac ogg m4a mp4 mov mkv webm avi zip gz tgz bz2 xz 7z rar tar jar war exe dll so dylib bin iso dmg img class o a pyc whl parquet arrow onnx safetensors pt pth ckpt gguf npy npz h5 sqlite db doc xls ppt xlsx pptx odt ods odp woff woff2 ttf otf eot".split(" "),
);

const BY_CONTENT_TYPE: Record<string, Reader> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "text/html": "html",
  "application/xhtml+xml": "html",
  "text/markdown": "markdown",
};

export function extensionOf(key: string): string {
  const name = key.slice(key.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

export function readerFor(key: string, contentType: string | undefined): Reader | "binary" {
  const ext = extensionOf(key);
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  if (BINARY_EXTENSIONS.has(ext)) return "binary";
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  return BY_CONTENT_TYPE[type] ?? "text";
}

/** The content type recorded on a chunk: the reader's, so a filter on "application/pdf" finds PDFs whatever S3 stored. */
export function indexedContentType(key: string, contentType: string | undefined): string {
  switch (readerFor(key, contentType)) {
    case "pdf":
      return "application/pdf";
    case "docx":
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    case "html":
      return "text/html";
    case "markdown":
      return "text/markdown";
    default: {
      const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
      return type && type !== "application/octet-stream" && type !== "binary/octet-stream" ? type : "text/plain";
    }
  }
}

export async function extractDocument(key: string, contentType: string | undefined, bytes: Uint8Array): Promise<Extracted> {
  const reader = readerFor(key, contentType);
  switch (reader) {
    case "pdf":
      return extractPdf(bytes);
    case "docx":
      return extractDocx(bytes);
    case "html":
      return extractHtml(bytes);
    case "markdown":
      return extractMarkdown(bytes);
    case "binary":
      return { outcome: "skipped", reason: `.${extensionOf(key)} files are not text; only text, Markdown, HTML, PDF, DOCX, JSON, CSV and source code are indexed.` };
    case "text":
      return extractPlainText(bytes, extensionOf(key) || "text");
  }
}

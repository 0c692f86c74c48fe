import { extensionOf } from "./upload-policy";

/**
 * What the console previews, and the response type it forces for each: the store's bytes are always
 * delivered as the kind being previewed (an HTML file named `*.pdf` arrives as `application/pdf` and is
 * not rendered as HTML; text arrives as `text/plain`), so stored content never runs as a page.
 * Shared by the preview component (which kind to show) and the download route (which type to sign).
 */

export type PreviewKind = "image" | "pdf" | "markdown" | "json" | "text";

const TEXT_EXTENSIONS = new Set(["txt", "log", "csv", "tsv", "yaml", "yml", "toml", "ini", "py", "ts", "js", "sh", "sql", "xml", "html", "css"]);

const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

export function previewKind(key: string, contentType: string | null): PreviewKind | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const ext = extensionOf(key);
  if (type.startsWith("image/") || ext in IMAGE_TYPES) return "image";
  if (type === "application/pdf" || ext === "pdf") return "pdf";
  if (type === "text/markdown" || ext === "md" || ext === "markdown") return "markdown";
  if (type === "application/json" || ext === "json" || ext === "jsonl") return "json";
  if (type.startsWith("text/") || TEXT_EXTENSIONS.has(ext)) return "text";
  return null;
}

/** The preview families the download route signs for: images go to <img>, PDFs to a sandboxed frame, the rest is read as text. */
export const previewFamilies = ["image", "pdf", "text"] as const;
export type PreviewFamily = (typeof previewFamilies)[number];

export function previewFamily(kind: PreviewKind): PreviewFamily {
  return kind === "image" || kind === "pdf" ? kind : "text";
}

/**
 * The Content-Type the presigned GET forces. Images keep their own raster type (shown only through <img>,
 * where even SVG scripts do not run); anything not recognisably an image is served as opaque bytes.
 */
export function forcedResponseType(family: PreviewFamily, key: string): string {
  if (family === "pdf") return "application/pdf";
  if (family === "text") return "text/plain; charset=utf-8";
  return IMAGE_TYPES[extensionOf(key)] ?? "application/octet-stream";
}

import { formatBytes } from "@/lib/format/units";
import { baseName } from "./names";

export type UploadPolicy = {
  maxBytes: number;
  /** MIME types or families (`image/*`); empty allows any. */
  allowedContentTypes: string[];
  /** File extensions (`pdf`, `.safetensors`); empty allows any. */
  allowedExtensions: string[];
};

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/i;

/** What browsers send for a file they cannot type; S3's own default too. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

export function normalizeContentType(contentType: string | undefined): string {
  const value = contentType?.trim() ?? "";
  return value === "" ? DEFAULT_CONTENT_TYPE : value;
}

export function extensionOf(key: string): string {
  const name = baseName(key);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** Why this upload is refused by configuration, or null when it may go ahead. Checked before any URL is signed. */
export function uploadPolicyProblem(
  upload: { key: string; size: number; contentType: string },
  policy: UploadPolicy,
): { status: 400 | 413 | 415; message: string } | null {
  if (!Number.isSafeInteger(upload.size) || upload.size < 0) return { status: 400, message: "The file size must be a whole number of bytes." };
  if (upload.size > policy.maxBytes) {
    return { status: 413, message: `The file is ${formatBytes(upload.size)}; uploads are limited to ${formatBytes(policy.maxBytes)}.` };
  }
  if (upload.contentType.length > 255 || !MIME.test(upload.contentType)) {
    return { status: 400, message: `"${upload.contentType.slice(0, 80)}" is not a valid content type (type/subtype).` };
  }
  if (policy.allowedExtensions.length > 0) {
    const allowed = policy.allowedExtensions.map((e) => e.replace(/^\./, "").toLowerCase());
    const extension = extensionOf(upload.key);
    if (!allowed.includes(extension)) {
      const shown = extension === "" ? "Files without an extension are" : `.${extension} files are`;
      return { status: 415, message: `${shown} not accepted here; allowed: ${allowed.map((e) => `.${e}`).join(", ")}.` };
    }
  }
  if (policy.allowedContentTypes.length > 0) {
    const essence = upload.contentType.split(";")[0]!.trim().toLowerCase();
    const ok = policy.allowedContentTypes.some((pattern) => {
      const p = pattern.toLowerCase();
      return p.endsWith("/*") ? essence.startsWith(p.slice(0, -1)) : essence === p;
    });
    if (!ok) return { status: 415, message: `Files of type ${essence} are not accepted here; allowed: ${policy.allowedContentTypes.join(", ")}.` };
  }
  return null;
}

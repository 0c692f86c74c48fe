/**
 * A Content-Disposition value that keeps a file's original name in every browser: an ASCII fallback in
 * `filename` and the exact UTF-8 name in `filename*` (RFC 6266 / RFC 8187).
 */
export function contentDisposition(kind: "attachment" | "inline", filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\;]/g, "_") || "download";
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc8187(filename)}`;
}

function encodeRfc8187(value: string): string {
  // encodeURIComponent leaves these unescaped, but RFC 8187's attr-char does not allow them.
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

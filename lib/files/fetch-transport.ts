import type { PartTransport } from "./part-uploader";

/** PUTs a part with fetch (Node, scripts, the benchmark). No per-byte progress: a part counts when it lands. */
export const fetchTransport: PartTransport<Uint8Array<ArrayBuffer> | Blob> = async ({ url, body, headers, signal, onProgress }) => {
  const response = await fetch(url, { method: "PUT", body, signal, ...(headers ? { headers } : {}) });
  await response.arrayBuffer();
  if (response.ok) onProgress(body instanceof Blob ? body.size : body.byteLength);
  return { status: response.status, etag: response.headers.get("etag") };
};

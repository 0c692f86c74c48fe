import http from "node:http";
import https from "node:https";
import type { PartTransport } from "./part-uploader";

// Kept-alive connections, as the AWS SDK's own Node handler uses: a new TCP connection per part would be
// measured instead of the upload.
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * PUTs a part from Node (the benchmark, scripts, tests) with node:http, writing the caller's bytes as they
 * are (fetch would copy each part first). A part counts as progress when it lands.
 */
export const nodeTransport: PartTransport<Uint8Array> = ({ url, body, headers, signal, onProgress }) =>
  new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(
      target,
      {
        method: "PUT",
        agent: agents[target.protocol === "https:" ? "https:" : "http:"],
        headers: { ...headers, "content-length": String(body.byteLength) },
        signal,
      },
      (response) => {
        response.resume();
        response.on("error", reject);
        response.on("end", () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) onProgress(body.byteLength);
          const etag = response.headers.etag;
          resolve({ status, etag: typeof etag === "string" ? etag : null });
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });

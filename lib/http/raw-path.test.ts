import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { RAW_PATH_HEADER, rawPathOf, recordRawPaths } from "./raw-path";

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    // node:http sends the path as given: no dot-segment removal, unlike fetch or the WHATWG URL parser.
    const req = httpRequest({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the raw request path", () => {
  test("is recorded before any listener sees the request, and a client's own header is overwritten", async () => {
    recordRawPaths();
    recordRawPaths(); // idempotent
    const server = createServer((req, res) => res.end(String(req.headers[RAW_PATH_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await get(port, "/api/v1/contexts/u/%2e%2e")).toBe("/api/v1/contexts/u/%2e%2e");
      expect(await get(port, "/a/%2E%2e/b?x=1", { [RAW_PATH_HEADER]: "/forged" })).toBe("/a/%2E%2e/b?x=1");
      // What Next.js hands the proxy instead: the parsed, dot-free path.
      expect(new URL("http://x/api/v1/contexts/u/%2e%2e").pathname).toBe("/api/v1/contexts/");
    } finally {
      server.close();
    }
  });

  test("falls back to the parsed path when none was recorded", () => {
    expect(rawPathOf(new Headers(), "/files")).toBe("/files");
    expect(rawPathOf(new Headers({ [RAW_PATH_HEADER]: "/a/%2e%2e" }), "/")).toBe("/a/%2e%2e");
  });
});

import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real OpenAI-compatible embedding service on loopback (POST …/v1/embeddings) for tests that need a
 * provider they control: slow, failing, or held until released. `answer` gets each request's inputs and
 * returns their vectors, or a status and message to refuse with. Plain Node, so Playwright specs use it too.
 */

export type EmbeddingAnswer = number[][] | { status: number; message: string };

/** 16 dimensions from a hash of the text: cheap, deterministic, a different vector for each text. */
export const hashVector = (text: string): number[] => {
  const digest = createHash("sha256").update(text).digest();
  return Array.from({ length: 16 }, (_, i) => (digest[i]! - 127.5) / 127.5);
};

/** Listens on `host:port` (default: a free loopback port); `url` is the value for EMBEDDINGS_OPENAI_URL. */
export async function startEmbeddingServer(
  answer: (input: string[]) => EmbeddingAnswer | Promise<EmbeddingAnswer>,
  { host = "127.0.0.1", port = 0 }: { host?: string; port?: number } = {},
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const { input } = JSON.parse(body) as { input: string[] };
      void Promise.resolve(answer(input)).then((result) => {
        if (Array.isArray(result)) {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: result.map((embedding, index) => ({ embedding, index })) }));
        } else {
          res.writeHead(result.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: result.message } }));
        }
      });
    });
  });
  // A port already taken fails here, saying so.
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, resolve));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}/v1`, server };
}

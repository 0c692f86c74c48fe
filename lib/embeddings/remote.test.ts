import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { HttpError } from "@/lib/http/errors";
import { embeddingProvider } from "./index";
import { ollamaProvider, openAiProvider, type RemoteConfig } from "./remote";

/**
 * The remote providers against a real HTTP server on loopback that speaks OpenAI's /v1/embeddings and
 * Ollama's /api/embed (a stand-in: neither service can run on this machine). Its behaviour is chosen by
 * the model name: "tiny" embeds, "broken" answers 500, "garbage" answers something that is not vectors,
 * "silent" never answers; any other model is unknown (404, as both services answer).
 */

const key = "test-key-7";
let server: Server;
let base: string;
const requests: { path: string; inputs: number; auth: string | undefined }[] = [];
const hanging = new Set<ServerResponse>();

// A deterministic, deliberately unnormalised 6-dimensional vector per text.
const fakeVector = (text: string) => [text.length, 1, 2, 3, text.charCodeAt(0) || 0, 5];

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string; input: string[] };
  requests.push({ path: req.url ?? "", inputs: body.input.length, auth: req.headers.authorization });
  const send = (status: number, json: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(json));
  };
  const openAi = req.url === "/v1/embeddings";
  if (openAi && req.headers.authorization !== `Bearer ${key}`) {
    return send(401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error" } });
  }
  switch (body.model) {
    case "tiny": {
      const vectors = body.input.map(fakeVector);
      // OpenAI-compatible servers may answer out of order; `index` puts them back.
      if (openAi) return send(200, { object: "list", data: vectors.map((embedding, index) => ({ object: "embedding", embedding, index })).reverse() });
      return send(200, { model: body.model, embeddings: vectors });
    }
    case "broken":
      return send(500, openAi ? { error: { message: "CUDA out of memory" } } : { error: "llama runner process has terminated" });
    case "garbage":
      return send(200, { hello: "world" });
    case "silent":
      hanging.add(res);
      return;
    default:
      return send(404, openAi ? { error: { message: `The model \`${body.model}\` does not exist.` } } : { error: `model "${body.model}" not found, try pulling it first` });
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const openAi = (model: string, extra: Partial<RemoteConfig> = {}) =>
  openAiProvider(model, { url: `${base}/v1`, apiKey: key, timeoutMs: 5_000, ...extra });
const ollama = (model: string, extra: Partial<RemoteConfig> = {}) => ollamaProvider(model, { url: base, timeoutMs: 5_000, ...extra });

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  const http = error as HttpError;
  expect(http.status).toBe(503);
  expect(http.code).toBe("embedding_unavailable");
  return http;
}

const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));

describe.each([
  ["OpenAI-compatible", openAi, "/v1/embeddings"],
  ["Ollama", ollama, "/api/embed"],
] as const)("%s provider", (_name, make, path) => {
  test("embeds in input order, L2-normalised, and detects the dimension", async () => {
    const provider = make("tiny");
    const vectors = await provider.embed(["alpha", "be", "gamma ray"]);
    expect(vectors).toHaveLength(3);
    ["alpha", "be", "gamma ray"].forEach((text, i) => {
      (vectors[i] ?? []).forEach((x, j) => expect(x).toBeCloseTo(unit(fakeVector(text))[j] ?? NaN, 12));
    });
    expect(await provider.dimensions()).toBe(6);
  });

  test("sends at most 32 texts per request", async () => {
    const before = requests.length;
    const vectors = await make("tiny").embed(Array.from({ length: 70 }, (_, i) => `text ${i}`));
    expect(vectors).toHaveLength(70);
    expect(requests.slice(before).map((r) => [r.path, r.inputs])).toEqual([
      [path, 32],
      [path, 32],
      [path, 6],
    ]);
  });

  test("an error status is embedding_unavailable with the service's own message", async () => {
    const error = await failure(make("broken").embed(["x"]));
    expect(error.message).toContain("answered 500");
    expect(error.message).toContain(base);
    expect(error.message).toMatch(/CUDA out of memory|llama runner process has terminated/);
  });

  test("an unknown model is embedding_unavailable naming the model", async () => {
    const error = await failure(make("no-such-model").dimensions());
    expect(error.message).toContain("404");
    expect(error.message).toContain("no-such-model");
  });

  test("an answer that is not vectors is embedding_unavailable", async () => {
    const error = await failure(make("garbage").embed(["x"]));
    expect(error.message).toContain("did not answer 1 embedding vector");
  });

  test("a service that does not answer in time is embedding_unavailable", async () => {
    const error = await failure(make("silent", { timeoutMs: 300 }).embed(["x"]));
    expect(error.message).toContain("did not answer within 300 ms");
  });
});

test("the OpenAI-compatible provider sends the configured key, and a refused key is embedding_unavailable", async () => {
  const before = requests.length;
  await openAi("tiny").embed(["a"]);
  expect(requests[before]?.auth).toBe(`Bearer ${key}`);
  const error = await failure(openAi("tiny", { apiKey: "wrong" }).embed(["a"]));
  expect(error.message).toContain("answered 401");
  expect(error.message).toContain("Incorrect API key provided.");
});

test("a provider that is down is embedding_unavailable; a later call succeeds once it is back", async () => {
  // A port that was just free: nothing listens there until the second server starts on it.
  const spare = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => spare.listen(0, "127.0.0.1", resolve));
  const port = (spare.address() as AddressInfo).port;
  await new Promise((resolve) => spare.close(resolve));

  const provider = ollamaProvider("tiny", { url: `http://127.0.0.1:${port}`, timeoutMs: 5_000 });
  const error = await failure(provider.dimensions());
  expect(error.message).toBe(
    `The Ollama at http://127.0.0.1:${port} is unreachable (ECONNREFUSED); indexing and search with model "tiny" resume once it answers.`,
  );

  await new Promise<void>((resolve) => spare.listen(port, "127.0.0.1", resolve));
  try {
    expect(await provider.dimensions()).toBe(6);
  } finally {
    await new Promise((resolve) => spare.close(resolve));
  }
});

test("embeddingProvider() builds remote providers from the environment, once per model", async () => {
  process.env.EMBEDDINGS_OLLAMA_URL = base;
  const provider = embeddingProvider({ provider: "ollama", model: "tiny" });
  expect(provider).toBe(embeddingProvider({ provider: "ollama", model: "tiny" }));
  expect(provider.ref).toEqual({ provider: "ollama", model: "tiny" });
  expect(await provider.embed(["from env"])).toHaveLength(1);
});

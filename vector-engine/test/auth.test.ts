/**
 * API key enforcement, as Qdrant does it: the `api-key` header or `Authorization: Bearer`,
 * with /, /healthz, /readyz and /livez reachable without a key.
 */
import { QdrantClient } from "@qdrant/js-client-rest";
import { describe, expect, it } from "vitest";
import { apiError, expectContractHonoured, setupEngine } from "./harness";
import { startVectorEngine } from "./start-engine";

const KEY = "s3cret-key";
const h = setupEngine({ apiKey: KEY });

describe("api key", () => {
  it("lets the client in with the key", async () => {
    expect(await h.client.createCollection("secured", { vectors: { size: 2, distance: "Dot" } })).toBe(true);
    await h.client.upsert("secured", { wait: true, points: [{ id: 1, vector: [1, 2] }] });
    expect((await h.client.count("secured")).count).toBe(1);
  });

  it("refuses requests without the key or with a wrong one (403, Qdrant's error shape)", async () => {
    const anonymous = new QdrantClient({ url: h.engine.url, checkCompatibility: false });
    const err = await apiError(anonymous.getCollections());
    expect(err.status).toBe(403);
    expect(err.message).toBe("Must provide an API key or an Authorization bearer token");
    const wrong = new QdrantClient({ url: h.engine.url, apiKey: "nope", checkCompatibility: false });
    const err2 = await apiError(wrong.count("secured"));
    expect(err2.status).toBe(403);
    expect(err2.message).toBe("Invalid API key or JWT");
    for (const [method, p] of [["GET", "/collections"], ["POST", "/collections/secured/points/scroll"], ["DELETE", "/collections/secured"], ["GET", "/aliases"]] as const) {
      const res = await h.http(method, p, method === "POST" ? {} : undefined);
      expect(res.status, `${method} ${p}`).toBe(403);
    }
    expect(await h.client.collectionExists("secured")).toEqual({ exists: true });
  });

  it("accepts the key as a bearer token", async () => {
    const res = await h.http("GET", "/collections/secured", undefined, { authorization: `Bearer ${KEY}` });
    expect(res.status).toBe(200);
    const lower = await h.http("GET", "/collections", undefined, { "api-key": KEY });
    expect(lower.status).toBe(200);
  });

  it("keeps the health endpoints open, as Qdrant whitelists them", async () => {
    for (const p of ["/", "/healthz", "/livez", "/readyz"]) {
      expect((await h.http("GET", p)).status, p).toBe(200);
    }
  });

  it("reads the key from QDRANT__SERVICE__API_KEY", async () => {
    const engine = await startVectorEngine({ env: { QDRANT__SERVICE__API_KEY: "from-env" } });
    try {
      expect((await fetch(`${engine.url}/collections`)).status).toBe(403);
      expect((await fetch(`${engine.url}/collections`, { headers: { "api-key": "from-env" } })).status).toBe(200);
    } finally {
      await engine.stop();
    }
  });

  it("answered every request within the OpenAPI document", () => {
    expectContractHonoured(h);
  });
});

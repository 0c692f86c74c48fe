import { beforeAll, describe, expect, test } from "vitest";

// Each test file gets its own module graph, so this file's configuration points the vector engine at a
// port where nothing listens, without touching the other tests.
beforeAll(() => {
  process.env.QDRANT_URL = "http://127.0.0.1:9";
});

describe("readiness with a dependency down", () => {
  test("answers 503 'degraded' and names the failing check with its error", async () => {
    const { GET } = await import("@/app/api/health/ready/route");
    const response = await GET();
    expect(response.status).toBe(503);
    const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean; error?: string }> };
    expect(body.status).toBe("degraded");
    expect(body.checks.qdrant?.ok).toBe(false);
    expect(body.checks.qdrant?.error).toMatch(/ECONNREFUSED|fetch failed|refused/i);
    expect(body.checks.postgres?.ok).toBe(true);
  });
});

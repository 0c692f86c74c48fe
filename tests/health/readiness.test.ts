import { describe, expect, test } from "vitest";
import { GET as live } from "@/app/api/health/live/route";
import { GET as ready } from "@/app/api/health/ready/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { checkReadiness } from "@/lib/health/checks";

describe("health endpoints", () => {
  test("live answers ok without touching dependencies", async () => {
    const response = live();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("ready is 200 with every check ok and a latency for each", async () => {
    const response = await ready();
    const body = (await response.json()) as { status: string; checks: Record<string, { ok: boolean; latencyMs: number; error?: string }> };
    expect(Object.keys(body.checks).sort()).toEqual(["keycloak", "postgres", "qdrant", "redis", "s3"]);
    for (const [name, check] of Object.entries(body.checks)) {
      expect(check, name).toMatchObject({ ok: true, latencyMs: expect.any(Number) });
    }
    expect(body.status).toBe("ok");
    expect(response.status).toBe(200);
  });

  test("the S3 check names the store from its Server header, for admins only", async () => {
    const readiness = await checkReadiness();
    expect(readiness.checks.s3.server).toMatch(/\S/);
    const body = (await (await ready()).json()) as { checks: Record<string, { server?: string }> };
    expect(body.checks.s3!.server).toBeUndefined();
  });

  test("metrics are in Prometheus format and include request and job series", async () => {
    const response = await metricsRoute(new Request("http://localhost/api/metrics"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain("# TYPE strata_http_requests_total counter");
    expect(text).toContain('strata_http_requests_total{method="GET",route="/api/health",status="200"}');
    expect(text).toContain("# TYPE strata_job_runs_24h gauge");
    expect(text).toContain("strata_process_resident_memory_bytes");
  });
});

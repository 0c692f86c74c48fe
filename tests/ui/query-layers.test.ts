import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, test, vi } from "vitest";
import { contextsKeys } from "@/lib/contexts/keys";
import { contextExportHref, contextsApi, contextSearchParams, contextsInvalidation, contextsQueries } from "@/lib/contexts/queries";
import { filesKeys } from "@/lib/files/keys";
import { filesApi, filesQueries } from "@/lib/files/queries";
import { healthKeys } from "@/lib/health/keys";
import { healthApi, healthQueries } from "@/lib/health/queries";
import { jobsKeys } from "@/lib/jobs/keys";
import { jobsApi, jobsInvalidation, jobsQueries } from "@/lib/jobs/queries";
import { outputOpenHref } from "@/lib/outputs/queries";
import { searchKeys } from "@/lib/search/keys";
import { searchApi, searchInvalidation, searchOpenHref, searchQueries } from "@/lib/search/queries";

/** The client data layers: each URL written once (checked here), keys from the factories, invalidation by prefix. */

const calls: string[] = [];
function stubFetch(body: unknown = {}, status = 200) {
  calls.length = 0;
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      calls.push(url);
      return new Response(typeof body === "string" ? body : JSON.stringify(body), { status });
    }),
  );
}
afterEach(() => vi.unstubAllGlobals());

const noFilters = { text: "", title: "", conversation: "", user: "", tier: "" } as const;

describe("contexts", () => {
  test("the search's query string is trimmed, leaves out empty filters, and is the cache key", async () => {
    const filters = { ...noFilters, text: "  quokka plan ", tier: "cold" as const };
    expect(contextSearchParams(filters)).toBe("text=quokka+plan&tier=cold");
    expect(contextsQueries.search(filters).queryKey).toEqual(contextsKeys.search("text=quokka+plan&tier=cold"));
    stubFetch({ items: [], nextCursor: null });
    await contextsApi.search(filters, "c1");
    await contextsApi.search(noFilters);
    expect(calls).toEqual(["/api/contexts?text=quokka+plan&tier=cold&cursor=c1", "/api/contexts?"]);
    expect(contextExportHref("u/1", "c 2")).toBe("/api/contexts/u%2F1/c%202/export");
  });

  test("a change invalidates every search and nothing else", async () => {
    const client = new QueryClient();
    client.setQueryData(contextsKeys.search("a=1"), 1);
    client.setQueryData(jobsKeys.list(), 2);
    await contextsInvalidation.contextsChanged(client);
    expect(client.getQueryState(contextsKeys.search("a=1"))?.isInvalidated).toBe(true);
    expect(client.getQueryState(jobsKeys.list())?.isInvalidated).toBe(false);
  });
});

describe("jobs", () => {
  test("one URL, with the job when one is selected; the key names it", async () => {
    stubFetch({ jobs: [], runs: [] });
    await jobsApi.list();
    await jobsApi.list("models-scan");
    expect(calls).toEqual(["/api/admin/jobs", "/api/admin/jobs?job=models-scan"]);
    expect(jobsQueries.list().queryKey).toEqual(["admin", "jobs", ""]);
    expect(jobsQueries.list("models-scan").queryKey).toEqual(["admin", "jobs", "models-scan"]);
  });

  test("queuing or pausing a job invalidates every jobs view", async () => {
    const client = new QueryClient();
    client.setQueryData(jobsKeys.list(), 1);
    client.setQueryData(jobsKeys.list("x"), 2);
    await jobsInvalidation.jobsChanged(client);
    expect([jobsKeys.list(), jobsKeys.list("x")].map((k) => client.getQueryState(k)?.isInvalidated)).toEqual([true, true]);
  });
});

describe("object preview", () => {
  test("the presigned URL is asked with the preview family (its type forced on the server), as JSON", async () => {
    stubFetch({ url: "https://s3/x", expiresAt: "" });
    await filesApi.presignPreview("user-data", "docs/a b.md", "text");
    expect(calls).toEqual(["/api/files/buckets/user-data/download?key=docs%2Fa+b.md&preview=text&format=json"]);
    expect(filesQueries.previewUrl("user-data", "docs/a b.md", "text").queryKey).toEqual(filesKeys.previewUrl("user-data", "docs/a b.md"));
  });

  test("the text comes from the store's URL; a refusal is an error; no URL, no request", async () => {
    stubFetch("# hello");
    await expect(filesApi.previewText("https://s3/x")).resolves.toBe("# hello");
    stubFetch("denied", 403);
    await expect(filesApi.previewText("https://s3/x")).rejects.toThrow("The store answered 403.");
    expect(filesQueries.previewText("b", "k", undefined).enabled).toBe(false);
    expect(filesQueries.previewText("b", "k", "https://s3/x").queryKey).toEqual(["files", "preview-text", "b", "k", "https://s3/x"]);
  });
});

describe("health report", () => {
  test("one URL; the admin panel's query is keyed by the factory and polled at the rate it asks", async () => {
    stubFetch({ checkedAt: "", readiness: { status: "ok", checks: {} }, history: [] });
    await healthApi.report();
    expect(calls).toEqual(["/api/admin/health"]);
    const options = healthQueries.report(5_000);
    expect(options.queryKey).toEqual(healthKeys.report());
    expect(options.refetchInterval).toBe(5_000);
  });
});

describe("outputs", () => {
  test("opening an output is its short link, the id escaped", () => {
    expect(outputOpenHref("0b7c6f5e-1d2a-4c3b-9e8f-7a6b5c4d3e2f")).toBe("/o/0b7c6f5e-1d2a-4c3b-9e8f-7a6b5c4d3e2f");
    expect(outputOpenHref("a/b")).toBe("/o/a%2Fb");
  });
});

describe("search", () => {
  test("each URL written once, names escaped; the keys come from the factory", async () => {
    stubFetch({ documents: [], nextCursor: null });
    await searchApi.collection("my docs");
    await searchApi.documents("my docs", "failed", "c1");
    await searchApi.documents("my docs", "");
    await searchApi.search({ query: "fog horn", mode: "hybrid", fusion: "dbsf", limit: 20 });
    expect(calls).toEqual([
      "/api/search/collections/my%20docs",
      "/api/search/collections/my%20docs/documents?limit=100&status=failed&cursor=c1",
      "/api/search/collections/my%20docs/documents?limit=100",
      "/api/search",
    ]);
    expect(searchOpenHref("rag", "a b/manual.pdf", "application/pdf", 3)).toBe("/api/search/open?bucket=rag&key=a+b%2Fmanual.pdf&type=application%2Fpdf#page=3");
    expect(searchOpenHref("rag", "x.md", "text/markdown")).toBe("/api/search/open?bucket=rag&key=x.md&type=text%2Fmarkdown");
    expect(searchQueries.results("q=x", null).enabled).toBe(false);
    expect(searchQueries.documents("c", "failed").queryKey).toEqual(searchKeys.documents("c", "failed"));
  });

  test("an action on a collection refreshes it and its documents; progress refreshes only the documents; other collections untouched", async () => {
    const client = new QueryClient();
    const keys = [searchKeys.collection("a"), searchKeys.documents("a", ""), searchKeys.documents("a", "failed"), searchKeys.collection("b"), searchKeys.results("q=x")];
    const invalidated = () => keys.map((k) => client.getQueryState(k)?.isInvalidated);
    keys.forEach((k, i) => client.setQueryData(k, i));
    await searchInvalidation.progressMoved(client, "a");
    expect(invalidated()).toEqual([false, true, true, false, false]);
    await searchInvalidation.collectionChanged(client, "a");
    expect(invalidated()).toEqual([true, true, true, false, false]);
  });
});

describe("components and pages", () => {
  const root = path.resolve(import.meta.dirname, "../..");
  function sources(dir: string): string[] {
    return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return rel === path.join("app", "api") ? [] : sources(rel);
      return /\.tsx?$/.test(entry.name) ? [rel] : [];
    });
  }
  // Calls that mean a URL, a cache key or an invalidation is being decided in the view rather than in
  // lib/<capability>/queries.ts. Route handlers (app/api) are the server side of those URLs and are left out.
  const inline = /\b(?:apiPath|apiFetch|fetch|invalidateQueries|refetchQueries|setQueryData)\(|\bqueryKey:/;
  test("no component or page writes an API URL, a query key or an invalidation inline", () => {
    const offenders = [...sources("components"), ...sources("app")].flatMap((file) =>
        readFileSync(path.join(root, file), "utf8")
          .split("\n")
          .flatMap((line, i) => (inline.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});

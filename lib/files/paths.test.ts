import { describe, expect, it } from "vitest";
import { breadcrumbs, filesHref, prefixFromRoute } from "./paths";

/** What Next 16 hands the page for a path: the segments split on "/", still percent-encoded; the query decoded. */
function routeSegments(href: string): { bucket: string; segments: string[]; prefixParam: string | undefined } {
  const url = new URL(href, "http://localhost:3000");
  const [, files, bucket, ...rest] = url.pathname.split("/");
  expect(files).toBe("files");
  return { bucket: bucket!, segments: rest, prefixParam: url.searchParams.get("prefix") ?? undefined };
}

describe("file browser deep links", () => {
  it.each([
    "",
    "plain/",
    "with space/and more/",
    "ünïcödé/日本語/",
    "100%/",
    "a+b/",
    "hash#tag/",
    "what?/",
    "%2F not a slash/",
    "emoji 🎉/",
    `${"long-segment-".repeat(60)}/deep/`,
  ])("round-trips the prefix %j through the URL", (prefix) => {
    const href = filesHref("datasets", prefix);
    // A browser normalises the URL; the prefix must still come back exactly.
    const normalised = new URL(href, "http://localhost:3000");
    const { bucket, segments, prefixParam } = routeSegments(normalised.pathname + normalised.search);
    expect(bucket).toBe("datasets");
    expect(prefixFromRoute(segments, prefixParam)).toBe(prefix);
  });

  it.each(["a//b/", "./", "a/../", "/lead/"])("falls back to ?prefix= for %j, which a path cannot carry", (prefix) => {
    const href = filesHref("datasets", prefix);
    expect(href).toMatch(/^\/files\/datasets\?prefix=/);
    const { segments, prefixParam } = routeSegments(href);
    expect(prefixFromRoute(segments, prefixParam)).toBe(prefix);
  });

  it("answers null for a segment that is not valid percent-encoding", () => {
    expect(prefixFromRoute(["ok", "%E0%A4%A"], undefined)).toBeNull();
  });

  it("keeps other state in the query string", () => {
    expect(filesHref("b", "x/", { q: "rep ort", object: "x/a#b", sort: undefined })).toBe("/files/b/x?q=rep+ort&object=x%2Fa%23b");
  });

  it("lists breadcrumbs from the root down", () => {
    expect(breadcrumbs("a/b c/")).toEqual([
      { label: "a", prefix: "a/" },
      { label: "b c", prefix: "a/b c/" },
    ]);
    expect(breadcrumbs("")).toEqual([]);
  });
});

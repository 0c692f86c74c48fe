import { describe, expect, test } from "vitest";
import { searchRequestSchema } from "./schemas";
import { parseSearchParams, toQueryString } from "./search-url";

describe("the default fusion", () => {
  test("is DBSF for the API and the page; RRF is kept in the URL when chosen", () => {
    expect(searchRequestSchema.parse({ query: "tar" }).fusion).toBe("dbsf");
    const page = parseSearchParams({ q: "tar" });
    expect(page.fusion).toBe("dbsf");
    expect(toQueryString(page)).toBe("q=tar");
    const rrf = parseSearchParams({ q: "tar", fusion: "rrf" });
    expect(rrf.fusion).toBe("rrf");
    expect(toQueryString(rrf)).toBe("q=tar&fusion=rrf");
    expect(parseSearchParams({ q: "tar", fusion: "nonsense" }).fusion).toBe("dbsf");
  });
});

import { expect, test } from "vitest";
import { bucketCorsConfiguration, withConsoleRule } from "./cors";

test("the bucket CORS rule admits the console's origin to PUT and GET, and exposes ETag for multipart uploads", () => {
  const rule = bucketCorsConfiguration("https://console.example.com:8443/strata/")!.CORSRules![0]!;
  expect(rule.AllowedOrigins).toEqual(["https://console.example.com:8443"]);
  expect(rule.AllowedMethods).toEqual(expect.arrayContaining(["PUT", "GET", "HEAD"]));
  expect(rule.AllowedHeaders).toEqual(["*"]);
  expect(rule.ExposeHeaders).toContain("ETag");
});

test("the console's rule is added beside other consoles' rules, never over them, and only once", () => {
  const other = bucketCorsConfiguration("http://localhost:3005")!.CORSRules!;
  const merged = withConsoleRule(other, "http://localhost:3000/")!.CORSRules!;
  expect(merged.map((r) => r.AllowedOrigins)).toEqual([["http://localhost:3005"], ["http://localhost:3000"]]);
  expect(withConsoleRule(merged, "http://localhost:3000")).toBeNull();
  expect(withConsoleRule(merged, "http://localhost:3005")).toBeNull();
  expect(withConsoleRule(undefined, "http://localhost:3000")!.CORSRules).toHaveLength(1);
  // A rule without ETag exposed does not count: multipart uploads need it.
  expect(withConsoleRule([{ AllowedOrigins: ["http://localhost:3000"], AllowedMethods: ["GET", "HEAD", "PUT"] }], "http://localhost:3000")!.CORSRules).toHaveLength(2);
});

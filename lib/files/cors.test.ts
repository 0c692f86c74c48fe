import { expect, test } from "vitest";
import { bucketCorsConfiguration } from "./cors";

test("the bucket CORS rule admits the console's origin to PUT and GET, and exposes ETag for multipart uploads", () => {
  const rule = bucketCorsConfiguration("https://console.example.com:8443/strata/")!.CORSRules![0]!;
  expect(rule.AllowedOrigins).toEqual(["https://console.example.com:8443"]);
  expect(rule.AllowedMethods).toEqual(expect.arrayContaining(["PUT", "GET", "HEAD"]));
  expect(rule.AllowedHeaders).toEqual(["*"]);
  expect(rule.ExposeHeaders).toContain("ETag");
});

import { expect, test } from "vitest";
import { routeLabel } from "./registry";

test("route labels keep cardinality low: ids and object keys never become labels", () => {
  expect(routeLabel("/api/files/my-bucket/some/key.txt")).toBe("/api/files");
  expect(routeLabel("/api/v1/contexts/user-1/conv-2")).toBe("/api/v1/contexts");
  expect(routeLabel("/api/health/ready")).toBe("/api/health");
  expect(routeLabel("/files/bucket")).toBe("/files");
  expect(routeLabel("/")).toBe("/");
});

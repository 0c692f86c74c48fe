import { describe, expect, test } from "vitest";
import { isPublicPath } from "./public-paths";
import { safeReturnTo } from "./return-to";
import { hasRole, rolesFromClaims } from "./roles";

describe("roles", () => {
  test("are ordered viewer < editor < admin", () => {
    expect(hasRole({ roles: ["admin"] }, "viewer")).toBe(true);
    expect(hasRole({ roles: ["editor"] }, "admin")).toBe(false);
    expect(hasRole({ roles: ["viewer"] }, "editor")).toBe(false);
    expect(hasRole({ roles: [] }, "viewer")).toBe(false);
  });

  test("come from Keycloak's realm_access and ignore unrelated roles", () => {
    expect(rolesFromClaims({ realm_access: { roles: ["offline_access", "editor", "viewer"] } })).toEqual(["viewer", "editor"]);
    expect(rolesFromClaims({})).toEqual([]);
    expect(rolesFromClaims({ realm_access: { roles: "admin" } })).toEqual([]);
  });
});

describe("safeReturnTo", () => {
  test.each([
    ["/files/datasets?x=1", "/files/datasets?x=1"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["/auth/callback", "/"],
    [null, "/"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});

describe("isPublicPath", () => {
  test.each([
    ["/api/health/live", true],
    ["/api/health/ready", true],
    ["/auth/signin", true],
    ["/d/abc", true],
    ["/api/v1/contexts/u/c", true],
    ["/", false],
    ["/admin/health", false],
    ["/api/admin/health", false],
    ["/api/health/liveness-bypass", false],
    ["/authx", false],
  ])("%s → %s", (path, expected) => {
    expect(isPublicPath(path)).toBe(expected);
  });
});

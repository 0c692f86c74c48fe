import { describe, expect, test } from "vitest";
import type { Principal, Role } from "@/lib/auth/roles";
import { canAccessContexts, contextAccessRefusal } from "./access";

const who = (kind: Principal["kind"], roles: Role[], id = "sub-1"): Principal => ({ id, username: id, name: id, roles, kind });

describe("who may touch whose contexts", () => {
  test("a person may read and write only their own, whatever their roles short of admin", () => {
    expect(canAccessContexts(who("user", ["viewer"]), "sub-1", "write")).toBe(true);
    expect(canAccessContexts(who("user", ["editor"]), "sub-2", "read")).toBe(false);
    expect(canAccessContexts(who("user", []), "sub-1", "read")).toBe(false);
  });

  test("an admin may touch anyone's", () => {
    expect(canAccessContexts(who("user", ["admin"]), "sub-2", "write")).toBe(true);
    expect(canAccessContexts(who("service", ["admin"]), "anyone", "write")).toBe(true);
  });

  test("a service reads any user's with viewer and writes with editor", () => {
    expect(canAccessContexts(who("service", ["viewer"]), "anyone", "read")).toBe(true);
    expect(canAccessContexts(who("service", ["viewer"]), "anyone", "write")).toBe(false);
    expect(canAccessContexts(who("service", ["editor"]), "anyone", "write")).toBe(true);
  });

  test("refusals say what is missing", () => {
    expect(contextAccessRefusal(who("service", ["viewer"]), "x", "write")).toMatch(/editor role/);
    expect(contextAccessRefusal(who("user", ["editor"]), "x", "read")).toMatch(/own userId/);
    expect(contextAccessRefusal(who("user", ["viewer"]), "sub-1", "write")).toBeNull();
  });
});

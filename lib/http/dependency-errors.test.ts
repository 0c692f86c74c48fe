import { describe, expect, test } from "vitest";
import { unreachableDependency } from "./dependency-errors";
import { describeError } from "./errors";

const prisma = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error("Server has closed the connection."), { name: "PrismaClientKnownRequestError", code, ...extra });

describe("an unreachable dependency is a 503 naming it", () => {
  test("PostgreSQL through Prisma: connection codes, pool timeouts, the driver adapter's kinds", () => {
    for (const code of ["P1001", "P1017", "P2024"]) expect(unreachableDependency(prisma(code))).toBe("PostgreSQL");
    expect(unreachableDependency(prisma("P2010", { message: "x", meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "ConnectionClosed" } } } }))).toBe("PostgreSQL");
    expect(unreachableDependency(Object.assign(new Error("Can't reach database server"), { name: "PrismaClientInitializationError" }))).toBe("PostgreSQL");
  });

  test("node-postgres and ioredis failures, also as the cause of another error", () => {
    expect(unreachableDependency(new Error("Connection terminated unexpectedly"))).toBe("PostgreSQL");
    expect(unreachableDependency(Object.assign(new Error("Reached the max retries per request limit"), { name: "MaxRetriesPerRequestError" }))).toBe("Redis");
    expect(unreachableDependency(new Error("wrapped", { cause: new Error("Connection is closed.") }))).toBe("Redis");
  });

  test("what is not a connection failure stays what it was: a constraint is not an outage", () => {
    expect(unreachableDependency(Object.assign(new Error("Unique constraint failed"), { name: "PrismaClientKnownRequestError", code: "P2002" }))).toBeNull();
    expect(unreachableDependency(new Error("boom"))).toBeNull();
    expect(describeError(new Error("boom")).status).toBe(500);
  });

  test("describeError answers 503 unavailable with the dependency in details", () => {
    const { status, body } = describeError(prisma("P1017"));
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: "unavailable", details: { dependency: "PostgreSQL" } });
    expect(body.error.message).toContain("PostgreSQL");
  });
});

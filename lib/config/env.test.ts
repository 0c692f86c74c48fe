import { describe, expect, test } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("parseEnv", () => {
  test("defaults point at the local stack", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("postgresql://strata:strata@127.0.0.1:5432/strata");
    expect(env.OIDC_ISSUER).toBe("http://localhost:8080/realms/strata");
    expect(env.BASE_PATH).toBe("");
    expect(env.DEFAULT_BUCKETS).toContain("model-artifacts");
  });

  test("names every invalid variable without echoing secret values", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://x", SESSION_SECRET: "short-secret-value", S3_FORCE_PATH_STYLE: "maybe", BASE_PATH: "strata/" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("SESSION_SECRET: must be at least 32 characters");
    expect(message).toContain("S3_FORCE_PATH_STYLE");
    expect(message).toContain("BASE_PATH");
    expect(message).not.toContain("short-secret-value");
  });

  test("empty strings count as unset, lists are split and trimmed", () => {
    const env = parseEnv({ QDRANT_API_KEY: "", DEFAULT_BUCKETS: " a , b,,c " });
    expect(env.QDRANT_API_KEY).toBeUndefined();
    expect(env.DEFAULT_BUCKETS).toEqual(["a", "b", "c"]);
  });

  test("OIDC_INTERNAL_URL is an http(s) origin only: the issuer's path is added to it, never replaced", () => {
    expect(parseEnv({ OIDC_INTERNAL_URL: "http://keycloak.auth.svc:8080" }).OIDC_INTERNAL_URL).toBe("http://keycloak.auth.svc:8080");
    expect(parseEnv({ OIDC_INTERNAL_URL: "" }).OIDC_INTERNAL_URL).toBeUndefined();
    for (const bad of ["http://keycloak:8080/realms/strata", "http://keycloak:8080/?x=1", "ftp://keycloak", "http://u:p@keycloak"]) {
      expect(() => parseEnv({ OIDC_INTERNAL_URL: bad }), bad).toThrow(/OIDC_INTERNAL_URL/);
    }
  });

  test("a sub-path base path is accepted", () => {
    expect(parseEnv({ BASE_PATH: "/strata" }).BASE_PATH).toBe("/strata");
  });
});

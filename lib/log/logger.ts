import pino from "pino";
import { env } from "@/lib/config/env";

/**
 * Structured JSON logs. Fields that may hold credentials are redacted wherever they appear, so a careless
 * `log.info({ req })` cannot leak a token or a presigned URL's signature.
 */
export const redactedPaths = [
  "password",
  "secret",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "authorization",
  "cookie",
  "*.password",
  "*.secret",
  "*.token",
  "*.accessToken",
  "*.refreshToken",
  "*.idToken",
  "*.authorization",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "presignedUrl",
  "*.presignedUrl",
];

const holder = globalThis as unknown as { strataLogger?: pino.Logger };

export function logger(): pino.Logger {
  holder.strataLogger ??= pino({
    level: env().LOG_LEVEL,
    base: { service: "strata" },
    redact: { paths: redactedPaths, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return holder.strataLogger;
}

import { ConfigError, env } from "./env";

/**
 * Imported once when a console process starts: the configuration is validated here rather than on the
 * first request, so a console with a bad or published SESSION_SECRET (./session-secret.ts) never serves.
 */
try {
  env();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

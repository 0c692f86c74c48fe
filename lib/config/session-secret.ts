/**
 * Whoever knows SESSION_SECRET can seal session cookies. A console that others can reach must not run
 * with a secret that is published (the defaults in .env.example, docker-compose.yml and the manifests'
 * placeholder) or guessable. A console whose APP_URL is this machine only (localhost) is a developer's,
 * and may keep the published default: there a forged cookie still needs a live session id (lib/auth/gate.ts).
 */

const PUBLISHED = new Set([
  "dev-only-session-secret-change-me-0123456789",
  "<openssl rand -base64 48>",
]);

const WEAK_WORDS = /change-?me|dev-only|example|secret-?key|password|placeholder/i;

/** Why a secret is weak, or null. */
export function weakSecretProblem(secret: string): string | null {
  if (PUBLISHED.has(secret)) return "is a published default; generate one with `openssl rand -base64 48`";
  if (WEAK_WORDS.test(secret)) return "looks like a placeholder; generate one with `openssl rand -base64 48`";
  if (new Set(secret).size < 12) return "has too few distinct characters to be random; generate one with `openssl rand -base64 48`";
  return null;
}

function isLoopback(appUrl: string): boolean {
  const host = new URL(appUrl).hostname;
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host);
}

/** The SESSION_SECRET problem that must stop this process from starting, or null. */
export function sessionSecretProblem(config: { NODE_ENV: string; APP_URL: string; SESSION_SECRET: string }): string | null {
  if (config.NODE_ENV === "development" || config.NODE_ENV === "test" || isLoopback(config.APP_URL)) return null;
  const problem = weakSecretProblem(config.SESSION_SECRET);
  return problem ? `SESSION_SECRET: ${problem} (APP_URL ${config.APP_URL} is not this machine only)` : null;
}

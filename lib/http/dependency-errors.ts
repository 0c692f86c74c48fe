/**
 * Which dependency a thrown error says is unreachable, if any: a database or cache that is down is a 503 that
 * names it ("try again shortly"), not a 500. Recognised by the libraries' own error shapes, on the error or
 * anywhere along its `cause` chain; no configuration is read (the module is safe in any bundle).
 *  - PostgreSQL through Prisma: connection codes P1xxx (P1001 unreachable, P1017 connection closed…), P2024
 *    (no pooled connection in time), initialisation errors, and the driver adapter's connection kinds.
 *  - PostgreSQL through node-postgres directly: "Connection terminated…", "timeout exceeded when trying to connect".
 *  - Redis through ioredis: MaxRetriesPerRequestError, "Connection is closed.", a stream that is not writeable.
 *  - Keycloak: the KeycloakUnreachableError every server-side request to it throws (lib/auth/keycloak-fetch.ts),
 *    by name, as openid-client and jose pass it on as a cause or as is.
 * The object store's SDK errors are mapped in lib/s3/errors.ts; the vector store's in lib/search/vector-store.ts.
 */
export type Dependency = "PostgreSQL" | "Redis" | "Keycloak";

const PRISMA_CONNECTION_KINDS = /^(ConnectionClosed|DatabaseNotReachable|DatabaseDoesNotExist|TlsConnectionError|SocketTimeout|TooManyConnections|TransactionAlreadyClosed)$/;

function one(error: Record<string, unknown>): Dependency | null {
  const name = typeof error.name === "string" ? error.name : "";
  const message = typeof error.message === "string" ? error.message : "";
  const code = typeof error.code === "string" ? error.code : "";
  if (name.startsWith("PrismaClient")) {
    if (name === "PrismaClientInitializationError" || /^P1\d{3}$/.test(code) || code === "P2024") return "PostgreSQL";
    const kind = (error.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError?.cause?.kind;
    if (kind && PRISMA_CONNECTION_KINDS.test(kind)) return "PostgreSQL";
    if (/Can't reach database server|Server has closed the connection|Timed out fetching a new connection/.test(message)) return "PostgreSQL";
  }
  if (name === "DriverAdapterError" && PRISMA_CONNECTION_KINDS.test(String((error.cause as { kind?: string } | undefined)?.kind ?? ""))) return "PostgreSQL";
  if (/^Connection terminated( unexpectedly| due to connection timeout)?$|^timeout exceeded when trying to connect$/.test(message)) return "PostgreSQL";
  if (name === "MaxRetriesPerRequestError" || /^Connection is closed\.$|^Stream isn't writeable/.test(message)) return "Redis";
  if (name === "KeycloakUnreachableError") return "Keycloak";
  return null;
}

export function unreachableDependency(error: unknown): Dependency | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth += 1) {
    const found = one(current as Record<string, unknown>);
    if (found) return found;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function unreachableMessage(dependency: Dependency): string {
  return `Strata cannot reach ${dependency} right now, so this request did not complete. Try again shortly: the console reconnects by itself once ${dependency} is back.`;
}

/** Runs once when a console process starts (Next.js instrumentation hook); the Node.js part is lib/config/startup.ts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/config/startup");
    // Before the first request: proxy.ts checks the path as sent, before URL parsing removed `%2e%2e`.
    (await import("./lib/http/raw-path")).recordRawPaths();
  }
}

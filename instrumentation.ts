/** Runs once when a console process starts (Next.js instrumentation hook); the Node.js part is lib/config/startup.ts. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/config/startup");
}

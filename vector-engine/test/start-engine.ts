/**
 * Starts strata-vector (the project's Qdrant-compatible engine) for a test: the binary is
 * built once per source tree (cached under the OS temp dir by a hash of the Go sources),
 * listens on a free loopback port and keeps its data in a fresh temp directory.
 *
 *   const engine = await startVectorEngine();
 *   const client = new QdrantClient({ url: engine.url, checkCompatibility: false });
 *   ...
 *   await engine.stop();
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

export interface VectorEngine {
  /** Base URL, e.g. http://127.0.0.1:41234 (stays the same across restart()). */
  url: string;
  /** The engine's data directory (a temp dir unless one was given). */
  dataDir: string;
  /** Graceful stop (SIGTERM); removes the data directory if it was created here. */
  stop(): Promise<void>;
  /** SIGKILL, no flush, no cleanup: what a crash or `kill -9` does. */
  kill9(): void;
  /** Stops the engine if it is running (gracefully) and starts it again on the same port and data. */
  restart(): Promise<void>;
  /** Lines the engine wrote to stderr (its log). */
  log(): string;
  /** Process id of the running engine (undefined once it exited). */
  pid(): number | undefined;
}

export interface StartOptions {
  apiKey?: string;
  dataDir?: string;
  /** Extra command-line flags, e.g. ["--compact-mb", "1"]. */
  args?: string[];
  /** Extra environment variables for the engine process. */
  env?: Record<string, string>;
}

export const ENGINE_SRC = path.resolve(import.meta.dirname, "..");

function goBinary(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "go"))) return path.join(dir, "go");
  }
  if (existsSync("/usr/local/go/bin/go")) return "/usr/local/go/bin/go";
  throw new Error("Go toolchain not found: install Go (>= 1.24) or put it on PATH");
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (["test", "bin", "data", "node_modules"].includes(entry.name) || entry.name.startsWith(".")) continue;
      out.push(...(await sourceFiles(p)));
    } else if ((entry.name.endsWith(".go") && !entry.name.endsWith("_test.go")) || entry.name === "go.mod" || entry.name.endsWith(".json")) {
      out.push(p);
    }
  }
  return out.sort();
}

let built: Promise<string> | undefined;

/** Builds the engine (once per distinct source tree) and returns the binary's path. */
export function buildEngine(): Promise<string> {
  built ??= (async () => {
    const hash = createHash("sha256");
    for (const f of await sourceFiles(ENGINE_SRC)) {
      hash.update(path.relative(ENGINE_SRC, f));
      hash.update(await readFile(f));
    }
    const root = path.join(tmpdir(), "strata-vector-test-build");
    const dir = path.join(root, hash.digest("hex").slice(0, 16));
    const bin = path.join(dir, "strata-vector");
    if (existsSync(bin)) return bin;
    await mkdir(dir, { recursive: true });
    // binaries of older sources: drop those not used for a day
    for (const old of await readdir(root)) {
      const p = path.join(root, old);
      if (p !== dir && Date.now() - (await stat(p)).mtimeMs > 86_400_000) await rm(p, { recursive: true, force: true });
    }
    const tmp = `${bin}.tmp-${process.pid}`;
    await execFileAsync(goBinary(), ["build", "-o", tmp, "./cmd/strata-vector"], { cwd: ENGINE_SRC, timeout: 300_000 });
    await rename(tmp, bin); // atomic: concurrent builders each produce a complete binary
    return bin;
  })();
  return built;
}

async function waitReady(url: string, child: ChildProcess, logs: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`strata-vector exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${logs()}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`strata-vector not ready after ${timeoutMs} ms:\n${logs()}`);
}

/** Starts an engine on a free port with its own data directory. */
export async function startVectorEngine(options: StartOptions = {}): Promise<VectorEngine> {
  const bin = await buildEngine();
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "strata-vector-data-")));
  let child: ChildProcess | undefined;
  let stderr = "";
  let port = 0;

  const launch = async () => {
    const args = ["--addr", `127.0.0.1:${port}`, "--data-dir", dataDir, ...(options.args ?? [])];
    if (options.apiKey) args.push("--api-key", options.apiKey);
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    delete env.QDRANT__SERVICE__API_KEY;
    if (options.env?.QDRANT__SERVICE__API_KEY) env.QDRANT__SERVICE__API_KEY = options.env.QDRANT__SERVICE__API_KEY;
    const proc = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe"], env });
    child = proc;
    const listening = new Promise<number>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        stderr += chunk.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
        if (m?.[1]) resolve(Number(m[1]));
      };
      proc.stderr?.on("data", onData);
      proc.once("exit", (code, signal) => reject(new Error(`strata-vector exited (${code ?? signal}):\n${stderr}`)));
    });
    port = await listening;
    await waitReady(`http://127.0.0.1:${port}`, proc, () => stderr);
  };

  const exited = (proc: ChildProcess) =>
    proc.exitCode !== null || proc.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => proc.once("exit", () => resolve()));

  const shutdown = async () => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGTERM");
    const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    await exited(proc);
    clearTimeout(timer);
  };

  await launch();
  const engine: VectorEngine = {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      await shutdown();
      if (ownDir) await rm(dataDir, { recursive: true, force: true });
    },
    kill9() {
      child?.kill("SIGKILL");
    },
    async restart() {
      if (child && child.exitCode === null && child.signalCode === null) {
        if (child.killed) await exited(child);
        else await shutdown();
      }
      await launch();
    },
    log: () => stderr,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
  };
  return engine;
}

/** Size of a file, for tests that look at the engine's files. */
export async function fileSize(p: string): Promise<number> {
  return (await stat(p)).size;
}

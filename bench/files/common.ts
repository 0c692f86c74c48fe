/** Small helpers shared by the files benchmarks: flags, timing, medians, and the verdict line. */
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";

export function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await body();
  return { ms: performance.now() - started, result };
}

/** "ratio 1.03 (target ≤ 1.10): met" — the line a reader looks for. */
export function verdict(label: string, ratio: number, target: number, direction: "at most" | "at least"): string {
  const met = direction === "at most" ? ratio <= target : ratio >= target;
  return `${label}: ratio ${ratio.toFixed(3)} (target ${direction === "at most" ? "≤" : "≥"} ${target.toFixed(2)}): ${met ? "MET" : "NOT MET"}`;
}

/** The machine's `uptime` line (load averages), printed beside every figure: benches on a shared box are read with it. */
export function uptime(): string {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return `load average: ${loadavg().map((l) => l.toFixed(2)).join(", ")}`;
  }
}

import type { ReactNode } from "react";

export type Tone = "neutral" | "good" | "warn" | "bad" | "info";

const tones: Record<Tone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  good: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-800",
  warn: "bg-amber-50 text-amber-800 ring-amber-300 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-800",
  bad: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-300 dark:ring-red-800",
  info: "bg-accent-50 text-accent-700 ring-accent-100 dark:bg-blue-950 dark:text-blue-300 dark:ring-blue-800",
};

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}

/** The tone a job run or check status reads as. */
export function statusTone(status: string): Tone {
  if (status === "succeeded" || status === "ok" || status === "success") return "good";
  if (status === "running" || status === "queued") return "info";
  if (status === "interrupted" || status === "degraded" || status === "denied") return "warn";
  if (status === "failed" || status === "failure" || status === "down") return "bad";
  return "neutral";
}

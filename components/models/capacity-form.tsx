"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type { ActionResult } from "@/lib/auth/guards";
import { formatBytes } from "@/lib/format/units";
import { Button } from "@/components/ui/button";

type Numbers = { capacityBytes: number; highWatermarkPercent: number; lowWatermarkPercent: number };

/** The size in the largest binary unit that holds it exactly (the field must save what it shows). */
function exactSize(bytes: number): string {
  const units = ["TiB", "GiB", "MiB", "KiB"];
  for (const [i, unit] of units.entries()) {
    const size = 1024 ** (units.length - i);
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}

const inputClass = "h-9 rounded-md border border-zinc-300 bg-white px-2.5 dark:border-zinc-700 dark:bg-zinc-900";

/**
 * Admins set the hot tier's capacity and watermarks (stored in PostgreSQL, seen at once by every console
 * and the worker's policies), or go back to the environment's. The eviction policy and the admission of
 * promotions use the new numbers from their next decision on.
 */
export function CapacityForm({
  current,
  environment,
  source,
  save,
  reset,
}: {
  current: Numbers;
  environment: Numbers;
  source: { source: "setting" | "environment"; updatedBy: string | null };
  save: (input: { capacity: string; highWatermarkPercent: number; lowWatermarkPercent: number }) => Promise<ActionResult<number>>;
  reset: () => Promise<ActionResult<boolean>>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await save({
        capacity: String(form.get("capacity") ?? ""),
        highWatermarkPercent: Number(form.get("high")),
        lowWatermarkPercent: Number(form.get("low")),
      });
      setMessage(result.ok ? { ok: true, text: `Hot tier capacity set to ${formatBytes(result.data)}.` } : { ok: false, text: result.error.message });
      if (result.ok) router.refresh();
    });
  }

  function useEnvironment() {
    startTransition(async () => {
      const result = await reset();
      setMessage(result.ok ? { ok: true, text: "Back to the environment's capacity." } : { ok: false, text: result.error.message });
      if (result.ok) router.refresh();
    });
  }

  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
        {source.source === "setting"
          ? `Capacity set by ${source.updatedBy ?? "an admin"} (environment: ${formatBytes(environment.capacityBytes)}) — change`
          : "Capacity from the environment — change"}
      </summary>
      <form onSubmit={submit} className="mt-2 flex flex-wrap items-end gap-2" aria-label="Hot tier capacity">
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500">Capacity</span>
          <input name="capacity" required defaultValue={exactSize(current.capacityBytes)} placeholder="500 GiB" className={`${inputClass} w-32`} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500">High watermark (%)</span>
          <input name="high" type="number" min={1} max={100} step="any" required defaultValue={current.highWatermarkPercent} className={`${inputClass} w-24`} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-zinc-500">Low watermark (%)</span>
          <input name="low" type="number" min={0} max={99} step="any" required defaultValue={current.lowWatermarkPercent} className={`${inputClass} w-24`} />
        </label>
        <Button type="submit" variant="primary" disabled={pending}>
          Save capacity
        </Button>
        {source.source === "setting" ? (
          <Button onClick={useEnvironment} disabled={pending}>
            Use the environment&apos;s
          </Button>
        ) : null}
      </form>
      {message ? (
        <p role="status" className={`mt-2 ${message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
          {message.text}
        </p>
      ) : null}
    </details>
  );
}

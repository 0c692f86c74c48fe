"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guards";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

type Job = { name: string; label: string; confirm?: string };

/** Admin buttons that run a models job now (scan, idle demotion, eviction); the run shows up under the policy runs. */
export function ModelJobButtons({ jobs, run }: { jobs: Job[]; run: (name: string) => Promise<ActionResult<unknown>> }) {
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState<Job | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [watchUntil, setWatchUntil] = useState(0);
  const router = useRouter();

  // A queued run starts within seconds and its moves appear as it plans them: follow it for a while.
  useEffect(() => {
    if (watchUntil === 0) return;
    const timer = setInterval(() => {
      if (Date.now() > watchUntil) clearInterval(timer);
      router.refresh();
    }, 2000);
    return () => clearInterval(timer);
  }, [watchUntil, router]);

  function start(job: Job) {
    startTransition(async () => {
      const result = await run(job.name);
      setConfirming(null);
      setMessage(result.ok ? { ok: true, text: `${job.label}: queued; the page updates as it runs.` } : { ok: false, text: result.error.message });
      if (result.ok) setWatchUntil(Date.now() + 30_000);
    });
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap gap-2">
        {jobs.map((job) => (
          <Button key={job.name} onClick={() => (job.confirm ? setConfirming(job) : start(job))} disabled={pending}>
            {job.label}
          </Button>
        ))}
      </div>
      {message ? (
        <p role="status" className={`text-sm ${message.ok ? "text-emerald-700 dark:text-emerald-400" : "text-red-700 dark:text-red-400"}`}>
          {message.text}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirming !== null}
        title={`${confirming?.label ?? ""}?`}
        confirmLabel="Run now"
        busy={pending}
        onCancel={() => setConfirming(null)}
        onConfirm={() => confirming && start(confirming)}
      >
        {confirming?.confirm}
      </ConfirmDialog>
    </div>
  );
}

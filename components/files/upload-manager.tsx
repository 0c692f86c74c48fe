"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import type { PendingUpload } from "@/lib/files/browser-upload";
import { filesInvalidation } from "@/lib/files/queries";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/format/units";
import { NO_PENDING, uploadQueue, type UploadQueue, type UploadTask } from "./upload-queue";

type UploadContext = { queue: UploadQueue; canUpload: boolean };

const Context = createContext<UploadContext | null>(null);

export function useUploads(): UploadContext {
  const value = useContext(Context);
  if (!value) throw new Error("useUploads must be used inside <UploadProvider>");
  return value;
}

/** Holds the upload queue for every page of the file browser, and shows its panel. */
export function UploadProvider({ canUpload, children }: { canUpload: boolean; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [queue] = useState(uploadQueue);
  useEffect(() => {
    queue.whenCompleted((task) => {
      void filesInvalidation.uploadFinished(queryClient, task.bucket);
    });
    // Closing or reloading the tab mid-upload asks first (multipart uploads could still resume, single ones not).
    const warn = (event: BeforeUnloadEvent) => {
      if (queue.busy()) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [queue, queryClient]);
  return (
    <Context.Provider value={{ queue, canUpload }}>
      {children}
      {canUpload ? <UploadPanel queue={queue} /> : null}
    </Context.Provider>
  );
}

function percent(task: UploadTask): number {
  return task.file.size === 0 ? (task.status === "completed" ? 100 : 0) : Math.min(100, Math.floor((task.loaded / task.file.size) * 100));
}

const statusText: Record<UploadTask["status"], string> = {
  queued: "Waiting",
  uploading: "Uploading",
  completed: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

function TaskRow({ task, queue }: { task: UploadTask; queue: UploadQueue }) {
  const pct = percent(task);
  const active = task.status === "uploading" || task.status === "queued";
  return (
    <li className="space-y-1 px-3 py-2" data-testid="upload-task">
      <div className="flex items-center justify-between gap-2">
        <p className="min-w-0 truncate text-sm font-medium" title={`s3://${task.bucket}/${task.key}`}>
          {task.file.name}
        </p>
        <div className="flex shrink-0 gap-1">
          {active ? (
            <Button size="sm" variant="ghost" onClick={() => queue.cancel(task.id)} aria-label={`Cancel upload of ${task.file.name}`}>
              Cancel
            </Button>
          ) : null}
          {task.status === "failed" || task.status === "cancelled" ? (
            <Button size="sm" variant="ghost" onClick={() => queue.retry(task.id)} aria-label={`Retry upload of ${task.file.name}`}>
              Retry
            </Button>
          ) : null}
          {!active ? (
            <Button size="sm" variant="ghost" onClick={() => queue.remove(task.id)} aria-label={`Remove ${task.file.name} from the list`}>
              ✕
            </Button>
          ) : null}
        </div>
      </div>
      <div
        role="progressbar"
        aria-label={`Upload of ${task.file.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-1.5 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className={`h-full transition-[width] ${task.status === "failed" ? "bg-red-500" : task.status === "completed" ? "bg-emerald-500" : "bg-accent-500"}`}
          style={{ width: `${pct}%` }}
        />
      </div>
      <p className="text-xs text-zinc-500">
        <span data-testid="upload-status">{statusText[task.status]}</span>
        {" · "}
        {pct}% · {formatBytes(task.loaded)} of {formatBytes(task.file.size)}
        {task.status === "uploading" && task.speed > 0 ? ` · ${formatBytes(task.speed)}/s` : ""}
        {task.mode === "multipart" ? " · multipart" : ""}
        {task.resumed ? " · resumed" : ""}
      </p>
      {task.error ? (
        <p role="alert" className="text-xs break-words text-red-700 dark:text-red-400">
          {task.error}
        </p>
      ) : null}
    </li>
  );
}

/** Uploads a reload interrupted: choosing the same file again resumes from the parts already stored. */
function InterruptedUploads({ queue, tasks, pending }: { queue: UploadQueue; tasks: UploadTask[]; pending: PendingUpload[] }) {
  const [problem, setProblem] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [resuming, setResuming] = useState<PendingUpload | null>(null);

  const inQueue = (p: PendingUpload) => tasks.some((t) => t.bucket === p.bucket && t.key === p.key && t.status !== "cancelled");
  const shown = pending.filter((p) => !inQueue(p));
  if (shown.length === 0) return null;
  return (
    <div className="border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <p className="text-xs font-semibold text-amber-700 dark:text-amber-400">Interrupted uploads — choose the same file to resume</p>
      <ul className="mt-1 space-y-1">
        {shown.map((p) => (
          <li key={p.id} className="flex items-center justify-between gap-2 text-sm">
            <span className="min-w-0 truncate" title={`s3://${p.bucket}/${p.key}`}>
              {p.name} <span className="text-xs text-zinc-500">({formatBytes(p.size)})</span>
            </span>
            <span className="flex shrink-0 gap-1">
              <Button
                size="sm"
                onClick={() => {
                  setResuming(p);
                  setProblem(null);
                  picker.current?.click();
                }}
              >
                Resume…
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  void queue.discard(p.id).catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
                }}
              >
                Discard
              </Button>
            </span>
          </li>
        ))}
      </ul>
      {problem ? (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
      <input
        ref={picker}
        type="file"
        hidden
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (!file || !resuming) return;
          if (file.name !== resuming.name || file.size !== resuming.size || file.lastModified !== resuming.lastModified) {
            setProblem(`That is not the same file: expected ${resuming.name} (${formatBytes(resuming.size)}), unchanged since the upload started.`);
            return;
          }
          queue.add(resuming.bucket, [{ file, key: resuming.key }]);
        }}
      />
    </div>
  );
}

function UploadPanel({ queue }: { queue: UploadQueue }) {
  const tasks = useSyncExternalStore(queue.subscribe, queue.snapshot, queue.snapshot);
  const pending = useSyncExternalStore(queue.subscribe, queue.pendingSnapshot, () => NO_PENDING);
  const [collapsed, setCollapsed] = useState(false);
  if (tasks.length === 0 && pending.length === 0) return null;
  const active = tasks.filter((t) => t.status === "uploading" || t.status === "queued").length;
  return (
    <section
      aria-label="Uploads"
      className="fixed right-4 bottom-4 z-30 w-[26rem] max-w-[calc(100vw-2rem)] overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
    >
      <header className="flex items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <h2 className="text-sm font-semibold">
          Uploads {active > 0 ? <span className="font-normal text-zinc-500">({active} in progress)</span> : null}
        </h2>
        <span className="flex gap-1">
          <Button size="sm" variant="ghost" onClick={() => queue.clearFinished()}>
            Clear finished
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setCollapsed((c) => !c)} aria-expanded={!collapsed}>
            {collapsed ? "Show" : "Hide"}
          </Button>
        </span>
      </header>
      {collapsed ? null : (
        <div className="max-h-[50vh] overflow-y-auto">
          <InterruptedUploads queue={queue} tasks={tasks} pending={pending} />
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {tasks.map((task) => (
              <TaskRow key={task.id} task={task} queue={queue} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

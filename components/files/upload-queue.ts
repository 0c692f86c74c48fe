import { discardPending, pendingUploads, uploadFromBrowser, type PendingUpload } from "@/lib/files/browser-upload";
import { objectKeyProblem } from "@/lib/files/names";

export type UploadStatus = "queued" | "uploading" | "completed" | "failed" | "cancelled";

export type UploadTask = {
  id: string;
  file: File;
  bucket: string;
  key: string;
  status: UploadStatus;
  loaded: number;
  /** Bytes per second over the last few seconds. */
  speed: number;
  mode: "single" | "multipart" | null;
  resumed: boolean;
  error: string | null;
};

/** Files uploading at once; each multipart file also sends several parts in parallel. */
const PARALLEL_FILES = 3;
/** Progress reaches React at most this often per task, so a 4 GiB upload does not re-render thousands of times. */
const PROGRESS_INTERVAL_MS = 200;
const SPEED_WINDOW_MS = 3_000;

export const NO_PENDING: PendingUpload[] = [];

type Internal = { controller: AbortController | null; samples: { at: number; bytes: number }[]; lastEmit: number };

/**
 * The browser's upload queue: an external store (for useSyncExternalStore) that outlives page navigation
 * inside the file browser, runs a few files at a time, and keeps each one's progress, speed and outcome.
 */
export class UploadQueue {
  private tasks: UploadTask[] = [];
  private pending: PendingUpload[] = NO_PENDING;
  private pendingJson = "[]";
  private internal = new Map<string, Internal>();
  private listeners = new Set<() => void>();

  private onCompleted: (task: UploadTask) => void = () => undefined;

  /** Who is told when a file has landed, so the page can refresh its listing. */
  whenCompleted(listener: (task: UploadTask) => void) {
    this.onCompleted = listener;
  }

  /** Whether a reload or closing the tab now would interrupt something. */
  busy(): boolean {
    return this.tasks.some((t) => t.status === "uploading" || t.status === "queued");
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    this.refreshPending();
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.tasks;

  /** Multipart uploads a reload interrupted (kept in localStorage), for the "resume" list. */
  pendingSnapshot = () => this.pending;

  /** The pending list changes only when its content does, so React sees a stable snapshot in between. */
  private refreshPending() {
    const json = JSON.stringify(pendingUploads());
    if (json === this.pendingJson) return false;
    this.pendingJson = json;
    this.pending = JSON.parse(json) as PendingUpload[];
    return true;
  }

  private emit() {
    this.refreshPending();
    for (const listener of this.listeners) listener();
  }

  async discard(id: string) {
    await discardPending(id);
    this.emit();
  }

  private update(id: string, patch: Partial<UploadTask>) {
    this.tasks = this.tasks.map((t) => (t.id === id ? { ...t, ...patch } : t));
    this.emit();
  }

  /** Queues files; those whose destination key is invalid fail at once with the reason, without a request. */
  add(bucket: string, items: { file: File; key: string }[]) {
    const added = items.map(({ file, key }): UploadTask => {
      const problem = objectKeyProblem(key);
      return {
        id: crypto.randomUUID(),
        file,
        bucket,
        key,
        status: problem ? "failed" : "queued",
        loaded: 0,
        speed: 0,
        mode: null,
        resumed: false,
        error: problem,
      };
    });
    this.tasks = [...this.tasks, ...added];
    this.emit();
    this.pump();
  }

  cancel(id: string) {
    const task = this.tasks.find((t) => t.id === id);
    if (!task) return;
    if (task.status === "queued") this.update(id, { status: "cancelled" });
    else this.internal.get(id)?.controller?.abort();
  }

  retry(id: string) {
    this.update(id, { status: "queued", error: null, speed: 0 });
    this.pump();
  }

  remove(id: string) {
    this.tasks = this.tasks.filter((t) => t.id !== id || t.status === "uploading");
    this.internal.delete(id);
    this.emit();
  }

  clearFinished() {
    this.tasks = this.tasks.filter((t) => t.status === "uploading" || t.status === "queued" || t.status === "failed");
    this.emit();
  }

  private pump() {
    const running = this.tasks.filter((t) => t.status === "uploading").length;
    for (const task of this.tasks.filter((t) => t.status === "queued").slice(0, Math.max(0, PARALLEL_FILES - running))) {
      void this.run(task);
    }
  }

  private progress(id: string, bytes: number) {
    const state = this.internal.get(id);
    if (!state) return;
    const now = performance.now();
    state.samples.push({ at: now, bytes });
    while (state.samples.length > 2 && now - state.samples[0]!.at > SPEED_WINDOW_MS) state.samples.shift();
    if (now - state.lastEmit < PROGRESS_INTERVAL_MS) return;
    state.lastEmit = now;
    const first = state.samples[0]!;
    const speed = now > first.at ? ((bytes - first.bytes) * 1000) / (now - first.at) : 0;
    this.update(id, { loaded: bytes, speed: Math.max(0, speed) });
  }

  private async run(task: UploadTask) {
    const controller = new AbortController();
    this.internal.set(task.id, { controller, samples: [], lastEmit: 0 });
    this.update(task.id, { status: "uploading", loaded: 0 });
    try {
      await uploadFromBrowser({
        file: task.file,
        bucket: task.bucket,
        key: task.key,
        signal: controller.signal,
        onProgress: (bytes) => this.progress(task.id, bytes),
        onStarted: ({ mode, resumed }) => this.update(task.id, { mode, resumed }),
      });
      this.update(task.id, { status: "completed", loaded: task.file.size, speed: 0 });
      this.onCompleted({ ...task, status: "completed" });
    } catch (error) {
      if (controller.signal.aborted) this.update(task.id, { status: "cancelled", speed: 0 });
      else this.update(task.id, { status: "failed", speed: 0, error: error instanceof Error ? error.message : String(error) });
    } finally {
      const state = this.internal.get(task.id);
      if (state) state.controller = null;
      this.pump();
    }
  }
}

let shared: UploadQueue | undefined;

/**
 * The tab's one queue. It lives outside React so uploads keep going (and stay visible) when someone leaves
 * the Files section and comes back; a second queue would not know about the first one's uploads.
 */
export function uploadQueue(): UploadQueue {
  shared ??= new UploadQueue();
  return shared;
}

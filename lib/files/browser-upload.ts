import { ApiError, apiFetch } from "@/lib/http/api-fetch";
import type { PartPlan } from "./part-plan";
import { uploadParts, type CompletedPart } from "./part-uploader";
import type { StartedUpload, UploadView } from "./uploads";
import { xhrTransport } from "./xhr-transport";

/**
 * One file from the browser to S3, through the app's signing endpoints: a single PUT below the
 * multipart threshold, otherwise parallel parts. A multipart upload is remembered in localStorage (and
 * in PostgreSQL by the server) so that after a reload, choosing the same file again resumes it.
 */

export type PendingUpload = {
  id: string;
  bucket: string;
  key: string;
  name: string;
  size: number;
  lastModified: number;
  partSize: number;
  partCount: number;
  concurrency: number;
  startedAt: string;
};

const STORAGE_KEY = "strata.files.pending-uploads";

export function pendingUploads(): PendingUpload[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(parsed) ? (parsed as PendingUpload[]) : [];
  } catch {
    return [];
  }
}

function savePending(list: PendingUpload[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch {
    // Private mode or a full quota: the upload still works, it just cannot resume after a reload.
  }
}

export function forgetPending(id: string): void {
  savePending(pendingUploads().filter((p) => p.id !== id));
}

function rememberPending(entry: PendingUpload): void {
  savePending([...pendingUploads().filter((p) => p.id !== entry.id), entry]);
}

/** The interrupted upload this file would continue: same destination, same name, size and modification time. */
export function findResumable(file: File, bucket: string, key: string): PendingUpload | undefined {
  return pendingUploads().find(
    (p) => p.bucket === bucket && p.key === key && p.size === file.size && p.lastModified === file.lastModified && p.name === file.name,
  );
}

export type BrowserUploadOptions = {
  file: File;
  bucket: string;
  key: string;
  signal: AbortSignal;
  onProgress(uploadedBytes: number): void;
  /** Called once the upload has an id (and, for multipart, once the resumable record is saved). */
  onStarted?(info: { id: string; mode: "single" | "multipart"; resumed: boolean }): void;
};

const base = "/api/files/uploads";

async function resumeOrStart(file: File, bucket: string, key: string): Promise<{ started: StartedUpload; done: CompletedPart[]; resumed: boolean }> {
  const pending = findResumable(file, bucket, key);
  if (pending) {
    try {
      const { parts } = await apiFetch<{ parts: CompletedPart[] }>(`${base}/${pending.id}/parts`);
      const started: StartedUpload = {
        id: pending.id,
        mode: "multipart",
        key,
        size: pending.size,
        partSize: pending.partSize,
        partCount: pending.partCount,
        concurrency: pending.concurrency,
        // A resumed upload's URLs may have expired: it asks for fresh ones.
        urls: {},
      };
      return { started, done: parts, resumed: true };
    } catch (error) {
      // Gone (aborted, expired, finished elsewhere): start over rather than fail.
      if (!(error instanceof ApiError) || error.status < 400 || error.status >= 500) throw error;
      forgetPending(pending.id);
    }
  }
  const started = await apiFetch<StartedUpload>(base, {
    method: "POST",
    json: { bucket, key, size: file.size, contentType: file.type },
  });
  return { started, done: [], resumed: false };
}

export async function uploadFromBrowser({ file, bucket, key, signal, onProgress, onStarted }: BrowserUploadOptions): Promise<UploadView> {
  const { started, done, resumed } = await resumeOrStart(file, bucket, key);
  if (started.mode === "multipart") {
    rememberPending({
      id: started.id,
      bucket,
      key,
      name: file.name,
      size: file.size,
      lastModified: file.lastModified,
      partSize: started.partSize,
      partCount: started.partCount,
      concurrency: started.concurrency,
      startedAt: new Date().toISOString(),
    });
  }
  onStarted?.({ id: started.id, mode: started.mode, resumed });

  try {
    let parts: CompletedPart[] = [];
    if (started.mode === "single") {
      const plan: PartPlan = { size: file.size, partSize: Math.max(file.size, 1), partCount: 1 };
      await uploadParts({
        plan,
        readPart: (start, end) => file.slice(start, end),
        presign: async () => ({ 1: started.url }),
        transport: xhrTransport,
        headers: started.headers,
        concurrency: 1,
        maxAttempts: 3,
        signal,
        onProgress,
      });
    } else {
      parts = await uploadParts({
        plan: { size: started.size, partSize: started.partSize, partCount: started.partCount },
        done,
        readPart: (start, end) => file.slice(start, end),
        signed: started.urls,
        presign: async (partNumbers) =>
          (await apiFetch<{ urls: Record<number, string> }>(`${base}/${started.id}/parts`, { method: "POST", json: { partNumbers } })).urls,
        transport: xhrTransport,
        concurrency: started.concurrency,
        signal,
        onProgress,
      });
    }
    const view = await apiFetch<UploadView>(`${base}/${started.id}/complete`, { method: "POST", json: { parts } });
    forgetPending(started.id);
    return view;
  } catch (error) {
    if (signal.aborted) {
      forgetPending(started.id);
      await apiFetch(`${base}/${started.id}`, { method: "DELETE" }).catch(() => undefined);
    } else if (started.mode === "single") {
      const reason = error instanceof Error ? error.message : String(error);
      await apiFetch(`${base}/${started.id}/fail`, { method: "POST", json: { reason } }).catch(() => undefined);
    }
    // A failed multipart upload stays resumable: retrying continues from the parts already stored.
    throw error;
  }
}

/** Discards an interrupted upload (the user does not want to resume it): aborted in the store, forgotten here. */
export async function discardPending(id: string): Promise<void> {
  forgetPending(id);
  await apiFetch(`${base}/${id}`, { method: "DELETE" }).catch((error: unknown) => {
    if (!(error instanceof ApiError) || error.status !== 409) throw error;
  });
}

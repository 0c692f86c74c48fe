import { partRange, type PartPlan } from "./part-plan";

/**
 * Sends the parts of a multipart upload to their presigned URLs: bounded concurrency, presigned in
 * windows (one request to the app signs many parts), retries with backoff, and the ETag of every part.
 * The browser and Node (the benchmark, scripts) run this same code; only the transport differs
 * (XMLHttpRequest for progress events in the browser, node:http in Node).
 */

export type CompletedPart = { partNumber: number; etag: string };

export type PartRequest<Body> = {
  url: string;
  body: Body;
  /** Headers the URL's signature binds (a single PUT binds content-type). */
  headers?: Record<string, string>;
  signal: AbortSignal;
  /** Bytes of this part sent so far, when the transport can tell. */
  onProgress(loaded: number): void;
};

export type PartResponse = { status: number; etag: string | null };

/** Performs one PUT. Resolves with the status for any HTTP answer; rejects only when no answer came. */
export type PartTransport<Body> = (request: PartRequest<Body>) => Promise<PartResponse>;

export type UploadPartsOptions<Body> = {
  plan: PartPlan;
  /** Parts the store already has (ListParts after a reload): not sent again. */
  done?: CompletedPart[];
  readPart(start: number, end: number): Body;
  presign(partNumbers: number[]): Promise<Record<number, string>>;
  /** URLs already signed (the plan carries the first window): used before asking `presign`. */
  signed?: Record<number, string>;
  transport: PartTransport<Body>;
  /** Sent with every part: the headers the URLs' signatures bind. */
  headers?: Record<string, string>;
  concurrency: number;
  /**
   * Parts signed per request to the app (the app signs up to 100): defaults to 32 or twice the concurrency.
   * Wide windows keep the app's round trips off the data path: a service's 1 GiB upload in 16 MiB parts asks
   * twice instead of eight times, and the next window is asked for while half of this one is still unsent.
   */
  presignWindow?: number;
  maxAttempts?: number;
  signal?: AbortSignal;
  /** Total bytes in the store or on the wire so far, including `done` parts. */
  onProgress?(uploadedBytes: number): void;
  backoffMs?(attempt: number): number;
};

export class PartUploadError extends Error {
  constructor(
    message: string,
    readonly partNumber: number,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "PartUploadError";
  }
}

/** The most parts the app signs in one request (`MAX_PARTS_PER_SIGNING` in uploads.ts). */
const MAX_PRESIGN_WINDOW = 100;

const defaultBackoff = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 8_000) * (0.5 + Math.random() / 2);

/** Transient answers worth another try. 403 is included because a URL signed long ago may have expired: it is re-signed. */
function retryable(status: number): boolean {
  return status === 403 || status === 408 || status === 429 || status >= 500;
}

/** The app answered the signing request with a 4xx (session ended, upload cancelled elsewhere): trying again will not help. */
function refusedByApp(error: unknown): boolean {
  const status = typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === "number" && status >= 400 && status < 500;
}

function abortError(): Error {
  return new DOMException("The upload was cancelled.", "AbortError");
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function uploadParts<Body>(options: UploadPartsOptions<Body>): Promise<CompletedPart[]> {
  const { plan, transport, readPart } = options;
  const maxAttempts = options.maxAttempts ?? 5;
  const window = Math.max(1, Math.min(MAX_PRESIGN_WINDOW, options.presignWindow ?? Math.max(32, options.concurrency * 2)));
  // Sign ahead while this many queued parts still have a URL, so a slow answer from the app never stalls a worker.
  const lowWater = Math.max(options.concurrency, Math.ceil(window / 2));
  const backoff = options.backoffMs ?? defaultBackoff;

  // One internal controller: the caller's cancel or the first fatal part error stops every worker.
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const signal = controller.signal;

  const completed = new Map<number, string>();
  for (const part of options.done ?? []) completed.set(part.partNumber, part.etag);
  const queue: number[] = [];
  for (let n = 1; n <= plan.partCount; n += 1) if (!completed.has(n)) queue.push(n);

  const inFlightBytes = new Map<number, number>();
  let doneBytes = [...completed.keys()].reduce((sum, n) => sum + size(n), 0);
  function size(partNumber: number): number {
    const { start, end } = partRange(plan, partNumber);
    return end - start;
  }
  function report() {
    let wire = 0;
    for (const b of inFlightBytes.values()) wire += b;
    options.onProgress?.(doneBytes + wire);
  }
  report();

  const urls = new Map<number, string>();
  for (const [n, url] of Object.entries(options.signed ?? {})) urls.set(Number(n), url);
  const signing = new Map<number, Promise<void>>();
  const unsigned = () => queue.filter((n) => !urls.has(n) && !signing.has(n));

  /** One request to the app signs a whole window of parts. */
  function sign(batch: number[]): Promise<void> {
    const request = options.presign(batch).then((signed) => {
      for (const n of batch) {
        const url = signed[n];
        if (url) urls.set(n, url);
      }
    });
    for (const n of batch) signing.set(n, request);
    void request.then(
      () => batch.forEach((n) => signing.delete(n)),
      () => batch.forEach((n) => signing.delete(n)),
    );
    return request;
  }

  /**
   * Signs the next window in the background once fewer queued parts have a URL than `lowWater`, so the
   * workers do not wait for the app between parts. A failed prefetch costs nothing: a part whose URL is
   * missing asks for it itself.
   */
  function prefetch(): void {
    const next = unsigned();
    if (next.length === 0 || signing.size > 0 || queue.length - next.length >= lowWater) return;
    sign(next.slice(0, window)).catch(() => undefined);
  }

  async function urlFor(partNumber: number): Promise<string> {
    const pending = signing.get(partNumber);
    if (pending) await pending.catch(() => undefined);
    if (!urls.has(partNumber)) {
      // Sign this part and the next unsigned ones waiting in the queue, in one request.
      await sign([partNumber, ...unsigned().slice(0, window - 1)]);
    }
    const url = urls.get(partNumber);
    if (!url) throw new PartUploadError(`The app did not sign part ${partNumber}.`, partNumber, null);
    prefetch();
    return url;
  }

  async function sendPart(partNumber: number): Promise<void> {
    const { start, end } = partRange(plan, partNumber);
    for (let attempt = 1; ; attempt += 1) {
      if (signal.aborted) throw abortError();
      let answer: PartResponse | null = null;
      let failure: unknown = null;
      try {
        const url = await urlFor(partNumber);
        answer = await transport({
          url,
          body: readPart(start, end),
          ...(options.headers ? { headers: options.headers } : {}),
          signal,
          onProgress(loaded) {
            inFlightBytes.set(partNumber, loaded);
            report();
          },
        });
      } catch (error) {
        if (signal.aborted) throw abortError();
        if (refusedByApp(error)) throw error;
        failure = error;
      }
      inFlightBytes.delete(partNumber);
      if (answer && answer.status >= 200 && answer.status < 300) {
        if (!answer.etag) {
          throw new PartUploadError(
            "The store accepted a part but its ETag header is not readable; its CORS rule must expose ETag (see docs/files.md).",
            partNumber,
            answer.status,
          );
        }
        completed.set(partNumber, answer.etag);
        doneBytes += end - start;
        report();
        return;
      }
      if (answer && !retryable(answer.status)) {
        throw new PartUploadError(`The store refused part ${partNumber} (HTTP ${answer.status}).`, partNumber, answer.status);
      }
      if (attempt >= maxAttempts) {
        const why = answer ? `HTTP ${answer.status}` : failure instanceof Error ? failure.message : "no answer";
        throw new PartUploadError(`Part ${partNumber} failed ${attempt} times (last: ${why}).`, partNumber, answer?.status ?? null);
      }
      if (answer?.status === 403) urls.delete(partNumber);
      report();
      await sleep(backoff(attempt), signal);
    }
  }

  async function worker(): Promise<void> {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await sendPart(next);
  }

  try {
    const workers = Array.from({ length: Math.min(options.concurrency, Math.max(queue.length, 1)) }, () =>
      worker().catch((error: unknown) => {
        controller.abort();
        throw error;
      }),
    );
    const results = await Promise.allSettled(workers);
    const firstFailure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (firstFailure) {
      // Report the cause, not the cancellations it triggered in the other workers.
      const cause = results.find(
        (r): r is PromiseRejectedResult => r.status === "rejected" && !(r.reason instanceof DOMException && r.reason.name === "AbortError"),
      );
      throw (cause ?? firstFailure).reason;
    }
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
  }
  return [...completed.entries()].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
}

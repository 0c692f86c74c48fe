/**
 * Runs `work` over `items` with at most `limit` at a time; results keep their order. After a failure no
 * new item is started, the running ones finish, and the first error is thrown (callers that want every item tried catch inside `work`).
 */
export async function runLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  async function lane(): Promise<void> {
    while (!failed && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  }
  // Wait for the lanes still running, so the caller's clean-up never races an in-flight item.
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === "rejected");
  if (failure) throw failure.reason;
  return results;
}

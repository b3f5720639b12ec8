/**
 * The default wait: 30 s, or `SCB_WAIT_FOR_TIMEOUT_MS` when a tier sets it (e2e and browser do:
 * there almost every wait crosses Kafka and several services).
 */
const defaultTimeoutMs = () => Number(process.env.SCB_WAIT_FOR_TIMEOUT_MS) || 30_000;

/** Polls `probe` until it returns a truthy value; the last value (or error) explains a timeout. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const { timeoutMs = defaultTimeoutMs(), intervalMs = 200, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await probe();
      if (last) return last as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

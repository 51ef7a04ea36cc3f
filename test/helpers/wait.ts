/**
 * Waits until `condition()` holds, checking every `everyMs`; returns how long that took. Without `withinMs`
 * the test's own timeout bounds the wait; with it, the wait fails after that long, naming the condition.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  { everyMs = 10, withinMs }: { everyMs?: number; withinMs?: number } = {},
): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (withinMs !== undefined && performance.now() - started > withinMs) {
      throw new Error(`not within ${withinMs} ms: ${condition.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return performance.now() - started;
}

/**
 * Runs `task` now and then every `everyMs` until the returned stop is called. A failure is logged
 * and the next round tries again: housekeeping must never take the service down.
 */
export async function runPeriodically(
  what: string,
  everyMs: number,
  task: () => Promise<unknown>,
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  const run = () =>
    task().catch((error: unknown) =>
      log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  await run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => clearInterval(timer);
}

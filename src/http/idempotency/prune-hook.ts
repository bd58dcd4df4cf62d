import type { StartHook } from '../../service.ts';
import { pruneKeys } from './idempotency-store.ts';

const EVERY_MS = 60 * 60 * 1000;

/** Deletes idempotency keys past their 24 hours, at start and then hourly. */
export const pruneIdempotencyKeys: StartHook = async ({ ctx, log }) => {
  const run = () =>
    pruneKeys(ctx.db, ctx.clock.now()).catch((error: unknown) =>
      log(`Pruning idempotency keys failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  await run();
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return async () => clearInterval(timer);
};

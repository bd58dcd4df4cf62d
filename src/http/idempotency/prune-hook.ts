import { pruneKeys } from '../../app/idempotency/idempotency-store.ts';
import { runPeriodically } from '../../jobs/periodic-task.ts';
import type { StartHook } from '../../service.ts';

/** Deletes idempotency keys past their 24 hours, at start and then hourly. */
export const pruneIdempotencyKeys: StartHook = ({ ctx, log }) =>
  runPeriodically('Pruning idempotency keys', 60 * 60 * 1000, () => pruneKeys(ctx.db, ctx.clock.now()), log);

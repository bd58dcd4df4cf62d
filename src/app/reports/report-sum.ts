import { type RawBuilder, sql } from 'kysely';
import { MAX_REPORT_SUM } from '../../domain/limits.ts';

/**
 * `sum(expr)` for a report: 0 over no rows, and clamped to ±MAX_REPORT_SUM. Bounded orders keep
 * real sums far below it, but a total over enough of them (months of a large shop) could in
 * principle pass 2^53, and an `int8` beyond it cannot be read into JavaScript: the report would
 * fail instead of showing a total. `sum` of `int8` is `numeric`, so the clamp itself cannot overflow.
 */
export function reportSum(expr: RawBuilder<unknown>): RawBuilder<number> {
  const max = sql.lit(MAX_REPORT_SUM);
  return sql<number>`least(greatest(coalesce(sum(${expr}), 0)::numeric, -${max}), ${max})::bigint`;
}

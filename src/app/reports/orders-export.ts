import type { Order } from '../../db/schema.ts';
import type { AppContext } from '../context.ts';
import { type ExportOptions, type ExportPeriod, keysetBatches } from './export-batches.ts';

export type { Order };

/**
 * The shop's orders placed in a period, oldest first (placing time, then id: the index the
 * orders report reads), as recorded, in batches.
 */
export function orderExportBatches(
  ctx: AppContext,
  shopId: string,
  period: ExportPeriod,
  options: ExportOptions = {},
): AsyncGenerator<Order[]> {
  return keysetBatches(
    async (after: { placedAt: Date; id: string } | null, limit) => {
      let query = ctx.db
        .selectFrom('orders as o')
        .selectAll('o')
        .where('o.shop_id', '=', shopId)
        .where('o.placed_at', '>=', period.start)
        .where('o.placed_at', '<', period.end);
      if (after) {
        query = query.where((eb) =>
          eb(eb.refTuple('o.placed_at', 'o.id'), '>', eb.tuple(after.placedAt, after.id)),
        );
      }
      return query.orderBy('o.placed_at').orderBy('o.id').limit(limit).execute();
    },
    (row) => ({ placedAt: row.placed_at, id: row.id }),
    options,
  );
}

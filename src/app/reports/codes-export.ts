import type { EffectiveCodeStatus } from '../../domain/codes/code-state.ts';
import type { AppContext } from '../context.ts';
import { type CodeView, codeView } from '../members/member-view.ts';
import { type ExportOptions, keysetBatches } from './export-batches.ts';

export interface CodeExportRow extends CodeView {
  status: EffectiveCodeStatus;
  customerId: string;
  ownerName: string | null;
}

/**
 * Every loyalty code of the shop, oldest first (issue time, then code: the index the codes list
 * reads), with its owner and its status at the moment the export began, in batches.
 */
export function codeExportBatches(
  ctx: AppContext,
  shopId: string,
  options: ExportOptions = {},
): AsyncGenerator<CodeExportRow[]> {
  const now = ctx.clock.now();
  return keysetBatches(
    async (after: { issuedAt: Date; code: string } | null, limit) => {
      let query = ctx.db
        .selectFrom('discount_codes as d')
        .innerJoin('customers as c', (j) =>
          j.onRef('c.shop_id', '=', 'd.shop_id').onRef('c.id', '=', 'd.customer_id'),
        )
        .selectAll('d')
        .select('c.name')
        .where('d.shop_id', '=', shopId);
      if (after) {
        query = query.where((eb) =>
          eb(eb.refTuple('d.issued_at', 'd.code'), '>', eb.tuple(after.issuedAt, after.code)),
        );
      }
      const rows = await query.orderBy('d.issued_at').orderBy('d.code').limit(limit).execute();
      return rows.map((r) => ({ ...codeView(r, now), customerId: r.customer_id, ownerName: r.name }));
    },
    (row) => ({ issuedAt: row.issuedAt, code: row.code }),
    options,
  );
}

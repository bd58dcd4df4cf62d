import { sql } from 'kysely';
import { statusesThatMayBecome } from '../../domain/codes/code-state.ts';
import type { AppContext } from '../context.ts';
import { type MemberView, memberRows, toMemberView } from '../members/member-view.ts';
import { type ExportOptions, keysetBatches } from './export-batches.ts';
import { reportSum } from './report-sum.ts';

export interface MemberExportRow extends MemberView {
  member: NonNullable<MemberView['member']>;
  /** The codes the member can still spend (active or restored, not expired at the export's moment). */
  validCodes: { count: number; valueCents: number };
  /** Where the member last ordered: no store version is kept on a customer or a member. */
  latestOrderStoreVersion: { id: string; name: string } | null;
}

/**
 * Everyone who has joined the program, those who left included (they keep their balance and
 * codes), in member-number order, with balance, valid codes and the store version of their
 * latest order, in batches. Joining is the consent to the program's terms, and its time is
 * `member.joinedAt`; consent to marketing is kept apart and exported with segments (docs/segments.md).
 */
export function memberExportBatches(
  ctx: AppContext,
  shopId: string,
  options: ExportOptions = {},
): AsyncGenerator<MemberExportRow[]> {
  const now = ctx.clock.now();
  // A code that may still become used is one its owner can spend, while it has not expired.
  const spendable = statusesThatMayBecome('used');
  return keysetBatches(
    async (after: number | null, limit) => {
      const rows = await memberRows(ctx.db, shopId)
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('discount_codes as d')
              .select([
                (x) => x.fn.countAll<number>().as('valid_codes'),
                reportSum(sql`d.value_cents`).as('valid_code_cents'),
              ])
              .whereRef('d.shop_id', '=', 'c.shop_id')
              .whereRef('d.customer_id', '=', 'c.id')
              .where('d.status', 'in', spendable)
              .where('d.expires_at', '>', now)
              .as('v'),
          (join) => join.onTrue(),
        )
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('orders as o')
              .innerJoin('store_versions as sv', (j) =>
                j.onRef('sv.shop_id', '=', 'o.shop_id').onRef('sv.id', '=', 'o.store_version_id'),
              )
              .select(['o.store_version_id', 'sv.name as store_version_name'])
              .whereRef('o.shop_id', '=', 'c.shop_id')
              .whereRef('o.customer_id', '=', 'c.id')
              .orderBy('o.placed_at', 'desc')
              .orderBy('o.id', 'desc')
              .limit(1)
              .as('latest'),
          (join) => join.onTrue(),
        )
        .select([
          'v.valid_codes',
          'v.valid_code_cents',
          'latest.store_version_id',
          'latest.store_version_name',
        ])
        .where('m.member_number', '>', after ?? 0)
        .orderBy('m.member_number')
        .limit(limit)
        .execute();
      return rows.map((r): MemberExportRow => {
        const view = toMemberView(r);
        return {
          ...view,
          member: view.member!,
          validCodes: { count: Number(r.valid_codes ?? 0), valueCents: Number(r.valid_code_cents ?? 0) },
          latestOrderStoreVersion:
            r.store_version_id !== null && r.store_version_name !== null
              ? { id: r.store_version_id, name: r.store_version_name }
              : null,
        };
      });
    },
    (row) => row.member.memberNumber,
    options,
  );
}

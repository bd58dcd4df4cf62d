import { sql } from 'kysely';
import { type EffectiveCodeStatus, effectiveCodeStatus } from '../../domain/codes/code-state.ts';
import { lastValidMoment } from '../../domain/conversion/code-validity.ts';
import type { AppContext } from '../context.ts';
import { PAGE_SIZE, type Page, pageOf, pageWindow } from './paging.ts';
import { reportSum } from './report-sum.ts';

export const CODE_STATUSES = ['active', 'used', 'expired', 'restored'] as const;

export interface CodeRow {
  code: string;
  customerId: string;
  ownerName: string | null;
  ownerEmail: string | null;
  period: string;
  valueCents: number;
  points: number;
  status: EffectiveCodeStatus;
  issuedAt: Date;
  /** The last valid moment, as shown to people. */
  validUntil: Date;
  usedOrderId: string | null;
}

export interface CodeFilter {
  status?: EffectiveCodeStatus | undefined;
  /** Month of issue, 'YYYY-MM'. */
  month?: string | undefined;
  page?: number | undefined;
}

/** The shop's loyalty codes, newest first, by status (as of now) and month of issue. */
export async function listCodes(
  ctx: AppContext,
  shopId: string,
  filter: CodeFilter,
): Promise<Page<CodeRow> & { totalValueCents: number }> {
  const now = ctx.clock.now();
  const { page, offset, limit } = pageWindow(filter.page);
  let base = ctx.db.selectFrom('discount_codes as d').where('d.shop_id', '=', shopId);
  if (filter.month) base = base.where('d.period', '=', filter.month);
  switch (filter.status) {
    case 'used':
      base = base.where('d.status', '=', 'used');
      break;
    case 'active':
    case 'restored':
      base = base.where('d.status', '=', filter.status).where('d.expires_at', '>', now);
      break;
    case 'expired':
      base = base.where('d.status', 'in', ['active', 'restored']).where('d.expires_at', '<=', now);
      break;
    default:
      break;
  }
  const [totals, rows] = await Promise.all([
    base
      .select([(eb) => eb.fn.countAll<number>().as('n'), reportSum(sql`d.value_cents`).as('value')])
      .executeTakeFirstOrThrow(),
    // The page is chosen from the codes alone, then joined to its owners.
    ctx.db
      .selectFrom(
        base
          .selectAll('d')
          .orderBy('d.issued_at', 'desc')
          .orderBy('d.code')
          .offset(offset)
          .limit(limit)
          .as('p'),
      )
      .innerJoin('customers as c', (j) =>
        j.onRef('c.shop_id', '=', 'p.shop_id').onRef('c.id', '=', 'p.customer_id'),
      )
      .select([
        'p.code',
        'p.customer_id',
        'c.name',
        'c.email',
        'p.period',
        'p.value_cents',
        'p.points',
        'p.status',
        'p.issued_at',
        'p.expires_at',
        'p.used_order_id',
      ])
      .orderBy('p.issued_at', 'desc')
      .orderBy('p.code')
      .execute(),
  ]);
  return {
    ...pageOf(
      rows.map((r) => ({
        code: r.code,
        customerId: r.customer_id,
        ownerName: r.name,
        ownerEmail: r.email,
        period: r.period,
        valueCents: r.value_cents,
        points: r.points,
        status: effectiveCodeStatus({ status: r.status, expiresAt: r.expires_at }, now),
        issuedAt: r.issued_at,
        validUntil: lastValidMoment(r.expires_at),
        usedOrderId: r.used_order_id,
      })),
      Number(totals.n),
      page,
      PAGE_SIZE,
    ),
    totalValueCents: Number(totals.value),
  };
}

/** Months in which the shop's codes were issued, newest first, for the month filter. */
export async function codeMonths(ctx: AppContext, shopId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('discount_codes')
    .select('period')
    .distinct()
    .where('shop_id', '=', shopId)
    .orderBy('period', 'desc')
    .execute();
  return rows.map((r) => r.period);
}

import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { statusesThatMayBecome } from '../../domain/codes/code-state.ts';
import { type LiabilityMonths, liabilityMonths } from '../../domain/liability/liability-months.ts';
import {
  type CodeOutcome,
  type CodeSpan,
  type LiabilityMonth,
  liabilityReport,
  type MonthBalances,
} from '../../domain/liability/liability-report.ts';
import { bestTier } from '../../domain/liability/valuation.ts';
import type { ProgramSettings, RewardTier } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { shopNotFound, shopsWithPrograms, shopTimeZone } from '../shops/shop-with-program.ts';

export type { ExpiryGroup, LiabilityMonth } from '../../domain/liability/liability-report.ts';

/** What the program owes, month end by month end (docs/liability.md). */
export interface LiabilityReport {
  /** The moment the report was made: the end of the current month to date. */
  at: Date;
  timeZone: string;
  currency: string;
  /** The tier whose euros per point value the outstanding points; null without a program. */
  valuationTier: RewardTier | null;
  /** Oldest first; the last is the current month to date. */
  months: LiabilityMonth[];
}

/**
 * The points liability of the last twelve months and the current month to date, from the ledger
 * and the codes themselves, in three set-based statements in one snapshot: one pass over the shop's
 * ledger and two over its codes, whatever the number of months (the month of each row is a binary
 * search in the months' bounds, width_bucket, computed here with the zone's rules).
 */
export async function pointsLiability(ctx: AppContext, shopId: string): Promise<LiabilityReport> {
  const now = ctx.clock.now();
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const shop = await shopsWithPrograms(trx)
        .select(['s.time_zone', 's.currency', 'p.settings'])
        .where('s.id', '=', shopId)
        .executeTakeFirst();
      if (!shop) throw shopNotFound(shopId);
      const settings = shop.settings as ProgramSettings | null;
      const timeZone = shopTimeZone(settings, shop.time_zone);
      const months = liabilityMonths(now, timeZone);
      const [balances, codeSpans, outcomes] = [
        await balancesOf(trx, shopId, months),
        await codeSpansOf(trx, shopId, months),
        await codeOutcomesOf(trx, shopId, months),
      ];
      const tiers = settings?.tiers ?? [];
      return {
        at: now,
        timeZone,
        currency: settings?.currency ?? shop.currency,
        valuationTier: bestTier(tiers),
        months: liabilityReport({ months, timeZone, tiers, balances, codeSpans, outcomes }),
      };
    });
}

/** The bounds as a timestamptz[] parameter, and the bucket after the last month (nothing ends there). */
function boundsOf(months: LiabilityMonths) {
  return {
    bounds: sql`${sql.val(months.bounds.map((d) => d.toISOString()))}::timestamptz[]`,
    now: months.bounds[months.bounds.length - 1]!,
    past: sql.lit(months.months.length + 1),
  };
}

/**
 * The balances at every month end: each member's balance at each end is a sum of their entries
 * filtered by the end (one hash aggregate over the shop's entries, a row per member with one sum per
 * month end), then summed over the members into one row: positive balances, their count and
 * negative balances per month end. Grouping the entries by member and month instead (a row per
 * member-month, a window over them) took about twice as long on 1,000,000 entries.
 */
async function balancesOf(db: Executor, shopId: string, months: LiabilityMonths): Promise<MonthBalances[]> {
  const ends = months.bounds.slice(1);
  const now = ends[ends.length - 1]!;
  const balance = (j: number) => sql.ref(`b${j}`);
  const perMember = sql.join(
    ends.map((end, j) => sql`sum(points) filter (where created_at < ${end}) as ${balance(j)}`),
  );
  const sums = sql.join(
    ends.map(
      (
        _,
        j,
      ) => sql`coalesce(sum(greatest(${balance(j)}, 0)), 0)::bigint, count(*) filter (where ${balance(j)} > 0),
        coalesce(sum(least(${balance(j)}, 0)), 0)::bigint`,
    ),
  );
  const rows = await sql<{ figures: (number | string)[] }>`
    select array[${sums}] as figures
    from (
      select ${perMember}
      from ledger_entries
      where shop_id = ${shopId} and created_at < ${now}
      group by customer_id
    ) balances`.execute(db);
  const figures = rows.rows[0]!.figures.map(Number);
  return ends.map((_, j) => ({
    positivePoints: figures[3 * j]!,
    members: figures[3 * j + 1]!,
    negativePoints: figures[3 * j + 2]!,
  }));
}

/**
 * The codes unused at some month end of the report, grouped by the months they became and stopped
 * being unused and by their expiry. A code stops being unused at the first month end by which it was
 * used (`used_at`), it had expired (`expires_at` at or before the end: the bucket of the instant
 * just before expiry) or it was voided by its owner's erasure. A restored code counts as never used:
 * cancelling the order undid the use.
 */
async function codeSpansOf(db: Executor, shopId: string, months: LiabilityMonths): Promise<CodeSpan[]> {
  const { bounds, now, past } = boundsOf(months);
  const firstEnd = months.bounds[1]!;
  const rows = await sql<{ first: number; stop: number; expires_at: Date; n: number; cents: number }>`
    select spans.first, spans.stop, spans.expires_at, count(*)::bigint as n, sum(spans.value_cents)::bigint as cents
    from (
      select width_bucket(c.issued_at, ${bounds}) as first,
        least(
          width_bucket(c.expires_at - interval '1 microsecond', ${bounds}),
          case when c.status = 'used' then width_bucket(coalesce(c.used_at, c.issued_at), ${bounds}) else ${past} end,
          case when c.status = 'voided' then width_bucket(coalesce(e.erased_at, c.issued_at), ${bounds}) else ${past} end
        ) as stop,
        c.expires_at, c.value_cents
      from discount_codes c
      left join customer_erasures e on e.shop_id = c.shop_id and e.customer_id = c.customer_id
      where c.shop_id = ${shopId} and c.issued_at < ${now} and c.expires_at > ${firstEnd}
    ) spans
    where spans.stop > greatest(spans.first, 1)
    group by spans.first, spans.stop, spans.expires_at`.execute(db);
  return rows.rows.map((r) => ({
    from: r.first,
    to: r.stop,
    expiresAt: r.expires_at,
    count: Number(r.n),
    valueCents: Number(r.cents),
  }));
}

/**
 * Codes used, and codes expired unused (breakage), per month; bucket 0 holds every month before
 * the report's first, the history the breakage rate also counts. Unused means a status from which
 * the code could still be used (the state machine's `statusesThatMayBecome('used')`).
 */
async function codeOutcomesOf(db: Executor, shopId: string, months: LiabilityMonths): Promise<CodeOutcome[]> {
  const { bounds, now } = boundsOf(months);
  const unspent = statusesThatMayBecome('used');
  const used = sql`c.status = 'used'`;
  // One pass over the codes: a used code counts in the month of its use, an unused one in the month it expired.
  const rows = await sql<{ bucket: number; outcome: 'used' | 'expired'; n: number; cents: number }>`
    select
      case when ${used} then width_bucket(c.used_at, ${bounds})
        else width_bucket(c.expires_at - interval '1 microsecond', ${bounds}) end as bucket,
      case when ${used} then 'used' else 'expired' end as outcome,
      count(*)::bigint as n, sum(c.value_cents)::bigint as cents
    from discount_codes c
    where c.shop_id = ${shopId}
      and ((${used} and c.used_at < ${now}) or (c.status in (${sql.join(unspent)}) and c.expires_at <= ${now}))
    group by 1, 2`.execute(db);
  return rows.rows.map((r) => ({
    bucket: r.bucket,
    outcome: r.outcome,
    count: Number(r.n),
    valueCents: Number(r.cents),
  }));
}

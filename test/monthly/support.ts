import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { AppContext } from '../../src/app/context.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { type CustomerDetails, newCustomer } from '../support/fixtures.ts';

/** A discount code as issued: XXXX-XXXX-XXXX-X, in an alphabet without 0, O, 1, I or L. */
export const CODE_FORMAT = /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]$/;

/** An instant given as wall-clock time in a zone, e.g. local('2026-07-01 00:00'). */
export function local(wallClock: string, zone = 'Europe/Helsinki'): Date {
  const format = wallClock.length > 16 ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm';
  const dateTime = DateTime.fromFormat(wallClock, format, { zone });
  assert.ok(dateTime.isValid, wallClock);
  return dateTime.toJSDate();
}

export function wallClock(instant: Date, zone = 'Europe/Helsinki'): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** A customer who joined and holds `points` (an adjustment; 0 adds nothing). */
export async function memberWithPoints(
  ctx: AppContext,
  shopId: string,
  customerId: string,
  points: number,
  details: CustomerDetails = {},
): Promise<void> {
  await newCustomer(ctx, shopId, customerId, details);
  await joinProgram(ctx, { shopId, customerId, source: 'registration' });
  if (points !== 0) {
    await adjustPoints(ctx, { shopId, customerId, points, reason: 'test balance', author: 'test' });
  }
}

export async function codesOf(ctx: AppContext, shopId: string, customerId: string) {
  return ctx.db
    .selectFrom('discount_codes')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .orderBy('period')
    .execute();
}

/** The keys of the shop's e-mails, queued or sent ("monthly:2026-07:<customer>"), in order. */
export async function mailKeys(ctx: AppContext, shopId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('mail_outbox')
    .select('message_key')
    .where('shop_id', '=', shopId)
    .orderBy('message_key')
    .execute();
  return rows.map((r) => r.message_key);
}

/** Every member's running balance equals the sum of their ledger entries. */
export async function assertBalancesMatchLedger(ctx: AppContext, shopId: string): Promise<void> {
  const { rows } = await sql<{ customer_id: string; balance: number; total: number }>`
    select b.customer_id, b.balance, coalesce(e.total, 0)::bigint as total
    from member_balances b
    left join (select customer_id, sum(points) as total from ledger_entries where shop_id = ${shopId}
               group by customer_id) e on e.customer_id = b.customer_id
    where b.shop_id = ${shopId} and b.balance <> coalesce(e.total, 0)`.execute(ctx.db);
  assert.deepEqual(rows, [], 'balances that differ from their ledger sums');
}

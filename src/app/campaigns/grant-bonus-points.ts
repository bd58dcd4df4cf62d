import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import { bonusGrantErrors } from '../../domain/campaigns/bonus-grant.ts';
import { DomainError } from '../../domain/errors.ts';
import { grantEntry } from '../../domain/ledger/entries.ts';
import { MAX_BALANCE_POINTS } from '../../domain/limits.ts';
import type { AppContext } from '../context.ts';
import { postEntries } from '../ledger/ledger-writer.ts';
import { newestShopRows, shopRowById } from '../shop-rows.ts';

export interface GrantBonusInput {
  shopId: string;
  /** The caller's id of this grant: the same grant asked twice pays once. */
  grantId: string;
  customerIds: readonly string[];
  points: number;
  reason: string;
  /** Who gave it: an admin user's e-mail, an API key's name, `cli`. */
  author: string;
}

export interface GrantBonusResult {
  outcome: 'applied' | 'duplicate';
  grantId: string;
  points: number;
  /** Members credited (by this call, or by the first call for a repeat). */
  membersGranted: number;
  /** Customers named that got nothing: not members now, unknown, or at the balance limit. */
  skippedCustomerIds: string[];
}

/** Entries per statement: 11 parameters each, well under PostgreSQL's 65,535. */
const ENTRIES_PER_STATEMENT = 1000;

/**
 * Gives `points` bonus points to each named customer who is a member now, with a reason, as one
 * `campaign` ledger entry each (key `grant:<grant id>:<customer id>`) through the ledger's writer,
 * all in one transaction. The grant is recorded once by its id: asked again with the same points
 * and reason it changes nothing and answers `duplicate`; with others it is refused (`grant_exists`).
 */
export async function grantBonusPoints(ctx: AppContext, input: GrantBonusInput): Promise<GrantBonusResult> {
  const { errors, customerIds } = bonusGrantErrors(input);
  if (errors.length) throw new DomainError('invalid_input', 'The bonus grant is not valid', errors);
  const grantId = input.grantId.trim();
  const reason = input.reason.trim();
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const { rows: members } = await sql<{ customer_id: string }>`
      select m.customer_id from members m
      left join member_balances b on b.shop_id = m.shop_id and b.customer_id = m.customer_id
      where m.shop_id = ${input.shopId} and m.customer_id = any(${customerIds}::text[])
        and m.joined_at is not null and m.left_at is null
        and coalesce(b.balance, 0) + ${input.points} <= ${MAX_BALANCE_POINTS}
      order by m.customer_id`.execute(trx);
    const granted = new Set(members.map((m) => m.customer_id));
    const skippedCustomerIds = customerIds.filter((id) => !granted.has(id));
    // Waits for a concurrent grant of the same id to commit; then this one is its repeat.
    const recorded = await trx
      .insertInto('bonus_grants')
      .values({
        shop_id: input.shopId,
        id: grantId,
        points: input.points,
        reason,
        author: input.author,
        members_granted: granted.size,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!recorded) return repeatedGrant(trx, input.shopId, grantId, input.points, reason, skippedCustomerIds);
    const entries = members.map((m) =>
      grantEntry({
        shopId: input.shopId,
        customerId: m.customer_id,
        points: input.points,
        grantId,
        author: input.author,
        reason,
        at: now,
      }),
    );
    for (let i = 0; i < entries.length; i += ENTRIES_PER_STATEMENT) {
      await postEntries(trx, entries.slice(i, i + ENTRIES_PER_STATEMENT));
    }
    return {
      outcome: 'applied',
      grantId,
      points: input.points,
      membersGranted: granted.size,
      skippedCustomerIds,
    };
  });
}

async function repeatedGrant(
  trx: Executor,
  shopId: string,
  grantId: string,
  points: number,
  reason: string,
  skippedCustomerIds: string[],
): Promise<GrantBonusResult> {
  // The grant's insert found this row, committed, so this statement sees it.
  const existing = (await shopRowById(trx, 'bonus_grants', shopId, grantId))!;
  if (existing.points !== points || existing.reason !== reason) {
    throw new DomainError(
      'grant_exists',
      `Grant "${grantId}" was given before with other points or reason; use a new grant id`,
    );
  }
  return {
    outcome: 'duplicate',
    grantId,
    points,
    membersGranted: existing.members_granted,
    skippedCustomerIds,
  };
}

export interface BonusGrantView {
  grantId: string;
  points: number;
  reason: string;
  author: string;
  membersGranted: number;
  createdAt: Date;
}

/** Grants one list gives at most (newest first). */
export const MAX_GRANTS_LISTED = 100;

/** A shop's bonus grants, newest first. */
export async function listBonusGrants(
  ctx: AppContext,
  shopId: string,
  limit = MAX_GRANTS_LISTED,
): Promise<BonusGrantView[]> {
  const rows = await newestShopRows(ctx.db, 'bonus_grants', shopId, limit);
  return rows.map((r) => ({
    grantId: r.id,
    points: r.points,
    reason: r.reason,
    author: r.author,
    membersGranted: r.members_granted,
    createdAt: r.created_at,
  }));
}

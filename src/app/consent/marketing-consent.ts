import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { ConsentSource } from '../../db/tables-segments.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { underCustomerLock } from '../members/lock-customer.ts';

export type { ConsentSource };
export const CONSENT_SOURCES: readonly ConsentSource[] = ['api', 'storefront', 'admin', 'import'];

/**
 * A customer's consent to marketing (offers and reminders) as it stands: `granted` is false for a
 * customer who withdrew it and for one never asked (`source` and `changedAt` null then).
 */
export interface MarketingConsent {
  granted: boolean;
  source: ConsentSource | null;
  changedAt: Date | null;
}

const NEVER_ASKED: MarketingConsent = { granted: false, source: null, changedAt: null };

/**
 * Records a change of the customer's consent: the current row (the latest change wins) and a
 * line of its history, in one transaction under the customer's lock. `customer_not_found` for a
 * customer the shop has not told the service about.
 */
export async function setMarketingConsent(
  ctx: AppContext,
  input: { shopId: string; customerId: string; granted: boolean; source: ConsentSource },
): Promise<MarketingConsent> {
  const row = {
    shop_id: input.shopId,
    customer_id: input.customerId,
    granted: input.granted,
    source: input.source,
  };
  return underCustomerLock(ctx, input, async (trx, now) => {
    await trx
      .insertInto('marketing_consents')
      .values({ ...row, changed_at: now })
      .onConflict((oc) =>
        oc
          .columns(['shop_id', 'customer_id'])
          .doUpdateSet({ granted: input.granted, source: input.source, changed_at: now }),
      )
      .execute();
    await trx
      .insertInto('marketing_consent_changes')
      .values({ ...row, changed_at: now })
      .execute();
    return { granted: input.granted, source: input.source, changedAt: now };
  });
}

/**
 * Records the consents a shop brings from its earlier program (the customers import), source
 * `import`, each with its line of history, inside the caller's transaction and under the
 * customers' locks. A consent is written where the customer has none, or has one an import wrote
 * that differs and is not later than the file's; one recorded in this service since (through the
 * API, the shopper or the admin) is the customer's latest word and is left as it is, so that
 * importing an old file again never gives back a consent that was withdrawn. The same value again
 * writes nothing. Returns how many were written; every customer must exist.
 */
export async function importMarketingConsents(
  trx: Executor,
  shopId: string,
  consents: { customerId: string; granted: boolean; changedAt: Date }[],
): Promise<number> {
  if (consents.length === 0) return 0;
  const ids = consents.map((c) => c.customerId);
  // In id order, as one statement: two imports of overlapping files wait for each other, not deadlock.
  await sql`select 1 from customers where shop_id = ${shopId} and id = any(${ids}::text[])
    order by id for update`.execute(trx);
  const { rows } = await sql<{ n: number }>`
    with wanted as (
      select w.customer_id, w.granted, w.changed_at
      from unnest(${ids}::text[], ${consents.map((c) => c.granted)}::bool[],
        ${consents.map((c) => c.changedAt.toISOString())}::timestamptz[]) as w(customer_id, granted, changed_at)
      left join marketing_consents mc on mc.shop_id = ${shopId} and mc.customer_id = w.customer_id
      where mc.customer_id is null
        or (mc.source = 'import' and mc.granted <> w.granted and mc.changed_at <= w.changed_at)
    ), latest as (
      insert into marketing_consents (shop_id, customer_id, granted, source, changed_at)
      select ${shopId}, customer_id, granted, 'import', changed_at from wanted
      on conflict (shop_id, customer_id)
        do update set granted = excluded.granted, source = excluded.source, changed_at = excluded.changed_at
      returning 1
    ), history as (
      insert into marketing_consent_changes (shop_id, customer_id, granted, source, changed_at)
      select ${shopId}, customer_id, granted, 'import', changed_at from wanted
      returning 1
    )
    select (select count(*) from latest)::int as n`.execute(trx);
  return rows[0]!.n;
}

/** The customer's consent now; `customer_not_found` for an unknown customer. */
export async function getMarketingConsent(
  ctx: AppContext,
  shopId: string,
  customerId: string,
): Promise<MarketingConsent> {
  const row = await ctx.db
    .selectFrom('customers as c')
    .leftJoin('marketing_consents as mc', (j) =>
      j.onRef('mc.shop_id', '=', 'c.shop_id').onRef('mc.customer_id', '=', 'c.id'),
    )
    .select(['c.id', 'mc.granted', 'mc.source', 'mc.changed_at'])
    .where('c.shop_id', '=', shopId)
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  if (!row)
    throw new DomainError('customer_not_found', `Customer "${customerId}" does not exist in this shop`);
  if (row.granted === null || row.source === null || row.changed_at === null) return NEVER_ASKED;
  return { granted: row.granted, source: row.source, changedAt: row.changed_at };
}

/** Every change of the customer's consent, oldest first (for their data export). */
export async function consentChanges(
  db: Executor,
  shopId: string,
  customerId: string,
): Promise<{ granted: boolean; source: ConsentSource; changedAt: Date }[]> {
  const rows = await db
    .selectFrom('marketing_consent_changes')
    .select(['granted', 'source', 'changed_at'])
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ granted: r.granted, source: r.source, changedAt: r.changed_at }));
}

/** Erasure: the consent and its history go (a withdrawn or never-given consent is the same: none). */
export async function eraseMarketingConsent(db: Executor, shopId: string, customerId: string): Promise<void> {
  await db
    .deleteFrom('marketing_consent_changes')
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .execute();
  await db
    .deleteFrom('marketing_consents')
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .execute();
}

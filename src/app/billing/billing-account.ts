import type { Executor } from '../../db/connect.ts';
import type { BillingState } from '../../db/schema.ts';
import type { BillingSpan } from '../../domain/billing/billing-month.ts';
import { type BillingPrice, DEFAULT_PRICE, validatePrice } from '../../domain/billing/price.ts';
import type { ProgramSettings } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';
import { shopNotFound, shopsWithPrograms, shopTimeZone } from '../shops/shop-with-program.ts';
import { changeState, writePrice } from './billing-writes.ts';

export type { BillingPrice, BillingState };

/** A shop's subscription as billing sees it: its state, its price and when billing ran. */
export interface BillingAccount {
  shopId: string;
  state: BillingState;
  /** The price in force: the shop's own, else the default. */
  price: BillingPrice;
  ownPrice: boolean;
  subscribedAt: Date | null;
  /** The program's first publishing moment; null while billing has not started. */
  billingStartedAt: Date | null;
  endedAt: Date | null;
  /** The shop's time zone (its program's, else the shop's own), in which months begin and end. */
  timeZone: string;
}

/** When billing ran, or null when it has not started. */
export function billingSpan(account: BillingAccount): BillingSpan | null {
  return account.billingStartedAt ? { startedAt: account.billingStartedAt, endedAt: account.endedAt } : null;
}

/** The shop's billing account; a shop that never subscribed is trying, at the default price. */
export async function readBillingAccount(db: Executor, shopId: string): Promise<BillingAccount> {
  const row = await shopsWithPrograms(db)
    .leftJoin('billing_subscriptions as b', 'b.shop_id', 's.id')
    .selectAll('b')
    .select(['s.time_zone', 'p.settings'])
    .where('s.id', '=', shopId)
    .executeTakeFirst();
  if (!row) throw shopNotFound(shopId);
  const ownPrice = row.monthly_fee_cents !== null && row.commission_bp !== null;
  return {
    shopId,
    state: row.state ?? 'trying',
    price: ownPrice
      ? { monthlyFeeCents: row.monthly_fee_cents!, commissionBp: row.commission_bp! }
      : { ...DEFAULT_PRICE },
    ownPrice,
    subscribedAt: row.subscribed_at ?? null,
    billingStartedAt: row.billing_started_at ?? null,
    endedAt: row.ended_at ?? null,
    timeZone: shopTimeZone(row.settings as ProgramSettings | null, row.time_zone),
  };
}

export function billingAccount(ctx: AppContext, shopId: string): Promise<BillingAccount> {
  return readBillingAccount(ctx.db, shopId);
}

/** The merchant subscribes (free until the program is first published); a later state is kept. */
export function subscribe(ctx: AppContext, shopId: string): Promise<BillingAccount> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await readBillingAccount(trx, shopId);
    await changeState(trx, shopId, { from: ['trying'], to: 'subscribed' }, now);
    return readBillingAccount(trx, shopId);
  });
}

/**
 * The operator ends the subscription: billing stops now (this month's fee is pro rata up to today).
 * Ending it again changes nothing (`duplicate`).
 */
export function endSubscription(
  ctx: AppContext,
  shopId: string,
): Promise<BillingAccount & { outcome: 'applied' | 'duplicate' }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await readBillingAccount(trx, shopId);
    const ended = await changeState(
      trx,
      shopId,
      { from: ['trying', 'subscribed', 'published'], to: 'ended' },
      now,
    );
    return { ...(await readBillingAccount(trx, shopId)), outcome: ended ? 'applied' : 'duplicate' };
  });
}

/**
 * The operator sets the shop's price (null: back to the default). It applies to every month not
 * yet closed, the open one included; closed months keep the price they were closed with.
 */
export async function setShopPrice(
  ctx: AppContext,
  shopId: string,
  price: BillingPrice | null,
): Promise<BillingAccount> {
  const valid = price === null ? null : validatePrice(price);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await readBillingAccount(trx, shopId);
    await writePrice(trx, shopId, valid, now);
    return readBillingAccount(trx, shopId);
  });
}

import type { Transaction } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { shopRowById } from '../shop-rows.ts';

/**
 * Locks a customer's row for the rest of the transaction, so joining and erasing the same customer
 * happen one after the other; `customer_not_found` for a customer of another shop.
 */
export async function lockCustomer(trx: Executor, shopId: string, customerId: string): Promise<void> {
  if (!(await shopRowById(trx, 'customers', shopId, customerId, 'for update'))) {
    throw new DomainError('customer_not_found', `Customer "${customerId}" does not exist in this shop`);
  }
}

/** `work` in one transaction under the customer's lock (taken first), with the moment it began. */
export function underCustomerLock<T>(
  ctx: AppContext,
  customer: { shopId: string; customerId: string },
  work: (trx: Transaction<Database>, now: Date) => Promise<T>,
): Promise<T> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    await lockCustomer(trx, customer.shopId, customer.customerId);
    return work(trx, now);
  });
}

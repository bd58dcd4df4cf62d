import type { Executor } from '../../db/connect.ts';
import { DomainError } from '../../domain/errors.ts';
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

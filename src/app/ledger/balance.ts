import type { Executor } from '../../db/connect.ts';

const balanceRow = (db: Executor, shopId: string, customerId: string) =>
  db
    .selectFrom('member_balances')
    .select('balance')
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId);

/** The member's running balance (0 for a customer with none). */
export async function currentBalance(db: Executor, shopId: string, customerId: string): Promise<number> {
  return (await balanceRow(db, shopId, customerId).executeTakeFirst())?.balance ?? 0;
}

/**
 * The member's running balance, its row locked until the transaction ends, so a rule that bounds
 * the balance holds against concurrent entries.
 */
export async function lockedBalance(db: Executor, shopId: string, customerId: string): Promise<number> {
  return (await balanceRow(db, shopId, customerId).forUpdate().executeTakeFirst())?.balance ?? 0;
}

/** Whether the shop's ledger has the entry of this idempotency key. */
export async function isPosted(db: Executor, shopId: string, idempotencyKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('ledger_entries')
    .select('id')
    .where('shop_id', '=', shopId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row !== undefined;
}

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

export async function currentBalance(
  db: Kysely<Database> | Transaction<Database>,
  shopId: string,
  customerId: string,
): Promise<number> {
  const row = await db
    .selectFrom('member_balances')
    .select('balance')
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row?.balance ?? 0;
}

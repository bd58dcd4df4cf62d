import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { type AppContext, contextPart } from '../context.ts';
import { RequestCoalescer } from '../request-coalescer.ts';

/** A customer's membership row and balance, as My Account shows them. */
export interface MemberRow {
  member_number: number;
  joined_at: Date;
  left_at: Date | null;
  balance: number | null;
}

type Key = { shopId: string; customerId: string };
export type MemberRows = RequestCoalescer<Key, MemberRow | undefined>;

/**
 * Reads members' rows for My Account: under load the shoppers who wait share one statement
 * (`RequestCoalescer`, as the code checks do), since every page view of My Account asks for one;
 * a lone request goes at once. Kept on the context (`contextPart`), one per service.
 */
export function memberRow(ctx: AppContext, key: Key): Promise<MemberRow | undefined> {
  return contextPart(
    ctx as AppContext & { shopperMemberRows?: MemberRows },
    'shopperMemberRows',
    memberRows,
  ).submit(key);
}

function memberRows(db: Db): MemberRows {
  return new RequestCoalescer(
    async (keys) => {
      const rows = await readRows(db, keys);
      return keys.map((_, i) => ({ status: 'fulfilled' as const, value: rows.get(i + 1) }));
    },
    async (key) => (await readRows(db, [key])).get(1),
    2,
    128,
  );
}

/** The rows of these customers, by their 1-based position among `keys`. */
async function readRows(db: Db, keys: Key[]): Promise<Map<number, MemberRow>> {
  const result = await sql<MemberRow & { i: number }>`
    select k.i::int as i, m.member_number, m.joined_at, m.left_at, b.balance
    from unnest(${keys.map((k) => k.shopId)}::text[], ${keys.map((k) => k.customerId)}::text[])
      with ordinality as k(shop_id, customer_id, i)
    join members m on m.shop_id = k.shop_id and m.customer_id = k.customer_id
    left join member_balances b on b.shop_id = m.shop_id and b.customer_id = m.customer_id`.execute(db);
  return new Map(result.rows.map(({ i, ...row }) => [i, row]));
}

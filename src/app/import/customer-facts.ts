import { sql } from 'kysely';
import type { Executor } from '../../db/connect.ts';
import type { Membership } from '../../domain/members/membership.ts';

/**
 * The shop's customers among `ids` (the others are not known), each with their membership as
 * stored: what an import batch needs to refuse rows of unknown customers and to tell orders placed
 * by members, in one query.
 */
export async function customerFacts(
  db: Executor,
  shopId: string,
  ids: string[],
): Promise<Map<string, Membership>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: string; joined_at: Date | null; left_at: Date | null }>`
    select c.id, m.joined_at, m.left_at
    from unnest(${ids}::text[]) as i(id)
    join customers c on c.shop_id = ${shopId} and c.id = i.id
    left join members m on m.shop_id = c.shop_id and m.customer_id = c.id`.execute(db);
  return new Map(rows.map((r) => [r.id, { joinedAt: r.joined_at, leftAt: r.left_at }]));
}

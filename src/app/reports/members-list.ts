import type { AppContext } from '../context.ts';
import { likeContains, PAGE_SIZE, type Page, pageOf, pageWindow } from './paging.ts';

export interface MemberRow {
  customerId: string;
  memberNumber: number;
  name: string | null;
  email: string | null;
  joinedAt: Date;
  balance: number;
}

/**
 * The loyalty customer group: current members, newest first, searchable by name, e-mail,
 * customer id or member number. The page is chosen first and only its 50 rows are joined to
 * the customers and balances, so a deep page of 100,000 members stays cheap.
 */
export async function listMembers(
  ctx: AppContext,
  shopId: string,
  options: { query?: string | undefined; page?: number | undefined },
): Promise<Page<MemberRow>> {
  const { page, offset, limit } = pageWindow(options.page);
  const q = options.query?.trim() ?? '';
  let matching = ctx.db
    .selectFrom('members as m')
    .where('m.shop_id', '=', shopId)
    .where('m.left_at', 'is', null);
  if (q) {
    const pattern = likeContains(q);
    // One pass over the customers (a hash join) rather than a lookup per member.
    const found = ctx.db
      .selectFrom('customers as c')
      .select('c.id')
      .where('c.shop_id', '=', shopId)
      .where((x) => x.or([x('c.name', 'ilike', pattern), x('c.email', 'ilike', pattern), x('c.id', '=', q)]));
    matching = matching.where((eb) =>
      eb.or([
        eb('m.customer_id', 'in', found),
        ...(/^\d{1,15}$/.test(q) ? [eb('m.member_number', '=', Number(q))] : []),
      ]),
    );
  }
  const pageRows = matching
    .select(['m.shop_id', 'm.customer_id', 'm.member_number', 'm.joined_at'])
    .orderBy('m.member_number', 'desc')
    .offset(offset)
    .limit(limit)
    .as('p');
  const [count, rows] = await Promise.all([
    matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom(pageRows)
      .innerJoin('customers as c', (j) =>
        j.onRef('c.shop_id', '=', 'p.shop_id').onRef('c.id', '=', 'p.customer_id'),
      )
      .leftJoin('member_balances as b', (j) =>
        j.onRef('b.shop_id', '=', 'p.shop_id').onRef('b.customer_id', '=', 'p.customer_id'),
      )
      .select(['p.customer_id', 'p.member_number', 'c.name', 'c.email', 'p.joined_at', 'b.balance'])
      .orderBy('p.member_number', 'desc')
      .execute(),
  ]);
  return pageOf(
    rows.map((r) => ({
      customerId: r.customer_id,
      memberNumber: r.member_number,
      name: r.name,
      email: r.email,
      joinedAt: r.joined_at,
      balance: r.balance ?? 0,
    })),
    Number(count.n),
    page,
    PAGE_SIZE,
  );
}

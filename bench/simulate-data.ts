import { sql } from 'kysely';
import type { Db } from '../src/db/connect.ts';

export const BENCH_SHOP = 'bench';

/**
 * A shop with 100,000 customers (all members), 1,000,000 orders over the twelve months before
 * 2026-05-01, reviews, ledger entries and codes, generated inside PostgreSQL with
 * generate_series. Order lines are left out: neither the estimate nor the reports read them.
 */
export async function generateBenchShop(db: Db, log: (line: string) => void): Promise<void> {
  const step = async (what: string, ...queries: ReturnType<typeof sql>[]) => {
    const t = performance.now();
    for (const query of queries) await query.execute(db);
    log(`  ${what}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  await step(
    'shop, versions and program',
    sql`
    insert into shops (id, name, created_at) values (${BENCH_SHOP}, 'Bench shop', '2025-01-01T00:00:00Z')`,
    sql`insert into store_versions (shop_id, id, name, requires_login, created_at) values
      (${BENCH_SHOP}, 'fi', 'Verkkokauppa', false, '2025-01-01T00:00:00Z'),
      (${BENCH_SHOP}, 'en', 'Web shop', false, '2025-01-01T00:00:00Z'),
      (${BENCH_SHOP}, 'b2b', 'Wholesale', true, '2025-01-01T00:00:00Z')`,
    sql`insert into programs (shop_id, settings, status, published_at, created_at, updated_at) values (${BENCH_SHOP},
      '{"name":"Bench points","storeVersionIds":["fi","en"],"purchaseRatioCents":100,"joinPoints":50,"reviewPoints":20,
        "tiers":[{"points":100,"valueCents":500},{"points":250,"valueCents":1500},{"points":500,"valueCents":4000}],
        "codeValidityMonths":3,"timeZone":"Europe/Helsinki","language":"fi","currency":"EUR"}',
      'published', '2025-05-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`,
  );
  await step(
    '100,000 customers and members',
    sql`
    insert into customers (shop_id, id, email, name, language, registered_at, created_at, updated_at)
    select ${BENCH_SHOP}, 'cust' || g, 'customer' || g || '@example.com', 'Customer ' || g, 'fi',
      timestamptz '2025-05-01T00:00:00Z' - interval '200 days' + (g * interval '4 minutes'), now(), now()
    from generate_series(1, 100000) g`,
    sql`insert into members (shop_id, customer_id, join_source, joined_at)
    select ${BENCH_SHOP}, 'cust' || g, 'registration', timestamptz '2025-05-01T00:00:00Z' - interval '200 days' + (g * interval '4 minutes')
    from generate_series(1, 100000) g`,
  );
  await step(
    '1,000,000 orders, first orders and dashboard figures',
    sql`
    insert into orders (shop_id, id, customer_id, store_version_id, channel, logged_in, status, earns,
      product_cents, eligible_cents, kept_eligible_cents, shipping_cents, ratio_cents, points_earned,
      placed_at, placed_by_member, delivered_at, cancelled_at, created_at)
    select ${BENCH_SHOP}, 'ord' || g, case when g % 10 = 0 then null else 'cust' || (1 + (g * 7919) % 100000) end,
      case when g % 50 = 0 then 'b2b' when g % 3 = 0 then 'en' else 'fi' end,
      case when g % 23 = 0 then 'pos' else 'web' end,
      g % 10 <> 0 and g % 17 <> 0,
      case when g % 31 = 0 then 'cancelled' when g % 97 = 0 then 'placed' else 'delivered' end,
      g % 10 <> 0 and g % 17 <> 0,
      1000 + (g * 104729) % 20000, 900 + (g * 104729) % 18000,
      case when g % 41 = 0 then 400 + (g * 104729) % 9000 else 900 + (g * 104729) % 18000 end,
      590, 100, 0,
      -- a member from the join time given to their customer number above
      t, g % 10 <> 0 and timestamptz '2025-05-01T00:00:00Z' - interval '200 days'
        + ((1 + (g * 7919) % 100000) * interval '4 minutes') <= t,
      case when g % 31 = 0 or g % 97 = 0 then null else t + interval '2 days' end,
      case when g % 31 = 0 then t + interval '1 day' end, t
    from (select g, timestamptz '2025-04-28T00:00:00Z' + (g * interval '31.5 seconds') as t
          from generate_series(1::bigint, 1000000) g) x`,
    sql`
    insert into customer_first_orders (shop_id, customer_id, first_placed_at, by_member)
    select distinct on (customer_id) shop_id, customer_id, placed_at, placed_by_member from orders
    where shop_id = ${BENCH_SHOP} and status <> 'cancelled' and customer_id is not null
    order by customer_id, placed_at`,
    sql`insert into order_figures (shop_id, quarter, member, known, orders, cents, codes, code_cents)
    select shop_id, date_bin('15 minutes', placed_at, timestamptz '2000-01-01 00:00:00+00'), placed_by_member,
      customer_id is not null, count(*), sum(eligible_cents),
      count(*) filter (where loyalty_code is not null),
      coalesce(sum(code_discount_cents) filter (where loyalty_code is not null), 0)
    from orders where shop_id = ${BENCH_SHOP} and status <> 'cancelled' group by 1, 2, 3, 4`,
  );
  await step(
    '120,000 reviews',
    sql`
    insert into reviews (shop_id, id, order_id, customer_id, product_id, status, submitted_at, decided_at)
    select ${BENCH_SHOP}, 'rev' || g, 'ord' || (g * 8), 'cust' || (1 + (g * 8 * 7919) % 100000), 'p1',
      case when g % 5 = 0 then 'rejected' else 'approved' end,
      timestamptz '2025-04-28T00:00:00Z' + (g * 8 * interval '31.5 seconds') + interval '5 days',
      timestamptz '2025-04-28T00:00:00Z' + (g * 8 * interval '31.5 seconds') + interval '6 days'
    from generate_series(1::bigint, 120000) g where (g * 8) % 10 <> 0`,
  );
  await step(
    'ledger entries, balances and 150,000 codes',
    sql`
    insert into ledger_entries (shop_id, customer_id, kind, points, ref_type, ref_id, idempotency_key, created_at)
    select ${BENCH_SHOP}, 'cust' || (1 + (g % 100000)), 'purchase', 10 + g % 200, 'order', 'ord' || g, 'purchase:ord' || g,
      timestamptz '2025-05-01T00:00:00Z' + (g * interval '31.5 seconds')
    from generate_series(1, 300000) g`,
    sql`insert into member_balances (shop_id, customer_id, balance, updated_at)
    select ${BENCH_SHOP}, customer_id, sum(points)::bigint, '2026-05-01T00:00:00Z'
    from ledger_entries where shop_id = ${BENCH_SHOP} group by customer_id`,
    sql`insert into discount_codes (shop_id, code, customer_id, period, value_cents, points, issued_at, expires_at, status, used_at)
    select ${BENCH_SHOP}, 'CODE' || g, 'cust' || (1 + (g % 100000)), to_char(d, 'YYYY-MM'),
      case when g % 3 = 0 then 1500 else 500 end, case when g % 3 = 0 then 250 else 100 end,
      d, d + interval '3 months', case when g % 4 = 0 then 'used' else 'active' end,
      case when g % 4 = 0 then d + interval '20 days' end
    from (select g, date_trunc('month', timestamptz '2025-06-01T00:00:00Z' + ((g / 100000) * interval '1 month')) - interval '3 hours' as d,
          g % 100000 as r from generate_series(0, 149999) g) x`,
  );
  // What autovacuum does to a live database shortly after: statistics and the visibility map.
  await step('vacuum analyze', sql`vacuum analyze`);
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { upsertCustomer } from '../../src/app/customers/upsert-customer.ts';
import { type Answer, type ApiHarness, join, orderBody } from '../http/harness.ts';
import { postgresForTests } from '../support/requirements.ts';
import { postgresHarness, statusCounts } from './postgres-harness.ts';

const POSTGRES = await postgresForTests();

/** Members of shop1 that bulk requests share. */
const MEMBERS = Array.from({ length: 12 }, (_, i) => `bulk-m${i}`);

describe('concurrent bulk order events on PostgreSQL', { skip: POSTGRES.skip }, () => {
  let h: ApiHarness;
  before(async () => {
    h = await postgresHarness();
    assert.equal(h.database.kind, 'postgres');
    for (const id of MEMBERS) {
      await upsertCustomer(h.ctx, {
        shopId: 'shop1',
        customerId: id,
        email: `${id}@example.com`,
        registeredAt: h.clock.now(),
      });
      await join(h, id);
    }
  });
  after(() => h.close());

  const send = (events: unknown[]) => h.call('POST', '/v1/order-events', { body: { events } });
  const placed = (id: string, customerId: string) => ({ kind: 'placed', ...orderBody(id, customerId) });
  const eventStatuses = (answers: Answer[]) =>
    statusCounts(answers.flatMap((a) => a.body.data as { status: number }[]));

  /** Each member's balance and the sum of their ledger entries. */
  async function balancesAndLedgers() {
    const { rows } = await sql<{ customer_id: string; balance: number; ledger: number }>`
      select b.customer_id, b.balance,
             (select coalesce(sum(points), 0)::bigint from ledger_entries l
               where l.shop_id = b.shop_id and l.customer_id = b.customer_id) as ledger
      from member_balances b where b.shop_id = 'shop1' and b.customer_id = any(${MEMBERS}::text[])
      order by b.customer_id`.execute(h.ctx.db);
    return rows;
  }

  test('requests on the same members at once, their orders in opposite orders, all succeed and credit once', async () => {
    const before = new Map((await balancesAndLedgers()).map((r) => [r.customer_id, r.balance]));
    // 8 requests of 120 orders each, every member in every request, the orders of one request in
    // the reverse member order of the next: each places its orders, delivers them (59 points
    // each) and returns the scarf (25 points back) of every third.
    const expected = new Map(MEMBERS.map((m) => [m, 0]));
    const requests = Array.from({ length: 8 }, (_, r) => {
      const orders = Array.from({ length: 120 }, (_, i) => ({
        id: `cc-${r}-${i}`,
        customer: MEMBERS[(r % 2 ? 119 - i : i) % MEMBERS.length]!,
        returned: i % 3 === 0,
      }));
      for (const o of orders)
        expected.set(o.customer, expected.get(o.customer)! + 59 - (o.returned ? 25 : 0));
      return [
        ...orders.map((o) => placed(o.id, o.customer)),
        ...orders.map((o) => ({ kind: 'delivered', orderId: o.id })),
        ...orders
          .filter((o) => o.returned)
          .map((o) => ({
            kind: 'returned',
            orderId: o.id,
            id: `${o.id}-r`,
            lines: [{ lineNo: 2, quantity: 1 }],
          })),
      ];
    });
    const answers = await Promise.all(requests.map(send));
    assert.deepEqual(statusCounts(answers), { 200: 8 }, answers.find((a) => a.status !== 200)?.text);
    assert.deepEqual(eventStatuses(answers), { 201: 8 * (120 + 40), 200: 8 * 120 });
    for (const row of await balancesAndLedgers()) {
      assert.equal(row.balance, row.ledger, row.customer_id);
      assert.equal(
        row.balance - before.get(row.customer_id)!,
        expected.get(row.customer_id),
        row.customer_id,
      );
    }
  });

  test('the same deliveries and returns sent in several requests at once credit and deduct once', async () => {
    const orders = Array.from({ length: 60 }, (_, i) => ({
      id: `dup-${i}`,
      customer: MEMBERS[i % MEMBERS.length]!,
    }));
    const first = await send(orders.map((o) => placed(o.id, o.customer)));
    assert.equal(first.status, 200, first.text);
    const before = new Map((await balancesAndLedgers()).map((r) => [r.customer_id, r.balance]));
    const events = [
      ...orders.map((o) => ({ kind: 'delivered', orderId: o.id })),
      ...orders.map((o) => ({
        kind: 'returned',
        orderId: o.id,
        id: `${o.id}-r`,
        lines: [{ lineNo: 2, quantity: 1 }],
      })),
    ];
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, r) => send(r % 2 ? [...events].reverse() : events)),
    );
    assert.deepEqual(statusCounts(answers), { 200: 6 }, answers.find((a) => a.status !== 200)?.text);
    const outcomes = answers.flatMap((a) => a.body.data as { kind: string; result: { outcome: string } }[]);
    assert.ok(outcomes.every((o) => o.result !== null));
    const applied = (kind: string) =>
      outcomes.filter((o) => o.kind === kind && o.result.outcome === 'applied').length;
    assert.deepEqual([applied('delivered'), applied('returned')], [60, 60]);
    // A request in reverse order may return the scarf before another delivers the order; the
    // delivery then credits only what is kept (34) and the return takes nothing back. Either way
    // each order counts once: one purchase entry, at most one return entry, 34 points in all.
    const perOrder = await sql<{ order_id: string; purchases: number; returns: number; points: number }>`
      select split_part(ref_id, '-r', 1) as order_id,
             count(*) filter (where kind = 'purchase')::int as purchases,
             count(*) filter (where kind = 'return')::int as returns,
             sum(points)::int as points
      from ledger_entries where shop_id = 'shop1' and ref_id like 'dup-%'
      group by 1 order by 1`.execute(h.ctx.db);
    assert.equal(perOrder.rows.length, 60);
    for (const row of perOrder.rows) {
      assert.equal(row.purchases, 1, row.order_id);
      assert.ok(row.returns <= 1, row.order_id);
      assert.equal(row.points, 59 - 25, row.order_id);
    }
    for (const row of await balancesAndLedgers()) {
      assert.equal(row.balance, row.ledger, row.customer_id);
      assert.equal(row.balance - before.get(row.customer_id)!, 5 * (59 - 25), row.customer_id);
    }
  });
});

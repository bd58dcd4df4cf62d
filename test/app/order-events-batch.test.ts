import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { cancelOrder } from '../../src/app/orders/cancel-order.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { type OrderEvent, recordOrderEvents, roundsOf } from '../../src/app/orders/order-events-batch.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { returnItems } from '../../src/app/orders/return-items.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { insertCode, publishedShop, specOrder } from '../support/fixtures.ts';

/**
 * A bulk request's events, recorded set-based, give each event the outcome the single use cases
 * give it when the same events come one by one, and leave the same orders, returns, ledger,
 * balances, first orders, dashboard figures and codes.
 */
describe('order events in bulk', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
  });
  after(() => app.close());

  let shops = 0;
  /** A published shop where c1 and c2 have joined (c3 has not), and c1 holds a code o1 used. */
  async function shop(): Promise<string> {
    const shopId = `bulk-${++shops}`;
    await publishedShop(app.ctx, shopId, { joinPoints: 10 });
    for (const customerId of ['c1', 'c2']) {
      await joinProgram(app.ctx, { shopId, customerId, source: 'registration' });
    }
    await insertCode(app.ctx, {
      shopId,
      code: 'USED-BY-O1',
      customerId: 'c1',
      status: 'used',
      usedOrderId: 'o1',
    });
    return shopId;
  }

  /** One event, named by its order (o1–o4) and, for returns, its return id (r1–r3) and line. */
  const eventArbitrary = fc.oneof(
    fc.record({
      kind: fc.constant('placed' as const),
      orderId: fc.constantFrom('o1', 'o2', 'o3', 'o4'),
      customerId: fc.constantFrom('c1', 'c2', 'c3', null, 'nobody'),
      shippingCents: fc.constantFrom(590, 0),
      minutesAgo: fc.constantFrom(0, 60),
    }),
    fc.record({
      kind: fc.constant('delivered' as const),
      orderId: fc.constantFrom('o1', 'o2', 'o3', 'o4', 'o9'),
    }),
    fc.record({
      kind: fc.constant('returned' as const),
      orderId: fc.constantFrom('o1', 'o2', 'o3'),
      returnId: fc.constantFrom('r1', 'r2', 'r3'),
      lineNo: fc.constantFrom(1, 2, 4),
      quantity: fc.constantFrom(1, 2),
    }),
    fc.record({ kind: fc.constant('cancelled' as const), orderId: fc.constantFrom('o1', 'o2', 'o4') }),
  );
  type Drawn = typeof eventArbitrary extends fc.Arbitrary<infer T> ? T : never;

  function eventOf(shopId: string, drawn: Drawn): OrderEvent {
    const now = app.clock.now();
    switch (drawn.kind) {
      case 'placed': {
        const placedAt = new Date(now.getTime() - drawn.minutesAgo * 60_000);
        const order = { ...specOrder(shopId, drawn.orderId, drawn.customerId, placedAt) };
        return { kind: 'placed', order: { ...order, shippingCents: drawn.shippingCents } };
      }
      case 'delivered':
        return { kind: 'delivered', orderId: drawn.orderId };
      case 'returned':
        return {
          kind: 'returned',
          orderId: drawn.orderId,
          returnId: drawn.returnId,
          lines: [{ lineNo: drawn.lineNo, quantity: drawn.quantity }],
        };
      case 'cancelled':
        return { kind: 'cancelled', orderId: drawn.orderId };
    }
  }

  /** One event through its single use case. */
  function throughItsUseCase(shopId: string, event: OrderEvent) {
    switch (event.kind) {
      case 'placed':
        return placeOrder(app.ctx, event.order);
      case 'delivered':
        return deliverOrder(app.ctx, { shopId, orderId: event.orderId });
      case 'returned': {
        const { kind: _, ...input } = event;
        return returnItems(app.ctx, { ...input, shopId });
      }
      case 'cancelled':
        return cancelOrder(app.ctx, { shopId, orderId: event.orderId });
    }
  }

  /** The events one by one through the single use cases, each result or refusal as the bulk gives it. */
  async function oneByOne(shopId: string, events: OrderEvent[]) {
    const outcomes = [];
    for (const event of events) {
      try {
        outcomes.push({ kind: event.kind, result: await throughItsUseCase(shopId, event) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ kind: event.kind, error });
      }
    }
    return outcomes;
  }

  /**
   * An outcome as compared: a refusal by its code, message and fields. A delivery's balance is the
   * member's just after its credit as written, and a request writes the events of different
   * orders kind by kind, so it is compared through the final balances instead.
   */
  const comparable = (outcome: { kind: string; result?: object; error?: DomainError }) =>
    outcome.error
      ? {
          kind: outcome.kind,
          code: outcome.error.code,
          message: outcome.error.message,
          fields: outcome.error.fields,
        }
      : { kind: outcome.kind, ...outcome.result, balance: undefined };

  /** Everything the events may have written in a shop, without the shop's id and the rows' own ids. */
  async function writtenIn(shopId: string) {
    const table = async (query: ReturnType<typeof sql<{ rows: unknown }>>) =>
      (await query.execute(app.ctx.db)).rows[0]!.rows;
    return {
      orders: await table(
        sql`select json_agg(to_jsonb(o) - 'shop_id' order by o.id) as rows from orders o where o.shop_id = ${shopId}`,
      ),
      lines: await table(
        sql`select json_agg(to_jsonb(l) - 'shop_id' order by l.order_id, l.line_no) as rows from order_lines l where l.shop_id = ${shopId}`,
      ),
      returns: await table(
        sql`select json_agg(to_jsonb(r) - 'shop_id' order by r.id) as rows from order_returns r where r.shop_id = ${shopId}`,
      ),
      entries: await table(
        sql`select json_agg(to_jsonb(e) - 'shop_id' - 'id' order by e.idempotency_key) as rows from ledger_entries e where e.shop_id = ${shopId}`,
      ),
      balances: await table(
        sql`select json_agg(to_jsonb(b) - 'shop_id' - 'updated_at' order by b.customer_id) as rows from member_balances b where b.shop_id = ${shopId}`,
      ),
      firstOrders: await table(
        sql`select json_agg(to_jsonb(f) - 'shop_id' order by f.customer_id) as rows from customer_first_orders f where f.shop_id = ${shopId}`,
      ),
      figures: await table(sql`select json_agg(x order by x.quarter, x.member, x.known) as rows from (
        select quarter, member, known, sum(orders)::int as orders, sum(cents)::bigint as cents, sum(codes)::int as codes,
               sum(code_cents)::bigint as code_cents
        from order_figure_changes where shop_id = ${shopId} group by quarter, member, known) x`),
      codes: await table(
        sql`select json_agg(to_jsonb(c) - 'shop_id' order by c.code) as rows from discount_codes c where c.shop_id = ${shopId}`,
      ),
    };
  }

  test('any sequence of events: the same outcomes and the same data as one by one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArbitrary, { minLength: 1, maxLength: 14 }), async (drawn) => {
        const [bulkShop, singleShop] = [await shop(), await shop()];
        const bulk = await recordOrderEvents(
          app.ctx,
          bulkShop,
          drawn.map((d) => eventOf(bulkShop, d)),
        );
        const single = await oneByOne(
          singleShop,
          drawn.map((d) => eventOf(singleShop, d)),
        );
        assert.deepEqual(bulk.map(comparable), single.map(comparable));
        assert.deepEqual(await writtenIn(bulkShop), await writtenIn(singleShop));
      }),
      { numRuns: 25, seed: 20261205 },
    );
  });

  test('a request twice: every event the second time is a repeat or the refusal it was, and nothing changes', async () => {
    const shopId = await shop();
    const events: OrderEvent[] = [
      { kind: 'placed', order: specOrder(shopId, 'o1', 'c1', app.clock.now()) },
      { kind: 'delivered', orderId: 'o1' },
      { kind: 'returned', orderId: 'o1', returnId: 'r1', lines: [{ lineNo: 2, quantity: 1 }] },
      { kind: 'placed', order: specOrder(shopId, 'o2', 'c2', app.clock.now()) },
      { kind: 'cancelled', orderId: 'o2' },
      { kind: 'delivered', orderId: 'o2' },
    ];
    const first = await recordOrderEvents(app.ctx, shopId, events);
    assert.deepEqual(
      first.map((o) => ('error' in o ? o.error.code : o.result.outcome)),
      ['applied', 'applied', 'applied', 'applied', 'applied', 'order_cancelled'],
    );
    const before = await writtenIn(shopId);
    const again = await recordOrderEvents(app.ctx, shopId, events);
    assert.deepEqual(
      again.map((o) => ('error' in o ? o.error.code : o.result.outcome)),
      ['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'order_cancelled'],
    );
    assert.deepEqual(await writtenIn(shopId), before);
  });

  test('rounds: each order and return id once per round, events of one order in the order sent', () => {
    const events: OrderEvent[] = [
      { kind: 'delivered', orderId: 'a' },
      { kind: 'delivered', orderId: 'b' },
      { kind: 'returned', orderId: 'a', returnId: 'r', lines: [] },
      { kind: 'returned', orderId: 'b', returnId: 'r', lines: [] },
      { kind: 'cancelled', orderId: 'c' },
      { kind: 'cancelled', orderId: 'a' },
    ];
    assert.deepEqual(roundsOf(events, []), [[0, 1, 4], [2], [3, 5]]);
    assert.deepEqual(
      roundsOf(events, [
        undefined,
        undefined,
        { kind: 'returned', error: new DomainError('invalid_input', 'x') },
      ]),
      [
        [0, 1, 4],
        [3, 5],
      ],
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { balanceOf } from '../support/fixtures.ts';
import { type ApiHarness, apiHarness, assertRefusedFields, join, orderBody } from './harness.ts';

describe('orders and reviews: refused events', () => {
  let h: ApiHarness;
  before(async () => {
    h = await apiHarness();
    await join(h, 'c1');
    await h.call('POST', '/v1/orders', { body: orderBody('o1', 'c1') });
  });
  after(() => h.close());

  test('invalid amounts are refused field by field and nothing is written', async () => {
    const answer = await h.call('POST', '/v1/orders', {
      body: orderBody('bad', 'c1', {
        lines: [{ productId: 'x', quantity: 1.5, unitPriceCents: -100 }],
        shippingCents: 9.5,
        placedAt: '2026-06-15 10:00',
      }),
    });
    assertRefusedFields(
      answer,
      ['lines.0.quantity', 'lines.0.unitPriceCents', 'placedAt', 'shippingCents'],
      'invalid_input',
    );
    assert.equal((await h.call('GET', '/v1/orders/bad')).status, 404);
  });

  test('discounts above the product total are refused', async () => {
    const answer = await h.call('POST', '/v1/orders', {
      body: orderBody('bad2', 'c1', { orderDiscountCents: 8000 }),
    });
    assert.deepEqual(
      [answer.status, answer.body.code, answer.body.errors[0].field],
      [422, 'invalid_input', 'orderDiscountCents'],
    );
  });

  test('an unknown store version or customer is named', async () => {
    const version = await h.call('POST', '/v1/orders', {
      body: orderBody('o9', 'c1', { storeVersionId: 'de' }),
    });
    assert.deepEqual([version.status, version.body.code], [404, 'store_version_not_found']);
    const customer = await h.call('POST', '/v1/orders', { body: orderBody('o9', 'ghost') });
    assert.deepEqual([customer.status, customer.body.code], [404, 'customer_not_found']);
  });

  test('the same order id with other contents is a conflict', async () => {
    const answer = await h.call('POST', '/v1/orders', { body: orderBody('o1', 'c2') });
    assert.deepEqual([answer.status, answer.body.code], [409, 'order_exists']);
    assert.match(answer.body.detail, /use a new order id/);
  });

  test('a cancelled order cannot be delivered or returned', async () => {
    await h.call('POST', '/v1/orders', { body: orderBody('o2', 'c1') });
    await h.call('POST', '/v1/orders/o2/cancel');
    const delivered = await h.call('POST', '/v1/orders/o2/deliver');
    assert.deepEqual([delivered.status, delivered.body.code], [409, 'order_cancelled']);
    const returned = await h.call('POST', '/v1/orders/o2/returns', {
      body: { id: 'r2', lines: [{ lineNo: 1, quantity: 1 }] },
    });
    assert.deepEqual([returned.status, returned.body.code], [409, 'order_cancelled']);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), 10);
  });

  test('returns beyond the order, or of lines it does not have, are refused', async () => {
    await h.call('POST', '/v1/orders/o1/deliver');
    const tooMany = await h.call('POST', '/v1/orders/o1/returns', {
      body: { id: 'r3', lines: [{ lineNo: 2, quantity: 2 }] },
    });
    assert.deepEqual(
      [tooMany.status, tooMany.body.code, tooMany.body.errors[0].field],
      [422, 'return_exceeds_order', 'lines.0.quantity'],
    );
    const noLine = await h.call('POST', '/v1/orders/o1/returns', {
      body: { id: 'r4', lines: [{ lineNo: 7, quantity: 1 }] },
    });
    assert.deepEqual(
      [noLine.status, noLine.body.code, noLine.body.errors[0].field],
      [422, 'invalid_input', 'lines.0.lineNo'],
    );
    const empty = await h.call('POST', '/v1/orders/o1/returns', { body: { id: 'r5', lines: [] } });
    assert.deepEqual([empty.status, empty.body.errors[0].field], [422, 'lines']);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), 69);
  });

  test('a return id of another order is a conflict', async () => {
    await h.call('POST', '/v1/orders/o1/returns', {
      body: { id: 'r6', lines: [{ lineNo: 1, quantity: 1 }] },
    });
    await h.call('POST', '/v1/orders', { body: orderBody('o3', 'c1') });
    const answer = await h.call('POST', '/v1/orders/o3/returns', {
      body: { id: 'r6', lines: [{ lineNo: 1, quantity: 1 }] },
    });
    assert.deepEqual([answer.status, answer.body.code], [409, 'order_conflict']);
  });

  test('unknown orders and reviews are 404', async () => {
    for (const url of ['/v1/orders/nope', '/v1/orders/nope/deliver', '/v1/orders/nope/cancel']) {
      const method = url.endsWith('nope') ? 'GET' : 'POST';
      const answer = await h.call(method, url);
      assert.deepEqual([answer.status, answer.body.code], [404, 'order_not_found'], url);
    }
    for (const url of ['/v1/reviews/nope/approve', '/v1/reviews/nope/reject']) {
      const answer = await h.call('POST', url);
      assert.deepEqual([answer.status, answer.body.code], [404, 'review_not_found'], url);
    }
    const review = await h.call('POST', '/v1/reviews', {
      body: { id: 'rv', orderId: 'nope', productId: 'x' },
    });
    assert.deepEqual([review.status, review.body.code], [404, 'order_not_found']);
  });

  test('a guest order cannot be reviewed for points', async () => {
    await h.call('POST', '/v1/orders', { body: orderBody('guest', null) });
    const answer = await h.call('POST', '/v1/reviews', {
      body: { id: 'rv-g', orderId: 'guest', productId: 'jacket' },
    });
    assert.deepEqual(
      [answer.status, answer.body.code, answer.body.errors[0].field],
      [422, 'invalid_input', 'orderId'],
    );
  });

  test('a body that is not JSON, or not an object, is refused', async () => {
    const broken = await h.call('POST', '/v1/orders', { raw: '{"id": ' });
    assert.deepEqual([broken.status, broken.body.code], [400, 'invalid_json']);
    const array = await h.call('POST', '/v1/orders', { body: [1, 2] });
    assert.deepEqual([array.status, array.body.code], [422, 'invalid_input']);
    const text = await h.call('POST', '/v1/orders', {
      raw: 'id=1',
      headers: { 'content-type': 'text/plain' },
    });
    assert.deepEqual([text.status, text.body.code], [415, 'unsupported_media_type']);
  });

  test('text holding the NUL character is refused as invalid input, wherever it is', async () => {
    const sale = await h.call('POST', '/v1/sales', { body: orderBody('nul\u0000sale', 'c1') });
    assert.deepEqual(
      [sale.status, sale.body.code, sale.body.errors[0].field],
      [422, 'invalid_input', 'id'],
      sale.text,
    );
    const line = await h.call('POST', '/v1/orders', {
      body: orderBody('nul-line', 'c1', {
        lines: [{ productId: 'a\u0000b', quantity: 1, unitPriceCents: 100 }],
      }),
    });
    assert.deepEqual([line.status, line.body.errors[0].field], [422, 'lines.0.productId']);
    const read = await h.call('GET', '/v1/orders/nul%00sale');
    assert.deepEqual([read.status, read.body.errors[0].field], [422, 'path.orderId']);
    const check = await h.call('POST', '/v1/checkout/code-checks', {
      body: { code: 'X\u0000', customerId: 'c1', storeVersionId: 'web', loggedIn: true, cart: { lines: [] } },
    });
    assert.deepEqual([check.status, check.body.errors[0].field], [422, 'code']);
    assert.equal((await h.call('GET', '/v1/orders/nul-line')).status, 404, 'nothing was written');
  });
});

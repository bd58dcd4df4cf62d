import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { balanceOf, insertCode, ledgerSum } from '../support/fixtures.ts';
import { type ApiHarness, apiHarness, cart, join, orderBody } from './harness.ts';

/** The worked examples of SPEC.md, end to end through the API as a store would call it. */
describe('SPEC.md examples through the API', () => {
  let h: ApiHarness;
  before(async () => {
    h = await apiHarness();
    for (const id of ['c1', 'c2', 'c3']) await join(h, id);
  });
  after(() => h.close());

  const deliver = async (id: string, customerId: string, overrides: Record<string, unknown> = {}) => {
    const placed = await h.call('POST', '/v1/orders', { body: orderBody(id, customerId, overrides) });
    assert.equal(placed.status, 201, placed.text);
    return (await h.call('POST', `/v1/orders/${id}/deliver`)).body;
  };

  test('products 79.90, line discount 10.00, shipping 5.90, gift card 20.00, code 10.00: 59 points; returning the 25.00 item: −25', async () => {
    const delivered = await deliver('spec-1', 'c1');
    assert.equal(delivered.pointsEarned, 59);
    const returned = await h.call('POST', '/v1/orders/spec-1/returns', {
      body: { id: 'spec-1-r', lines: [{ lineNo: 2, quantity: 1 }] },
    });
    assert.deepEqual([returned.body.keptEligibleCents, returned.body.pointsDeducted], [3490, 25]);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), 10 + 34);
  });

  test('ratios: 1 point per 0.10 EUR and per 10 EUR of the eligible amount, rounded down', async () => {
    await h.call('PATCH', '/v1/program/settings', { body: { purchaseRatioCents: 10 } });
    assert.equal((await deliver('ratio-10', 'c2')).pointsEarned, 599);
    await h.call('PATCH', '/v1/program/settings', { body: { purchaseRatioCents: 1000 } });
    assert.equal((await deliver('ratio-1000', 'c2')).pointsEarned, 5);
    await h.call('PATCH', '/v1/program/settings', { body: { purchaseRatioCents: 100 } });
  });

  test('joining pays once per customer; leaving and rejoining does not pay again', async () => {
    const before = await balanceOf(h.ctx, 'shop1', 'c3');
    await h.call('DELETE', '/v1/members/c3');
    const rejoined = await h.call('POST', '/v1/members', {
      body: { customerId: 'c3', source: 'my_account' },
    });
    assert.equal(rejoined.body.pointsCredited, 0);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c3'), before);
  });

  test('review points once per order, on the first approval', async () => {
    await deliver('rev-1', 'c3');
    const before = await balanceOf(h.ctx, 'shop1', 'c3');
    for (const [id, product] of [
      ['rev-1-a', 'jacket'],
      ['rev-1-b', 'scarf'],
    ]) {
      await h.call('POST', '/v1/reviews', { body: { id, orderId: 'rev-1', productId: product } });
      await h.call('POST', `/v1/reviews/${id}/approve`);
    }
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c3'), before + 20);
  });

  test('partial returns add up, never beyond what the order earned; converted points can leave the balance negative', async () => {
    await h.call('PUT', '/v1/customers/c4', { body: { registeredAt: '2026-06-01T00:00:00Z' } });
    await join(h, 'c4');
    const sale = await h.call('POST', '/v1/sales', {
      body: orderBody('big', 'c4', {
        lines: [{ productId: 'kayak', quantity: 4, unitPriceCents: 3000 }],
        codeDiscountCents: 0,
        shippingCents: 0,
      }),
    });
    assert.equal(sale.body.pointsEarned, 120);
    // Stands in for the monthly conversion having turned 100 points into a code.
    await h.call('POST', '/v1/members/c4/adjustments', {
      body: { points: -100, reason: 'Converted into a code' },
    });
    await insertCode(h.ctx, { shopId: 'shop1', code: 'C4-CODE', customerId: 'c4', valueCents: 500 });
    const first = await h.call('POST', '/v1/orders/big/returns', {
      body: { id: 'big-r1', lines: [{ lineNo: 1, quantity: 1 }] },
    });
    const second = await h.call('POST', '/v1/orders/big/returns', {
      body: { id: 'big-r2', lines: [{ lineNo: 1, quantity: 3 }] },
    });
    assert.deepEqual([first.body.pointsDeducted, second.body.pointsDeducted], [30, 90]);
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c4'), 10 + 120 - 100 - 120);
    assert.equal(await ledgerSum(h.ctx, 'shop1', 'c4'), await balanceOf(h.ctx, 'shop1', 'c4'));
    const check = await h.call('POST', '/v1/checkout/code-checks', {
      body: { code: 'C4-CODE', customerId: 'c4', storeVersionId: 'fi', loggedIn: true, cart: cart(2000) },
    });
    assert.equal(check.body.accepted, true, 'the code stays valid');
  });

  test('a code gives min(its value, the products without gift cards); the rest is forfeited; gift cards alone are refused', async () => {
    await insertCode(h.ctx, {
      shopId: 'shop1',
      code: 'C1-40',
      customerId: 'c1',
      valueCents: 4000,
      points: 500,
    });
    const body = { code: 'C1-40', customerId: 'c1', storeVersionId: 'fi', loggedIn: true };
    const small = await h.call('POST', '/v1/checkout/code-checks', {
      body: { ...body, cart: cart(2590, 5000) },
    });
    assert.equal(small.body.discountCents, 2590);
    const giftCards = await h.call('POST', '/v1/checkout/code-checks', {
      body: {
        ...body,
        cart: { lines: [{ productId: 'gift', quantity: 2, unitPriceCents: 2500, giftCard: true }] },
      },
    });
    assert.equal(giftCards.body.reason, 'only_gift_cards');
    const redeemed = await h.call('POST', '/v1/checkout/redemptions', {
      body: { ...body, orderId: 'code-1', cart: cart(2590) },
    });
    assert.equal(redeemed.body.discountCents, 2590);
    const reused = await h.call('POST', '/v1/checkout/redemptions', {
      body: { ...body, orderId: 'code-2', cart: cart(2590) },
    });
    assert.equal(reused.body.reason, 'used');
  });

  test('a cancelled order gives its code back while valid; after expiry it does not', async () => {
    const now = h.clock.now();
    await insertCode(h.ctx, {
      shopId: 'shop1',
      code: 'C2-SOON',
      customerId: 'c2',
      expiresAt: new Date(now.getTime() + 3600_000),
    });
    const body = {
      code: 'C2-SOON',
      customerId: 'c2',
      storeVersionId: 'fi',
      loggedIn: true,
      cart: cart(2000),
    };
    await h.call('POST', '/v1/checkout/redemptions', { body: { ...body, orderId: 'soon-1' } });
    await h.call('POST', '/v1/orders', { body: orderBody('soon-1', 'c2') });
    h.clock.advance(2 * 3600_000);
    const cancelled = await h.call('POST', '/v1/orders/soon-1/cancel');
    assert.deepEqual(cancelled.body.code, { code: 'C2-SOON', result: 'expired_not_restored' });
    const codes = await h.call('GET', '/v1/members/c2/codes');
    assert.equal(
      codes.body.data.find((c: { code: string }) => c.code === 'C2-SOON').status,
      'used',
      'it stays spent on the cancelled order',
    );
  });

  test('a hidden version earns nothing and refuses codes; a login-only version can never be selected', async () => {
    await insertCode(h.ctx, { shopId: 'shop1', code: 'C3-CODE', customerId: 'c3' });
    await h.call('DELETE', '/v1/program/store-versions/en');
    const earned = await deliver('hidden-1', 'c3', { storeVersionId: 'en' });
    assert.equal(earned.pointsEarned, 0);
    const check = await h.call('POST', '/v1/checkout/code-checks', {
      body: { code: 'C3-CODE', customerId: 'c3', storeVersionId: 'en', loggedIn: true, cart: cart(2000) },
    });
    assert.equal(check.body.reason, 'hidden_in_version');
    const elsewhere = await h.call('POST', '/v1/checkout/code-checks', {
      body: { code: 'C3-CODE', customerId: 'c3', storeVersionId: 'fi', loggedIn: true, cart: cart(2000) },
    });
    assert.equal(elsewhere.body.accepted, true, 'codes stay valid where the program is shown');
    const b2b = await h.call('PUT', '/v1/program/store-versions/b2b');
    assert.equal(b2b.status, 422);
  });

  test('only members logged in earn; a cancelled order earns nothing; a delivery twice credits once', async () => {
    const before = await balanceOf(h.ctx, 'shop1', 'c1');
    assert.equal((await deliver('out-1', 'c1', { loggedIn: false })).pointsEarned, 0);
    await h.call('POST', '/v1/orders', { body: orderBody('cancel-1', 'c1') });
    await h.call('POST', '/v1/orders/cancel-1/cancel');
    assert.equal((await h.call('POST', '/v1/orders/cancel-1/deliver')).status, 409);
    await deliver('twice-1', 'c1');
    await h.call('POST', '/v1/orders/twice-1/deliver');
    assert.equal(await balanceOf(h.ctx, 'shop1', 'c1'), before + 59);
  });
});

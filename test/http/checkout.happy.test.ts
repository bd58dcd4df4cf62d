import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { insertCode } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { apiHarness, cart, join, orderBody } from './harness.ts';

// One server and database for the whole file; each group below uses its own customers.
const h = suiteFixture(() => apiHarness());

describe('checkout: checking and redeeming codes', () => {
  // c1 is a member with two codes that the tests only check, never spend; a test that spends or
  // restores a code gives c1 a code of its own for it.
  before(async () => {
    await join(h, 'c1');
    await insertCode(h.ctx, { shopId: 'shop1', code: 'LOY-AAAA', customerId: 'c1', valueCents: 1500 });
    await insertCode(h.ctx, { shopId: 'shop1', code: 'LOY-BBBB', customerId: 'c1', valueCents: 4000 });
  });

  const check = (body: Record<string, unknown>) =>
    h.call('POST', '/v1/checkout/code-checks', {
      body: { customerId: 'c1', storeVersionId: 'fi', loggedIn: true, clientIp: '198.51.100.7', ...body },
    });

  /** c1, logged in, spends `code` on order `orderId` for a cart worth `cartCents`. */
  const redeem = (code: string, orderId: string, cartCents: number, storeVersionId = 'fi') =>
    h.call('POST', '/v1/checkout/redemptions', {
      body: { code, customerId: 'c1', storeVersionId, loggedIn: true, orderId, cart: cart(cartCents) },
    });

  test('a valid code takes off its value when the cart is worth more', async () => {
    const answer = await check({ code: 'LOY-AAAA', cart: cart(3000) });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      object: 'code_check',
      code: 'LOY-AAAA',
      accepted: true,
      discountCents: 1500,
      valueCents: 1500,
      expiresAt: answer.body.expiresAt,
      reason: null,
      message: null,
    });
    assert.match(answer.body.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('the discount is capped at the products, gift cards excluded; the rest is forfeited', async () => {
    const answer = await check({ code: 'LOY-BBBB', cart: cart(2500, 5000) });
    assert.equal(answer.body.accepted, true);
    assert.equal(answer.body.discountCents, 2500);
    const withShopDiscount = await check({
      code: 'LOY-BBBB',
      cart: { ...cart(2500), orderDiscountCents: 1000 },
    });
    assert.equal(withShopDiscount.body.discountCents, 1500);
  });

  test('surrounding spaces in a typed code are ignored', async () => {
    const answer = await check({ code: '  LOY-AAAA ', cart: cart(3000) });
    assert.equal(answer.body.accepted, true);
  });

  test('an issued code is found whatever the letter case, spaces and dashes the shopper typed', async () => {
    await insertCode(h.ctx, { shopId: 'shop1', code: 'K7QP-2M9X-ZT4H-V', customerId: 'c1', valueCents: 500 });
    const answer = await check({ code: ' k7qp 2m9x-zt4hv ', cart: cart(3000) });
    assert.deepEqual([answer.body.accepted, answer.body.code], [true, 'K7QP-2M9X-ZT4H-V']);
  });

  test('a check spends nothing: the code stays active', async () => {
    // c2's own codes, so that the list holds only what this test checked.
    await join(h, 'c2');
    await insertCode(h.ctx, { shopId: 'shop1', code: 'LOY-CCCC', customerId: 'c2', valueCents: 1500 });
    await insertCode(h.ctx, { shopId: 'shop1', code: 'LOY-DDDD', customerId: 'c2', valueCents: 4000 });
    await insertCode(h.ctx, { shopId: 'shop1', code: 'M3RT-8W2K-QH5N-J', customerId: 'c2', valueCents: 500 });
    for (const [code, cents, giftCardCents] of [
      ['LOY-CCCC', 3000, 0],
      ['LOY-DDDD', 2500, 5000],
      [' m3rt 8w2k-qh5nj ', 3000, 0],
    ] as const) {
      const checked = await check({ customerId: 'c2', code, cart: cart(cents, giftCardCents) });
      assert.equal(checked.body.accepted, true, `${code}: ${checked.text}`);
    }
    const codes = await h.call('GET', '/v1/members/c2/codes');
    assert.deepEqual(
      codes.body.data.map((c: { code: string; status: string }) => [c.code, c.status]).sort(),
      [
        ['LOY-CCCC', 'active'],
        ['LOY-DDDD', 'active'],
        ['M3RT-8W2K-QH5N-J', 'active'],
      ],
    );
  });

  test('redeeming spends the code for the order, once; asking again for that order answers the same', async () => {
    await insertCode(h.ctx, { shopId: 'shop1', code: 'LOY-RDM1', customerId: 'c1', valueCents: 1500 });
    const body = {
      code: 'LOY-RDM1',
      customerId: 'c1',
      storeVersionId: 'fi',
      loggedIn: true,
      orderId: 'o-100',
      cart: cart(3000),
    };
    const first = await h.call('POST', '/v1/checkout/redemptions', { body });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(
      [first.body.outcome, first.body.discountCents, first.body.valueCents, first.body.orderId],
      ['applied', 1500, 1500, 'o-100'],
    );
    const again = await h.call('POST', '/v1/checkout/redemptions', { body });
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, 'duplicate');
    assert.equal(again.body.discountCents, 1500);
    assert.equal(again.body.redeemedAt, first.body.redeemedAt);

    const codes = await h.call('GET', '/v1/members/c1/codes');
    const used = codes.body.data.find((c: { code: string }) => c.code === 'LOY-RDM1');
    assert.equal(used.status, 'used');
    assert.equal(used.usedOrderId, 'o-100');
    const check2 = await check({ code: 'LOY-RDM1', cart: cart(3000) });
    assert.deepEqual([check2.body.accepted, check2.body.reason], [false, 'used']);
  });

  test('cancelling the order restores the code, which can then pay for another order', async () => {
    await insertCode(h.ctx, { shopId: 'shop1', code: 'LOY-CNCL', customerId: 'c1', valueCents: 1500 });
    const redeemed = await redeem('LOY-CNCL', 'o-103', 3000);
    assert.equal(redeemed.status, 201, redeemed.text);
    const placed = await h.call('POST', '/v1/orders', {
      body: orderBody('o-103', 'c1', { loyaltyCode: 'LOY-CNCL', codeDiscountCents: 1500 }),
    });
    assert.equal(placed.status, 201, placed.text);
    const cancelled = await h.call('POST', '/v1/orders/o-103/cancel');
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.deepEqual(cancelled.body.code, { code: 'LOY-CNCL', result: 'restored' });

    const codes = await h.call('GET', '/v1/members/c1/codes');
    assert.equal(codes.body.data.find((c: { code: string }) => c.code === 'LOY-CNCL').status, 'restored');
    const again = await redeem('LOY-CNCL', 'o-104', 900, 'en');
    assert.equal(again.status, 201, again.text);
    assert.equal(again.body.discountCents, 900);
  });

  test('a return does not give the code back', async () => {
    await insertCode(h.ctx, { shopId: 'shop1', code: 'LOY-RTRN', customerId: 'c1', valueCents: 4000 });
    const redeemed = await redeem('LOY-RTRN', 'o-102', 6000);
    assert.equal(redeemed.status, 201, redeemed.text);
    await h.call('POST', '/v1/orders', {
      body: orderBody('o-102', 'c1', {
        lines: [{ productId: 'tent', quantity: 2, unitPriceCents: 3000 }],
        codeDiscountCents: 4000,
        shippingCents: 0,
      }),
    });
    await h.call('POST', '/v1/orders/o-102/deliver');
    const returned = await h.call('POST', '/v1/orders/o-102/returns', {
      body: { id: 'r-102', lines: [{ lineNo: 1, quantity: 2 }] },
    });
    assert.equal(returned.status, 201, returned.text);
    const codes = await h.call('GET', '/v1/members/c1/codes');
    assert.equal(codes.body.data.find((c: { code: string }) => c.code === 'LOY-RTRN').status, 'used');
  });

  test('at the till the same calls work with the customer identified there', async () => {
    await insertCode(h.ctx, { shopId: 'shop1', code: 'LOY-POS1', customerId: 'c1', valueCents: 500 });
    const checked = await check({ code: 'LOY-POS1', cart: cart(1200) });
    assert.equal(checked.body.accepted, true);
    const redeemed = await redeem('LOY-POS1', 'pos-1', 1200);
    assert.equal(redeemed.status, 201);
    const sale = await h.call('POST', '/v1/sales', {
      body: orderBody('pos-1', 'c1', {
        lines: [{ productId: 'socks', quantity: 1, unitPriceCents: 1200 }],
        codeDiscountCents: 500,
        shippingCents: 0,
        loyaltyCode: 'LOY-POS1',
      }),
    });
    assert.equal(sale.status, 201, sale.text);
    assert.equal(sale.body.pointsEarned, 7, 'points on 12.00 − 5.00');
  });

  test('a read-only key may check a code', async () => {
    const answer = await h.call('POST', '/v1/checkout/code-checks', {
      key: h.keys.readOnly,
      body: {
        code: 'LOY-BBBB',
        customerId: 'c1',
        storeVersionId: 'fi',
        loggedIn: true,
        cart: cart(100),
        clientIp: '198.51.100.8',
      },
    });
    assert.equal(answer.status, 200);
  });
});

describe('points preview for product pages and the cart', () => {
  test('a product: one point per whole euro', async () => {
    const answer = await h.call('POST', '/v1/points-preview', {
      key: h.keys.readOnly,
      body: { storeVersionId: 'fi', lines: [{ productId: 'boots', quantity: 1, unitPriceCents: 12990 }] },
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, {
      object: 'points_preview',
      points: 129,
      eligibleCents: 12990,
      ratioCents: 100,
      earns: true,
      reason: null,
      campaign: null,
    });
  });

  test('a cart: discounts lower it and gift cards do not count', async () => {
    const answer = await h.call('POST', '/v1/points-preview', {
      body: {
        storeVersionId: 'en',
        lines: [
          { productId: 'jacket', quantity: 1, unitPriceCents: 5073, lineDiscountCents: 1000 },
          { productId: 'scarf', quantity: 1, unitPriceCents: 2917 },
          { productId: 'gift', quantity: 1, unitPriceCents: 2000, giftCard: true },
        ],
        orderDiscountCents: 990,
      },
    });
    assert.deepEqual([answer.body.points, answer.body.eligibleCents], [60, 6000]);
  });

  test('the shop’s ratio applies: 1 point per 0.10 EUR', async () => {
    // shop2, so that shop1's ratio stays one point per euro for the other tests.
    const changed = await h.call('PATCH', '/v1/program/settings', {
      key: h.keys.otherShop,
      body: { purchaseRatioCents: 10 },
    });
    assert.equal(changed.status, 200, changed.text);
    const answer = await h.call('POST', '/v1/points-preview', {
      key: h.keys.otherShop,
      body: { storeVersionId: 'fi', lines: [{ productId: 'p', quantity: 3, unitPriceCents: 199 }] },
    });
    assert.deepEqual([answer.body.points, answer.body.ratioCents], [59, 10]);
  });

  test('a version where the program is hidden earns nothing and says why', async () => {
    const answer = await h.call('POST', '/v1/points-preview', {
      body: { storeVersionId: 'b2b', lines: [{ productId: 'p', quantity: 1, unitPriceCents: 5000 }] },
    });
    assert.deepEqual(
      [answer.body.earns, answer.body.points, answer.body.reason],
      [false, 0, 'version_not_selected'],
    );
  });
});

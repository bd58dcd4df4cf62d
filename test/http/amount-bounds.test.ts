import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type Answer, apiHarnessWithMembers, join, orderBody, refusedFields } from './harness.ts';

const UNSAFE = Number.MAX_SAFE_INTEGER;

function refused(answer: Answer, ...expected: string[]) {
  assert.deepEqual(
    [answer.status, answer.body.code, refusedFields(answer)],
    [422, 'invalid_input', [...expected].sort()],
    answer.text,
  );
}

function line(unitPriceCents: number, quantity = 1, extra: Record<string, unknown> = {}) {
  return { productId: 'p', quantity, unitPriceCents, ...extra };
}

/** A sale with only these lines and no order-level amounts. */
function sale(id: string, lines: unknown[], extra: Record<string, unknown> = {}) {
  return orderBody(id, 'c1', { channel: 'pos', lines, codeDiscountCents: 0, shippingCents: 0, ...extra });
}

describe('amounts, quantities and points are bounded at the door', () => {
  const h = suiteFixture(() => apiHarnessWithMembers('c1', 'c2'));

  test('two lines of the largest safe price are refused and nothing is written', async () => {
    for (const url of ['/v1/sales', '/v1/orders']) {
      const answer = await h.call('POST', url, { body: sale('huge', [line(UNSAFE), line(UNSAFE)]) });
      refused(answer, 'lines.0.unitPriceCents', 'lines.1.unitPriceCents');
      assert.equal((await h.call('GET', '/v1/orders/huge')).status, 404, url);
    }
  });

  test('each amount and quantity has a maximum', async () => {
    refused(
      await h.call('POST', '/v1/orders', {
        body: sale('o-max', [line(100, 100_001), line(100, 1, { lineDiscountCents: 1_000_000_001 })], {
          orderDiscountCents: 1_000_000_001,
          shippingCents: 1_000_000_001,
          paymentFeeCents: 1_000_000_001,
        }),
      }),
      'lines.0.quantity',
      'lines.1.lineDiscountCents',
      'orderDiscountCents',
      'shippingCents',
      'paymentFeeCents',
    );
  });

  test('a line total or an order total beyond 10,000,000.00 EUR is refused, naming the field', async () => {
    refused(
      await h.call('POST', '/v1/sales', { body: sale('o-line', [line(1_000_000, 1001)]) }),
      'lines.0.quantity',
    );
    refused(
      await h.call('POST', '/v1/sales', { body: sale('o-sum', [line(600_000_000), line(600_000_000)]) }),
      'lines',
    );
    refused(
      await h.call('POST', '/v1/orders', {
        body: sale('o-ship', [line(900_000_000)], { shippingCents: 60_000_000, paymentFeeCents: 50_000_000 }),
      }),
      'shippingCents',
    );
    assert.equal((await h.call('GET', '/v1/orders/o-sum')).status, 404);
  });

  test('an order at the bounds is accepted and every read of it answers', async () => {
    const sold = await h.call('POST', '/v1/sales', {
      body: sale('o-big', [line(10_000, 100_000)]),
    });
    assert.equal(sold.status, 201, sold.text);
    assert.equal(sold.body.pointsEarned, 10_000_000);
    const order = await h.call('GET', '/v1/orders/o-big');
    assert.equal(order.status, 200);
    assert.equal(order.body.productCents, 1_000_000_000);
    const returned = await h.call('POST', '/v1/orders/o-big/returns', {
      body: { id: 'r1', lines: [{ lineNo: 1, quantity: 50_000 }] },
    });
    assert.equal(returned.status, 201, returned.text);
    assert.equal(returned.body.pointsDeducted, 5_000_000);
  });

  test('returned quantities are bounded', async () => {
    await h.call('POST', '/v1/sales', { body: sale('o-ret', [line(1000, 3)]) });
    refused(
      await h.call('POST', '/v1/orders/o-ret/returns', {
        body: { id: 'r-huge', lines: [{ lineNo: 1, quantity: UNSAFE }] },
      }),
      'lines.0.quantity',
    );
  });

  test('points previews and code checks take the same bounds', async () => {
    refused(
      await h.call('POST', '/v1/points-preview', {
        body: { storeVersionId: 'fi', lines: [line(UNSAFE), line(UNSAFE)] },
      }),
      'lines.0.unitPriceCents',
      'lines.1.unitPriceCents',
    );
    refused(
      await h.call('POST', '/v1/points-preview', {
        body: { storeVersionId: 'fi', lines: [line(600_000_000), line(600_000_000)] },
      }),
      'lines',
    );
    refused(
      await h.call('POST', '/v1/checkout/code-checks', {
        body: {
          code: 'ANY-CODE',
          customerId: 'c1',
          storeVersionId: 'fi',
          loggedIn: true,
          cart: { lines: [line(UNSAFE)], orderDiscountCents: UNSAFE },
        },
      }),
      'cart.lines.0.unitPriceCents',
      'cart.orderDiscountCents',
    );
  });

  test('one adjustment is at most 10,000,000 points either way, and a safe integer', async () => {
    const adjust = (points: number) =>
      h.call('POST', '/v1/members/c2/adjustments', { body: { points, reason: 'test' } });
    refused(await adjust(UNSAFE), 'points');
    refused(await adjust(10_000_001), 'points');
    refused(await adjust(-10_000_001), 'points');
    const ok = await adjust(10_000_000);
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.balance, 10_000_010, 'the 10 join points and the adjustment');
  });

  test('an adjustment cannot take a balance beyond 1,000,000,000 points', async () => {
    const adjust = (points: number) =>
      h.call('POST', '/v1/members/c3/adjustments', { body: { points, reason: 'test' } });
    await join(h, 'c3');
    assert.equal((await adjust(-10)).body.balance, 0, 'the join points taken away');
    for (let i = 0; i < 100; i++) assert.equal((await adjust(10_000_000)).status, 201);
    const over = await adjust(1);
    refused(over, 'points');
    const member = await h.call('GET', '/v1/members/c3');
    assert.equal(member.status, 200);
    assert.equal(member.body.balance, 1_000_000_000);
    assert.equal((await adjust(-1)).status, 201, 'moving back towards zero is allowed');
  });

  test('the reason of an adjustment is at most 500 characters', async () => {
    refused(
      await h.call('POST', '/v1/members/c2/adjustments', { body: { points: 1, reason: 'x'.repeat(501) } }),
      'reason',
    );
  });

  test('join and review points and reward tiers are bounded', async () => {
    const answer = await h.call('PATCH', '/v1/program/settings', {
      body: { joinPoints: UNSAFE, reviewPoints: 1_000_001, tiers: [{ points: UNSAFE, valueCents: UNSAFE }] },
    });
    assert.equal(answer.status, 422, answer.text);
    assert.deepEqual(refusedFields(answer), [
      'joinPoints',
      'reviewPoints',
      'tiers.0.points',
      'tiers.0.valueCents',
    ]);
  });

  test('the OpenAPI document states the bounds', async () => {
    const doc = (await h.call('GET', '/openapi.json', { key: null })).body;
    const line = doc.components.schemas.OrderLine.properties;
    assert.equal(line.unitPriceCents.maximum, 1_000_000_000);
    assert.equal(line.lineDiscountCents.maximum, 1_000_000_000);
    assert.equal(line.quantity.maximum, 100_000);
    const order = doc.components.schemas.NewOrder.properties;
    assert.equal(order.shippingCents.maximum, 1_000_000_000);
    assert.equal(order.lines.maxItems, 1000);
    const adjust =
      doc.paths['/v1/members/{customerId}/adjustments'].post.requestBody.content['application/json'].schema
        .properties;
    assert.deepEqual([adjust.points.minimum, adjust.points.maximum], [-10_000_000, 10_000_000]);
    assert.equal(adjust.reason.maxLength, 500);
  });
});

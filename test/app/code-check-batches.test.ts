import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CodeCheckAnswer, checkCode } from '../../src/app/checkout/check-code.ts';
import type { CheckoutInput } from '../../src/app/checkout/checkout-input.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { insertCode, publishedShop } from '../support/fixtures.ts';

const DAY = 86_400_000;

function outcomeOf(result: PromiseSettledResult<CodeCheckAnswer>): string {
  if (result.status === 'rejected') {
    return result.reason instanceof DomainError ? `error:${result.reason.code}` : `crash:${result.reason}`;
  }
  const a = result.value;
  return a.accepted
    ? `accepted:${a.code}:${a.discountCents}:${a.valueCents}`
    : `refused:${a.code}:${a.reason}`;
}

/** Checks of every kind of answer: accepted, each refusal, and a shop with no program. */
function checks(): CheckoutInput[] {
  const base = { shopId: 'shop', storeVersionId: 'fi', loggedIn: true };
  const cart = (cents: number, giftCard = false) => ({
    lines: [{ quantity: 1, unitPriceCents: cents, lineDiscountCents: 0, giftCard }],
    orderDiscountCents: 0,
  });
  const list: CheckoutInput[] = [];
  for (let i = 0; i < 6; i++) {
    list.push(
      { ...base, code: 'OK-1', customerId: 'c1', cart: cart(1000 + i * 1000) },
      { ...base, code: ' OK-2 ', customerId: 'c2', cart: cart(3000) },
      { ...base, code: 'OK-1', customerId: 'c2', cart: cart(3000) },
      { ...base, code: 'OK-1', customerId: 'c1', loggedIn: false, cart: cart(3000) },
      { ...base, code: 'OK-3', customerId: 'c3', cart: cart(3000) },
      { ...base, code: 'OK-1', customerId: 'c1', storeVersionId: 'b2b', cart: cart(3000) },
      { ...base, code: 'USED-1', customerId: 'c1', cart: cart(3000) },
      { ...base, code: 'OLD-1', customerId: 'c1', cart: cart(3000) },
      { ...base, code: 'OK-1', customerId: 'c1', cart: cart(3000, true) },
      { ...base, code: 'NOPE', customerId: 'c1', cart: cart(3000) },
      { ...base, shopId: 'no-program', code: 'OK-1', customerId: 'c1', cart: cart(3000) },
    );
  }
  return list;
}

describe('code checks arriving together share one query', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
    await publishedShop(app.ctx, 'shop');
    for (const customerId of ['c1', 'c2']) {
      await joinProgram(app.ctx, { shopId: 'shop', customerId, source: 'registration' });
    }
    const now = app.clock.now();
    await insertCode(app.ctx, { shopId: 'shop', code: 'OK-1', customerId: 'c1', valueCents: 2500 });
    await insertCode(app.ctx, { shopId: 'shop', code: 'OK-2', customerId: 'c2', valueCents: 500 });
    await insertCode(app.ctx, { shopId: 'shop', code: 'OK-3', customerId: 'c3' });
    await insertCode(app.ctx, { shopId: 'shop', code: 'USED-1', customerId: 'c1', status: 'used' });
    await insertCode(app.ctx, {
      shopId: 'shop',
      code: 'OLD-1',
      customerId: 'c1',
      issuedAt: new Date(now.getTime() - 100 * DAY),
      expiresAt: new Date(now.getTime() - DAY),
    });
  });
  after(() => app.close());

  test('each check gets the answer it gets alone, in its own order', async () => {
    const together = await Promise.allSettled(checks().map((c) => checkCode(app.ctx, c)));
    const alone: PromiseSettledResult<CodeCheckAnswer>[] = [];
    for (const c of checks()) {
      alone.push(
        await checkCode(app.ctx, c).then(
          (value) => ({ status: 'fulfilled' as const, value }),
          (reason: unknown) => ({ status: 'rejected' as const, reason }),
        ),
      );
    }
    assert.deepEqual(together.map(outcomeOf), alone.map(outcomeOf));
    assert.deepEqual(together.slice(0, 11).map(outcomeOf), [
      'accepted:OK-1:1000:2500',
      'accepted:OK-2:500:500',
      'refused:OK-1:not_found',
      'refused:OK-1:not_logged_in',
      'refused:OK-3:not_member',
      'refused:OK-1:hidden_in_version',
      'refused:USED-1:used',
      'refused:OLD-1:expired',
      'refused:OK-1:only_gift_cards',
      'refused:NOPE:not_found',
      'error:program_not_found',
    ]);
    // The cart differs per check of OK-1, and so does the discount: answers are not mixed up.
    const discounts = together
      .filter((_, i) => i % 11 === 0)
      .map((r) => (r.status === 'fulfilled' && r.value.accepted ? r.value.discountCents : -1));
    assert.deepEqual(discounts, [1000, 2000, 2500, 2500, 2500, 2500]);
  });

  test('a check that waited for a batch sees a redemption committed before it was asked', async () => {
    const first = checks().slice(0, 11);
    const busy = Promise.allSettled(first.map((c) => checkCode(app.ctx, c)));
    await app.ctx.db
      .updateTable('discount_codes')
      .set({ status: 'used', used_at: app.clock.now() })
      .where('shop_id', '=', 'shop')
      .where('code', '=', 'OK-2')
      .execute();
    const after = await checkCode(app.ctx, first[1]!);
    await busy;
    assert.equal(outcomeOf({ status: 'fulfilled', value: after }), 'refused:OK-2:used');
  });
});

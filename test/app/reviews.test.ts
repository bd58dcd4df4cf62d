import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { recordSale } from '../../src/app/orders/record-sale.ts';
import { approveReview, rejectReview, submitReview } from '../../src/app/reviews/reviews.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { balanceOf, specOrder, testAppWithMember } from '../support/fixtures.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';

describe('review points', () => {
  const app = suiteFixture(() =>
    prepared(testAppWithMember('s', { reviewPoints: 20 }), ({ ctx, clock }) =>
      recordSale(ctx, specOrder('s', 'o1', 'c1', clock.now())),
    ),
  );

  test('the first approved review of an order pays once; a second review of the same order does not', async () => {
    await submitReview(app.ctx, { shopId: 's', reviewId: 'r1', orderId: 'o1', productId: 'jacket' });
    await submitReview(app.ctx, { shopId: 's', reviewId: 'r2', orderId: 'o1', productId: 'scarf' });
    assert.equal(await balanceOf(app.ctx, 's', 'c1'), 59, 'a submitted review earns nothing yet');
    const first = await approveReview(app.ctx, { shopId: 's', reviewId: 'r1' });
    assert.equal(first.pointsCredited, 20);
    const second = await approveReview(app.ctx, { shopId: 's', reviewId: 'r2' });
    assert.equal(second.pointsCredited, 0);
    const again = await approveReview(app.ctx, { shopId: 's', reviewId: 'r1' });
    assert.equal(again.outcome, 'duplicate');
    assert.equal(await balanceOf(app.ctx, 's', 'c1'), 79);
  });

  test('a rejected review pays nothing, and an undelivered order earns no review points', async () => {
    const before = await balanceOf(app.ctx, 's', 'c1');
    await placeOrder(app.ctx, specOrder('s', 'o2', 'c1', app.clock.now()));
    await submitReview(app.ctx, { shopId: 's', reviewId: 'r3', orderId: 'o2', productId: 'jacket' });
    const rejected = await rejectReview(app.ctx, { shopId: 's', reviewId: 'r3' });
    assert.equal(rejected.pointsCredited, 0);
    await submitReview(app.ctx, { shopId: 's', reviewId: 'r4', orderId: 'o2', productId: 'scarf' });
    assert.equal((await approveReview(app.ctx, { shopId: 's', reviewId: 'r4' })).pointsCredited, 0);
    assert.equal(await balanceOf(app.ctx, 's', 'c1'), before);
    await assert.rejects(
      approveReview(app.ctx, { shopId: 's', reviewId: 'missing' }),
      (e: unknown) => e instanceof DomainError && e.code === 'review_not_found',
    );
  });
});

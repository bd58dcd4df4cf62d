import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { reviewPointsDue } from '../../src/domain/earning/review-points.ts';

describe('reviewPointsDue', () => {
  test('the first approved review of a delivered order pays the review points', () => {
    assert.equal(
      reviewPointsDue({ reviewPoints: 20, orderAlreadyRewarded: false, orderDelivered: true }),
      20,
    );
  });

  test('once per order: further reviews of the same order pay nothing', () => {
    assert.equal(reviewPointsDue({ reviewPoints: 20, orderAlreadyRewarded: true, orderDelivered: true }), 0);
  });

  test('an order not delivered (or cancelled) earns nothing for reviews', () => {
    assert.equal(
      reviewPointsDue({ reviewPoints: 20, orderAlreadyRewarded: false, orderDelivered: false }),
      0,
    );
  });

  test('0 review points is allowed and pays nothing', () => {
    assert.equal(reviewPointsDue({ reviewPoints: 0, orderAlreadyRewarded: false, orderDelivered: true }), 0);
  });

  test('rejects negative or fractional settings', () => {
    assert.throws(
      () => reviewPointsDue({ reviewPoints: -5, orderAlreadyRewarded: false, orderDelivered: true }),
      RangeError,
    );
    assert.throws(
      () => reviewPointsDue({ reviewPoints: 0.5, orderAlreadyRewarded: false, orderDelivered: true }),
      RangeError,
    );
  });
});

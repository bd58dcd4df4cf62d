import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { joinPointsDue } from '../../src/domain/earning/join-points.ts';

describe('joinPointsDue', () => {
  test('pays the configured join points on the first join', () => {
    assert.equal(joinPointsDue({ joinPoints: 50, alreadyPaid: false }), 50);
  });

  test('leaving and rejoining never pays again', () => {
    assert.equal(joinPointsDue({ joinPoints: 50, alreadyPaid: true }), 0);
  });

  test('0 join points is allowed and pays nothing', () => {
    assert.equal(joinPointsDue({ joinPoints: 0, alreadyPaid: false }), 0);
  });

  test('rejects negative or fractional settings', () => {
    assert.throws(() => joinPointsDue({ joinPoints: -1, alreadyPaid: false }), RangeError);
    assert.throws(() => joinPointsDue({ joinPoints: 2.5, alreadyPaid: false }), RangeError);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countSegment, segmentMemberBatches } from '../../src/app/segments/segments.ts';
import type { SegmentFilters } from '../../src/domain/segments/segment-filters.ts';
import { testApp } from '../support/database.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';
import { NOW, seedSegmentShop } from './seeded-shop.ts';

describe('segment filters on a seeded shop', () => {
  const app = suiteFixture(() => prepared(testApp(NOW), (a) => seedSegmentShop(a.ctx, a.clock, 's')));

  async function selected(filters: SegmentFilters): Promise<string[]> {
    const ids: string[] = [];
    for await (const batch of segmentMemberBatches(app.ctx, 's', filters, { batchSize: 2 }))
      ids.push(...batch.map((m) => m.customerId));
    assert.equal(await countSegment(app.ctx, 's', filters), ids.length, 'the count agrees with the export');
    return ids.sort();
  }

  const cases: [string, SegmentFilters, string[]][] = [
    [
      'no filter: every current member (not the one who left, not a customer who never joined)',
      {},
      ['m1', 'm2', 'm3'],
    ],
    ['balance at least 100', { balanceMin: 100 }, ['m2', 'm3']],
    ['balance at most 240', { balanceMax: 240 }, ['m1', 'm2']],
    ['balance 100–240', { balanceMin: 100, balanceMax: 240 }, ['m2']],
    ['at most 10 points to the next tier (past every tier: none)', { pointsToNextTierMax: 10 }, ['m2']],
    ['at least 20 points to the next tier', { pointsToNextTierMin: 20 }, ['m1']],
    ['a spendable code whose last day is within 5 days (20 June)', { codesExpiringWithinDays: 5 }, ['m2']],
    ['within 4 days: not yet', { codesExpiringWithinDays: 4 }, []],
    ['within 200 days: the used code does not count', { codesExpiringWithinDays: 200 }, ['m1', 'm2']],
    ['joined today in Helsinki (00:30 local, 21:30 UTC the day before)', { joinedWithinDays: 0 }, ['m1']],
    ['joined within 45 days (1 May)', { joinedWithinDays: 45 }, ['m1', 'm2', 'm3']],
    ['joined within 44 days', { joinedWithinDays: 44 }, ['m1']],
    ['ordered within 1 day (a cancelled order does not count)', { lastOrderWithinDays: 1 }, ['m1']],
    ['ordered within 90 days', { lastOrderWithinDays: 90 }, ['m1', 'm2']],
    ['spent at least 60.00 €', { spendMinCents: 6000 }, ['m2']],
    ['spent at most 59.90 € (a cancelled order is no spend)', { spendMaxCents: 5990 }, ['m1', 'm3']],
    ['ordered in the English web shop', { storeVersionId: 'en' }, ['m2']],
    ['ordered in the Finnish web shop (not counting a cancelled order)', { storeVersionId: 'fi' }, ['m1']],
    ['consented to marketing', { marketingConsent: true }, ['m1']],
    ['did not consent (withdrew, or never asked)', { marketingConsent: false }, ['m2', 'm3']],
    [
      'every filter holds together',
      { marketingConsent: false, balanceMin: 200, pointsToNextTierMax: 100 },
      ['m2'],
    ],
  ];
  for (const [name, filters, expected] of cases) {
    test(name, async () => assert.deepEqual(await selected(filters), expected));
  }

  test('a member row carries what the exports show', async () => {
    const rows = [];
    for await (const batch of segmentMemberBatches(app.ctx, 's', { balanceMin: 100 })) rows.push(...batch);
    assert.deepEqual(
      rows.map((r) => [r.customerId, r.balance, r.pointsToNextTier, r.marketingConsent, r.email]),
      [
        ['m2', 240, 10, false, 'm2@example.com'],
        ['m3', 600, null, false, 'm3@example.com'],
      ],
    );
  });
});

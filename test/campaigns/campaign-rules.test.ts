import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type Campaign,
  type CampaignDraft,
  campaignFromDraft,
  campaignInForce,
  campaignState,
} from '../../src/domain/campaigns/campaign.ts';
import { campaignWeight, campaignWeightKept } from '../../src/domain/campaigns/campaign-weight.ts';
import { campaignCovers, lineMultipliers } from '../../src/domain/campaigns/line-multiplier.ts';
import {
  eligibleLines,
  eligibleLinesKept,
  type OrderAmountsInput,
} from '../../src/domain/earning/eligible-amount.ts';
import { purchasePoints } from '../../src/domain/earning/purchase-points.ts';
import { returnDeduction } from '../../src/domain/earning/return-points.ts';
import { arbitraryLineFields, campaignLine } from './campaign-lines.ts';

const at = (iso: string) => new Date(iso);
const campaign = (over: Partial<Campaign> = {}): Campaign => ({
  id: 'c',
  name: 'Black Friday',
  multiplierPct: 200,
  startsAt: at('2026-11-26T22:00:00Z'),
  endsAt: at('2026-12-01T22:00:00Z'),
  membersFrom: null,
  productIds: [],
  categories: [],
  storeVersionIds: [],
  ...over,
});

/** A campaign drafted in a Helsinki shop's local time, at the moment `now`. */
const helsinkiDraft = (id: string, draft: CampaignDraft, now: string) =>
  campaignFromDraft(id, draft, 'Europe/Helsinki', at(now));

const RATIOS = [10, 100, 1000];

const orderArb = fc
  .array(
    fc.record({
      ...arbitraryLineFields,
    }),
    { minLength: 1, maxLength: 6 },
  )
  .chain((lines) =>
    fc.record({
      lines: fc.constant(lines.map((l) => ({ ...l, lineDiscountCents: 0 }))),
      orderDiscountCents: fc.integer({ min: 0, max: 1000 }),
    }),
  )
  .map(
    ({ lines, orderDiscountCents }): OrderAmountsInput => ({
      lines,
      orderDiscountCents: Math.min(
        orderDiscountCents,
        lines.reduce((s, l) => s + (l.giftCard ? 0 : l.quantity * l.unitPriceCents), 0),
      ),
      codeDiscountCents: 0,
      shippingCents: 0,
      paymentFeeCents: 0,
    }),
  );

const campaignArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 3 }),
  name: fc.constant('c'),
  multiplierPct: fc.integer({ min: 100, max: 1000 }),
  startsAt: fc.constant(at('2026-11-01T00:00:00Z')),
  endsAt: fc.constant(at('2026-12-01T00:00:00Z')),
  membersFrom: fc.constant(null),
  productIds: fc.subarray(['p1', 'p2', 'p3']),
  categories: fc.subarray(['shoes', 'hats']),
  storeVersionIds: fc.subarray(['fi', 'en']),
});

/** An order, up to `maxCampaigns` campaigns and an earning ratio: what `earned` is tried on. */
const earningArbs = (maxCampaigns: number) =>
  [orderArb, fc.array(campaignArb, { maxLength: maxCampaigns }), fc.constantFrom(...RATIOS)] as const;

/** An order with its multipliers and what it earns with and without them. */
function earned(order: OrderAmountsInput, campaigns: Campaign[], ratio: number) {
  const multipliers = lineMultipliers(campaigns, {
    storeVersionId: 'fi',
    placedAt: at('2026-11-15T12:00:00Z'),
    lines: order.lines,
  });
  const lines = eligibleLines(order);
  const eligible = lines.reduce((s, l) => s + l.eligibleCents, 0);
  const weight = campaignWeight(
    lines.map((l, i) => ({ eligibleCents: l.eligibleCents, multiplierPct: multipliers[i]! })),
  );
  return {
    multipliers,
    eligible,
    weight,
    plain: purchasePoints(eligible, ratio),
    points: purchasePoints(eligible, ratio, weight),
  };
}

describe('campaign rules', () => {
  test('the multiplier applies to the weighted eligible amount: ×2 on everything doubles before rounding', () => {
    // 59.90 eligible at 1 pt / EUR: 59 points plain, floor(119.80) = 119 doubled (not 2 × 59).
    assert.equal(purchasePoints(5990, 100), 59);
    assert.equal(purchasePoints(5990, 100, 5990 * 100), 119);
    // ×1.5 on one line of 25.00 out of 59.90: 59.90 + 12.50 = 72.40 → 72.
    assert.equal(purchasePoints(5990, 100, 2500 * 50), 72);
  });

  test('no campaign, or a weight of 0, is exactly the plain rule', () => {
    fc.assert(
      fc.property(orderArb, fc.constantFrom(...RATIOS), (order, ratio) => {
        const r = earned(order, [], ratio);
        assert.equal(r.weight, 0);
        assert.equal(r.points, r.plain);
      }),
    );
  });

  test('never fewer points than without a campaign', () => {
    fc.assert(
      fc.property(...earningArbs(4), (order, cs, ratio) => {
        const r = earned(order, cs, ratio);
        assert.ok(r.points >= r.plain, `${r.points} < ${r.plain}`);
      }),
    );
  });

  test('overlapping campaigns never multiply: each line gets the highest multiplier that covers it', () => {
    fc.assert(
      fc.property(orderArb, fc.array(campaignArb, { minLength: 1, maxLength: 4 }), (order, cs) => {
        const { multipliers } = earned(order, cs, 100);
        order.lines.forEach((line, i) => {
          const covering = cs.filter((c) => campaignCovers(c, line, 'fi')).map((c) => c.multiplierPct);
          assert.equal(multipliers[i], Math.max(100, ...covering));
          assert.ok(multipliers[i]! <= 1000);
        });
        // Twice the same campaign is the campaign once.
        const once = earned(order, cs.slice(0, 1), 100).points;
        assert.equal(earned(order, [cs[0]!, cs[0]!], 100).points, once);
      }),
    );
  });

  test('returns never take back more than the order gave, and a full return takes back all of it', () => {
    fc.assert(
      fc.property(
        ...earningArbs(3),
        fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
        (order, cs, ratio, picks) => {
          const r = earned(order, cs, ratio);
          let returned = order.lines.map(() => 0);
          let deducted = 0;
          // Two successive partial returns, then everything.
          for (const step of [0, 1, 2]) {
            returned = order.lines.map((l, i) =>
              step === 2 ? l.quantity : Math.min(l.quantity, returned[i]! + (picks[i]! % 2)),
            );
            const kept = eligibleLinesKept(order, returned);
            const deduction = returnDeduction({
              earnedPoints: r.points,
              alreadyDeducted: deducted,
              keptEligibleCents: kept.reduce((s, k) => s + k, 0),
              keptCampaignWeight: campaignWeightKept(kept, r.multipliers),
              ratioCents: ratio,
            });
            assert.ok(deduction >= 0);
            deducted += deduction;
            assert.ok(deducted <= r.points, `deducted ${deducted} of ${r.points}`);
          }
          assert.equal(deducted, r.points);
        },
      ),
    );
  });

  test('a return of lines outside the campaign takes back only their plain points', () => {
    // Two lines of 10.00 each, ×3 on p1 only; returning p2 leaves p1 tripled: 30 points of 40.
    const order: OrderAmountsInput = {
      lines: [campaignLine('p1', null, 1, 1000), campaignLine('p2', null, 1, 1000)],
      orderDiscountCents: 0,
      codeDiscountCents: 0,
      shippingCents: 0,
      paymentFeeCents: 0,
    };
    const r = earned(
      order,
      [campaign({ productIds: ['p1'], multiplierPct: 300, startsAt: at('2026-11-01T00:00:00Z') })],
      100,
    );
    assert.deepEqual(r.multipliers, [300, 100]);
    assert.equal(r.points, 40);
    const kept = eligibleLinesKept(order, [0, 1]);
    const take = returnDeduction({
      earnedPoints: r.points,
      alreadyDeducted: 0,
      keptEligibleCents: kept[0]! + kept[1]!,
      keptCampaignWeight: campaignWeightKept(kept, r.multipliers),
      ratioCents: 100,
    });
    assert.equal(take, 10);
  });

  test('limits: products or categories (either), store versions (must), gift cards never', () => {
    const c = campaign({ productIds: ['p1'], categories: ['shoes'], storeVersionIds: ['fi'] });
    assert.ok(campaignCovers(c, { productId: 'p1' }, 'fi'));
    assert.ok(campaignCovers(c, { productId: 'p9', category: 'shoes' }, 'fi'));
    assert.ok(!campaignCovers(c, { productId: 'p9', category: 'hats' }, 'fi'));
    assert.ok(!campaignCovers(c, { productId: 'p1' }, 'en'));
    assert.ok(!campaignCovers(campaign(), { productId: 'p1', giftCard: true }, 'fi'));
  });

  test('the period is half-open and the members-only start opens it earlier', () => {
    const c = campaign({ membersFrom: at('2026-11-26T16:00:00Z') });
    assert.equal(campaignInForce(c, at('2026-11-26T15:59:59.999Z')), false);
    assert.equal(campaignState(c, at('2026-11-26T15:59:59Z')), 'planned');
    assert.equal(campaignInForce(c, at('2026-11-26T16:00:00Z')), true);
    assert.equal(campaignState(c, at('2026-11-26T16:00:00Z')), 'members_only');
    assert.equal(campaignState(c, at('2026-11-26T22:00:00Z')), 'running');
    assert.equal(campaignInForce(c, at('2026-12-01T21:59:59.999Z')), true);
    assert.equal(campaignInForce(c, at('2026-12-01T22:00:00Z')), false);
    assert.equal(campaignState(c, at('2026-12-01T22:00:00Z')), 'ended');
  });

  test('a draft’s local times are the shop’s time zone: Friday 00:00 to Tuesday 00:00 Helsinki', () => {
    const made = helsinkiDraft(
      'bf',
      {
        name: ' Black Friday ',
        multiplierPct: 200,
        startsAt: '2026-11-27T00:00',
        endsAt: '2026-12-01T00:00',
        membersFrom: '2026-11-26T18:00',
      },
      '2026-11-01T00:00:00Z',
    );
    assert.ok('campaign' in made);
    assert.equal(made.campaign.name, 'Black Friday');
    assert.equal(made.campaign.startsAt.toISOString(), '2026-11-26T22:00:00.000Z');
    assert.equal(made.campaign.endsAt.toISOString(), '2026-11-30T22:00:00.000Z');
    assert.equal(made.campaign.membersFrom?.toISOString(), '2026-11-26T16:00:00.000Z');
    // An offset given wins over the zone.
    const utc = helsinkiDraft(
      'x',
      { name: 'x', multiplierPct: 150, startsAt: '2026-11-27T00:00Z', endsAt: '2026-11-28T00:00Z' },
      '2026-11-01T00:00:00Z',
    );
    assert.ok('campaign' in utc && utc.campaign.startsAt.toISOString() === '2026-11-27T00:00:00.000Z');
  });

  test('a draft names every wrong field', () => {
    const wrongFields = (draft: CampaignDraft) => {
      const made = helsinkiDraft('x', draft, '2026-11-15T00:00:00Z');
      assert.ok('errors' in made);
      return made.errors.map((e) => e.field);
    };
    const everyField = wrongFields({
      name: '',
      multiplierPct: 99,
      startsAt: 'friday',
      endsAt: '2026-11-01T00:00',
      membersFrom: '2026-11-02T00:00',
    });
    assert.deepEqual(everyField.sort(), ['endsAt', 'multiplierPct', 'name', 'startsAt']);
    const good = { name: 'x', multiplierPct: 200, startsAt: '2026-12-01T00:00', endsAt: '2026-12-02T00:00' };
    assert.equal(
      wrongFields({ ...good, startsAt: '2026-12-02T00:00', endsAt: '2026-12-01T00:00' })[0],
      'endsAt',
    );
    assert.equal(wrongFields({ ...good, membersFrom: '2026-12-01T00:00' })[0], 'membersFrom');
  });
});

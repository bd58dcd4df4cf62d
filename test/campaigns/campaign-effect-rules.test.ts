import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { Campaign } from '../../src/domain/campaigns/campaign.ts';
import { orderPointsAlone, orderPointsWithout } from '../../src/domain/campaigns/campaign-effect.ts';
import { campaignWeightKept } from '../../src/domain/campaigns/campaign-weight.ts';
import { lineMultipliers } from '../../src/domain/campaigns/line-multiplier.ts';
import { eligibleLines, eligibleLinesKept } from '../../src/domain/earning/eligible-amount.ts';
import { purchasePoints } from '../../src/domain/earning/purchase-points.ts';
import { arbitraryLineFields } from './campaign-lines.ts';

const PLACED = new Date('2026-11-15T12:00:00Z');

const campaignArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constant(id),
    multiplierPct: fc.integer({ min: 100, max: 1000 }),
    startsAt: fc.constantFrom(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-20T00:00:00Z')),
    endsAt: fc.constant(new Date('2026-12-01T00:00:00Z')),
    membersFrom: fc.constant(null),
    productIds: fc.subarray(['p1', 'p2', 'p3']),
    categories: fc.subarray(['shoes', 'hats']),
    storeVersionIds: fc.subarray(['fi', 'en']),
  });

interface Line {
  productId: string;
  category: string | null;
  quantity: number;
  unitPriceCents: number;
  giftCard: boolean;
  /** Units returned (at most the line's). */
  returned: number;
}

const linesArb: fc.Arbitrary<Line[]> = fc.array(
  fc.record({
    ...arbitraryLineFields,
    returned: fc.integer({ min: 0, max: 5 }),
  }),
  { minLength: 1, maxLength: 6 },
);

/**
 * An order placed under `campaigns` as the write path stores it (each line's eligible cents and
 * the highest multiplier covering it), with some units returned, and what it still earns.
 */
function storedOrder(lines: Line[], campaigns: Campaign[], ratio: number) {
  const amounts = {
    lines: lines.map((l) => ({ ...l, lineDiscountCents: 0 })),
    orderDiscountCents: 0,
    codeDiscountCents: 0,
    shippingCents: 0,
    paymentFeeCents: 0,
  };
  const order = { storeVersionId: 'fi', placedAt: PLACED, lines };
  const multipliers = lineMultipliers(campaigns, order);
  const eligible = eligibleLines(amounts);
  const returned = lines.map((l) => Math.min(l.returned, l.quantity));
  const kept = eligibleLinesKept(amounts, returned);
  const keptSum = kept.reduce((a, b) => a + b, 0);
  return {
    effectOrder: {
      storeVersionId: 'fi',
      placedAt: PLACED,
      ratioCents: ratio,
      lines: lines.map((l, i) => ({
        productId: l.productId,
        category: l.category,
        giftCard: l.giftCard,
        eligibleCents: eligible[i]!.eligibleCents,
        quantity: l.quantity,
        returnedQuantity: returned[i]!,
        multiplierPct: multipliers[i]!,
      })),
    },
    totals: {
      ratioCents: ratio,
      keptEligibleCents: keptSum,
      keptCampaignWeight: campaignWeightKept(kept, multipliers),
    },
    credited: purchasePoints(keptSum, ratio, campaignWeightKept(kept, multipliers)),
    /** What it would earn had only these campaigns existed. */
    under: (only: Campaign[]) =>
      purchasePoints(keptSum, ratio, campaignWeightKept(kept, lineMultipliers(only, order))),
  };
}

describe('a campaign’s extra points, by property', () => {
  test('with it is what the order still earns; without it is what it would earn had the campaign never existed, never more', () => {
    fc.assert(
      fc.property(
        linesArb,
        fc.tuple(campaignArb('a'), campaignArb('b'), campaignArb('c')),
        fc.constantFrom(10, 100, 1000),
        (lines, campaigns, ratio) => {
          const order = storedOrder(lines, campaigns, ratio);
          for (const campaign of campaigns) {
            const others = campaigns.filter((c) => c !== campaign);
            const { withCampaign, withoutCampaign } = orderPointsWithout(order.effectOrder, campaign, others);
            assert.equal(withCampaign, order.credited);
            assert.equal(withoutCampaign, order.under(others));
            assert.ok(withoutCampaign <= withCampaign);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('alone, a campaign’s extra points are the order’s points minus the plain rule’s, also from its kept totals', () => {
    fc.assert(
      fc.property(linesArb, campaignArb('only'), fc.constantFrom(10, 100, 1000), (lines, campaign, ratio) => {
        const order = storedOrder(lines, [campaign], ratio);
        const { withCampaign, withoutCampaign } = orderPointsWithout(order.effectOrder, campaign, []);
        assert.equal(withoutCampaign, order.under([]));
        assert.equal(withCampaign - withoutCampaign, order.credited - order.under([]));
        // From the order's kept totals alone (what the page reads when no campaign overlaps), the same.
        assert.deepEqual(orderPointsAlone(order.totals), { withCampaign, withoutCampaign });
      }),
      { numRuns: 300 },
    );
  });
});

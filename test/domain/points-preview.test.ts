import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { eligibleCents } from '../../src/domain/earning/eligible-amount.ts';
import { previewPoints } from '../../src/domain/earning/points-preview.ts';
import { purchasePoints } from '../../src/domain/earning/purchase-points.ts';
import { DomainError } from '../../src/domain/errors.ts';

const line = (
  unitPriceCents: number,
  extra: Partial<{ quantity: number; lineDiscountCents: number; giftCard: boolean }> = {},
) => ({
  productId: 'p',
  quantity: 1,
  unitPriceCents,
  lineDiscountCents: 0,
  giftCard: false,
  ...extra,
});

describe('previewPoints', () => {
  test('a product at 129.90 earns 129 points at 1 point per euro', () => {
    assert.deepEqual(
      previewPoints({
        ratioCents: 100,
        published: true,
        versionSelected: true,
        lines: [line(12990)],
        orderDiscountCents: 0,
      }),
      { earns: true, points: 129, eligibleCents: 12990, campaign: null },
    );
  });

  test('nothing where the program is not published or not shown, with the reason', () => {
    const base = { ratioCents: 100, lines: [line(5000)], orderDiscountCents: 0 };
    assert.deepEqual(previewPoints({ ...base, published: false, versionSelected: true }), {
      earns: false,
      points: 0,
      eligibleCents: 5000,
      reason: 'program_not_published',
    });
    const hidden = previewPoints({ ...base, published: true, versionSelected: false });
    assert.equal(!hidden.earns && hidden.reason, 'version_not_selected');
  });

  test('an invalid cart is refused with its fields', () => {
    assert.throws(
      () =>
        previewPoints({
          ratioCents: 100,
          published: true,
          versionSelected: true,
          lines: [line(100)],
          orderDiscountCents: 500,
        }),
      (e: unknown) =>
        e instanceof DomainError && e.code === 'invalid_input' && e.fields[0]!.field === 'orderDiscountCents',
    );
  });

  test('the preview is what the same cart earns as a delivered order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            unit: fc.integer({ min: 0, max: 100_000 }),
            quantity: fc.integer({ min: 1, max: 5 }),
            giftCard: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.constantFrom(10, 100, 1000),
        (lines, ratioCents) => {
          const cart = lines.map((l) => line(l.unit, { quantity: l.quantity, giftCard: l.giftCard }));
          const preview = previewPoints({
            ratioCents,
            published: true,
            versionSelected: true,
            lines: cart,
            orderDiscountCents: 0,
          });
          const order = {
            lines: cart,
            orderDiscountCents: 0,
            codeDiscountCents: 0,
            shippingCents: 0,
            paymentFeeCents: 0,
          };
          assert.equal(preview.points, purchasePoints(eligibleCents(order), ratioCents));
        },
      ),
    );
  });
});

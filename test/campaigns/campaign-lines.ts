import fc from 'fast-check';

/** An order line of a campaign test: full price, no discount, not a gift card. */
export const campaignLine = (
  productId: string,
  category: string | null,
  quantity: number,
  unitPriceCents: number,
) => ({
  productId,
  category,
  quantity,
  unitPriceCents,
  lineDiscountCents: 0,
  giftCard: false,
});

/** The fields of a random order line for the property tests: four products, two categories or none. */
export const arbitraryLineFields = {
  productId: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
  category: fc.constantFrom('shoes', 'hats', null),
  quantity: fc.integer({ min: 1, max: 5 }),
  unitPriceCents: fc.integer({ min: 0, max: 50_000 }),
  giftCard: fc.boolean(),
};

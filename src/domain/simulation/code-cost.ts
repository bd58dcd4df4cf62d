/**
 * What the codes of an estimate cost the shop, as a share of what members bought in the same
 * period: the figure a merchant weighs against their margin before starting the program.
 */
export interface CodeCost {
  codeValueCents: number;
  memberSalesCents: number;
  /** The codes' value per members' sales in basis points (1 = 0.01 %), rounded half up; null without sales. */
  shareBp: number | null;
  limitBp: number;
  /** Whether the codes cost more than the limit (any codes at all when members bought nothing). */
  overLimit: boolean;
}

const BASIS_POINTS = 10_000n;

/**
 * `codeValueCents / memberSalesCents` in basis points, rounded half up, in integers: sums of a
 * year of a large shop's cents times 10,000 pass 2^53, so the division is made on bigints.
 */
export function codeCostShareBp(codeValueCents: number, memberSalesCents: number): number | null {
  if (!Number.isSafeInteger(codeValueCents) || codeValueCents < 0)
    throw new RangeError(`The codes' value must be whole cents, not negative: ${codeValueCents}`);
  if (!Number.isSafeInteger(memberSalesCents))
    throw new RangeError(`Members' sales must be whole cents: ${memberSalesCents}`);
  if (memberSalesCents <= 0) return null;
  const sales = BigInt(memberSalesCents);
  return Number((BigInt(codeValueCents) * BASIS_POINTS * 2n + sales) / (2n * sales));
}

export function codeCost(codeValueCents: number, memberSalesCents: number, limitBp: number): CodeCost {
  const shareBp = codeCostShareBp(codeValueCents, memberSalesCents);
  return {
    codeValueCents,
    memberSalesCents,
    shareBp,
    limitBp,
    overLimit: shareBp === null ? codeValueCents > 0 : shareBp > limitBp,
  };
}

/**
 * Splits a non-negative integer `total` into integer parts proportional to `weights`
 * (largest-remainder method), so the parts always add up to exactly `total`.
 *
 * Each part gets floor(total × weight / sum); the cents left over go one each to the parts
 * with the largest remainders, the earlier index winning a tie. BigInt keeps
 * total × weight exact even when it exceeds Number.MAX_SAFE_INTEGER.
 *
 * When every weight is 0 there is no proportion to follow: the whole total goes to the first
 * part rather than vanishing, so the sum still holds. With no weights at all, only a total
 * of 0 can be split.
 */
export function prorate(total: number, weights: number[]): number[] {
  assertNonNegativeInteger(total, 'total');
  weights.forEach((weight, i) => {
    assertNonNegativeInteger(weight, `weights[${i}]`);
  });
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError(`Cannot split ${total} over no parts`);
    return [];
  }
  const weightSum = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (weightSum === 0n) return weights.map((_, i) => (i === 0 ? total : 0));

  const whole = BigInt(total);
  const shares = weights.map((weight, index) => {
    const product = whole * BigInt(weight);
    return { index, floor: product / weightSum, remainder: product % weightSum };
  });
  let leftover = whole - shares.reduce((sum, share) => sum + share.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const parts = shares.map((share) => share.floor);
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    parts[share.index]! += 1n;
    leftover -= 1n;
  }
  return parts.map(Number);
}

function assertNonNegativeInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

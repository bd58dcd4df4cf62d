export interface CodeCartLine {
  quantity: number;
  unitPriceCents: number;
  lineDiscountCents: number;
  giftCard: boolean;
}

/**
 * What a loyalty code takes off a cart: its value, capped at the product total left after
 * the shop's own discounts. Gift cards cannot be bought with a code, and whatever part of the
 * value the cart cannot absorb is forfeited, never kept for later.
 */
export function codeDiscount(
  codeValueCents: number,
  cart: { lines: CodeCartLine[]; orderDiscountCents: number },
): number {
  const productTotal = cart.lines.reduce((sum, line) => sum + productNet(line), 0);
  const payable = Math.max(0, productTotal - Math.max(0, cart.orderDiscountCents));
  return Math.max(0, Math.min(codeValueCents, payable));
}

function productNet(line: CodeCartLine): number {
  if (line.giftCard) return 0;
  return Math.max(0, line.quantity * line.unitPriceCents - line.lineDiscountCents);
}

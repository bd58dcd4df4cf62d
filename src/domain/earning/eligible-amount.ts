import { DomainError, type FieldError } from '../errors.ts';
import { MAX_AMOUNT_CENTS, MAX_LINE_QUANTITY, MAX_ORDER_LINES, MAX_ORDER_TOTAL_CENTS } from '../limits.ts';
import { prorate } from './prorate.ts';

export interface OrderLineInput {
  productId: string;
  category?: string | null;
  quantity: number;
  unitPriceCents: number;
  lineDiscountCents: number;
  giftCard: boolean;
}

export interface OrderAmountsInput {
  lines: OrderLineInput[];
  orderDiscountCents: number;
  /** Discount given by a loyalty discount code. */
  codeDiscountCents: number;
  shippingCents: number;
  paymentFeeCents: number;
}

/** Per order line, in input order. Gift cards never earn, so their `eligibleCents` is 0. */
export interface EligibleLine {
  gross: number;
  eligibleCents: number;
}

/**
 * Order-level discounts (the shop's own and a loyalty code) only lower product prices, and a
 * gift card is money rather than a product, so they are spread over the other lines in
 * proportion to each line's net. Shipping and payment fees never count.
 *
 * Expects input that passed `validateOrderAmounts`; should it not, amounts are clamped so
 * that no line ever becomes negative.
 */
export function eligibleLines(order: OrderAmountsInput): EligibleLine[] {
  const nets = order.lines.map((line) => (line.giftCard ? 0 : lineNet(line)));
  const productTotal = nets.reduce((sum, net) => sum + net, 0);
  const discount = Math.min(productTotal, Math.max(0, order.orderDiscountCents + order.codeDiscountCents));
  const shares = prorate(discount, nets);
  return order.lines.map((line, i) => ({
    gross: line.quantity * line.unitPriceCents,
    eligibleCents: nets[i]! - shares[i]!,
  }));
}

export function eligibleCents(order: OrderAmountsInput): number {
  return eligibleLines(order).reduce((sum, line) => sum + line.eligibleCents, 0);
}

/**
 * The eligible amount still kept after `returnedQuantities[i]` units of line i came back in
 * total (cumulative over every return of the order, not just the latest one).
 *
 * The units of a line are alike, so a line's eligible amount is prorated between its kept
 * and its returned units: a fully returned line gives back exactly its eligible amount, and
 * returning more units never increases what is kept.
 */
export function eligibleCentsKept(order: OrderAmountsInput, returnedQuantities: number[]): number {
  return eligibleLinesKept(order, returnedQuantities).reduce((sum, kept) => sum + kept, 0);
}

/** `eligibleCentsKept` per line, in input order (a campaign weighs each line at its own multiplier). */
export function eligibleLinesKept(order: OrderAmountsInput, returnedQuantities: number[]): number[] {
  if (returnedQuantities.length !== order.lines.length) {
    throw new DomainError('invalid_input', 'Give one returned quantity per order line', [
      { field: 'returnedQuantities', message: `Expected ${order.lines.length} quantities` },
    ]);
  }
  const lines = eligibleLines(order);
  return order.lines.map((line, i) => {
    const returned = returnedQuantities[i]!;
    if (!Number.isSafeInteger(returned) || returned < 0) {
      throw new DomainError('invalid_input', 'A returned quantity must be a non-negative integer', [
        { field: `returnedQuantities.${i}`, message: `Got ${returned}` },
      ]);
    }
    if (returned > line.quantity) {
      throw new DomainError('return_exceeds_order', `Line ${i + 1} has only ${line.quantity} units`, [
        { field: `returnedQuantities.${i}`, message: `At most ${line.quantity} units can be returned` },
      ]);
    }
    const [kept] = prorate(lines[i]!.eligibleCents, [line.quantity - returned, returned]);
    return kept!;
  });
}

const ORDER_AMOUNT_FIELDS = [
  'orderDiscountCents',
  'codeDiscountCents',
  'shippingCents',
  'paymentFeeCents',
] as const;

export function validateOrderAmounts(order: OrderAmountsInput): FieldError[] {
  const errors: FieldError[] = [];
  if (order.lines.length === 0) errors.push({ field: 'lines', message: 'An order needs at least one line' });
  if (order.lines.length > MAX_ORDER_LINES) {
    errors.push({ field: 'lines', message: `An order has at most ${MAX_ORDER_LINES} lines` });
  }
  order.lines.forEach((line, i) => {
    errors.push(...lineErrors(line, `lines.${i}`));
  });
  for (const field of ORDER_AMOUNT_FIELDS) {
    const message = amountError(order[field]);
    if (message) errors.push({ field, message });
  }
  if (errors.length > 0) return errors;
  errors.push(...orderSizeErrors(order));
  if (errors.length > 0) return errors;

  const productTotal = order.lines.reduce((sum, line) => sum + (line.giftCard ? 0 : lineNet(line)), 0);
  if (order.orderDiscountCents > productTotal) {
    errors.push({
      field: 'orderDiscountCents',
      message: `The order discount exceeds the product total excluding gift cards (${productTotal} cents)`,
    });
  } else if (order.orderDiscountCents + order.codeDiscountCents > productTotal) {
    errors.push({
      field: 'codeDiscountCents',
      message: `The order and code discounts exceed the product total excluding gift cards (${productTotal} cents)`,
    });
  }
  return errors;
}

/**
 * The bounds across fields, for amounts each within its own bounds: every line total (quantity ×
 * unit price) and the order's total (every line, gift cards included, plus shipping and fees) are
 * at most `MAX_ORDER_TOTAL_CENTS`. Every sum computed from such an order is a safe integer.
 */
export function orderSizeErrors(order: {
  lines: readonly Pick<OrderLineInput, 'quantity' | 'unitPriceCents'>[];
  shippingCents?: number;
  paymentFeeCents?: number;
}): FieldError[] {
  const errors: FieldError[] = [];
  let products = 0;
  order.lines.forEach((line, i) => {
    const gross = line.quantity * line.unitPriceCents;
    if (gross > MAX_ORDER_TOTAL_CENTS) {
      errors.push({ field: `lines.${i}.quantity`, message: tooLarge('Quantity × unit price') });
    }
    products += gross;
  });
  if (errors.length > 0) return errors;
  if (products > MAX_ORDER_TOTAL_CENTS) {
    errors.push({ field: 'lines', message: tooLarge('The lines’ total') });
  } else if (products + (order.shippingCents ?? 0) + (order.paymentFeeCents ?? 0) > MAX_ORDER_TOTAL_CENTS) {
    errors.push({ field: 'shippingCents', message: tooLarge('The order’s total with shipping and fees') });
  }
  return errors;
}

function tooLarge(what: string): string {
  return `${what} is at most ${MAX_ORDER_TOTAL_CENTS} cents`;
}

function lineNet(line: OrderLineInput): number {
  return Math.max(0, line.quantity * line.unitPriceCents - line.lineDiscountCents);
}

function lineErrors(line: OrderLineInput, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof line.productId !== 'string' || line.productId.trim() === '') {
    errors.push({ field: `${path}.productId`, message: 'Product id is required' });
  }
  if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
    errors.push({ field: `${path}.quantity`, message: 'Quantity must be a whole number of at least 1' });
  } else if (line.quantity > MAX_LINE_QUANTITY) {
    errors.push({ field: `${path}.quantity`, message: `Quantity is at most ${MAX_LINE_QUANTITY}` });
  }
  const priceError = amountError(line.unitPriceCents);
  if (priceError) errors.push({ field: `${path}.unitPriceCents`, message: priceError });
  const discountError = amountError(line.lineDiscountCents);
  if (discountError) errors.push({ field: `${path}.lineDiscountCents`, message: discountError });
  if (errors.length > 0) return errors;

  const gross = line.quantity * line.unitPriceCents;
  if (gross <= MAX_ORDER_TOTAL_CENTS && line.lineDiscountCents > gross) {
    errors.push({
      field: `${path}.lineDiscountCents`,
      message: `The line discount exceeds the line total (${gross} cents)`,
    });
  }
  return errors;
}

function amountError(value: number): string | null {
  if (!Number.isSafeInteger(value)) return 'Must be a whole number of cents';
  if (value < 0) return 'Cannot be negative';
  if (value > MAX_AMOUNT_CENTS) return `At most ${MAX_AMOUNT_CENTS} cents`;
  return null;
}

import {
  eligibleCentsKept,
  eligibleLines,
  type OrderAmountsInput,
  validateOrderAmounts,
} from '../earning/eligible-amount.ts';
import type { FieldError } from '../errors.ts';
import {
  type ImportedLine,
  type ImportedOrder,
  type ImportedReturn,
  type ImportedReview,
  importedReturnId,
} from './imported-order.ts';
import type { OrderHead } from './order-head.ts';
import type { RowLine } from './order-line.ts';
import type { ImportProblemCode, ProblemList } from './problems.ts';

/**
 * Decides an order whose rows were all right, by the rules every order goes through
 * (`validateOrderAmounts`, `eligibleLines`, `eligibleCentsKept`): its eligible amount, what is
 * kept after its returns, its returns (one per moment, in time order) and reviews. Null, with the
 * problems added, when its amounts do not add up (a discount beyond what it discounts, totals
 * beyond the service's bounds).
 */
export function decideImportedOrder(
  head: OrderHead,
  rows: RowLine[],
  problems: ProblemList,
): ImportedOrder | null {
  const amounts: OrderAmountsInput = {
    lines: rows,
    orderDiscountCents: head.orderDiscountCents,
    codeDiscountCents: 0,
    shippingCents: head.shippingCents,
    paymentFeeCents: head.paymentFeeCents,
  };
  const errors = validateOrderAmounts(amounts);
  if (errors.length > 0) {
    for (const error of errors) problems.add(amountProblem(error, head, rows));
    return null;
  }
  const eligible = eligibleLines(amounts);
  let productCents = 0;
  let eligibleCents = 0;
  let anyReturned = false;
  const lines: ImportedLine[] = new Array(rows.length);
  const reviews: ImportedReview[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const decided = eligible[i]!;
    productCents += decided.gross;
    eligibleCents += decided.eligibleCents;
    if (row.returnedQuantity > 0) anyReturned = true;
    lines[i] = {
      lineNo: row.lineNo ?? i + 1,
      productId: row.productId,
      category: row.category,
      quantity: row.quantity,
      unitPriceCents: row.unitPriceCents,
      lineDiscountCents: row.lineDiscountCents,
      giftCard: row.giftCard,
      eligibleCents: decided.eligibleCents,
      returnedQuantity: row.returnedQuantity,
    };
    if (row.review)
      reviews.push({
        id: row.review.id,
        productId: row.productId,
        status: row.review.status,
        at: row.review.at,
      });
  }
  const keptEligibleCents = anyReturned
    ? eligibleCentsKept(
        amounts,
        rows.map((r) => r.returnedQuantity),
      )
    : eligibleCents;
  // Built field by field: spreading the head made this function the import's slowest (20 µs an order).
  return {
    id: head.id,
    customerId: head.customerId,
    storeVersionId: head.storeVersionId,
    channel: head.channel,
    loggedIn: head.loggedIn,
    status: head.status,
    placedAt: head.placedAt,
    deliveredAt: head.deliveredAt,
    cancelledAt: head.cancelledAt,
    orderDiscountCents: head.orderDiscountCents,
    shippingCents: head.shippingCents,
    paymentFeeCents: head.paymentFeeCents,
    productCents,
    eligibleCents,
    keptEligibleCents,
    lines,
    returns: anyReturned ? returnsOf(head.id, rows, lines) : [],
    reviews,
    line: head.line,
  };
}

/** The order's returns: the lines returned at the same moment form one, numbered in time order. */
function returnsOf(orderId: string, rows: RowLine[], lines: { lineNo: number }[]): ImportedReturn[] {
  const byMoment = new Map<number, { lineNo: number; quantity: number }[]>();
  rows.forEach((row, i) => {
    if (row.returnedQuantity === 0 || row.returnedAt === null) return;
    const returned = byMoment.get(row.returnedAt) ?? [];
    returned.push({ lineNo: lines[i]!.lineNo, quantity: row.returnedQuantity });
    byMoment.set(row.returnedAt, returned);
  });
  return [...byMoment.entries()]
    .sort(([a], [b]) => a - b)
    .map(([at, returned], k) => ({ id: importedReturnId(orderId, k + 1), at, lines: returned }));
}

/** The rule's refusal as a problem at the row and column it is about. */
function amountProblem(error: FieldError, head: OrderHead, rows: RowLine[]) {
  const match = /^lines\.(\d+)\.(\w+)$/.exec(error.field);
  const row = match ? rows[Number(match[1])] : undefined;
  const line = row?.fileLine ?? head.line;
  const column = match
    ? ({ quantity: 'quantity', unitPriceCents: 'unit_price', lineDiscountCents: 'line_discount' }[
        match[2]!
      ] ?? null)
    : ({ orderDiscountCents: 'order_discount', shippingCents: 'shipping', paymentFeeCents: 'payment_fee' }[
        error.field
      ] ?? null);
  let code: ImportProblemCode = 'order_amounts';
  if (column === 'line_discount') code = 'line_discount_exceeds';
  else if (column === 'order_discount') code = 'order_discount_exceeds';
  else if (/at most/.test(error.message)) code = 'order_too_large';
  return { line, column, value: null, code, params: { detail: error.message } };
}

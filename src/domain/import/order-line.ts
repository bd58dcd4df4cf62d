import type { OrderLineInput } from '../earning/eligible-amount.ts';
import { MAX_LINE_QUANTITY, MAX_NAME_LENGTH, MAX_ORDER_LINES, MAX_STORE_ID_LENGTH } from '../limits.ts';
import type { OrderColumn } from './columns.ts';
import type { Header } from './header.ts';
import type { ImportedReviewStatus } from './imported-order.ts';
import type { OrderHead } from './order-head.ts';
import { cellText, type RowValues } from './values.ts';

/** One row's order line, with its return and review, before the order's amounts are decided. */
export interface RowLine extends Required<OrderLineInput> {
  /** As written; null when the file numbers no lines (then they are numbered in file order). */
  lineNo: number | null;
  returnedQuantity: number;
  returnedAt: number | null;
  review: { id: string; status: ImportedReviewStatus; at: number } | null;
  fileLine: number;
}

/**
 * Reads the line columns of a row of an order whose own columns are `head` (null when those were
 * wrong: the checks against the order are then left out). Null when a value is wrong.
 */
export function readRowLine(
  v: RowValues,
  header: Header<OrderColumn>,
  fields: string[],
  head: OrderHead | null,
): RowLine | null {
  const at = header.index;
  const before = v.problems.count;
  const lineNo = v.integer('line_no', cellText(fields, at.line_no), 1, MAX_ORDER_LINES);
  const productId = v.text('product_id', cellText(fields, at.product_id), MAX_STORE_ID_LENGTH);
  if (productId === null) v.required('product_id');
  const category = v.text('category', cellText(fields, at.category), MAX_NAME_LENGTH);
  const quantity = v.integer('quantity', cellText(fields, at.quantity), 1, MAX_LINE_QUANTITY);
  if (quantity === null) v.required('quantity');
  const unitPriceCents = v.cents('unit_price', cellText(fields, at.unit_price));
  if (unitPriceCents === null) v.required('unit_price');
  const lineDiscountCents = v.cents('line_discount', cellText(fields, at.line_discount)) ?? 0;
  const giftCard = v.boolean('gift_card', cellText(fields, at.gift_card)) ?? false;
  const returned = returnOf(v, header, fields, head, quantity);
  const review = reviewOf(v, header, fields, head);
  if (v.problems.count > before) return null;
  return {
    lineNo: lineNo ?? null,
    productId: productId!,
    category: category ?? null,
    quantity: quantity!,
    unitPriceCents: unitPriceCents!,
    lineDiscountCents: lineDiscountCents!,
    giftCard: giftCard!,
    returnedQuantity: returned?.quantity ?? 0,
    returnedAt: returned?.at ?? null,
    review: review ?? null,
    fileLine: v.line,
  };
}

/** The units of the line returned, and when: both or neither, never more than bought, not on a cancelled order. */
function returnOf(
  v: RowValues,
  header: Header<OrderColumn>,
  fields: string[],
  head: OrderHead | null,
  bought: number | null | undefined,
) {
  const quantityText = cellText(fields, header.index.returned_quantity);
  const atText = cellText(fields, header.index.returned_at);
  const quantity = v.integer('returned_quantity', quantityText, 0, MAX_LINE_QUANTITY);
  const at = v.moment('returned_at', atText);
  if (quantity === undefined || at === undefined) return undefined;
  if (!quantity) {
    return at === null ? null : v.fail('returned_quantity', quantityText, 'time_needs_return');
  }
  if (at === null) return v.fail('returned_at', '', 'return_needs_time');
  if (typeof bought === 'number' && quantity > bought)
    return v.fail('returned_quantity', quantityText, 'returned_more_than_bought', { bought });
  if (head && head.status === 'cancelled')
    return v.fail('returned_quantity', quantityText, 'return_on_cancelled');
  if (head && at < head.placedAt) return v.fail('returned_at', atText, 'time_before', { other: 'placed_at' });
  return { quantity, at };
}

/** The line's review: an id and a time; written by the order's customer, so never on a guest's order. */
function reviewOf(v: RowValues, header: Header<OrderColumn>, fields: string[], head: OrderHead | null) {
  const idText = cellText(fields, header.index.review_id);
  const statusText = cellText(fields, header.index.review_status);
  const atText = cellText(fields, header.index.reviewed_at);
  const id = v.text('review_id', idText, MAX_STORE_ID_LENGTH);
  const status = v.oneOf('review_status', statusText, ['submitted', 'approved', 'rejected'] as const);
  const at = v.moment('reviewed_at', atText);
  if (id === undefined || status === undefined || at === undefined) return undefined;
  if (id === null) {
    return status === null && at === null ? null : v.fail('review_id', '', 'review_needs_id');
  }
  if (at === null) return v.fail('reviewed_at', '', 'review_needs_time');
  if (head && head.customerId === null) return v.fail('review_id', idText, 'guest_review');
  if (head && at < head.placedAt) return v.fail('reviewed_at', atText, 'time_before', { other: 'placed_at' });
  return { id, status: status ?? 'approved', at };
}

import type { OrderLineInput } from '../earning/eligible-amount.ts';

/** An order of the orders file, complete and checked, as it will be written. Times are epoch ms. */
export interface ImportedOrder {
  id: string;
  customerId: string | null;
  storeVersionId: string;
  channel: 'web' | 'pos';
  loggedIn: boolean;
  status: 'placed' | 'delivered' | 'cancelled';
  placedAt: number;
  deliveredAt: number | null;
  cancelledAt: number | null;
  orderDiscountCents: number;
  shippingCents: number;
  paymentFeeCents: number;
  /** Quantity × unit price over every line, gift cards included. */
  productCents: number;
  /** Products after every discount, without gift cards, shipping and fees. */
  eligibleCents: number;
  /** The eligible amount of what was not returned. */
  keptEligibleCents: number;
  lines: ImportedLine[];
  returns: ImportedReturn[];
  reviews: ImportedReview[];
  /** The file's line of its first row. */
  line: number;
}

/** A line of an imported order: what a store reports of a line, category included (null: none). */
export interface ImportedLine extends Required<OrderLineInput> {
  lineNo: number;
  eligibleCents: number;
  returnedQuantity: number;
}

/** The units returned at one moment: one return per moment, in time order. */
export interface ImportedReturn {
  id: string;
  at: number;
  lines: { lineNo: number; quantity: number }[];
}

export type ImportedReviewStatus = 'submitted' | 'approved' | 'rejected';

export interface ImportedReview {
  id: string;
  productId: string;
  status: ImportedReviewStatus;
  /** When it was written, and decided when approved or rejected. */
  at: number;
}

/** The id of an order's k-th return (from 1): stable, so the same file gives the same returns. */
export const importedReturnId = (orderId: string, k: number) => `import:${orderId}:return:${k}`;

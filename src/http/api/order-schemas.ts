import { z } from 'zod';
import type { Order } from '../../app/orders/order-view.ts';
import type { PlaceOrderInput } from '../../app/orders/place-order.ts';
import { orderAmountsJson } from '../../app/reports/order-amounts-json.ts';
import { orderSizeErrors } from '../../domain/earning/eligible-amount.ts';
import {
  MAX_CODE_LENGTH,
  MAX_LINE_QUANTITY,
  MAX_NAME_LENGTH,
  MAX_ORDER_LINES,
  MAX_ORDER_TOTAL_CENTS,
} from '../../domain/limits.ts';
import {
  cents,
  eventOutcome,
  iso,
  isoOrNull,
  isoTime,
  safeInt,
  storeId,
  storeIdOut,
  text,
} from './schemas.ts';

/** Why an order earns nothing. */
export const NOT_EARNING_REASONS = [
  'not_member',
  'not_logged_in',
  'program_not_published',
  'version_not_selected',
] as const;

export const orderLineInputSchema = z
  .object({
    productId: storeId,
    category: z.string().trim().max(MAX_NAME_LENGTH).nullable().default(null),
    quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY}`),
    unitPriceCents: cents.describe('Price of one unit in cents, before discounts'),
    lineDiscountCents: cents.default(0).describe('Discount on the whole line in cents'),
    giftCard: z
      .boolean()
      .default(false)
      .describe('Gift cards never earn points and cannot be bought with a code'),
  })
  .meta({ id: 'OrderLine' });

/**
 * The bounds across fields (line totals, the order's total) as issues naming the field; each
 * amount's own bounds are in its schema.
 */
export function checkOrderSize(order: Parameters<typeof orderSizeErrors>[0], ctx: z.RefinementCtx): void {
  // Only for fields each within its own bounds: an amount refused already is not named twice.
  if (ctx.issues.length > 0) return;
  for (const error of orderSizeErrors(order)) {
    ctx.addIssue({ code: 'custom', path: error.field.split('.').map(pathPart), message: error.message });
  }
}

function pathPart(part: string): string | number {
  return /^\d+$/.test(part) ? Number(part) : part;
}

export const orderLinesSchema = z
  .array(orderLineInputSchema)
  .min(1)
  .max(MAX_ORDER_LINES)
  .describe(
    `At most ${MAX_ORDER_LINES} lines; each line's and the order's total at most ${MAX_ORDER_TOTAL_CENTS} cents`,
  );

/** A reported order's fields, before the checks across fields (`checkOrderSize`). */
export const orderInputFields = z.object({
  id: storeId.describe('The store’s order id; the same id reported again is a retry'),
  customerId: storeId.nullable().default(null).describe('Null for a guest order'),
  storeVersionId: storeId,
  channel: z.enum(['web', 'pos']).default('web'),
  loggedIn: z.boolean().describe('The customer was logged in to the web shop, or identified at the till'),
  placedAt: isoTime,
  lines: orderLinesSchema,
  orderDiscountCents: cents.default(0).describe('The shop’s own order-level discount'),
  codeDiscountCents: cents.default(0).describe('The discount given by a loyalty code'),
  shippingCents: cents.default(0),
  paymentFeeCents: cents.default(0),
  loyaltyCode: z
    .string()
    .trim()
    .max(MAX_CODE_LENGTH)
    .nullable()
    .default(null)
    .describe('The loyalty code used, if any'),
});

export const orderInputSchema = orderInputFields.superRefine(checkOrderSize).meta({ id: 'NewOrder' });

export function placeOrderInput(shopId: string, body: z.output<typeof orderInputSchema>): PlaceOrderInput {
  return {
    shopId,
    orderId: body.id,
    customerId: body.customerId,
    storeVersionId: body.storeVersionId,
    channel: body.channel,
    loggedIn: body.loggedIn,
    placedAt: new Date(body.placedAt),
    loyaltyCode: body.loyaltyCode,
    lines: body.lines,
    orderDiscountCents: body.orderDiscountCents,
    codeDiscountCents: body.codeDiscountCents,
    shippingCents: body.shippingCents,
    paymentFeeCents: body.paymentFeeCents,
  };
}

export const orderSchema = z
  .object({
    object: z.literal('order'),
    id: storeIdOut,
    status: z.enum(['placed', 'delivered', 'cancelled']),
    customerId: storeIdOut.nullable(),
    storeVersionId: storeIdOut,
    channel: z.enum(['web', 'pos']),
    loggedIn: z.boolean(),
    earns: z
      .boolean()
      .describe('Decided when placed: a logged-in member, a published program, a selected version'),
    notEarningReason: z
      .enum(NOT_EARNING_REASONS)
      .nullable()
      .describe('Why the order earns nothing; null when it earns'),
    productCents: safeInt(),
    orderDiscountCents: safeInt(),
    codeDiscountCents: safeInt(),
    shippingCents: safeInt(),
    paymentFeeCents: safeInt(),
    eligibleCents: safeInt().describe('Products after all discounts, without gift cards, shipping and fees'),
    keptEligibleCents: safeInt().describe('The eligible amount of what was not returned'),
    loyaltyCode: text(MAX_CODE_LENGTH).nullable(),
    pointsEarned: safeInt(),
    pointsDeducted: safeInt().describe('Taken back by returns or cancellation'),
    placedAt: isoTime,
    deliveredAt: isoTime.nullable(),
    cancelledAt: isoTime.nullable(),
  })
  .meta({ id: 'Order' });

export function orderJson(o: Order): z.output<typeof orderSchema> {
  return {
    object: 'order',
    id: o.id,
    status: o.status,
    customerId: o.customer_id,
    storeVersionId: o.store_version_id,
    channel: o.channel,
    loggedIn: o.logged_in,
    earns: o.earns,
    notEarningReason: o.not_earning_reason as (typeof NOT_EARNING_REASONS)[number] | null,
    ...orderAmountsJson(o),
    placedAt: iso(o.placed_at),
    deliveredAt: isoOrNull(o.delivered_at),
    cancelledAt: isoOrNull(o.cancelled_at),
  };
}

export const deliverySchema = z
  .object({
    object: z.literal('delivery'),
    orderId: storeIdOut,
    outcome: eventOutcome.describe('`duplicate`: reported before; nothing changed'),
    pointsEarned: safeInt(),
    balance: safeInt()
      .nullable()
      .describe('The member’s balance after the credit; null when nothing was credited now'),
  })
  .meta({ id: 'Delivery' });

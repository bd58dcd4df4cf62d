import { z } from 'zod';
import { checkCode } from '../../app/checkout/check-code.ts';
import type { CheckoutInput } from '../../app/checkout/checkout-input.ts';
import { redeemCode } from '../../app/checkout/redeem-code.ts';
import type { ServiceContext } from '../../app/service-context.ts';
import { CODE_REFUSALS, REFUSAL_MESSAGES } from '../../domain/codes/code-checks.ts';
import { MAX_CODE_LENGTH, MAX_CODE_VALUE_CENTS, MAX_ORDER_LINES } from '../../domain/limits.ts';
import { keepRefusedAttempts } from '../rate-limit/code-check-limit.ts';
import { appliedStatus, createdOrFoundSchema } from './answers.ts';
import { orderLineInputSchema } from './order-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { cents, eventOutcome, iso, isoOrNull, isoTime, storeId, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const checkoutFields = {
  code: z
    .string()
    .trim()
    .min(1)
    .max(MAX_CODE_LENGTH)
    .describe('As the shopper typed it: letter case, spaces and dashes do not matter for issued codes'),
  customerId: storeId.describe('Who is checking out'),
  storeVersionId: storeId,
  loggedIn: z.boolean().describe('The customer is logged in to the web shop, or identified at the till'),
  cart: z.object({
    lines: z.array(orderLineInputSchema).max(MAX_ORDER_LINES),
    orderDiscountCents: cents.default(0).describe('The shop’s own order-level discount'),
  }),
  clientIp: z
    .union([z.ipv4().max(15), z.ipv6().max(45)])
    .optional()
    .describe('The shopper’s IP address, for the per-address limit; defaults to the caller’s address'),
};

const CHECK_EXAMPLE = {
  code: 'K7QP-2M9X-ZT4H-V',
  customerId: 'c-1',
  storeVersionId: 'fi',
  loggedIn: true,
  cart: {
    lines: [{ productId: 'jacket', category: 'clothes', quantity: 1, unitPriceCents: 5073 }],
    orderDiscountCents: 0,
  },
  clientIp: '203.0.113.7',
};

const codeCheckSchema = z
  .object({
    object: z.literal('code_check'),
    code: text(MAX_CODE_LENGTH),
    accepted: z.boolean(),
    discountCents: z
      .int()
      .min(0)
      .max(MAX_CODE_VALUE_CENTS)
      .describe(
        'What the code takes off this cart: its value, capped at the products excluding gift cards; 0 when refused',
      ),
    valueCents: z
      .int()
      .min(1)
      .max(MAX_CODE_VALUE_CENTS)
      .nullable()
      .describe('The code’s value; only when accepted'),
    expiresAt: isoTime.nullable().describe('Only when accepted'),
    reason: z.enum(CODE_REFUSALS).nullable().describe('Why the code is refused; null when accepted'),
    message: z
      .enum(Object.values(REFUSAL_MESSAGES) as [string, ...string[]])
      .nullable()
      .describe('The reason for a person, in English'),
  })
  .meta({ id: 'CodeCheck' });

const redemptionSchema = z
  .object({
    object: z.literal('redemption'),
    code: text(MAX_CODE_LENGTH),
    orderId: storeIdOut,
    outcome: eventOutcome.describe('`duplicate`: this code was already redeemed for this order'),
    discountCents: z.int().min(0).max(MAX_CODE_VALUE_CENTS),
    valueCents: z.int().min(1).max(MAX_CODE_VALUE_CENTS),
    redeemedAt: isoTime,
  })
  .meta({ id: 'Redemption' });

function checkoutInput(shopId: string, body: z.output<z.ZodObject<typeof checkoutFields>>): CheckoutInput {
  return {
    shopId,
    code: body.code,
    customerId: body.customerId,
    storeVersionId: body.storeVersionId,
    loggedIn: body.loggedIn,
    cart: body.cart,
  };
}

export function checkoutRoutes(api: Api, ctx: ServiceContext) {
  api.post(
    '/checkout/code-checks',
    routeSpec('POST', {
      operationId: 'checkCode',
      tag: 'Checkout',
      summary: 'Check a code',
      description:
        'Whether a loyalty code can be used in this checkout, and the discount in cents, without spending it. Refusals answer 200 with `accepted: false` and a `reason`: `not_found`, `not_logged_in`, `not_member`, `hidden_in_version`, `used`, `expired`, `only_gift_cards`, `nothing_to_discount`. Another member’s code answers exactly like a code that does not exist (`not_found`). Limited per shop and customer and per shop and client address, together with refused redemptions (429 with Retry-After); send the shopper’s address as `clientIp`. Read-only keys may call it.',
      body: z.object(checkoutFields),
      responses: { 200: codeCheckSchema },
      errors: { 404: ['program_not_found'] },
      readOnly: true,
      codeCheckLimit: true,
      example: { body: CHECK_EXAMPLE },
    }),
    async (request) => {
      const answer = await checkCode(ctx, checkoutInput(shopOf(request), request.body));
      return {
        object: 'code_check' as const,
        code: answer.code,
        accepted: answer.accepted,
        discountCents: answer.accepted ? answer.discountCents : 0,
        valueCents: answer.valueCents,
        expiresAt: isoOrNull(answer.expiresAt),
        reason: answer.accepted ? null : answer.reason,
        message: answer.accepted ? null : answer.message,
      };
    },
  );

  const redeemSpec = routeSpec('POST', {
    operationId: 'redeemCode',
    tag: 'Checkout',
    summary: 'Redeem a code for an order',
    description:
      'Spends the code on the order, once: of concurrent redemptions exactly one succeeds and the others are refused with `code_refused` and `reason: used`. Redeeming it again for the same order answers 200 with the first redemption. A cancellation of the order restores the code while it is valid; a return does not. A refusal is a 409 problem whose `reason` is one of the code check’s reasons; another member’s code is refused exactly like a code that does not exist (`not_found`). Refused redemptions draw on the code check’s limits per shop and customer and per shop and client address (429 with Retry-After); successful ones do not. Send the shopper’s address as `clientIp`.',
    body: z.object({ ...checkoutFields, orderId: storeId.describe('The order the code pays for') }),
    responses: createdOrFoundSchema(redemptionSchema),
    errors: { 404: ['program_not_found'], 409: ['code_refused', 'order_cancelled', 'order_conflict'] },
    codeCheckLimit: true,
    example: { body: { ...CHECK_EXAMPLE, orderId: 'o-1001' } },
  });
  api.post(
    '/checkout/redemptions',
    {
      ...redeemSpec,
      config: { ...redeemSpec.config, codeAttemptCounts: 'refused' },
      onSend: keepRefusedAttempts,
    },
    async (request, reply) => {
      const redemption = await redeemCode(ctx, {
        ...checkoutInput(shopOf(request), request.body),
        orderId: request.body.orderId,
      });
      return reply
        .code(appliedStatus(redemption))
        .send({ object: 'redemption' as const, ...redemption, redeemedAt: iso(redemption.redeemedAt) });
    },
  );
}

import { Readable } from 'node:stream';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { type EraseResult, eraseCustomer } from '../../app/members/erase-customer.ts';
import { personalData } from '../../app/members/personal-data.ts';
import {
  MAX_AUTHOR_LENGTH,
  MAX_CODE_LENGTH,
  MAX_EMAIL_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_LANGUAGE_TAG_LENGTH,
  MAX_MAIL_ADDRESS_LENGTH,
  MAX_NAME_LENGTH,
  MAX_ORDER_LINES,
  MAX_PHONE_LENGTH,
  MAX_REASON_LENGTH,
} from '../../domain/limits.ts';
import { ledgerKind, ledgerRefType } from './member-history.ts';
import { oneCustomer } from './path-resources.ts';
import { routeSpec } from './route-spec.ts';
import { iso, isoTime, safeInt, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

/** A list of a customer's whole history: it has no limit of its own. */
const history = <T extends z.ZodType>(item: T) => z.array(item).max(1_000_000_000);

/** A number of things or of items: a PostgreSQL integer, never negative. */
const count = z
  .int()
  .min(0)
  .max(2 ** 31 - 1);
const positiveCount = z
  .int()
  .min(1)
  .max(2 ** 31 - 1);

const erasedBy = z.object({
  kind: z.enum(['api_key', 'admin_user', 'command_line']),
  name: text(MAX_AUTHOR_LENGTH).describe('The API key’s name, the admin user, or what ran the command'),
});

const erasureFields = {
  erasedAt: isoTime,
  erasedBy,
  codesVoided: count,
  messagesCancelled: count,
  reasonsErased: count.describe('Adjustment reasons replaced by `(erased)`'),
};

const amount = safeInt();

export const personalDataSchema = z
  .object({
    object: z.literal('personal_data'),
    shopId: storeIdOut,
    customerId: storeIdOut,
    exportedAt: isoTime,
    customer: z.object({
      id: storeIdOut,
      name: text(MAX_NAME_LENGTH).nullable(),
      email: text(MAX_EMAIL_LENGTH).nullable(),
      phone: text(MAX_PHONE_LENGTH).nullable(),
      language: text(MAX_LANGUAGE_TAG_LENGTH).nullable(),
      registeredAt: isoTime,
      createdAt: isoTime.describe('When the store first told the service about the customer'),
      updatedAt: isoTime,
    }),
    erasure: z.object(erasureFields).nullable().describe('Null unless the customer has been erased'),
    membership: z
      .object({
        memberNumber: z.int().min(1),
        joinSource: z.enum(['registration', 'my_account', 'pos', 'admin', 'import']),
        joinedAt: isoTime.describe(
          'Joining is the consent to the program’s terms; nothing else is stored about it',
        ),
        leftAt: isoTime.nullable(),
        active: z.boolean(),
      })
      .nullable(),
    balance: amount,
    ledger: history(
      z.object({
        id: z.int().min(1),
        kind: ledgerKind,
        points: amount,
        refType: ledgerRefType,
        refId: text(MAX_IDEMPOTENCY_KEY_LENGTH),
        author: text(MAX_AUTHOR_LENGTH).nullable(),
        reason: text(MAX_REASON_LENGTH).nullable(),
        createdAt: isoTime,
      }),
    ).describe('Every change of the balance, oldest first'),
    codes: history(
      z.object({
        code: text(MAX_CODE_LENGTH),
        period: text(MAX_LABEL_LENGTH),
        valueCents: amount,
        points: amount,
        status: z.enum(['active', 'used', 'expired', 'restored', 'voided']),
        issuedAt: isoTime,
        expiresAt: isoTime,
        usedOrderId: storeIdOut.nullable(),
        usedAt: isoTime.nullable(),
        redemptions: history(z.object({ orderId: storeIdOut, discountCents: amount, redeemedAt: isoTime })),
      }),
    ),
    orders: history(
      z.object({
        id: storeIdOut,
        storeVersionId: storeIdOut,
        channel: z.enum(['web', 'pos']),
        loggedIn: z.boolean(),
        status: z.enum(['placed', 'delivered', 'cancelled']),
        earns: z.boolean(),
        notEarningReason: text(MAX_LABEL_LENGTH).nullable(),
        placedByMember: z.boolean(),
        productCents: amount,
        orderDiscountCents: amount,
        codeDiscountCents: amount,
        shippingCents: amount,
        paymentFeeCents: amount,
        eligibleCents: amount,
        keptEligibleCents: amount,
        loyaltyCode: text(MAX_CODE_LENGTH).nullable(),
        pointsEarned: amount,
        pointsDeducted: amount,
        placedAt: isoTime,
        deliveredAt: isoTime.nullable(),
        cancelledAt: isoTime.nullable(),
        lines: z
          .array(
            z.object({
              lineNo: count,
              productId: storeIdOut,
              category: text(MAX_LABEL_LENGTH).nullable(),
              quantity: positiveCount,
              unitPriceCents: amount,
              lineDiscountCents: amount,
              giftCard: z.boolean(),
              eligibleCents: amount,
              returnedQuantity: count,
            }),
          )
          .max(MAX_ORDER_LINES),
        returns: history(
          z.object({
            id: storeIdOut,
            lines: z
              .array(
                z.object({
                  lineNo: count,
                  quantity: count,
                }),
              )
              .max(MAX_ORDER_LINES),
            pointsDeducted: amount,
            createdAt: isoTime,
          }),
        ),
      }),
    ).describe('Oldest first, each with its lines and returns'),
    reviews: history(
      z.object({
        id: storeIdOut,
        orderId: storeIdOut,
        productId: storeIdOut,
        status: z.enum(['submitted', 'approved', 'rejected']),
        submittedAt: isoTime,
        decidedAt: isoTime.nullable(),
      }),
    ),
    messages: history(
      z.object({
        messageKey: text(MAX_IDEMPOTENCY_KEY_LENGTH),
        kind: z.enum(['monthly', 'reminder']),
        status: z.enum(['pending', 'sending', 'sent', 'kept', 'failed', 'unknown']),
        recipient: text(MAX_MAIL_ADDRESS_LENGTH),
        attempts: count,
        createdAt: isoTime,
        sentAt: isoTime.nullable(),
        lastError: text(MAX_AUTHOR_LENGTH).nullable(),
        payload: z
          .record(z.string().max(MAX_LABEL_LENGTH), z.unknown())
          .describe('What the message said, as it was queued (`{}` once the customer is erased)'),
      }),
    ).describe(
      'E-mails to the customer: one monthly letter per month at most, and one reminder per code at most',
    ),
    marketingConsent: history(
      z.object({
        granted: z.boolean(),
        source: z.enum(['api', 'storefront', 'admin', 'import']),
        changedAt: isoTime,
      }),
    ).describe('Every change of their consent to marketing, oldest first (docs/segments.md)'),
  })
  .meta({ id: 'PersonalData' });

const erasureSchema = z
  .object({
    object: z.literal('erasure'),
    customerId: storeIdOut,
    outcome: z.enum(['applied', 'duplicate']).describe('`duplicate`: erased before; nothing changed now'),
    ...erasureFields,
  })
  .meta({ id: 'Erasure' });

/** A customer's personal data: all of it as one document, and its erasure. */
export function personalDataRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/customers/:customerId/personal-data',
    routeSpec('GET', {
      operationId: 'getPersonalData',
      tag: 'Customers',
      summary: 'Read everything stored about a customer',
      description:
        'For a data access request (GDPR article 15): the customer, their membership and balance, the whole ledger with reasons and authors, their codes, orders with lines and returns, reviews and the e-mails sent to them, as one JSON document. It is written as it is read (a long history streams), so a failure halfway ends the connection rather than answering with an error. Read-only keys may read it.',
      on: oneCustomer,
      responses: { 200: personalDataSchema },
    }),
    async (request, reply) => {
      const document = await personalData(ctx, shopOf(request), request.params.customerId);
      reply.type('application/json; charset=utf-8');
      // A stream is sent as it is read, without the response schema's serializer.
      return reply.send(Readable.from(document) as never);
    },
  );

  api.post(
    '/customers/:customerId/erase',
    routeSpec('POST', {
      operationId: 'eraseCustomer',
      tag: 'Customers',
      summary: 'Erase a customer’s personal data',
      description:
        'For an erasure request (GDPR article 17): name, e-mail, phone and language become a tombstone (name “Erased customer”), the customer leaves the program, their codes still valid are voided, e-mails not sent yet are cancelled and sent ones lose address and content, and adjustment reasons about them become `(erased)`. Points, orders, returns and reviews stay, so balances, reports and billing do not change. The erasure is recorded with the API key’s name. Erasing again changes nothing (`duplicate`). Later orders of the customer id are accepted without personal data, and a later PUT of the customer keeps the tombstone.',
      on: oneCustomer,
      responses: { 200: erasureSchema },
    }),
    async (request) => {
      const result = await eraseCustomer(ctx, {
        shopId: shopOf(request),
        customerId: request.params.customerId,
        by: { kind: 'api_key', name: request.apiKey!.name },
      });
      return erasureJson(result);
    },
  );
}

export function erasureJson(result: EraseResult): z.output<typeof erasureSchema> {
  const { erasure } = result;
  return {
    object: 'erasure',
    customerId: erasure.customerId,
    outcome: result.outcome,
    erasedAt: iso(erasure.erasedAt),
    erasedBy: erasure.erasedBy,
    codesVoided: erasure.codesVoided,
    messagesCancelled: erasure.messagesCancelled,
    reasonsErased: erasure.reasonsErased,
  };
}

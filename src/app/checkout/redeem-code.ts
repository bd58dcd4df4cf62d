import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CodeRefusedError, codeCheckVerdict } from '../../domain/codes/code-checks.ts';
import { DomainError } from '../../domain/errors.ts';
import { changeCodeStatus } from '../codes/code-writes.ts';
import type { AppContext } from '../context.ts';
import { checkoutFacts } from './checkout-context.ts';
import { type CheckoutInput, storedCodeOf } from './checkout-input.ts';

export interface RedeemInput extends CheckoutInput {
  /** The store's id of the order the code pays for (the order may be reported before or after). */
  orderId: string;
}

export interface Redemption {
  outcome: 'applied' | 'duplicate';
  code: string;
  orderId: string;
  discountCents: number;
  valueCents: number;
  redeemedAt: Date;
}

/**
 * Spends a code on an order, once. The code's row is locked first, so of any number of
 * concurrent redemptions exactly one finds it unused; the others see it used and are refused.
 * Asking again for the same order is not a second use: it answers with the first redemption.
 */
export function redeemCode(ctx: AppContext, input: RedeemInput): Promise<Redemption> {
  const now = ctx.clock.now();
  const storedCode = storedCodeOf(input.code);
  return ctx.db.transaction().execute(async (trx) => {
    const code = await trx
      .selectFrom('discount_codes')
      .select(['code', 'customer_id', 'status', 'expires_at', 'value_cents', 'used_order_id'])
      .where('shop_id', '=', input.shopId)
      .where('code', '=', storedCode)
      .forUpdate()
      .executeTakeFirst();
    if (
      code?.status === 'used' &&
      code.used_order_id === input.orderId &&
      code.customer_id === input.customerId
    ) {
      return firstRedemption(trx, input, code);
    }
    const facts = await checkoutFacts(trx, input.shopId, input.storeVersionId, input.customerId);
    await assertOrderMayUseCode(trx, input);
    const answer = codeCheckVerdict({
      code: code
        ? {
            customerId: code.customer_id,
            status: code.status,
            expiresAt: code.expires_at,
            valueCents: code.value_cents,
          }
        : null,
      customerId: input.customerId,
      loggedIn: input.loggedIn,
      isMember: facts.isMember,
      programVisible: facts.programVisible,
      cart: input.cart,
      now,
    });
    if (!answer.accepted) throw new CodeRefusedError(answer.reason, answer.message);
    await spendCode(trx, input, storedCode, answer.discountCents, now);
    return {
      outcome: 'applied',
      code: storedCode,
      orderId: input.orderId,
      discountCents: answer.discountCents,
      valueCents: code!.value_cents,
      redeemedAt: now,
    };
  });
}

/** Asked again for the order that spent the code: the answer of the first redemption. */
async function firstRedemption(
  trx: Transaction<Database>,
  input: RedeemInput,
  code: { code: string; value_cents: number },
): Promise<Redemption> {
  const first = await trx
    .selectFrom('code_redemptions')
    .select(['discount_cents', 'redeemed_at'])
    .where('shop_id', '=', input.shopId)
    .where('code', '=', code.code)
    .where('order_id', '=', input.orderId)
    .executeTakeFirstOrThrow();
  return {
    outcome: 'duplicate',
    code: code.code,
    orderId: input.orderId,
    discountCents: first.discount_cents,
    valueCents: code.value_cents,
    redeemedAt: first.redeemed_at,
  };
}

/** A code cannot pay for a cancelled order, or for another customer's. */
async function assertOrderMayUseCode(trx: Transaction<Database>, input: RedeemInput): Promise<void> {
  const order = await trx
    .selectFrom('orders')
    .select(['status', 'customer_id'])
    .where('shop_id', '=', input.shopId)
    .where('id', '=', input.orderId)
    .executeTakeFirst();
  if (order?.status === 'cancelled') {
    throw new DomainError(
      'order_cancelled',
      `Order "${input.orderId}" was cancelled; a code cannot be spent on it`,
    );
  }
  if (order && order.customer_id !== input.customerId) {
    throw new DomainError('order_conflict', `Order "${input.orderId}" belongs to another customer`, [
      { field: 'orderId', message: 'The order was placed by another customer' },
    ]);
  }
}

/** The code becomes used by the order, and the redemption is recorded with its discount. */
async function spendCode(
  trx: Transaction<Database>,
  input: RedeemInput,
  storedCode: string,
  discountCents: number,
  now: Date,
): Promise<void> {
  // The row lock makes this always succeed; the code writer's conditions hold the code to the
  // state machine and its expiry for any other writer.
  const spent = await changeCodeStatus(trx, {
    to: 'used',
    shopId: input.shopId,
    code: storedCode,
    orderId: input.orderId,
    at: now,
  });
  if (!spent) throw new CodeRefusedError('used');
  await trx
    .insertInto('code_redemptions')
    .values({
      shop_id: input.shopId,
      code: storedCode,
      order_id: input.orderId,
      customer_id: input.customerId,
      discount_cents: discountCents,
      redeemed_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['shop_id', 'code', 'order_id'])
        .doUpdateSet({ discount_cents: discountCents, redeemed_at: now }),
    )
    .execute();
}

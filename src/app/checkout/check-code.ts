import { sql } from 'kysely';
import { type CodeCheckResult, checkCode as evaluate } from '../../domain/codes/code-checks.ts';
import type { StoredCodeStatus } from '../../domain/codes/code-state.ts';
import { DomainError } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';
import { type CheckoutInput, storedCodeOf } from './checkout-input.ts';

export type CodeCheckAnswer = CodeCheckResult & {
  code: string;
  /** Shown only when the code is accepted, so that nobody learns about another member's code. */
  valueCents: number | null;
  expiresAt: Date | null;
};

interface Row {
  visible: boolean;
  is_member: boolean;
  code_customer_id: string | null;
  code_status: StoredCodeStatus | null;
  expires_at: Date | null;
  value_cents: number | null;
}

/**
 * Answers whether a code can be used in this checkout and what it would take off, without
 * spending it. This sits on the checkout page's hot path, so it reads everything in one query.
 */
export async function checkCode(ctx: AppContext, input: CheckoutInput): Promise<CodeCheckAnswer> {
  const now = ctx.clock.now();
  const storedCode = storedCodeOf(input.code);
  const result = await sql<Row>`
    select p.status = 'published' and (p.settings -> 'storeVersionIds') @> jsonb_build_array(${input.storeVersionId}::text)
             as visible,
           (m.customer_id is not null and m.left_at is null) as is_member,
           d.customer_id as code_customer_id, d.status as code_status, d.expires_at, d.value_cents
    from programs p
    left join discount_codes d on d.shop_id = p.shop_id and d.code = ${storedCode}
    left join members m on m.shop_id = p.shop_id and m.customer_id = ${input.customerId}
    where p.shop_id = ${input.shopId}`.execute(ctx.db);
  const row = result.rows[0];
  if (!row) throw new DomainError('program_not_found', 'This shop has no loyalty program yet');
  const code =
    row.code_customer_id !== null && row.code_status && row.expires_at && row.value_cents !== null
      ? {
          customerId: row.code_customer_id,
          status: row.code_status,
          expiresAt: row.expires_at,
          valueCents: row.value_cents,
        }
      : null;
  const answer = evaluate({
    code,
    customerId: input.customerId,
    loggedIn: input.loggedIn,
    isMember: row.is_member,
    programVisible: row.visible,
    cart: input.cart,
    now,
  });
  return {
    ...answer,
    code: storedCode,
    valueCents: answer.accepted ? code!.valueCents : null,
    expiresAt: answer.accepted ? code!.expiresAt : null,
  };
}

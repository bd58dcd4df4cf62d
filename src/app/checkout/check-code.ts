import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { type CodeCheckResult, codeCheckVerdict as evaluate } from '../../domain/codes/code-checks.ts';
import type { StoredCodeStatus } from '../../domain/codes/code-state.ts';
import { DomainError } from '../../domain/errors.ts';
import { type AppContext, contextPart } from '../context.ts';
import { isMemberSql } from '../members/is-member-sql.ts';
import { programVisibleSql } from '../program/program-visible-sql.ts';
import { RequestCoalescer } from '../request-coalescer.ts';
import { type CheckoutInput, storedCodeOf } from './checkout-input.ts';

export type CodeCheckAnswer = CodeCheckResult & {
  code: string;
  /** Shown only when the code is accepted, so that nobody learns about another member's code. */
  valueCents: number | null;
  expiresAt: Date | null;
};

export interface CodeCheckRequest {
  input: CheckoutInput;
  now: Date;
}

/** checkCode's batches of one database: see `codeChecks`. */
export type CodeChecks = RequestCoalescer<CodeCheckRequest, CodeCheckAnswer>;

/** A context with the service's code checks, or a plain one (see `contextPart`). */
export type CodeCheckContext = AppContext & { codeChecks?: CodeChecks };

/**
 * Answers whether a code can be used in this checkout and what it would take off, without
 * spending it. This sits on the checkout page's hot path: each check is one row of one query, and
 * checks arriving together share that query (see RequestCoalescer), so a busy checkout costs the
 * database one round trip per batch rather than per shopper.
 */
export function checkCode(ctx: CodeCheckContext, input: CheckoutInput): Promise<CodeCheckAnswer> {
  return contextPart(ctx, 'codeChecks', codeChecks).submit({ input, now: ctx.clock.now() });
}

interface Row {
  program_exists: boolean;
  visible: boolean;
  is_member: boolean;
  code_customer_id: string | null;
  code_status: StoredCodeStatus | null;
  expires_at: Date | null;
  value_cents: number | null;
}

async function checkCodes(
  db: Db,
  requests: CodeCheckRequest[],
): Promise<PromiseSettledResult<CodeCheckAnswer>[]> {
  const keys = requests.map(({ input }, idx) => ({
    idx,
    shop_id: input.shopId,
    code: storedCodeOf(input.code),
    customer_id: input.customerId,
    version_id: input.storeVersionId,
  }));
  const { rows } = await sql<Row>`
    select p.shop_id is not null as program_exists,
           ${programVisibleSql('p', sql.ref('i.version_id'))} as visible,
           ${isMemberSql('m')} as is_member,
           d.customer_id as code_customer_id, d.status as code_status, d.expires_at, d.value_cents
    from json_to_recordset(${JSON.stringify(keys)}::json)
           as i(idx int, shop_id text, code text, customer_id text, version_id text)
    left join programs p on p.shop_id = i.shop_id
    left join discount_codes d on d.shop_id = i.shop_id and d.code = i.code
    left join members m on m.shop_id = i.shop_id and m.customer_id = i.customer_id
    order by i.idx`.execute(db);
  return rows.map((row, i) => {
    if (!row.program_exists) {
      return {
        status: 'rejected',
        reason: new DomainError('program_not_found', 'This shop has no loyalty program yet'),
      };
    }
    return { status: 'fulfilled', value: answerOf(row, keys[i]!.code, requests[i]!) };
  });
}

function answerOf(row: Row, storedCode: string, { input, now }: CodeCheckRequest): CodeCheckAnswer {
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

/**
 * The code checks a service keeps for its database (the composition root makes them): one query
 * in flight; under load the checks that wait form one larger batch, which measured faster than two
 * or three smaller ones at once (npm run bench:api).
 */
export function codeChecks(db: Db): CodeChecks {
  return new RequestCoalescer(
    (requests) => checkCodes(db, requests),
    async (request) => {
      const [answer] = await checkCodes(db, [request]);
      if (answer!.status === 'rejected') throw answer!.reason;
      return answer!.value;
    },
    1,
    128,
  );
}

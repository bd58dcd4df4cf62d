import { z } from 'zod';
import { CODE_REFUSALS } from '../../domain/codes/code-checks.ts';
import {
  EARLIEST_TIME,
  LATEST_TIME,
  MAX_AMOUNT_CENTS,
  MAX_BODY_BYTES,
  MAX_FIELD_ERRORS,
  MAX_PAGE_SIZE,
  MAX_STORE_ID_LENGTH,
  MAX_TIME_LENGTH,
} from '../../domain/limits.ts';

const earliest = Date.parse(EARLIEST_TIME);
const latest = Date.parse(LATEST_TIME);

/**
 * What an event that may arrive more than once did: `duplicate` when it had arrived before and
 * changed nothing this time (`Applied` and `Duplicate` in the use cases).
 */
export const eventOutcome = z.enum(['applied', 'duplicate']);

/** Times in and out of the API: ISO 8601 with an offset (`Z` or `+02:00`), from 1970 to 2999. */
export const isoTime = z.iso
  .datetime({ offset: true })
  .max(MAX_TIME_LENGTH, `At most ${MAX_TIME_LENGTH} characters`)
  .refine(
    (text) => {
      const at = Date.parse(text);
      return at >= earliest && at <= latest;
    },
    { message: `Between ${EARLIEST_TIME} and ${LATEST_TIME}` },
  );

export function iso(date: Date): string {
  return date.toISOString();
}
export function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** Ids the store gives (customers, orders, reviews, versions): any text up to 100 characters. */
export const storeId = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(MAX_STORE_ID_LENGTH, `At most ${MAX_STORE_ID_LENGTH} characters`);

/** The shop id of a path (`/shops/:shopId…`): the router refuses more than 100 characters (414), like every path id. */
export const shopParams = z.object({ shopId: storeId.describe('The shop’s id') });

/** Text in a response, at most `max` characters (responses are checked against their schema). */
export const text = (max: number) => z.string().max(max);

/** A store id as the service answers with it. */
export const storeIdOut = text(MAX_STORE_ID_LENGTH);

/**
 * An integer in a response that has no bound of its own but stays a safe integer (sums and
 * balances; the database keeps them as `int8`).
 */
export const safeInt = () => z.int();
export const cents = z
  .number()
  .int()
  .min(0)
  .max(MAX_AMOUNT_CENTS, `At most ${MAX_AMOUNT_CENTS} cents`)
  .describe('Integer cents');

export const fieldErrorSchema = z.object({
  field: text(2 * MAX_BODY_BYTES).describe(
    'Dotted path of the field, e.g. `lines.1.quantity`; headers and query start with `header.` / `query.`',
  ),
  message: text(2 * MAX_BODY_BYTES),
});

export const problemSchema = z
  .looseObject({
    type: z
      .string()
      .max(100)
      .regex(/^\/problems\/[a-z_]+$/)
      .describe(
        'A URI reference relative to the service, `/problems/<code>`: a page saying what the code means and what to do',
      ),
    title: text(100),
    status: z.int().min(400).max(599),
    code: z
      .string()
      .max(64)
      .regex(/^[a-z_]+$/)
      .describe('Stable machine code; see the list in the API guide'),
    detail: text(2 * MAX_BODY_BYTES).describe(
      'What went wrong, for a person (it may quote what the request sent, so it is at most twice the body limit)',
    ),
    errors: z
      .array(fieldErrorSchema)
      .max(MAX_FIELD_ERRORS)
      .optional()
      .describe(`One entry per invalid field (the first ${MAX_FIELD_ERRORS})`),
    requestId: z
      .string()
      .max(100)
      .regex(/^[\w.-]{1,100}$/)
      .describe('Quote it when you contact support; the `X-Request-Id` you sent, if any'),
    reason: z
      .enum(CODE_REFUSALS)
      .optional()
      .describe('For `code_refused`: why the code was refused (see CodeCheck.reason)'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document' });

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 414 | 415 | 422 | 429 | 500 | 503;

const STATUS_TEXT: Record<ProblemStatus, string> = {
  400: 'The body is not valid JSON or is nested too deep, or the path is not valid percent-encoded UTF-8',
  401: 'No API key, or an unknown or revoked one, or an operator key where a shop’s key is needed (or the reverse)',
  403: 'The shop is suspended by the operator, or a read-only key tried to change data',
  404: 'Not found in the shop of the API key',
  409: 'Conflicts with the current state',
  413: 'The body is larger than 1 MB',
  414: 'An id in the path is longer than 100 characters',
  415: 'The body is not sent as application/json',
  422: 'The request is not valid',
  429: 'Too many requests: over the API key’s rate limit (see the RateLimit and RateLimit-Policy headers) or, for code checks and refused redemptions, over the per-customer or per-address limit; wait the seconds given in Retry-After',
  500: 'Something went wrong on the service’s side; the problem document says only `internal_error` and the request id to quote',
  503: 'The service cannot reach its database; retry after the seconds given in Retry-After (with the same Idempotency-Key)',
};

export function problemResponse(status: ProblemStatus, codes: string[]) {
  return {
    description: `${STATUS_TEXT[status]}. Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.`,
    content: { 'application/problem+json': { schema: problemSchema } },
  };
}

export const pageLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE)
  .default(20)
  .describe(`Entries per page, 1–${MAX_PAGE_SIZE}`);

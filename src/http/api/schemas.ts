import { z } from 'zod';
import { EARLIEST_TIME, LATEST_TIME, MAX_AMOUNT_CENTS } from '../../domain/limits.ts';

const earliest = Date.parse(EARLIEST_TIME);
const latest = Date.parse(LATEST_TIME);

/** Times in and out of the API: ISO 8601 with an offset (`Z` or `+02:00`), from 1970 to 2999. */
export const isoTime = z.iso.datetime({ offset: true }).refine(
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
export const storeId = z.string().trim().min(1, 'Required').max(100, 'At most 100 characters');
export const cents = z
  .number()
  .int()
  .min(0)
  .max(MAX_AMOUNT_CENTS, `At most ${MAX_AMOUNT_CENTS} cents`)
  .describe('Integer cents');
export const points = z.number().int().describe('Integer points');

export const fieldErrorSchema = z.object({
  field: z
    .string()
    .describe(
      'Dotted path of the field, e.g. `lines.1.quantity`; headers and query start with `header.` / `query.`',
    ),
  message: z.string(),
});

export const problemSchema = z
  .looseObject({
    type: z
      .string()
      .describe(
        'A URI reference relative to the service, `/problems/<code>`: a page saying what the code means and what to do',
      ),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine code; see the list in the API guide'),
    detail: z.string().describe('What went wrong, for a person'),
    errors: z.array(fieldErrorSchema).optional().describe('One entry per invalid field'),
    requestId: z.string().describe('Quote it when you contact support'),
    reason: z
      .string()
      .optional()
      .describe('For `code_refused`: why the code was refused (see CodeCheck.reason)'),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem document' });

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 414 | 415 | 422 | 429;

const STATUS_TEXT: Record<ProblemStatus, string> = {
  400: 'The body is not valid JSON or is nested too deep, or the path is not valid percent-encoded UTF-8',
  401: 'No API key, or an unknown or revoked one',
  403: 'A read-only key tried to change data',
  404: 'Not found in the shop of the API key',
  409: 'Conflicts with the current state',
  413: 'The body is larger than 1 MB',
  414: 'An id in the path is longer than 100 characters',
  415: 'The body is not sent as application/json',
  422: 'The request is not valid',
  429: 'Too many code checks or refused redemptions; wait the seconds given in Retry-After',
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
  .max(100)
  .default(20)
  .describe('Entries per page, 1–100');

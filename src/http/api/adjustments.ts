import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { adjustPoints } from '../../app/ledger/adjust-points.ts';
import { MAX_ADJUSTMENT_POINTS, MAX_BALANCE_POINTS, MAX_REASON_LENGTH } from '../../domain/limits.ts';
import { appliedStatus, createdOrFoundSchema } from './answers.ts';
import { routeSpec } from './route-spec.ts';
import { eventOutcome, safeInt, storeId } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const adjustmentSchema = z
  .object({
    object: z.literal('adjustment'),
    outcome: eventOutcome,
    entryId: z.int().min(1).nullable().describe('The ledger entry; null for a duplicate'),
    balance: safeInt(),
  })
  .meta({ id: 'Adjustment' });

export function adjustmentRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/members/:customerId/adjustments',
    routeSpec('POST', {
      operationId: 'adjustPoints',
      tag: 'Members',
      summary: 'Add or remove points',
      description:
        'A manual change with a mandatory reason; the author recorded is the API key’s name. With an Idempotency-Key the adjustment is also recorded at most once in the ledger.',
      params: z.object({ customerId: storeId }),
      body: z.object({
        points: z
          .number()
          .int()
          .min(-MAX_ADJUSTMENT_POINTS, `At least -${MAX_ADJUSTMENT_POINTS}`)
          .max(MAX_ADJUSTMENT_POINTS, `At most ${MAX_ADJUSTMENT_POINTS}`)
          .refine((p) => p !== 0, 'Must not be zero')
          .describe(
            `Positive adds, negative removes. Refused (422 \`invalid_input\`) if it would take the balance beyond ±${MAX_BALANCE_POINTS}`,
          ),
        reason: z
          .string()
          .max(MAX_REASON_LENGTH, `At most ${MAX_REASON_LENGTH} characters`)
          .describe('Why; required'),
      }),
      responses: createdOrFoundSchema(adjustmentSchema),
      errors: { 404: ['member_not_found'], 422: ['reason_required'] },
      example: { params: { customerId: 'c-1' }, body: { points: 50, reason: 'Apology for a late delivery' } },
    }),
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const result = await adjustPoints(ctx, {
        shopId: shopOf(request),
        customerId: request.params.customerId,
        points: request.body.points,
        reason: request.body.reason,
        author: request.apiKey!.name,
        ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
      });
      return reply.code(appliedStatus(result)).send({ object: 'adjustment' as const, ...result });
    },
  );
}

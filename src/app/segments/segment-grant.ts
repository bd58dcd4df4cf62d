import { DomainError } from '../../domain/errors.ts';
import { type GrantBonusResult, grantBonusPoints } from '../campaigns/grant-bonus-points.ts';
import type { AppContext } from '../context.ts';
import { getSegment, segmentMemberBatches } from './segments.ts';

/**
 * A bonus grant to the members a saved segment selects now (docs/segments.md): their customer ids
 * are read with the segment's statement and handed to `grantBonusPoints`, which credits each one
 * `campaign` entry once per grant id. Asked again with the same grant id it pays nothing more,
 * even if the segment selects others by then.
 */
export async function grantSegmentBonus(
  ctx: AppContext,
  input: {
    shopId: string;
    segmentId: string;
    grantId: string;
    points: number;
    reason: string;
    author: string;
  },
): Promise<GrantBonusResult & { segmentId: string }> {
  const segment = await getSegment(ctx, input.shopId, input.segmentId);
  const customerIds: string[] = [];
  for await (const batch of segmentMemberBatches(ctx, input.shopId, segment.filters))
    for (const row of batch) customerIds.push(row.customerId);
  if (customerIds.length === 0)
    throw new DomainError('invalid_input', 'The segment selects nobody now', [
      { field: 'segmentId', message: 'The segment selects no member now' },
    ]);
  const result = await grantBonusPoints(ctx, {
    shopId: input.shopId,
    grantId: input.grantId,
    customerIds,
    points: input.points,
    reason: input.reason,
    author: input.author,
  });
  return { ...result, segmentId: segment.id };
}

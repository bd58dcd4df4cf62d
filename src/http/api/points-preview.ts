import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { previewShopPoints } from '../../app/points-preview/preview-points.ts';
import { MAX_AMOUNT_CENTS } from '../../domain/limits.ts';
import { PURCHASE_RATIOS } from '../../domain/program/settings.ts';
import { campaignBadgeJson, campaignBadgeSchema } from './campaign-badge.ts';
import { orderLinesSchema } from './order-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { cents, safeInt, storeId } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const previewSchema = z
  .object({
    object: z.literal('points_preview'),
    points: safeInt().describe('Points on delivery'),
    eligibleCents: z.int().min(0).max(MAX_AMOUNT_CENTS),
    ratioCents: z
      .int()
      .min(Math.min(...PURCHASE_RATIOS))
      .max(Math.max(...PURCHASE_RATIOS))
      .describe('Eligible cents per point'),
    earns: z.boolean(),
    reason: z
      .enum(['program_not_published', 'version_not_selected'])
      .nullable()
      .describe('Why nothing would be earned here; null when it would'),
    campaign: campaignBadgeSchema,
  })
  .meta({ id: 'PointsPreview' });

export function pointsPreviewRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/points-preview',
    routeSpec('POST', {
      operationId: 'previewPoints',
      tag: 'Storefront',
      summary: 'Points a product or cart would earn',
      description:
        'For product pages ("earn N points": one line) and the cart: the points a member would earn on delivery with this shop’s settings, before any loyalty code. Read-only keys may call it.',
      body: z.object({
        storeVersionId: storeId,
        lines: orderLinesSchema,
        orderDiscountCents: cents.default(0),
      }),
      responses: { 200: previewSchema },
      errors: { 404: ['program_not_found'] },
      readOnly: true,
      example: {
        body: {
          storeVersionId: 'fi',
          lines: [{ productId: 'jacket', category: 'clothes', quantity: 1, unitPriceCents: 5073 }],
        },
      },
    }),
    async (request) => {
      const preview = await previewShopPoints(ctx, { shopId: shopOf(request), ...request.body });
      return {
        object: 'points_preview' as const,
        points: preview.points,
        eligibleCents: preview.eligibleCents,
        ratioCents: preview.ratioCents,
        earns: preview.earns,
        reason: preview.earns ? null : preview.reason,
        campaign: campaignBadgeJson(preview.earns ? preview.campaign : null),
      };
    },
  );
}

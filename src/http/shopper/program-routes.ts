import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { shopperPreview } from '../../app/shopper/shopper-preview.ts';
import { campaignBadgeJson } from '../api/campaign-badge.ts';
import { orderLinesSchema } from '../api/order-schemas.ts';
import { cents } from '../api/schemas.ts';
import type { Api } from '../api/types.ts';
import type { ShopperPrograms } from './shopper-program-cache.ts';
import { shopperRouteSpec } from './shopper-route-spec.ts';
import { programJson, shopperPreviewSchema, shopperProgramSchema } from './shopper-schemas.ts';

/**
 * The service's address for links to the program's pages: its public address when configured
 * (PUBLIC_URL: behind a proxy the request's host is the proxy's view), else as the browser reached it.
 */
const serviceUrl = (request: FastifyRequest, publicUrl: string | undefined) =>
  publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;

/** What any visitor of a product page or cart may see: no token, limited per client address. */
export function shopperProgramRoutes(
  api: Api,
  ctx: AppContext,
  programs: ShopperPrograms,
  publicUrl?: string,
) {
  api.get(
    '/shops/:shopId/store-versions/:storeVersionId/program',
    shopperRouteSpec('GET', {
      operationId: 'shopperProgram',
      access: 'public',
      summary: 'The program as shoppers of a store version see it',
      description:
        'Whether the program shows in this store version, and if so its name, language, points per euro, join points and the links to its intro and terms pages. Where it does not show (not published, hidden there, or a version that requires login), `visible` is false with the reason and nothing else: show nothing.',
      responses: { 200: shopperProgramSchema },
    }),
    async (request) =>
      programJson(
        await programs(request.params.shopId, request.params.storeVersionId),
        serviceUrl(request, publicUrl),
      ),
  );

  api.post(
    '/shops/:shopId/store-versions/:storeVersionId/points-preview',
    shopperRouteSpec('POST', {
      operationId: 'shopperPreviewPoints',
      access: 'public',
      summary: 'Points a product or cart would earn',
      description:
        '"Earn N points" on a product page (one line) or in the cart: the points a member would earn on delivery, with the same rule as the store API’s preview, campaigns in force now included (`campaign` names the one shown). Where the program does not show, `visible` is false and `points` 0.',
      body: z.object({ lines: orderLinesSchema, orderDiscountCents: cents.default(0) }),
      responses: { 200: shopperPreviewSchema },
      example: {
        body: { lines: [{ productId: 'jacket', category: 'clothes', quantity: 1, unitPriceCents: 5073 }] },
      },
    }),
    async (request) => {
      const { shopId, storeVersionId } = request.params;
      const program = await programs(shopId, storeVersionId);
      const preview = await shopperPreview(ctx, { ...request.params, ...request.body }, program);
      return {
        object: 'shopper_points_preview' as const,
        visible: preview.visible,
        reason: preview.reason,
        points: preview.points,
        campaign: campaignBadgeJson(preview.campaign),
      };
    },
  );
}

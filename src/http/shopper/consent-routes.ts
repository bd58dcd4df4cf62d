import { z } from 'zod';
import { getMarketingConsent, setMarketingConsent } from '../../app/consent/marketing-consent.ts';
import type { AppContext } from '../../app/context.ts';
import { consentJson, consentSchema } from '../api/consent-routes.ts';
import type { Api } from '../api/types.ts';
import { shopperRouteSpec } from './shopper-route-spec.ts';

/** The logged-in customer's own consent to marketing: the "Send me offers and reminders" box. */
export function shopperConsentRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/shops/:shopId/me/marketing-consent',
    shopperRouteSpec('GET', {
      operationId: 'shopperMarketingConsent',
      access: 'token',
      summary: 'My consent to marketing',
      description: 'Whether I agreed to receive offers and reminders by e-mail.',
      responses: { 200: consentSchema },
      errors: { 404: ['customer_not_found'] },
    }),
    async (request) => {
      const who = request.shopper!;
      return consentJson(who.customerId, await getMarketingConsent(ctx, who.shopId, who.customerId));
    },
  );

  api.post(
    '/shops/:shopId/me/marketing-consent',
    shopperRouteSpec('POST', {
      operationId: 'shopperSetMarketingConsent',
      access: 'token',
      summary: 'Give or withdraw my consent to marketing',
      description:
        'The shopper ticks or clears “Send me offers and reminders” (recorded with source `storefront` and the time). The customer must be known to the service.',
      body: z.object({ granted: z.boolean().describe('true: send me offers and reminders; false: do not') }),
      responses: { 200: consentSchema },
      errors: { 404: ['customer_not_found'] },
      example: { body: { granted: true } },
    }),
    async (request) => {
      const who = request.shopper!;
      const consent = await setMarketingConsent(ctx, {
        shopId: who.shopId,
        customerId: who.customerId,
        granted: request.body.granted,
        source: 'storefront',
      });
      return consentJson(who.customerId, consent);
    },
  );
}

import { z } from 'zod';
import {
  getMarketingConsent,
  type MarketingConsent,
  setMarketingConsent,
} from '../../app/consent/marketing-consent.ts';
import type { AppContext } from '../../app/context.ts';
import { oneCustomer } from './path-resources.ts';
import { routeSpec } from './route-spec.ts';
import { isoOrNull, isoTime, storeIdOut } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

export const consentSchema = z
  .object({
    object: z.literal('marketing_consent'),
    customerId: storeIdOut,
    granted: z
      .boolean()
      .describe('Consented to marketing (offers and reminders); false when withdrawn or never asked'),
    source: z
      .enum(['api', 'storefront', 'admin', 'import'])
      .nullable()
      .describe('Where the latest change came from; null when never asked'),
    changedAt: isoTime.nullable().describe('When it last changed; null when never asked'),
  })
  .meta({ id: 'MarketingConsent' });

export function consentJson(customerId: string, c: MarketingConsent) {
  return {
    object: 'marketing_consent' as const,
    customerId,
    granted: c.granted,
    source: c.source,
    changedAt: isoOrNull(c.changedAt),
  };
}

/** A customer's consent to marketing, read and changed by the store (docs/segments.md). */
export function consentRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/members/:customerId/marketing-consent',
    routeSpec('GET', {
      operationId: 'getMarketingConsent',
      tag: 'Members',
      summary: 'Read consent to marketing',
      description:
        'Whether the customer consented to marketing e-mail (offers, point reminders, the way to the next tier in the monthly e-mail), with where and when it last changed.',
      on: oneCustomer,
      responses: { 200: consentSchema },
    }),
    async (request) =>
      consentJson(
        request.params.customerId,
        await getMarketingConsent(ctx, shopOf(request), request.params.customerId),
      ),
  );

  api.put(
    '/members/:customerId/marketing-consent',
    routeSpec('PUT', {
      operationId: 'setMarketingConsent',
      tag: 'Members',
      summary: 'Give or withdraw consent to marketing',
      description:
        'Records the customer’s choice with the time and its source (`api` unless the store says the shopper made it on its own pages, `storefront`, or it came from an `import`); the latest change wins and every change is kept in the customer’s data export. Without consent a member gets no reminders and only what the terms promise in the monthly e-mail.',
      on: oneCustomer,
      body: z.object({
        granted: z.boolean().describe('true: consents; false: withdraws'),
        source: z.enum(['api', 'storefront', 'import']).default('api').describe('Where the choice was made'),
      }),
      responses: { 200: consentSchema },
      example: { body: { granted: true, source: 'storefront' } },
    }),
    async (request) => {
      const consent = await setMarketingConsent(ctx, {
        shopId: shopOf(request),
        customerId: request.params.customerId,
        granted: request.body.granted,
        source: request.body.source,
      });
      return consentJson(request.params.customerId, consent);
    },
  );
}

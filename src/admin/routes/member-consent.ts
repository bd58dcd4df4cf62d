import type { FastifyInstance } from 'fastify';
import { setMarketingConsent } from '../../app/consent/marketing-consent.ts';
import type { AppContext } from '../../app/context.ts';
import { formText } from '../forms/numbers.ts';
import { shopContext } from '../request-context.ts';

/**
 * Recording a customer's consent to marketing from the admin (source `admin`), as the store API
 * and My Account do; back on the customer's page with what was recorded.
 */
export function memberConsentRoute(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: { customerId: string } }>(
    '/members/:customerId/marketing-consent',
    async (request, reply) => {
      const { shopId } = await shopContext(ctx, request);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const granted = formText(body.granted) === 'true';
      const { customerId } = request.params;
      await setMarketingConsent(ctx, { shopId, customerId, granted, source: 'admin' });
      const done = granted ? 'consent-granted' : 'consent-withdrawn';
      return reply.redirect(`/admin/members/${encodeURIComponent(customerId)}?done=${done}`, 303);
    },
  );
}

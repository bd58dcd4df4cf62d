import type { FastifyInstance } from 'fastify';
import { subscribe } from '../../app/billing/billing-account.ts';
import { billingOverview } from '../../app/billing/billing-overview.ts';
import type { AppContext } from '../../app/context.ts';
import { flashFrom, query, sendPage, shopContext } from '../request-context.ts';
import { billingPage } from '../views/billing.ts';

/**
 * The merchant's billing page: this month to date, or a month given as ?month=YYYY-MM. The one
 * thing it changes is subscribing, which is free (billing starts when the program starts); the
 * price and the end are the operator's.
 */
export function billingRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/billing', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const q = query(request);
    const month = q.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month) ? q.month : undefined;
    const flash = flashFrom(request, { subscribed: frame.t.billing.subscribed });
    return sendPage(reply, billingPage(frame, fmt, await billingOverview(ctx, shopId, month), flash));
  });

  app.post('/billing/subscribe', async (request, reply) => {
    const { shopId } = await shopContext(ctx, request);
    // A later state (published, ended) is kept: subscribing again changes nothing.
    await subscribe(ctx, shopId);
    return reply.redirect('/admin/billing?done=subscribed', 303);
  });
}

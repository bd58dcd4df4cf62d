import type { FastifyInstance } from 'fastify';
import { billingOverview } from '../../app/billing/billing-overview.ts';
import type { AppContext } from '../../app/context.ts';
import { query, sendPage, shopContext } from '../request-context.ts';
import { billingPage } from '../views/billing.ts';

/** The merchant's billing page (read-only): this month to date, or a month given as ?month=YYYY-MM. */
export function billingRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/billing', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const q = query(request);
    const month = q.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month) ? q.month : undefined;
    return sendPage(reply, billingPage(frame, fmt, await billingOverview(ctx, shopId, month)));
  });
}

import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { CODE_STATUSES, codeMonths, listCodes } from '../../app/reports/codes-list.ts';
import { query, sendPage, shopContext } from '../request-context.ts';
import { codesPage } from '../views/codes.ts';

export function codeRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/codes', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const q = query(request);
    const status = CODE_STATUSES.find((s) => s === q.status);
    const month = q.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month) ? q.month : undefined;
    const filter = { status, month, page: Number(q.page) || 1 };
    const [list, months] = await Promise.all([listCodes(ctx, shopId, filter), codeMonths(ctx, shopId)]);
    return sendPage(reply, codesPage(frame, fmt, list, filter, months));
  });
}

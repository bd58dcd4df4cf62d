import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { customerErasure, eraseCustomer } from '../../app/members/erase-customer.ts';
import { getMember } from '../../app/members/member-view.ts';
import { personalData } from '../../app/members/personal-data.ts';
import { sessionOf } from '../auth.ts';
import { formText } from '../forms/numbers.ts';
import { flashFrom, sendPage, shopContext } from '../request-context.ts';
import { eraseHref, erasePage } from '../views/member-data.ts';

type CustomerParams = { Params: { customerId: string } };

/**
 * A customer's personal data from their page: everything stored about them as a download
 * (`member-<id>.json`), and erasing it after a confirmation page that says what happens.
 */
export function memberDataRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get<CustomerParams>('/members/:customerId/personal-data', async (request, reply) => {
    const { shopId } = await shopContext(ctx, request);
    const { customerId } = request.params;
    const document = await personalData(ctx, shopId, customerId);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', attachment(`member-${customerId}.json`))
      .send(Readable.from(document));
  });

  app.get<CustomerParams>('/members/:customerId/erase', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const { customerId } = request.params;
    const member = await getMember(ctx, shopId, customerId);
    const erasure = await customerErasure(ctx, shopId, customerId);
    const flash = flashFrom(request, { erased: frame.t.memberData.erased });
    return sendPage(reply, erasePage(frame, fmt, { member, erasure, flash }));
  });

  app.post<CustomerParams>('/members/:customerId/erase', async (request, reply) => {
    const { customerId } = request.params;
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Without the confirmation field (a form sent from elsewhere), ask first.
    if (formText(body.confirm) !== 'yes') return reply.redirect(eraseHref(customerId), 303);
    const session = sessionOf(request);
    const user = session.user;
    await eraseCustomer(ctx, {
      shopId: session.shopId,
      customerId,
      by: { kind: 'admin_user', name: user.name ? `${user.name} <${user.email}>` : user.email },
    });
    return reply.redirect(`${eraseHref(customerId)}?done=erased`, 303);
  });
}

/** `attachment` with the name as plain ASCII for old clients and in full as RFC 5987 UTF-8. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const utf8 = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

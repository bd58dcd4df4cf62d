import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import type { MailDefaults } from '../../app/mail/mail-settings.ts';
import { listOutbox, type MailStatus, outboxCounts } from '../../app/mail/outbox.ts';
import { mailMessage } from '../../app/reports/mail-message.ts';
import { DomainError } from '../../domain/errors.ts';
import { query, sendPage, shopContext } from '../request-context.ts';
import { mailListPage, mailMessagePage } from '../views/mail.ts';

const STATUSES: MailStatus[] = ['pending', 'sending', 'sent', 'kept', 'failed', 'unknown'];
const PAGE = 50;

/** A message's HTML may carry inline styles but can never run script or load anything. */
const MESSAGE_CSP =
  "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

export function mailRoutes(app: FastifyInstance, ctx: AppContext, defaults: MailDefaults) {
  app.get('/mail', async (request, reply) => {
    const { frame, fmt, shopId } = await shopContext(ctx, request);
    const q = query(request);
    const status = STATUSES.find((s) => s === q.status);
    const [list, counts] = await Promise.all([
      listOutbox(ctx, shopId, {
        limit: PAGE,
        ...(q.before ? { before: q.before } : {}),
        ...(status ? { status } : {}),
      }),
      outboxCounts(ctx, shopId),
    ]);
    return sendPage(reply, mailListPage(frame, fmt, { ...list, counts, status }));
  });

  const message = async (request: FastifyRequest<{ Params: { key: string } }>) => {
    const { shopId } = await shopContext(ctx, request);
    const found = await mailMessage(ctx, shopId, request.params.key, defaults);
    if (!found) throw new DomainError('invalid_input', 'No such message in this shop');
    return found;
  };

  app.get<{ Params: { key: string } }>('/mail/:key', async (request, reply) => {
    const { frame, fmt } = await shopContext(ctx, request);
    const found = await mailMessage(ctx, frame.session!.shopId, request.params.key, defaults);
    if (!found) return reply.callNotFound();
    return sendPage(reply, mailMessagePage(frame, fmt, found));
  });

  app.get<{ Params: { key: string } }>('/mail/:key/html', async (request, reply) => {
    const found = await message(request).catch(() => null);
    if (!found?.rendered) return reply.callNotFound();
    return reply
      .header('content-security-policy', MESSAGE_CSP)
      .header('x-frame-options', 'SAMEORIGIN')
      .type('text/html; charset=utf-8')
      .send(found.rendered.html);
  });

  app.get<{ Params: { key: string } }>('/mail/:key/eml', async (request, reply) => {
    const found = await message(request).catch(() => null);
    const path = found?.keptPath;
    const exists = path?.endsWith('.eml')
      ? await access(path).then(
          () => true,
          () => false,
        )
      : false;
    if (!path || !exists) return reply.callNotFound();
    const name = `${request.params.key.replace(/[^\w-]+/g, '_')}.eml`;
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(createReadStream(path));
  });
}

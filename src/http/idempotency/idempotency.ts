import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { claimKey, releaseKey, storeResponse } from '../../app/idempotency/idempotency-store.ts';
import { problem } from '../problem.ts';
import { requestFingerprint } from './fingerprint.ts';

/**
 * `Idempotency-Key` on POST: the first request with a key claims it and its response is stored;
 * the same key with the same request gets that response again (`Idempotent-Replayed: true`); with
 * a different request it is refused. Runs after authentication and validation, so only requests
 * that reach a handler use up a key; responses of our own failures (5xx) and rate limiting are
 * not kept, so a retry runs again.
 */
export function idempotencyHooks(ctx: AppContext) {
  // Requests without a key (most) pass through synchronously; only a key costs a round trip.
  function claim(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.apiKey) return done();
    claimFor(ctx, request, reply, key).then((answered) => {
      if (!answered) done();
    }, done);
  }

  function store(
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: (error: Error | null, payload?: unknown) => void,
  ) {
    const claimed = request.idempotencyClaim;
    if (!claimed) return done(null, payload);
    request.idempotencyClaim = null;
    keepOutcome(ctx, reply, claimed, payload).then(() => done(null, payload), done);
  }

  return { claim, store };
}

/** Claims the key for this request; true when the request was answered here (a replay or a refusal). */
async function claimFor(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
): Promise<boolean> {
  const apiKey = request.apiKey!;
  const shopId = apiKey.shopId;
  const fingerprint = requestFingerprint(request.method, request.url, request.body);
  const now = ctx.clock.now();
  const result = await claimKey(ctx.db, {
    shopId,
    key,
    fingerprint,
    method: request.method,
    path: request.url,
    now,
  });
  if (result.claimed) {
    request.idempotencyClaim = { shopId, key };
    return false;
  }
  const { existing } = result;
  if (existing.status === null) {
    reply.header('retry-after', '1');
    refuse(
      request,
      reply,
      409,
      'idempotency_key_in_use',
      'A request with this Idempotency-Key is still being processed; retry shortly to get its response',
    );
    return true;
  }
  if (existing.fingerprint !== fingerprint) {
    refuse(
      request,
      reply,
      422,
      'idempotency_key_reused',
      `This Idempotency-Key was already used for a different request (first: ${existing.method} ${existing.path}); use a new key for each new request`,
    );
    return true;
  }
  reply
    .code(existing.status)
    .header('idempotent-replayed', 'true')
    .type(existing.content_type ?? 'application/json; charset=utf-8')
    .send(existing.response_body ?? '');
  return true;
}

/** The response kept under the claimed key, or the key given up after our own failure or a rate limit. */
async function keepOutcome(
  ctx: AppContext,
  reply: FastifyReply,
  claimed: { shopId: string; key: string },
  payload: unknown,
) {
  const status = reply.statusCode;
  if (status >= 500 || status === 429 || typeof payload !== 'string') {
    await releaseKey(ctx.db, claimed.shopId, claimed.key);
  } else {
    const contentType = reply.getHeader('content-type');
    await storeResponse(ctx.db, {
      ...claimed,
      status,
      contentType: typeof contentType === 'string' ? contentType : null,
      body: payload,
      now: ctx.clock.now(),
    });
  }
}

function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 409 | 422,
  code: string,
  detail: string,
) {
  reply
    .code(status)
    .type('application/problem+json')
    .send(
      problem(status, code, detail, request.id, [
        { field: 'header.idempotency-key', message: detail.split(';')[0]! },
      ]),
    );
}

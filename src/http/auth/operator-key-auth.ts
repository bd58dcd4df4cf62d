import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashApiKey, looksLikeApiKey, looksLikeOperatorKey } from '../../app/api-keys/key-format.ts';
import type { AppContext } from '../../app/context.ts';
import { lookUpOperatorKey } from '../../app/operator/operator-keys.ts';
import { problem } from '../problem.ts';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Authenticates every request of the operator API (`/v1/operator/…`) by its operator key,
 * `Authorization: Bearer op_…`, before the body is read. A shop's API key is refused with a code
 * of its own (`not_an_operator_key`), as the store API refuses an operator key. Operator keys are
 * looked up on every request (not cached): a revoked one stops working at once.
 */
export function operatorKeyAuth(ctx: AppContext) {
  return async function authenticateOperator(request: FastifyRequest, reply: FastifyReply) {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) {
      return deny(
        request,
        reply,
        'operator_key_missing',
        'Send an operator key in the header "Authorization: Bearer <key>" (loyalty operator-key create)',
      );
    }
    const key = match[1]!;
    if (looksLikeApiKey(key)) {
      return deny(
        request,
        reply,
        'not_an_operator_key',
        'This is a shop’s API key (lk_…): the operator API takes an operator key (op_…)',
      );
    }
    const found = looksLikeOperatorKey(key)
      ? await lookUpOperatorKey(ctx, hashApiKey(key))
      : ({ status: 'unknown' } as const);
    if (found.status === 'unknown') {
      return deny(
        request,
        reply,
        'operator_key_invalid',
        'This operator key is not valid; check that it was copied whole',
      );
    }
    if (found.status === 'revoked') {
      return deny(
        request,
        reply,
        'operator_key_revoked',
        'This operator key has been revoked; create a new one',
      );
    }
    request.operatorKey = found.key;
  };
}

function deny(request: FastifyRequest, reply: FastifyReply, code: string, detail: string) {
  return reply
    .code(401)
    .header('www-authenticate', 'Bearer realm="loyalty-operator"')
    .type('application/problem+json')
    .send(problem(401, code, detail, request.id));
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The operator key of an operator API request, set by `operatorKeyAuth`. */
    operatorKey: { id: string; name: string } | null;
  }
}

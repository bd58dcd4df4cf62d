import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../problem.ts';

/** The 429 of every limit: problem+json `rate_limited` with the seconds to wait in Retry-After. */
export function sendRateLimited(
  request: FastifyRequest,
  reply: FastifyReply,
  seconds: number,
  detail: string,
): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .type('application/problem+json')
    .send(problem(429, 'rate_limited', detail, request.id));
}

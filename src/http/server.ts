import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { registerAdmin } from '../admin/index.ts';
import type { AppContext } from '../app/context.ts';
import { databaseAnswers } from '../app/health.ts';
import { serviceContext } from '../app/service-context.ts';
import { DomainError } from '../domain/errors.ts';
import { componentsScriptRoute } from '../storefront/components-script.ts';
import { programPageRoutes } from '../storefront/program-pages.ts';
import { registerApi } from './api/index.ts';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  databaseUnavailableDetail,
  isDatabaseUnavailable,
} from './database-unavailable.ts';
import { useJsonBodyParser } from './json-body.ts';
import { problem, problemPage, statusOf, transportProblem } from './problem.ts';
import type { ApiRateLimitOptions } from './rate-limit/api-key-limit.ts';
import { refuseUnstorableText } from './refuse-unstorable-text.ts';
import type { ShopperRateLimits } from './shopper/index.ts';

/** How long a client may take, and how many connections it may hold; see docs/operations.md. */
export interface ServerTimeouts {
  /** Receiving a whole request, headers and body (slower: 408 and closed). */
  requestMs?: number;
  /** Receiving the headers of a request. */
  headersMs?: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveMs?: number;
  /** Requests served on one connection before it is closed (0: no limit). */
  maxRequestsPerSocket?: number;
  /** Open connections at once; more are refused (0: no limit). */
  maxConnections?: number;
  /** How often the server looks for requests over their time. */
  checkIntervalMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<ServerTimeouts> = {
  requestMs: 30_000,
  headersMs: 10_000,
  keepAliveMs: 72_000,
  maxRequestsPerSocket: 0,
  maxConnections: 10_000,
  checkIntervalMs: 1_000,
};

export interface ServerOptions {
  /** Given its service's long-lived objects where it lacks them (see `serviceContext`). */
  ctx: AppContext;
  logLevel?: string;
  publicUrl?: string;
  timeouts?: ServerTimeouts;
  /**
   * The store API's budget per key (docs/api.md, "Rate limits"): left out, the documented
   * default (100 requests a second, 200 at once); `perKey: false` turns it off.
   */
  apiRateLimit?: ApiRateLimitOptions;
  /** The shopper routes' budgets (src/http/shopper/shopper-rate-limit.ts); their defaults when left out. */
  shopperRateLimits?: ShopperRateLimits;
}

/** Answers 503 database_unavailable with Retry-After; for the API's and the admin's error handlers. */
export function sendDatabaseUnavailable(request: FastifyRequest, reply: FastifyReply, error?: unknown) {
  request.log.warn({ err: error }, 'database unavailable');
  return reply
    .status(503)
    .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
    .type('application/problem+json')
    .send(problem(503, 'database_unavailable', databaseUnavailableDetail(error), request.id));
}

const newRequestId = () => `req_${randomUUID().replaceAll('-', '')}`;

/** Builds the HTTP server: the store API and the admin app share one process and one error shape. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const ctx = serviceContext(options.ctx);
  const app = createFastify(options);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  useJsonBodyParser(app);
  // Synchronous and set before anything runs, so every answer (errors and 404s too) carries it.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.setErrorHandler(problemOfError);
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .type('application/problem+json')
      .send(problem(404, 'route_not_found', `No route ${request.method} ${request.url}`, request.id));
  });
  app.addHook('preValidation', refuseUnstorableText);
  serviceRoutes(app, ctx);
  await registerApi(app, ctx, {
    rateLimit: options.apiRateLimit,
    publicUrl: options.publicUrl,
    ...(options.shopperRateLimits ? { shopperRateLimits: options.shopperRateLimits } : {}),
  });
  registerAdmin(app, ctx, { publicUrl: options.publicUrl });
  programPageRoutes(app, ctx);
  componentsScriptRoute(app);
  return app;
}

/** Fastify with the service's request ids, limits and timeouts, and problem documents for errors met before routing. */
function createFastify(options: ServerOptions): FastifyInstance {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const genReqId = (req: IncomingMessage) => {
    const given = req.headers['x-request-id'];
    return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : newRequestId();
  };
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    genReqId,
    bodyLimit: 1_048_576,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    maxRequestsPerSocket: timeouts.maxRequestsPerSocket,
    http: {
      requestTimeout: timeouts.requestMs,
      headersTimeout: Math.min(timeouts.headersMs, timeouts.requestMs),
      connectionsCheckingInterval: timeouts.checkIntervalMs,
    },
    // Errors met before routing (a bad percent-encoding, a too long id) get the same problem documents.
    frameworkErrors: (error, request, reply) => {
      const [status, code, detail] = transportProblem(error as FastifyError) ?? [
        500,
        'internal_error',
        'Error',
      ];
      (reply as FastifyReply)
        .header('x-request-id', request.id)
        .status(status)
        .type('application/problem+json')
        .send(problem(status, code, detail, request.id));
    },
    clientErrorHandler: refuseBadClient,
  });
  if (timeouts.maxConnections > 0) app.server.maxConnections = timeouts.maxConnections;
  return app;
}

/** A request too slow in coming, or malformed at the HTTP level, is answered and closed. */
function refuseBadClient(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  const timeout = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
  const [status, code, detail] = timeout
    ? [408, 'request_timeout', 'The request was not received in time']
    : [400, 'bad_request', 'The request is not valid HTTP'];
  const body = JSON.stringify(problem(status, code, detail, newRequestId()));
  socket.end(
    `HTTP/1.1 ${status} ${timeout ? 'Request Timeout' : 'Bad Request'}\r\nConnection: close\r\n` +
      `Content-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/** Every error a route throws, as a problem document: a domain rule's, invalid input, the database gone, the transport's, ours. */
function problemOfError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const send = (
    status: number,
    code: string,
    detail: string,
    errors?: { field: string; message: string }[],
  ) =>
    reply
      .status(status)
      .type('application/problem+json')
      .send(problem(status, code, detail, request.id, errors));
  if (error instanceof DomainError) {
    return send(statusOf(error.code), error.code, error.message, error.fields);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const fields = error.validation.map((v) => ({
      field: [error.validationContext, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'Invalid value',
    }));
    return send(422, 'invalid_input', 'The request is not valid; see errors for each field', fields);
  }
  if (isDatabaseUnavailable(error)) return sendDatabaseUnavailable(request, reply, error);
  const transport = transportProblem(error);
  if (transport) return send(...transport);
  request.log.error({ err: error }, 'unhandled error');
  return send(
    500,
    'internal_error',
    'Something went wrong on our side; quote the request id when you contact support',
  );
}

/** Liveness (the process answers), readiness (it can also reach its database) and the problem pages. */
function serviceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/health/ready', { schema: { hide: true } }, async (request, reply) => {
    const ok = await databaseAnswers(ctx, 2_000);
    if (!ok) return sendDatabaseUnavailable(request, reply);
    return { status: 'ready' };
  });
  app.get<{ Params: { code: string } }>(
    '/problems/:code',
    { schema: { hide: true } },
    async (request, reply) => {
      const page = problemPage(request.params.code);
      if (!page) return reply.callNotFound();
      return reply
        .type('text/html; charset=utf-8')
        .headers({
          'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'cache-control': 'public, max-age=3600',
        })
        .send(page);
    },
  );
}

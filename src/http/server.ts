import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { registerAdmin } from '../admin/index.ts';
import type { AppContext } from '../app/context.ts';
import { DomainError } from '../domain/errors.ts';
import { programPageRoutes } from '../storefront/program-pages.ts';
import { registerApi } from './api/index.ts';
import { problem, statusOf } from './problem.ts';
import { refuseNulCharacters } from './refuse-nul-characters.ts';

export interface ServerOptions {
  ctx: AppContext;
  logLevel?: string;
  publicUrl?: string;
}

/** Builds the HTTP server: the store API and the admin app share one process and one error shape. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given)
        ? given
        : `req_${randomUUID().replaceAll('-', '')}`;
    },
    bodyLimit: 1_048_576,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Synchronous and set before anything runs, so every answer (errors and 404s too) carries it.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
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
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code =
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'invalid_json'
          : (error.code?.toLowerCase() ?? 'bad_request');
      return send(error.statusCode, code, error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(
      500,
      'internal_error',
      'Something went wrong on our side; quote the request id when you contact support',
    );
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .type('application/problem+json')
      .send(problem(404, 'route_not_found', `No route ${request.method} ${request.url}`, request.id));
  });

  app.addHook('preValidation', refuseNulCharacters);
  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  await registerApi(app, options.ctx);
  registerAdmin(app, options.ctx, { publicUrl: options.publicUrl });
  programPageRoutes(app, options.ctx);
  return app;
}

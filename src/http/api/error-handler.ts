import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { CodeRefusedError } from '../../domain/codes/code-checks.ts';
import type { FieldError } from '../../domain/errors.ts';
import { MAX_FIELD_ERRORS } from '../../domain/limits.ts';
import { problem } from '../problem.ts';

const CONTEXT_PREFIX: Record<string, string> = {
  body: '',
  querystring: 'query.',
  params: 'path.',
  headers: 'header.',
};

/**
 * The API's own refinements of the server's problem documents: invalid fields named as the
 * client wrote them (`lines.0.quantity`, `query.limit`), a refused code's reason, and named
 * codes for transport errors. Everything else goes on to the server's error handler.
 */
export function apiErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const send = (status: number, code: string, detail: string, errors?: FieldError[]) =>
    reply
      .code(status)
      .type('application/problem+json')
      .send(problem(status, code, detail, request.id, errors));
  if (error instanceof CodeRefusedError) {
    return reply
      .code(409)
      .type('application/problem+json')
      .send({ ...problem(409, error.code, error.message, request.id, error.fields), reason: error.reason });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const prefix = CONTEXT_PREFIX[error.validationContext ?? 'body'] ?? '';
    // The first invalid fields only: a body can hold far more than a problem document lists.
    const fields = error.validation.slice(0, MAX_FIELD_ERRORS).map((v) => ({
      field: `${prefix}${v.instancePath.split('/').filter(Boolean).join('.')}` || '(body)',
      message: v.message ?? 'Invalid value',
    }));
    return send(422, 'invalid_input', 'The request is not valid; see errors for each field', fields);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return send(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(413, 'payload_too_large', 'The body is larger than 1 MB');
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return send(400, 'invalid_json', `The body is not valid JSON: ${error.message}`);
  }
  throw error;
}

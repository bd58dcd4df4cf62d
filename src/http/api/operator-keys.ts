import { z } from 'zod';
import { createApiKey } from '../../app/api-keys/create-api-key.ts';
import { revokeApiKey } from '../../app/api-keys/revoke-api-key.ts';
import type { Revocation } from '../../app/api-keys/revoke-credential.ts';
import type { AppContext } from '../../app/context.ts';
import { createOperatorKey } from '../../app/operator/operator-keys.ts';
import { MAX_LABEL_LENGTH, MAX_STORE_ID_LENGTH } from '../../domain/limits.ts';
import { keyName, keySecret, operatorRouteSpec, operatorShopRouteSpec } from './operator-schemas.ts';
import { iso, isoTime, shopParams, storeId, text } from './schemas.ts';
import type { Api } from './types.ts';

const apiKeyId = z
  .string()
  .max(20)
  .regex(/^key_[0-9a-f]{16}$/);

const createdApiKey = z
  .object({
    object: z.literal('api_key'),
    id: apiKeyId,
    shopId: text(MAX_STORE_ID_LENGTH),
    name: text(MAX_LABEL_LENGTH),
    readOnly: z.boolean(),
    createdAt: isoTime,
    key: keySecret,
  })
  .meta({ id: 'CreatedApiKey' });

/** A shop's API keys made and revoked by the operator (`loyalty api-key` against a running service). */
export function operatorKeyRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/shops/:shopId/api-keys',
    operatorShopRouteSpec('POST', {
      operationId: 'operatorCreateApiKey',
      summary: 'Create an API key of a shop',
      description: 'A key for the store API; the key itself is in this answer only.',
      body: z.object({
        name: keyName.describe('Who uses it, e.g. "Web shop" (recorded as the author of adjustments)'),
        readOnly: z.boolean().optional().describe('The key can read but not change anything'),
      }),
      responses: { 201: createdApiKey },
      example: { body: { name: 'Web shop', readOnly: false } },
    }),
    async (request, reply) => {
      const key = await createApiKey(ctx, {
        shopId: request.params.shopId,
        name: request.body.name,
        readOnly: request.body.readOnly ?? false,
      });
      reply.code(201);
      return {
        object: 'api_key' as const,
        id: key.id,
        shopId: key.shopId,
        name: key.name,
        readOnly: key.readOnly,
        createdAt: iso(key.createdAt),
        key: key.key,
      };
    },
  );

  api.post(
    '/shops/:shopId/api-keys/:keyId/revoke',
    operatorRouteSpec('POST', {
      operationId: 'operatorRevokeApiKey',
      summary: 'Revoke an API key of a shop',
      description: 'For good; servers stop accepting it within the 10 seconds they remember a key.',
      params: shopParams.extend({ keyId: storeId.describe('The key’s id, e.g. key_0123456789abcdef') }),
      responses: { 200: revocationSchema('api_key_revocation') },
      errors: { 404: ['api_key_not_found'] },
      example: { params: { shopId: 'outdoor-store', keyId: 'key_0123456789abcdef' } },
    }),
    async (request) => {
      const result = await revokeApiKey(ctx, { shopId: request.params.shopId, keyId: request.params.keyId });
      return revocationJson('api_key_revocation', result);
    },
  );
}

/** Another operator key, made with an operator key (`loyalty operator-key create` against a running service). */
export function operatorKeyCreateRoute(api: Api, ctx: AppContext) {
  api.post(
    '/operator-keys',
    operatorRouteSpec('POST', {
      operationId: 'operatorCreateOperatorKey',
      summary: 'Create an operator key',
      description: 'Another key for the operator API; the key itself is in this answer only.',
      body: z.object({ name: keyName.describe('Who uses it, e.g. "Hosting platform"') }),
      responses: {
        201: z
          .object({
            object: z.literal('operator_key'),
            id: z
              .string()
              .max(20)
              .regex(/^opk_[0-9a-f]{16}$/),
            name: text(MAX_LABEL_LENGTH),
            createdAt: isoTime,
            key: keySecret,
          })
          .meta({ id: 'CreatedOperatorKey' }),
      },
      example: { body: { name: 'Hosting platform' } },
    }),
    async (request, reply) => {
      const key = await createOperatorKey(ctx, { name: request.body.name });
      reply.code(201);
      return {
        object: 'operator_key' as const,
        id: key.id,
        name: key.name,
        createdAt: iso(key.createdAt),
        key: key.key,
      };
    },
  );
}

/** The answer to revoking a shop's key or secret: whether this call revoked it, and when it was. */
export function revocationSchema<O extends string>(object: O) {
  return z.object({
    object: z.literal(object),
    outcome: z.enum(['applied', 'duplicate']).describe('`duplicate`: it was revoked before'),
    revokedAt: isoTime,
  });
}

export function revocationJson<O extends string>(object: O, revocation: Revocation) {
  return { object, outcome: revocation.outcome, revokedAt: iso(revocation.revokedAt) };
}

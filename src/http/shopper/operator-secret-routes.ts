import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  createStorefrontSecret,
  listStorefrontSecrets,
  revokeStorefrontSecret,
  type StorefrontSecretSummary,
} from '../../app/shopper/storefront-secrets.ts';
import { MAX_LABEL_LENGTH } from '../../domain/limits.ts';
import { listJson, listSchema } from '../api/answers.ts';
import { revocationJson, revocationSchema } from '../api/operator-keys.ts';
import { keyName, operatorRouteSpec, operatorShopRouteSpec } from '../api/operator-schemas.ts';
import { iso, isoOrNull, isoTime, shopParams, storeId, storeIdOut, text } from '../api/schemas.ts';
import type { Api } from '../api/types.ts';

const secretId = z
  .string()
  .max(19)
  .regex(/^ss_[0-9a-f]{16}$/)
  .describe('The secret’s id: the `kid` header of the tokens it signs');

const summaryFields = {
  object: z.literal('storefront_secret'),
  id: secretId,
  shopId: storeIdOut,
  name: text(MAX_LABEL_LENGTH),
  createdAt: isoTime,
  lastUsedAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
};

const summarySchema = z.object(summaryFields).meta({ id: 'StorefrontSecret' });

function summaryJson(s: StorefrontSecretSummary) {
  return {
    object: 'storefront_secret' as const,
    id: s.id,
    shopId: s.shopId,
    name: s.name,
    createdAt: iso(s.createdAt),
    lastUsedAt: isoOrNull(s.lastUsedAt),
    revokedAt: isoOrNull(s.revokedAt),
  };
}

/**
 * A shop's storefront secrets made, listed and revoked by the operator: what `loyalty
 * storefront-secret` does beside a service that holds the embedded database.
 */
export function operatorStorefrontSecretRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/shops/:shopId/storefront-secrets',
    operatorShopRouteSpec('POST', {
      operationId: 'operatorCreateStorefrontSecret',
      summary: 'Create a storefront secret of a shop',
      description:
        'A key the shop’s back end signs shopper tokens with (HS256); the secret is in this answer, to be kept in the store’s back end.',
      body: z.object({ name: keyName.describe('Where it is used, e.g. "Web shop 2026"') }),
      responses: {
        201: z
          .object({
            ...summaryFields,
            secret: z
              .string()
              .max(100)
              .regex(/^lss_[A-Za-z0-9_-]{43}$/)
              .describe('The HMAC key: its characters’ UTF-8 bytes'),
          })
          .meta({ id: 'CreatedStorefrontSecret' }),
      },
      example: { body: { name: 'Web shop' } },
    }),
    async (request, reply) => {
      const created = await createStorefrontSecret(ctx, {
        shopId: request.params.shopId,
        name: request.body.name,
      });
      reply.code(201);
      return { ...summaryJson(created), secret: created.secret };
    },
  );

  operatorSecretListAndRevokeRoutes(api, ctx);
}

function operatorSecretListAndRevokeRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/shops/:shopId/storefront-secrets',
    operatorShopRouteSpec('GET', {
      operationId: 'operatorListStorefrontSecrets',
      summary: 'List the storefront secrets of a shop',
      description: 'Newest first, without the secrets themselves.',
      responses: { 200: listSchema(summarySchema) },
    }),
    async (request) => listJson(await listStorefrontSecrets(ctx, request.params.shopId), summaryJson),
  );

  api.post(
    '/shops/:shopId/storefront-secrets/:kid/revoke',
    operatorRouteSpec('POST', {
      operationId: 'operatorRevokeStorefrontSecret',
      summary: 'Revoke a storefront secret of a shop',
      description:
        'For good; tokens signed with it are refused within the 10 seconds servers remember a secret.',
      params: shopParams.extend({
        kid: storeId.describe('The secret’s id (`kid`), e.g. ss_0123456789abcdef'),
      }),
      responses: { 200: revocationSchema('storefront_secret_revocation') },
      errors: { 404: ['storefront_secret_not_found'] },
      example: { params: { shopId: 'outdoor-store', kid: 'ss_0123456789abcdef' } },
    }),
    async (request) => {
      const result = await revokeStorefrontSecret(ctx, {
        shopId: request.params.shopId,
        secretId: request.params.kid,
      });
      return revocationJson('storefront_secret_revocation', result);
    },
  );
}

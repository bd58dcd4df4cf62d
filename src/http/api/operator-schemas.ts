import { z } from 'zod';
import type { ShopView } from '../../app/shops/provision-shop.ts';
import {
  MAX_EMAIL_LENGTH,
  MAX_LABEL_LENGTH,
  MAX_NAME_LENGTH,
  MAX_REASON_LENGTH,
  MAX_STORE_ID_LENGTH,
  MAX_TIME_ZONE_LENGTH,
} from '../../domain/limits.ts';
import { LANGUAGES } from '../../domain/program/settings.ts';
import { MAX_SHOP_ID_LENGTH, SHOP_ID_PATTERN, SHOP_ID_RULE } from '../../domain/shops/new-shop.ts';
import { operationHead, problemResponses, type RequestExample, requestParts } from './route-spec.ts';
import { iso, isoOrNull, isoTime, shopParams, text } from './schemas.ts';

export const newShopBody = z.object({
  id: z
    .string()
    .max(MAX_SHOP_ID_LENGTH, `At most ${MAX_SHOP_ID_LENGTH} characters`)
    .describe(`The shop’s id, for good: ${SHOP_ID_RULE} (\`${SHOP_ID_PATTERN.source}\`)`),
  name: z
    .string()
    .trim()
    .min(1, 'Required')
    .max(MAX_NAME_LENGTH, `At most ${MAX_NAME_LENGTH} characters`)
    .describe('The shop’s name, as the merchant knows it'),
  timeZone: z
    .string()
    .max(MAX_TIME_ZONE_LENGTH, `At most ${MAX_TIME_ZONE_LENGTH} characters`)
    .optional()
    .describe('IANA time zone of the shop’s months and its program (default Europe/Helsinki)'),
  language: z.enum(LANGUAGES).optional().describe('Language of the program and its e-mails (default fi)'),
  currency: z
    .string()
    .max(3, 'A three-letter ISO 4217 code')
    .optional()
    .describe('The shop’s currency: only EUR for now (the default)'),
  adminEmail: z
    .string()
    .max(MAX_EMAIL_LENGTH, `At most ${MAX_EMAIL_LENGTH} characters`)
    .optional()
    .describe('Creates the shop’s first admin user with this e-mail and a generated password, returned once'),
});

/** The fields of a shop in an answer (also under the answers that extend it). */
export const shopFields = {
  object: z.literal('shop'),
  id: text(MAX_STORE_ID_LENGTH),
  name: text(MAX_NAME_LENGTH),
  timeZone: text(MAX_TIME_ZONE_LENGTH),
  language: z.enum(LANGUAGES),
  currency: z
    .string()
    .max(3)
    .regex(/^[A-Z]{3}$/),
  status: z.enum(['active', 'suspended']).describe('A suspended shop’s API keys answer 403 `shop_suspended`'),
  suspendedAt: isoTime.nullable(),
  suspendedReason: text(MAX_REASON_LENGTH).nullable(),
  createdAt: isoTime,
};

export const shopSchema = z.object(shopFields).meta({ id: 'Shop' });

export function shopJson(shop: ShopView) {
  return {
    object: 'shop' as const,
    id: shop.id,
    name: shop.name,
    timeZone: shop.timeZone,
    language: shop.language,
    currency: shop.currency,
    status: shop.status,
    suspendedAt: isoOrNull(shop.suspendedAt),
    suspendedReason: shop.suspendedReason,
    createdAt: iso(shop.createdAt),
  };
}

/** A secret shown once: an API key of a shop or an operator key. */
export const keySecret = z
  .string()
  .max(100)
  .regex(/^(lk_live_|lk_read_|op_)[A-Za-z0-9_-]{43}$/)
  .describe('The key itself: shown only in this answer, only its hash is kept');

export const keyName = z
  .string()
  .trim()
  .min(1, 'Required')
  .max(MAX_LABEL_LENGTH, `At most ${MAX_LABEL_LENGTH} characters`);

export const OPERATOR_TAG = 'Operator';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** A success answer in more than one media type (JSON, or CSV when asked for), chosen by the handler. */
export interface MediaResponse {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}
type Success = Partial<Record<200 | 201, z.ZodType | MediaResponse>>;

export interface OperatorRouteDoc<B, Q, P, R extends Success> {
  operationId: string;
  summary: string;
  description?: string;
  body?: B;
  querystring?: Q;
  params?: P;
  responses: R;
  errors?: Partial<Record<404 | 409 | 422, string[]>>;
  example: RequestExample;
}

/**
 * The schema of an operator route on one shop (`/shops/:shopId…`): the shop's id in the path
 * (`shopParams` unless the route takes more), 404 `shop_not_found` when there is no such shop, and
 * the example shop's id in the example unless it names its own params.
 */
export function operatorShopRouteSpec<
  B = undefined,
  Q = undefined,
  P = typeof shopParams,
  R extends Success = Success,
>(method: Method, doc: Omit<OperatorRouteDoc<B, Q, P, R>, 'example'> & { example?: RequestExample }) {
  return operatorRouteSpec<B, Q, P, R>(method, {
    params: shopParams as P,
    ...doc,
    errors: { 404: ['shop_not_found'], ...doc.errors },
    example: { params: { shopId: 'outdoor-store' }, ...doc.example },
  });
}

/**
 * The schema of one operator route, with the refusals every operator route can give
 * (authentication by operator key, validation, the per-key budget), as `routeSpec` does for the
 * store API. Operator routes take no Idempotency-Key: creating is refused by id when repeated
 * (409); suspending, resuming, pricing and ending set a state, and closing months closes each once.
 */
export function operatorRouteSpec<B = undefined, Q = undefined, P = undefined, R extends Success = Success>(
  method: Method,
  doc: OperatorRouteDoc<B, Q, P, R>,
) {
  const schema = {
    ...operationHead(doc),
    tags: [OPERATOR_TAG],
    security: [{ operatorKey: [] }],
    ...requestParts(doc),
    response: {
      ...doc.responses,
      ...problemResponses(method, doc, {
        401: ['operator_key_missing', 'operator_key_invalid', 'operator_key_revoked', 'not_an_operator_key'],
        idempotent: false,
      }),
    } as R,
  };
  return { schema: schema as typeof schema & { body: B; querystring: Q; params: P } };
}

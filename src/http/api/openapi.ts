import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { tidyDocument } from './openapi-tidy.ts';
import { TAGS } from './route-spec.ts';

/** Only the store API is described; the admin app and the docs themselves live in the same server. */
const transform: typeof jsonSchemaTransform = (document) =>
  document.url.startsWith('/v1/')
    ? jsonSchemaTransform(document)
    : { schema: { hide: true }, url: document.url };

export const swaggerOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'Loyalty program API',
      version: '1.0.0',
      contact: { name: 'The operator of this loyalty service (quote the request id of a problem)' },
      license: { name: 'Proprietary: use under the shop’s agreement with the operator' },
      description: [
        'How a web shop, a point-of-sale till or a store platform talks to the loyalty service: customers and members, order events that earn points, discount codes at the checkout, and the program’s settings.',
        '',
        '- Authenticate with your shop’s API key: `Authorization: Bearer lk_live_…` (read-only keys start `lk_read_`). Every id is scoped to the key’s shop; another shop’s ids answer 404.',
        '- The operator of the service provisions shops under `/v1/operator/` with an operator key: `Authorization: Bearer op_…`. A shop’s key is refused there, and an operator key everywhere else.',
        '- Amounts are integer cents, points are integers, times are ISO 8601 with an offset.',
        '- Send an `Idempotency-Key` header with any POST to make a retry safe. Order, delivery, return and review events are also deduplicated by their own ids.',
        '- Errors are `application/problem+json` (RFC 9457) with a stable `code`, a `detail`, the invalid fields in `errors` and a `requestId`.',
      ].join('\n'),
    },
    // `x-internal: false`: the API is meant for stores' own systems outside the operator (OWASP API9).
    servers: [
      {
        url: '/',
        description:
          'The service that serves this document, whichever environment it is (production, staging or local)',
        'x-internal': false,
      } as { url: string; description: string },
    ],
    tags: TAGS.map((t) => ({ ...t })),
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A shop’s API key, created with `loyalty api-key create --shop ID --name NAME`.',
        },
        shopperToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A shopper token for `/v1/shopper/` routes: a JWT the store’s back end signs for its logged-in customer with a storefront secret (`kid`: the secret’s id; claims `shop`, `sub`, `storeVersion`, `iat`, `exp` at most 15 minutes ahead). Verified as RFC8725 advises: only HS256 is accepted (never `none` or another algorithm), the key is chosen by `kid` among the shop’s secrets, and `exp` and `iat` are required.',
        },
        operatorKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An operator key (`op_…`) for the operator API under `/v1/operator/`, created with `loyalty operator-key create --name NAME`.',
        },
      },
    },
    security: [{ apiKey: [] }],
  },
  transform,
  transformObject: (document) => tidyDocument(jsonSchemaTransformObject(document)),
};

import { z } from 'zod';
import { MAX_LABEL_LENGTH, MAX_STORE_ID_LENGTH } from '../../domain/limits.ts';
import { routeSpec } from './route-spec.ts';
import { text } from './schemas.ts';
import type { Api } from './types.ts';

export function apiKeyRoutes(api: Api) {
  api.get(
    '/api-key',
    routeSpec('GET', {
      operationId: 'getApiKey',
      tag: 'API keys',
      summary: 'Check your key',
      description: 'Which shop and key the request was made with: a quick test of an integration’s set-up.',
      responses: {
        200: z
          .object({
            object: z.literal('api_key'),
            id: z
              .string()
              .max(20)
              .regex(/^key_[0-9a-f]{16}$/),
            name: text(MAX_LABEL_LENGTH),
            shopId: text(MAX_STORE_ID_LENGTH),
            readOnly: z.boolean(),
          })
          .meta({ id: 'ApiKey' }),
      },
      example: {},
    }),
    async (request) => {
      const key = request.apiKey!;
      return {
        object: 'api_key' as const,
        id: key.keyId,
        name: key.name,
        shopId: key.shopId,
        readOnly: key.readOnly,
      };
    },
  );
}

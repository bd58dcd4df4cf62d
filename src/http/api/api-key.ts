import { z } from 'zod';
import { routeSpec } from './route-spec.ts';
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
            id: z.string(),
            name: z.string(),
            shopId: z.string(),
            readOnly: z.boolean(),
          })
          .meta({ id: 'ApiKey' }),
      },
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

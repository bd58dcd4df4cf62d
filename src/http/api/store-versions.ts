import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { listStoreVersions, type StoreVersionView } from '../../app/store-versions/list-store-versions.ts';
import { putStoreVersion } from '../../app/store-versions/put-store-version.ts';
import { MAX_LABEL_LENGTH } from '../../domain/limits.ts';
import { createdOrFoundSchema, createdStatus, listJson, listSchema } from './answers.ts';
import { oneStoreVersion } from './path-resources.ts';
import { routeSpec } from './route-spec.ts';
import { iso, isoTime, storeIdOut, text } from './schemas.ts';
import { type Api, shopOf } from './types.ts';

const storeVersionSchema = z
  .object({
    object: z.literal('store_version'),
    id: storeIdOut,
    name: text(MAX_LABEL_LENGTH),
    requiresLogin: z.boolean().describe('Closed (e.g. B2B) storefront: the program can never be shown there'),
    selected: z.boolean().describe('The program is shown in this version'),
    createdAt: isoTime,
  })
  .meta({ id: 'StoreVersion' });

function versionJson(v: StoreVersionView): z.output<typeof storeVersionSchema> {
  return { object: 'store_version', ...v, createdAt: iso(v.createdAt) };
}

export function storeVersionRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/store-versions',
    routeSpec('GET', {
      operationId: 'listStoreVersions',
      tag: 'Store versions',
      summary: 'List store versions',
      description: 'The shop’s store versions by id, with whether the program is shown in each.',
      example: {},
      responses: { 200: listSchema(storeVersionSchema) },
    }),
    async (request) => listJson(await listStoreVersions(ctx, shopOf(request)), versionJson),
  );

  api.put(
    '/store-versions/:storeVersionId',
    routeSpec('PUT', {
      operationId: 'putStoreVersion',
      tag: 'Store versions',
      summary: 'Create or update a store version',
      description:
        'Creates the version (201) or updates its name and login requirement (200). A version where the program is shown cannot start requiring login; hide the program there first.',
      params: oneStoreVersion.params,
      body: z.object({
        name: z.string().trim().min(1).max(MAX_LABEL_LENGTH),
        requiresLogin: z
          .boolean()
          .default(false)
          .describe('Only logged-in customers can use this storefront'),
      }),
      responses: createdOrFoundSchema(storeVersionSchema),
      errors: { 422: ['store_version_requires_login'] },
      example: { params: { storeVersionId: 'fi' }, body: { name: 'Finnish web shop', requiresLogin: false } },
    }),
    async (request, reply) => {
      const { created, version } = await putStoreVersion(ctx, shopOf(request), {
        id: request.params.storeVersionId,
        ...request.body,
      });
      return reply.code(createdStatus(created)).send(versionJson(version));
    },
  );
}

import type { AppContext } from '../../app/context.ts';
import { selectStoreVersion } from '../../app/store-versions/select-store-version.ts';
import { oneStoreVersion } from './path-resources.ts';
import { programJson, programSchema } from './program-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { type Api, shopOf } from './types.ts';

export function programStoreVersionRoutes(api: Api, ctx: AppContext) {
  api.put(
    '/program/store-versions/:storeVersionId',
    routeSpec('PUT', {
      operationId: 'showProgramInStoreVersion',
      tag: 'Program',
      summary: 'Show the program in a store version',
      description:
        'Selects the version: the program earns, shows its pages and accepts its codes there. A version that requires customer login can never be selected.',
      on: oneStoreVersion,
      responses: { 200: programSchema },
      errors: { 404: ['program_not_found'], 422: ['store_version_requires_login'] },
    }),
    async (request) =>
      programJson(await selectStoreVersion(ctx, shopOf(request), request.params.storeVersionId, true)),
  );

  api.delete(
    '/program/store-versions/:storeVersionId',
    routeSpec('DELETE', {
      operationId: 'hideProgramInStoreVersion',
      tag: 'Program',
      summary: 'Hide the program in a store version',
      description:
        'Un-selects the version: no earning on its orders, no join prompt, no pages, codes not accepted there. Codes already issued stay valid elsewhere; hiding does not stop billing.',
      on: oneStoreVersion,
      responses: { 200: programSchema },
      errors: { 404: ['program_not_found'] },
    }),
    async (request) =>
      programJson(await selectStoreVersion(ctx, shopOf(request), request.params.storeVersionId, false)),
  );
}

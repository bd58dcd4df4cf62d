import type { AppContext } from '../../app/context.ts';
import { selectStoreVersion } from '../../app/store-versions/select-store-version.ts';
import { oneStoreVersion } from './path-resources.ts';
import { programJson, programSchema } from './program-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { type Api, shopOf } from './types.ts';

export function programStoreVersionRoutes(api: Api, ctx: AppContext) {
  // Showing and hiding are one route each of the same shape: the verb says which.
  const choices = [
    {
      method: 'PUT' as const,
      shown: true,
      operationId: 'showProgramInStoreVersion',
      summary: 'Show the program in a store version',
      description:
        'Selects the version: the program earns, shows its pages and accepts its codes there. A version that requires customer login can never be selected.',
      errors: { 404: ['program_not_found'], 422: ['store_version_requires_login'] },
    },
    {
      method: 'DELETE' as const,
      shown: false,
      operationId: 'hideProgramInStoreVersion',
      summary: 'Hide the program in a store version',
      description:
        'Un-selects the version: no earning on its orders, no join prompt, no pages, codes not accepted there. Codes already issued stay valid elsewhere; hiding does not stop billing.',
      errors: { 404: ['program_not_found'] },
    },
  ];
  for (const { method, shown, ...doc } of choices) {
    api.route({
      method,
      url: '/program/store-versions/:storeVersionId',
      ...routeSpec(method, {
        ...doc,
        tag: 'Program',
        on: oneStoreVersion,
        responses: { 200: programSchema },
      }),
      handler: async (request) =>
        programJson(await selectStoreVersion(ctx, shopOf(request), request.params.storeVersionId, shown)),
    });
  }
}

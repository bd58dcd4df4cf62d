import type { z } from 'zod';
import { deletedJson, deletedSchema } from './answers.ts';
import { type PathResource, routeSpec, type Tag } from './route-spec.ts';
import { type Api, shopOf } from './types.ts';

/** A DELETE of the one resource its path names, and what removes it. */
export interface DeleteRoute<P extends z.ZodObject> {
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description: string;
  on: PathResource<P>;
  /** The path parameter that holds the resource's id. */
  idParam: keyof z.output<P> & string;
  /** The resource as the answer names it: its `object` and the schema of its id. */
  gone: { object: string; id: z.ZodType };
  errors?: { 409: string[] };
  remove: (shopId: string, id: string) => Promise<unknown>;
}

/** Registers the route: once `remove` is done, the answer says which resource is gone. */
export function deleteRoute<P extends z.ZodObject>(api: Api, route: DeleteRoute<P>) {
  const { path, on, idParam, gone, remove, ...doc } = route;
  api.delete(
    path,
    routeSpec('DELETE', {
      ...doc,
      // Widened: with the generic params Fastify cannot resolve the handler's answer type.
      on: on as PathResource<z.ZodObject>,
      responses: { 200: deletedSchema(gone.object, gone.id) },
    }),
    async (request) => {
      const id = (request.params as Record<string, string>)[idParam]!;
      await remove(shopOf(request), id);
      return deletedJson(gone.object, id);
    },
  );
}

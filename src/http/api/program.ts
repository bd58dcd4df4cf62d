import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { findProgram, loadProgram } from '../../app/program/load-program.ts';
import { createProgram, publishProgram, updateSettings } from '../../app/program/manage-program.ts';
import { createdOrFoundSchema } from './answers.ts';
import { programJson, programSchema, settingsPatchSchema } from './program-schemas.ts';
import { routeSpec } from './route-spec.ts';
import { type Api, shopOf } from './types.ts';

export function programRoutes(api: Api, ctx: AppContext) {
  programCreationRoutes(api, ctx);
  programChangeRoutes(api, ctx);
}

/** Reading the program and creating it from the presets. */
function programCreationRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/program',
    routeSpec('GET', {
      operationId: 'getProgram',
      tag: 'Program',
      summary: 'Read the program',
      description: 'Status and settings of the shop’s loyalty program.',
      responses: { 200: programSchema },
      errors: { 404: ['program_not_found'] },
      example: {},
    }),
    async (request) => programJson(await loadProgram(ctx.db, shopOf(request))),
  );

  api.post(
    '/program',
    routeSpec('POST', {
      operationId: 'createProgram',
      tag: 'Program',
      summary: 'Create the program from the presets',
      description:
        'Creates the program from the presets (1 point per 1 EUR, tiers 100 → 5 EUR, 250 → 15 EUR, 500 → 40 EUR, codes valid 3 months), changed by the given settings. A shop has one program: if it exists already it is returned unchanged with status 200.',
      body: z
        .object({ settings: settingsPatchSchema.optional() })
        // Fastify hands a missing body to validation as null.
        .nullish(),
      responses: createdOrFoundSchema(programSchema),
      errors: { 422: ['invalid_settings'] },
      example: {
        body: {
          settings: {
            name: 'Loyalty club',
            joinPoints: 50,
            language: 'en',
            storeVersionIds: ['fi'],
            tiers: [{ points: 100, valueCents: 500 }],
          },
        },
      },
    }),
    async (request, reply) => {
      const shopId = shopOf(request);
      const existing = await findProgram(ctx.db, shopId);
      if (existing) return reply.code(200).send(programJson(existing));
      const created = await createProgram(ctx, shopId, request.body?.settings ?? {});
      return reply.code(201).send(programJson(created));
    },
  );
}

/** Changing the program's settings, and publishing it. */
function programChangeRoutes(api: Api, ctx: AppContext) {
  api.patch(
    '/program/settings',
    routeSpec('PATCH', {
      operationId: 'updateProgramSettings',
      tag: 'Program',
      summary: 'Change settings',
      description:
        'Changes the given settings; the result is validated as a whole and saved only if every field is valid, otherwise each invalid field is listed in `errors`. Works before and after publishing.',
      body: settingsPatchSchema,
      responses: { 200: programSchema },
      errors: { 404: ['program_not_found'], 422: ['invalid_settings'] },
      example: {
        body: {
          reviewPoints: 20,
          storeVersionIds: ['fi'],
          tiers: [
            { points: 100, valueCents: 500 },
            { points: 300, valueCents: 2000 },
          ],
        },
      },
    }),
    async (request) => programJson(await updateSettings(ctx, shopOf(request), request.body)),
  );

  api.post(
    '/program/publish',
    routeSpec('POST', {
      operationId: 'publishProgram',
      tag: 'Program',
      summary: 'Publish (start) the program',
      description:
        'Starts the program in the selected store versions; needs at least one. Publishing a published program changes nothing.',
      responses: { 200: programSchema },
      errors: { 404: ['program_not_found'], 409: ['program_not_publishable'] },
      example: {},
    }),
    async (request) => programJson(await publishProgram(ctx, shopOf(request))),
  );
}

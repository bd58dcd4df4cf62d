import { z } from 'zod';
import type { Program } from '../../app/program/load-program.ts';
import { MAX_SELECTED_STORE_VERSIONS, MAX_TIME_ZONE_LENGTH } from '../../domain/limits.ts';
import { programSettingsSchema } from '../../domain/program/settings.ts';
import { iso, isoOrNull, isoTime, storeIdOut } from './schemas.ts';

/**
 * The settings as the domain defines them: the same schema validates them and documents them,
 * with the lengths of the API on the texts the domain leaves open (a selected version is an
 * existing version's id; a time zone an IANA name).
 */
const apiSettingsShape = {
  ...programSettingsSchema.shape,
  storeVersionIds: z
    .array(storeIdOut.min(1))
    .max(MAX_SELECTED_STORE_VERSIONS)
    .describe('Store versions where the program is visible'),
  timeZone: z
    .string()
    .min(1)
    .max(MAX_TIME_ZONE_LENGTH)
    .regex(/^[A-Za-z0-9_+\-/]+$/, 'An IANA time zone such as Europe/Helsinki')
    .describe('An IANA time zone such as `Europe/Helsinki`'),
  currency: z
    .string()
    .max(3)
    .regex(/^[A-Z]{3}$/, 'Currency is a three-letter ISO 4217 code')
    .default('EUR'),
};
export const settingsSchema = z.object(apiSettingsShape).meta({ id: 'ProgramSettings' });

/** A change of some settings; what is left out stays as it is (currency has no default here). */
export const settingsPatchSchema = z
  .object({ ...apiSettingsShape, currency: apiSettingsShape.currency.unwrap() })
  .partial()
  .meta({ id: 'ProgramSettingsPatch', description: 'Only the settings to change' });

export const programSchema = z
  .object({
    object: z.literal('program'),
    status: z
      .enum(['draft', 'published'])
      .describe('A published program can be hidden in versions, never deleted'),
    publishedAt: isoTime.nullable(),
    updatedAt: isoTime,
    settings: settingsSchema,
  })
  .meta({ id: 'Program' });

export function programJson(program: Program): z.output<typeof programSchema> {
  return {
    object: 'program',
    status: program.status,
    publishedAt: isoOrNull(program.publishedAt),
    updatedAt: iso(program.updatedAt),
    settings: program.settings,
  };
}

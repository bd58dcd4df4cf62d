import { z } from 'zod';
import type { Program } from '../../app/program/load-program.ts';
import { programSettingsSchema } from '../../domain/program/settings.ts';
import { iso, isoOrNull, isoTime } from './schemas.ts';

/** The settings as the domain defines them: the same schema validates them and documents them. */
export const settingsSchema = programSettingsSchema.meta({ id: 'ProgramSettings' });

/** A change of some settings; what is left out stays as it is (currency has no default here). */
export const settingsPatchSchema = z
  .object({ ...programSettingsSchema.shape, currency: programSettingsSchema.shape.currency.unwrap() })
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

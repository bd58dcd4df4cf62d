import { DEFAULT_TIME_ZONE, type ProgramSettings } from '../../domain/program/settings.ts';
import type { AppContext } from '../context.ts';

/** The shops with a published program, in order of id (`loyalty run-monthly --month`). */
export async function publishedShops(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('programs')
    .select('shop_id')
    .where('status', '=', 'published')
    .orderBy('shop_id')
    .execute();
  return rows.map((r) => r.shop_id);
}

/** The time zones of the published programs: the zones the monthly scheduler has a job in. */
export async function publishedTimeZones(ctx: AppContext): Promise<Set<string>> {
  const rows = await ctx.db
    .selectFrom('programs')
    .select('settings')
    .where('status', '=', 'published')
    .execute();
  return new Set(rows.map((r) => (r.settings as ProgramSettings).timeZone ?? DEFAULT_TIME_ZONE));
}

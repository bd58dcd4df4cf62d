import type { Executor } from '../../db/connect.ts';
import { DomainError } from '../../domain/errors.ts';
import { DEFAULT_TIME_ZONE, type ProgramSettings } from '../../domain/program/settings.ts';

/** The shops with their programs where they have one (`s` and `p`), to read both in one statement. */
export function shopsWithPrograms(db: Executor) {
  return db.selectFrom('shops as s').leftJoin('programs as p', 'p.shop_id', 's.id');
}

/** The refusal of a shop id that names no shop. */
export function shopNotFound(shopId: string): DomainError {
  return new DomainError('shop_not_found', `Shop "${shopId}" does not exist`);
}

/** The zone a shop's days and months are in: its program's, else the one the shop was created with. */
export function shopTimeZone(
  settings: Partial<ProgramSettings> | null | undefined,
  shopZone: string | null | undefined,
) {
  return settings?.timeZone ?? shopZone ?? DEFAULT_TIME_ZONE;
}

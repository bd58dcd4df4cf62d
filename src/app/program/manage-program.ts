import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { type ProgramSettings, parseSettings, presetSettings } from '../../domain/program/settings.ts';
import { startBillingIn } from '../billing/billing-writes.ts';
import type { AppContext } from '../context.ts';
import { shopProgramDefaults } from '../shops/shop-defaults.ts';
import { queueEvent } from '../webhooks/event-outbox.ts';
import { findProgram, loadProgram, type Program, storeVersionRefs } from './load-program.ts';

/**
 * Creates the shop's program from the presets, in the shop's time zone, language and currency; a
 * program that already exists is returned as it is.
 */
export async function createProgram(
  ctx: AppContext,
  shopId: string,
  overrides: Partial<ProgramSettings> = {},
): Promise<Program> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const defaults = await shopProgramDefaults(trx, shopId);
    const existing = await findProgram(trx, shopId);
    if (existing) return existing;
    const settings = parseSettings(
      { ...presetSettings(undefined, defaults), ...overrides },
      await storeVersionRefs(trx, shopId),
    );
    await trx
      .insertInto('programs')
      .values({
        shop_id: shopId,
        settings: JSON.stringify(settings),
        published_at: null,
        intro_page: null,
        terms_page: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('shop_id').doNothing())
      .execute();
    return loadProgram(trx, shopId);
  });
}

/** Applies a partial change of settings; the result is validated as a whole and saved only if valid. */
export async function updateSettings(
  ctx: AppContext,
  shopId: string,
  patch: Partial<ProgramSettings>,
): Promise<Program> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const program = await loadProgram(trx, shopId);
    return saveSettings(trx, program, { ...program.settings, ...patch }, now);
  });
}

/** Selects or hides the program in one store version. */
export function setVersionVisibility(
  ctx: AppContext,
  shopId: string,
  versionId: string,
  visible: boolean,
): Promise<Program> {
  return ctx.db.transaction().execute(async (trx) => {
    const program = await loadProgram(trx, shopId);
    const others = program.settings.storeVersionIds.filter((id) => id !== versionId);
    const storeVersionIds = visible ? [...others, versionId] : others;
    return saveSettings(trx, program, { ...program.settings, storeVersionIds }, ctx.clock.now());
  });
}

/** Starts the program; it needs at least one selected store version. Publishing twice changes nothing. */
export function publishProgram(ctx: AppContext, shopId: string): Promise<Program> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const program = await loadProgram(trx, shopId);
    if (program.status === 'published') return program;
    if (program.settings.storeVersionIds.length === 0) {
      throw new DomainError(
        'program_not_publishable',
        'Select at least one store version before starting the loyalty program',
        [{ field: 'storeVersionIds', message: 'Select at least one store version' }],
      );
    }
    await trx
      .updateTable('programs')
      .set({ status: 'published', published_at: now, updated_at: now })
      .where('shop_id', '=', shopId)
      .execute();
    // The first publishing moment starts billing (docs/billing.md); hiding the program later does not stop it.
    await startBillingIn(trx, shopId, now);
    const storeVersionIds = program.settings.storeVersionIds;
    await queueEvent(trx, {
      shopId,
      type: 'program.published',
      customerId: null,
      data: { storeVersionIds },
      at: now,
    });
    return { ...program, status: 'published', publishedAt: now, updatedAt: now };
  });
}

/** Validates the whole of the new settings against the shop's store versions, then stores them. */
async function saveSettings(
  trx: Transaction<Database>,
  program: Program,
  next: ProgramSettings,
  now: Date,
): Promise<Program> {
  const settings = parseSettings(next, await storeVersionRefs(trx, program.shopId));
  await trx
    .updateTable('programs')
    .set({ settings: JSON.stringify(settings), updated_at: now })
    .where('shop_id', '=', program.shopId)
    .execute();
  if (program.status === 'published')
    await queueVisibilityEvents(trx, program, settings.storeVersionIds, now);
  return { ...program, settings, updatedAt: now };
}

/** A published program shown in more or fewer store versions: `program.published` / `program.hidden` for them. */
async function queueVisibilityEvents(
  trx: Transaction<Database>,
  program: Program,
  next: string[],
  now: Date,
) {
  const before = program.settings.storeVersionIds;
  const shown = next.filter((id) => !before.includes(id));
  const hidden = before.filter((id) => !next.includes(id));
  const changes = [
    { type: 'program.published', storeVersionIds: shown },
    { type: 'program.hidden', storeVersionIds: hidden },
  ] as const;
  for (const { type, storeVersionIds } of changes) {
    if (storeVersionIds.length === 0) continue;
    await queueEvent(trx, {
      shopId: program.shopId,
      type,
      customerId: null,
      data: { storeVersionIds },
      at: now,
    });
  }
}

import { codeRemindersOf, DEFAULT_TIME_ZONE, type ProgramSettings } from '../../domain/program/settings.ts';
import { expiringBefore } from '../../domain/segments/segment-days.ts';
import type { AppContext } from '../context.ts';
import { queueReminderLetters } from '../mail/reminder-letters.ts';

export interface ReminderPass {
  shopId: string;
  /** Reminders queued in the outbox by this pass. */
  queued: number;
}

/**
 * The daily pass of point reminders (docs/segments.md, "Reminders"): for every published program
 * that turned reminders on, queues an e-mail for each unused code whose last valid day, in the
 * shop's zone, is within the program's `daysBefore` days of today, to members who consented to
 * marketing; once per code. Running it again the same day (or on two servers) queues nothing more.
 */
export async function queueDueReminders(
  ctx: AppContext,
  options: { shopId?: string } = {},
): Promise<ReminderPass[]> {
  const now = ctx.clock.now();
  let query = ctx.db.selectFrom('programs').select(['shop_id', 'settings']).where('status', '=', 'published');
  if (options.shopId !== undefined) query = query.where('shop_id', '=', options.shopId);
  const programs = await query.orderBy('shop_id').execute();
  const passes: ReminderPass[] = [];
  for (const program of programs) {
    const settings = program.settings as ProgramSettings;
    const reminders = codeRemindersOf(settings);
    if (!reminders.enabled) continue;
    const expiresBy = expiringBefore(now, reminders.daysBefore, settings.timeZone ?? DEFAULT_TIME_ZONE);
    const queued = await queueReminderLetters(ctx.db, { shopId: program.shop_id, now, expiresBy });
    passes.push({ shopId: program.shop_id, queued });
  }
  return passes;
}

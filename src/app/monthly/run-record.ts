import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';
import type { MonthlyRun } from '../../db/tables-monthly.ts';
import { queueEvent } from '../webhooks/event-outbox.ts';

/**
 * The most slices a run's members are cut into, so that a few runners can share a big shop; no
 * more runners than this can work on one run at once.
 */
export const MAX_SLICES = 4;

export interface RunToOpen {
  shopId: string;
  period: string;
  dueAt: Date;
  issuedAt: Date;
  expiresAt: Date;
  mail: boolean;
  now: Date;
  /** Members per batch: a shop smaller than two batches gets a single slice. */
  batchSize: number;
}

export type OpenedRun = { run: MonthlyRun; state: 'started' | 'resumed' | 'completed' };

/**
 * Creates the month's run record with its slices, or finds the one a runner (this process
 * earlier, another process, or one that crashed) already created. The primary key decides which
 * of two simultaneous starts creates it; the other waits for that transaction and then resumes.
 */
export function openRun(db: Db, input: RunToOpen): Promise<OpenedRun> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('monthly_runs')
      .values({
        shop_id: input.shopId,
        period: input.period,
        due_at: input.dueAt,
        issued_at: input.issuedAt,
        expires_at: input.expiresAt,
        mail: input.mail,
        started_at: input.now,
        finished_at: null,
      })
      .onConflict((oc) => oc.columns(['shop_id', 'period']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      await createSlices(trx, input);
      return { run: inserted, state: 'started' };
    }
    const run = await trx
      .selectFrom('monthly_runs')
      .selectAll()
      .where('shop_id', '=', input.shopId)
      .where('period', '=', input.period)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (run.status === 'completed') return { run, state: 'completed' };
    // A run resumed after its codes' expiry would issue codes that are already dead: from here on
    // they count from now, like a late run's.
    const refresh = run.expires_at.getTime() <= input.now.getTime();
    const resumed = await trx
      .updateTable('monthly_runs')
      .set((eb) => ({
        starts: eb('starts', '+', 1),
        mail: input.mail,
        ...(refresh ? { issued_at: input.issuedAt, expires_at: input.expiresAt } : {}),
      }))
      .where('shop_id', '=', input.shopId)
      .where('period', '=', input.period)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { run: resumed, state: 'resumed' };
  });
}

/** Cuts the shop's members into slices of about equal size by customer id. */
async function createSlices(trx: Transaction<Database>, input: RunToOpen): Promise<void> {
  const members = await activeMemberCount(trx, input.shopId);
  const count = Math.max(1, Math.min(MAX_SLICES, Math.floor(members / (2 * input.batchSize))));
  const bounds: (string | null)[] = [null];
  for (let i = 1; i < count; i++) {
    const row = await trx
      .selectFrom('members')
      .select('customer_id')
      .where('shop_id', '=', input.shopId)
      .where('left_at', 'is', null)
      .orderBy('customer_id')
      .offset(Math.floor((i * members) / count))
      .limit(1)
      .executeTakeFirst();
    if (row && row.customer_id !== bounds.at(-1)) bounds.push(row.customer_id);
  }
  bounds.push(null);
  await trx
    .insertInto('monthly_run_slices')
    .values(
      bounds.slice(0, -1).map((afterId, slice) => ({
        shop_id: input.shopId,
        period: input.period,
        slice,
        after_id: afterId,
        through_id: bounds[slice + 1] ?? null,
        cursor_id: null,
        updated_at: input.now,
      })),
    )
    .execute();
}

export async function activeMemberCount(db: Db | Transaction<Database>, shopId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId)
    .where('left_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface ClaimedSlice {
  slice: number;
  afterId: string;
  throughId: string | null;
}

/**
 * Takes a slice for one batch, holding its row lock until the caller's transaction ends: first a
 * slice no other runner holds; failing that, it waits for a held one, so a runner that is done
 * with its own slices helps finish (or takes over from a runner that died) rather than return
 * before the month is complete. Undefined when every slice is done.
 */
export async function claimSlice(
  trx: Transaction<Database>,
  shopId: string,
  period: string,
): Promise<ClaimedSlice | undefined> {
  const query = trx
    .selectFrom('monthly_run_slices')
    .select(['slice', 'after_id', 'cursor_id', 'through_id'])
    .where('shop_id', '=', shopId)
    .where('period', '=', period)
    .where('status', '=', 'running')
    .orderBy('slice')
    .limit(1)
    .forUpdate();
  const row = (await query.skipLocked().executeTakeFirst()) ?? (await query.executeTakeFirst());
  if (!row) return undefined;
  return { slice: row.slice, afterId: row.cursor_id ?? row.after_id ?? '', throughId: row.through_id };
}

export interface SliceProgress {
  lastId: string | null;
  scanned: number;
  converted: number;
  pointsDeducted: number;
  valueCents: number;
  mailsQueued: number;
  busyMs: number;
}

/** Records a committed batch on its slice, in the batch's transaction; an empty batch ends the slice. */
export async function advanceSlice(
  trx: Transaction<Database>,
  key: { shopId: string; period: string; slice: number },
  batch: SliceProgress,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('monthly_run_slices')
    .set((eb) => ({
      ...(batch.scanned === 0 ? { status: 'done' as const } : { cursor_id: batch.lastId }),
      batches: eb('batches', '+', 1),
      busy_ms: eb('busy_ms', '+', Math.round(batch.busyMs)),
      members_scanned: eb('members_scanned', '+', batch.scanned),
      members_converted: eb('members_converted', '+', batch.converted),
      points_deducted: eb('points_deducted', '+', batch.pointsDeducted),
      codes_value_cents: eb('codes_value_cents', '+', batch.valueCents),
      mails_queued: eb('mails_queued', '+', batch.mailsQueued),
      updated_at: now,
    }))
    .where('shop_id', '=', key.shopId)
    .where('period', '=', key.period)
    .where('slice', '=', key.slice)
    .execute();
}

/**
 * Marks the run completed once none of its slices is running, copying the slices' totals onto
 * it. Run after the batches have committed, under the run's row lock, so that of two runners
 * finishing their last slices at the same time the later one sees both done.
 */
export function completeRun(db: Db, shopId: string, period: string, finishedAt: Date): Promise<MonthlyRun> {
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .selectFrom('monthly_runs')
      .selectAll()
      .where('shop_id', '=', shopId)
      .where('period', '=', period)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (run.status === 'completed') return run;
    const totals = await sliceTotals(trx, shopId, period);
    if (totals.running > 0) return run;
    const completed = await trx
      .updateTable('monthly_runs')
      .set({
        status: 'completed',
        finished_at: finishedAt,
        batches: totals.batches,
        busy_ms: totals.busyMs,
        members_scanned: totals.membersScanned,
        members_converted: totals.membersConverted,
        points_deducted: totals.pointsDeducted,
        codes_value_cents: totals.codesValueCents,
        mails_queued: totals.mailsQueued,
      })
      .where('shop_id', '=', shopId)
      .where('period', '=', period)
      .returningAll()
      .executeTakeFirstOrThrow();
    await queueEvent(trx, {
      shopId,
      type: 'monthly_run.finished',
      customerId: null,
      data: {
        period,
        membersConverted: totals.membersConverted,
        pointsDeducted: totals.pointsDeducted,
        codesValueCents: totals.codesValueCents,
        mailsQueued: totals.mailsQueued,
      },
      at: finishedAt,
    });
    return completed;
  });
}

export interface SliceTotals {
  running: number;
  batches: number;
  busyMs: number;
  membersScanned: number;
  membersConverted: number;
  pointsDeducted: number;
  codesValueCents: number;
  mailsQueued: number;
}

export async function sliceTotals(
  db: Db | Transaction<Database>,
  shopId: string,
  period: string,
): Promise<SliceTotals> {
  const { rows } = await sql<SliceTotals>`
    select count(*) filter (where status = 'running')::int as running,
           coalesce(sum(batches), 0)::int as batches,
           coalesce(sum(busy_ms), 0)::bigint as "busyMs",
           coalesce(sum(members_scanned), 0)::bigint as "membersScanned",
           coalesce(sum(members_converted), 0)::bigint as "membersConverted",
           coalesce(sum(points_deducted), 0)::bigint as "pointsDeducted",
           coalesce(sum(codes_value_cents), 0)::bigint as "codesValueCents",
           coalesce(sum(mails_queued), 0)::bigint as "mailsQueued"
    from monthly_run_slices where shop_id = ${shopId} and period = ${period}`.execute(db);
  return rows[0]!;
}

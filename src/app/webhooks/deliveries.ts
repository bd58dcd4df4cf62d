import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { WebhookDeliveryStatus } from '../../db/tables-webhooks.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  afterFailure,
  attemptSucceeded,
  DEFAULT_DISABLE_AFTER_DAYS,
  endpointToDisable,
} from '../../domain/webhooks/delivery-rules.ts';
import type { AppContext } from '../context.ts';
import { queueWebhookDisabledMail } from '../mail/webhook-disabled-mail.ts';
import { pageBefore } from '../reports/paging.ts';

export type { WebhookDeliveryStatus };

/**
 * The dispatcher's use cases (the job is src/jobs/webhook-dispatcher.ts): which endpoints have
 * deliveries due, claiming a batch of one endpoint's deliveries, recording how the attempts went
 * (retry with backoff, give up after three days, disable an endpoint failing for days), and the
 * delivery log with its manual replay. docs/webhooks.md.
 */

/** An endpoint with deliveries due now. */
export interface DueEndpoint {
  shopId: string;
  endpointId: string;
}

/** The enabled endpoints with a delivery due at `now` (or a claim whose dispatcher vanished). */
export async function dueEndpoints(ctx: AppContext, now: Date): Promise<DueEndpoint[]> {
  // Claims whose lease ran out go back to the queue first, keeping their place.
  await ctx.db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', lease_until: null, next_attempt_at: now })
    .where('status', '=', 'sending')
    .where('lease_until', '<=', now)
    .execute();
  const rows = await ctx.db
    .selectFrom('webhook_endpoints as w')
    .select(['w.shop_id', 'w.id'])
    .where('w.enabled', '=', true)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('webhook_deliveries as d')
          .select(sql`1`.as('one'))
          .whereRef('d.shop_id', '=', 'w.shop_id')
          .whereRef('d.endpoint_id', '=', 'w.id')
          .where('d.status', '=', 'pending')
          .where('d.next_attempt_at', '<=', now),
      ),
    )
    .execute();
  return rows.map((r) => ({ shopId: r.shop_id, endpointId: r.id }));
}

export interface ClaimedDelivery {
  seq: number;
  eventId: string;
  /** The body as stored: sent and signed exactly as it is. */
  body: string;
  attempts: number;
  createdAt: Date;
}

export interface ClaimedBatch {
  url: string;
  /** The secrets that sign: the current one, and the previous one during a rotation's overlap. */
  secrets: string[];
  deliveries: ClaimedDelivery[];
}

/**
 * Claims up to `limit` of the endpoint's due deliveries, oldest first, for `leaseMs`: none whose
 * member has an earlier delivery to this endpoint still open (pending or being sent), so one
 * member's events arrive in order. `for update skip locked` lets several dispatchers share the
 * queue without waiting for one another. Null when the endpoint is gone or disabled.
 */
export async function claimDeliveries(
  ctx: AppContext,
  input: DueEndpoint & { now: Date; limit: number; leaseMs: number },
): Promise<ClaimedBatch | null> {
  const { shopId, endpointId, now } = input;
  return ctx.db.transaction().execute(async (trx) => {
    const endpoint = await trx
      .selectFrom('webhook_endpoints')
      .select(['url', 'secret', 'previous_secret', 'previous_secret_until', 'enabled'])
      .where('shop_id', '=', shopId)
      .where('id', '=', endpointId)
      .executeTakeFirst();
    if (!endpoint?.enabled) return null;
    const { rows } = await sql<{
      seq: number;
      event_id: string;
      body: string;
      attempts: number;
      created_at: Date;
    }>`
      with picked as (
        select d.shop_id, d.seq from webhook_deliveries d
        where d.shop_id = ${shopId} and d.endpoint_id = ${endpointId} and d.status = 'pending'
          and d.next_attempt_at <= ${now}
          and (d.customer_id is null or not exists (
            select 1 from webhook_deliveries p
            where p.shop_id = d.shop_id and p.endpoint_id = d.endpoint_id and p.customer_id = d.customer_id
              and p.status in ('pending', 'sending') and p.seq < d.seq))
        order by d.seq
        limit ${input.limit}
        for update skip locked
      )
      update webhook_deliveries d
      set status = 'sending', lease_until = ${new Date(now.getTime() + input.leaseMs)},
        attempts = d.attempts + 1, last_attempt_at = ${now}
      from picked where d.shop_id = picked.shop_id and d.seq = picked.seq
      returning d.seq, d.event_id, d.payload::text as body, d.attempts, d.created_at`.execute(trx);
    const secrets = [endpoint.secret];
    if (endpoint.previous_secret && endpoint.previous_secret_until && endpoint.previous_secret_until > now) {
      secrets.push(endpoint.previous_secret);
    }
    rows.sort((a, b) => a.seq - b.seq);
    return {
      url: endpoint.url,
      secrets,
      deliveries: rows.map((r) => ({
        seq: r.seq,
        eventId: r.event_id,
        body: r.body,
        attempts: r.attempts,
        createdAt: r.created_at,
      })),
    };
  });
}

/** How one attempt went: the HTTP status (null: no answer) and what went wrong, if anything. */
export interface AttemptOutcome {
  seq: number;
  attempts: number;
  createdAt: Date;
  status: number | null;
  error: string | null;
}

export interface RecordedAttempts {
  succeeded: number;
  retrying: number;
  givenUp: number;
  /** The endpoint was disabled now, after failing for `disableAfterDays`. */
  disabled: boolean;
  /** How many owners were e-mailed of the disabling. */
  ownersMailed?: number;
}

/**
 * Records a batch's attempts: a 2xx is delivered; anything else is tried again after a growing,
 * jittered delay, or given up three days after the event. An endpoint whose attempts have all
 * failed for `disableAfterDays` is disabled, and its shop's owners are e-mailed.
 */
export async function recordAttempts(
  ctx: AppContext,
  input: DueEndpoint & {
    now: Date;
    outcomes: AttemptOutcome[];
    random?: () => number;
    disableAfterDays?: number;
  },
): Promise<RecordedAttempts> {
  const { shopId, endpointId, now } = input;
  const { seqs, statuses, next, httpStatuses, errors, counts } = verdicts(
    input.outcomes,
    now,
    input.random ?? Math.random,
  );
  if (seqs.length === 0) return { ...counts, disabled: false };
  return ctx.db.transaction().execute(async (trx) => {
    await sql`
      update webhook_deliveries d
      set status = o.status, lease_until = null, last_status = o.http_status, last_error = o.error,
        next_attempt_at = coalesce(o.next_at, d.next_attempt_at),
        delivered_at = case when o.status = 'succeeded' then ${now}::timestamptz else d.delivered_at end
      from unnest(${seqs}::int8[], ${statuses}::text[], ${next}::timestamptz[], ${httpStatuses}::int[], ${errors}::text[])
        as o(seq, status, next_at, http_status, error)
      where d.shop_id = ${shopId} and d.seq = o.seq and d.status = 'sending'`.execute(trx);
    const health = await trx
      .updateTable('webhook_endpoints')
      .set({
        failing_since: counts.succeeded > 0 ? null : sql`coalesce(failing_since, ${now}::timestamptz)`,
      })
      .where('shop_id', '=', shopId)
      .where('id', '=', endpointId)
      .returning(['failing_since', 'enabled', 'url'])
      .executeTakeFirst();
    const days = input.disableAfterDays ?? DEFAULT_DISABLE_AFTER_DAYS;
    if (!health?.enabled || !endpointToDisable(health.failing_since, now, days))
      return { ...counts, disabled: false };
    const mailed = await disableFailingEndpoint(trx, {
      shopId,
      endpointId,
      url: health.url,
      failingSince: health.failing_since!,
      now,
    });
    return { ...counts, disabled: true, ownersMailed: mailed };
  });
}

/** Each attempt's new state by the rules, as the columns of one UPDATE. */
function verdicts(outcomes: AttemptOutcome[], now: Date, random: () => number) {
  const seqs: number[] = [];
  const statuses: WebhookDeliveryStatus[] = [];
  const next: (Date | null)[] = [];
  const httpStatuses: (number | null)[] = [];
  const errors: (string | null)[] = [];
  const counts = { succeeded: 0, retrying: 0, givenUp: 0 };
  for (const o of outcomes) {
    seqs.push(o.seq);
    httpStatuses.push(o.status);
    errors.push(o.error === null ? null : o.error.slice(0, 500));
    if (attemptSucceeded(o.status)) {
      statuses.push('succeeded');
      next.push(null);
      counts.succeeded++;
      continue;
    }
    const verdict = afterFailure({ attempts: o.attempts, createdAt: o.createdAt, now, random: random() });
    statuses.push(verdict.outcome === 'retry' ? 'pending' : 'failed');
    next.push(verdict.outcome === 'retry' ? verdict.nextAttemptAt : null);
    if (verdict.outcome === 'retry') counts.retrying++;
    else counts.givenUp++;
  }
  return { seqs, statuses, next, httpStatuses, errors, counts };
}

/**
 * Disables an endpoint that failed for days and queues the e-mail to the shop's owners (in a
 * savepoint: the endpoint is disabled even if the message cannot be queued). Returns how many
 * owners are mailed.
 */
async function disableFailingEndpoint(
  trx: Transaction<Database>,
  input: DueEndpoint & { url: string; failingSince: Date; now: Date },
): Promise<number> {
  const { shopId, endpointId, now } = input;
  await trx
    .updateTable('webhook_endpoints')
    .set({ enabled: false, disabled_at: now, disabled_reason: 'failing', updated_at: now })
    .where('shop_id', '=', shopId)
    .where('id', '=', endpointId)
    .execute();
  await sql`savepoint webhook_disabled_mail`.execute(trx);
  try {
    const mailed = await queueWebhookDisabledMail(trx, {
      shopId,
      endpointId,
      url: input.url,
      failingSince: input.failingSince,
      at: now,
    });
    await sql`release savepoint webhook_disabled_mail`.execute(trx);
    return mailed;
  } catch {
    await sql`rollback to savepoint webhook_disabled_mail`.execute(trx);
    return 0;
  }
}

/** One row of an endpoint's delivery log. */
export interface DeliveryLogRow {
  seq: number;
  eventId: string;
  eventType: string;
  customerId: string | null;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  replayOf: number | null;
  payload: unknown;
}

/** An endpoint's deliveries, newest first, a page at a time (pass the last `seq` seen as `before`). */
export async function listDeliveries(
  ctx: AppContext,
  input: DueEndpoint & {
    limit: number;
    before?: number | undefined;
    status?: WebhookDeliveryStatus | undefined;
  },
): Promise<{ deliveries: DeliveryLogRow[]; nextBefore: number | null }> {
  let query = ctx.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('shop_id', '=', input.shopId)
    .where('endpoint_id', '=', input.endpointId)
    .orderBy('seq', 'desc')
    .limit(input.limit + 1);
  if (input.before !== undefined) query = query.where('seq', '<', input.before);
  if (input.status !== undefined) query = query.where('status', '=', input.status);
  const rows = await query.execute();
  const page = pageBefore(
    rows,
    input.limit,
    (r) => ({
      seq: r.seq,
      eventId: r.event_id,
      eventType: r.event_type,
      customerId: r.customer_id,
      status: r.status,
      attempts: r.attempts,
      createdAt: r.created_at,
      nextAttemptAt: r.next_attempt_at,
      lastAttemptAt: r.last_attempt_at,
      lastStatus: r.last_status,
      lastError: r.last_error,
      deliveredAt: r.delivered_at,
      replayOf: r.replay_of,
      payload: r.payload,
    }),
    (d) => d.seq,
  );
  return { deliveries: page.entries, nextBefore: page.nextBefore };
}

/**
 * Sends a delivered or given-up event to its endpoint again: a new delivery (same event id, so a
 * receiver that keeps ids knows it), queued after the member's other events. Returns its seq.
 */
export async function replayDelivery(ctx: AppContext, input: DueEndpoint & { seq: number }): Promise<number> {
  const now = ctx.clock.now();
  const { rows } = await sql<{ seq: number }>`
    insert into webhook_deliveries
      (shop_id, endpoint_id, event_id, event_type, customer_id, payload, created_at, next_attempt_at, replay_of)
    select shop_id, endpoint_id, event_id, event_type, customer_id, payload, ${now}, ${now}, seq
    from webhook_deliveries
    where shop_id = ${input.shopId} and endpoint_id = ${input.endpointId} and seq = ${input.seq}
    returning seq`.execute(ctx.db);
  if (!rows[0]) {
    throw new DomainError(
      'webhook_delivery_not_found',
      `No delivery ${input.seq} of endpoint "${input.endpointId}"`,
    );
  }
  return rows[0].seq;
}

/** How many deliveries are in each state, all shops together (the benchmark's outbox size). */
export async function deliveryCounts(ctx: AppContext): Promise<Record<WebhookDeliveryStatus, number>> {
  const rows = await ctx.db
    .selectFrom('webhook_deliveries')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .groupBy('status')
    .execute();
  const counts = { pending: 0, sending: 0, succeeded: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

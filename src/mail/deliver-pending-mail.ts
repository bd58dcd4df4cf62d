import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../app/context.ts';
import { type MailDefaults, shopMailContexts } from '../app/mail/mail-settings.ts';
import { monthlyPayloadSchema, renderMonthlyMessage } from '../app/mail/monthly-message.ts';
import type { Db } from '../db/connect.ts';
import { MAX_ATTEMPTS, retryDelayMs } from './backoff.ts';
import { type ComposedMail, composeMail } from './compose.ts';
import { type DeliveryResult, errorText, type MailTransport } from './transport.ts';

export interface DeliveryOptions {
  defaults?: MailDefaults;
  /** Only this shop's messages. */
  shopId?: string;
  /** Messages claimed per round (default 200). */
  batchSize?: number;
  /** How long a claim keeps other senders away (default 5 minutes). */
  leaseMs?: number;
  /** Stop after attempting this many messages (default: until none is due). */
  maxMessages?: number;
  hooks?: DeliveryHooks;
  /** Stops after the current round (used at shutdown); what is claimed but not sent is claimed again later. */
  signal?: AbortSignal;
}

/** Points where tests stop a sender to see that nothing is lost or sent twice. */
export interface DeliveryHooks {
  /** A round's claim is committed; nothing of it has been sent. */
  afterClaim?(keys: string[]): void | Promise<void>;
  /** A group of messages went past the point of no return and the server answered; nothing is recorded yet. */
  afterHandOver?(results: { key: string; status: DeliveryResult['status'] }[]): void | Promise<void>;
}

export interface DeliveryReport {
  attempted: number;
  sent: number;
  kept: number;
  /** Not delivered this time; due again after a backoff. */
  retrying: number;
  failed: number;
  /** Handed over when the connection broke: maybe delivered, never resent by itself. */
  unknown: number;
  /** Taken over by another sender before they were handed over. */
  fenced: number;
}

const DEFAULT_DEFAULTS: MailDefaults = {
  publicUrl: 'http://localhost:3000',
  fromAddress: 'loyalty@localhost',
};

interface ClaimedRow {
  shop_id: string;
  message_key: string;
  message_id: string;
  recipient: string;
  payload: unknown;
  attempts: number;
}

/**
 * Delivers the outbox's due messages once through `transport`, at most one copy of each.
 *
 * 1. Claim a round of due messages with a lease (a committed update; `skip locked` keeps
 *    concurrent senders apart). A sender that dies now has sent nothing: the lease runs out and
 *    the messages are claimed again.
 * 2. Just before the point of no return, mark each message 'sending' — only if this sender's
 *    lease is still the one on the row — and commit. This is the fence: of two senders only one
 *    can get there, and a message marked 'sending' is never sent again by anyone.
 * 3. Let the transport finish (the SMTP end-of-data, the file's rename) and record the outcome.
 *    A sender that dies between 2 and 3 leaves the message 'sending'; when its lease runs out it
 *    becomes 'unknown' (almost always delivered) for the admin, and is not resent.
 *
 * Steps 2 and 3 are committed once for a group of messages carried at the same time, not once
 * per message, so delivery is not held back by the database's commit time.
 */
export async function deliverPendingMail(
  ctx: AppContext,
  transport: MailTransport,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const token = randomUUID();
  const defaults = options.defaults ?? DEFAULT_DEFAULTS;
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const report: DeliveryReport = {
    attempted: 0,
    sent: 0,
    kept: 0,
    retrying: 0,
    failed: 0,
    unknown: 0,
    fenced: 0,
  };
  while (!options.signal?.aborted) {
    const limit = Math.min(batchSize, (options.maxMessages ?? Number.POSITIVE_INFINITY) - report.attempted);
    if (limit <= 0) break;
    const now = ctx.clock.now();
    report.unknown += await markVanishedSenders(ctx.db, now);
    const claimed = await claim(ctx.db, { token, now, leaseMs, limit, shopId: options.shopId });
    if (claimed.length === 0) break;
    report.attempted += claimed.length;
    await options.hooks?.afterClaim?.(claimed.map((row) => row.message_key));

    const shops = await shopMailContexts(ctx.db, [...new Set(claimed.map((row) => row.shop_id))], defaults);
    const ready: { row: ClaimedRow; mail: ComposedMail }[] = [];
    const unrenderable: Outcome[] = [];
    for (const row of claimed) {
      try {
        const shop = shops.get(row.shop_id);
        if (!shop) throw new Error(`Shop "${row.shop_id}" no longer exists`);
        const message = renderMonthlyMessage(monthlyPayloadSchema.parse(row.payload), shop);
        ready.push({ row, mail: await composeMail(shop, row, message, now) });
      } catch (error) {
        unrenderable.push({ row, result: { status: 'not_sent', error: errorText(error), permanent: true } });
      }
    }
    if (unrenderable.length) await record(ctx.db, token, now, unrenderable, report);

    for (let i = 0; i < ready.length; i += transport.parallel) {
      const wave = ready.slice(i, i + transport.parallel);
      const gate = new HandOverGate(wave.length, (keys) => handOver(ctx.db, token, now, keys));
      const outcomes = await Promise.all(
        wave.map(async ({ row, mail }): Promise<Outcome> => {
          const key = { shopId: row.shop_id, messageKey: row.message_key };
          let result: DeliveryResult;
          try {
            result = await transport.deliver(mail, () => gate.request(key));
          } catch (error) {
            result = { status: 'not_sent', error: errorText(error), permanent: false };
          }
          gate.finished(key);
          return { row, result };
        }),
      );
      await options.hooks?.afterHandOver?.(
        outcomes.map((o) => ({ key: o.row.message_key, status: o.result.status })),
      );
      await record(ctx.db, token, now, outcomes, report);
    }
  }
  return report;
}

type Key = { shopId: string; messageKey: string };
type Outcome = { row: ClaimedRow; result: DeliveryResult };

/** Messages left 'sending' by a sender whose lease ran out: it died after handing them over. */
async function markVanishedSenders(db: Db, now: Date): Promise<number> {
  const result = await db
    .updateTable('mail_outbox')
    .set({
      status: 'unknown',
      last_error: 'The sender stopped after handing the message over; it was probably delivered',
    })
    .where('status', '=', 'sending')
    .where('lease_until', '<', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

async function claim(
  db: Db,
  input: { token: string; now: Date; leaseMs: number; limit: number; shopId: string | undefined },
): Promise<ClaimedRow[]> {
  const shopFilter = input.shopId === undefined ? sql`` : sql`and shop_id = ${input.shopId}`;
  const { rows } = await sql<ClaimedRow>`
    update mail_outbox o
    set lease_token = ${input.token}, lease_until = ${new Date(input.now.getTime() + input.leaseMs)},
        attempts = o.attempts + 1
    from (
      select shop_id, message_key from mail_outbox
      where status = 'pending' and next_attempt_at <= ${input.now}
        and (lease_until is null or lease_until <= ${input.now}) ${shopFilter}
      order by next_attempt_at
      limit ${input.limit}
      for update skip locked
    ) due
    where o.shop_id = due.shop_id and o.message_key = due.message_key
    returning o.shop_id, o.message_key, o.message_id, o.recipient, o.payload, o.attempts`.execute(db);
  return rows;
}

/** The fence: 'sending' only for rows this sender still holds; returns the keys it may deliver. */
async function handOver(db: Db, token: string, now: Date, keys: Key[]): Promise<Set<string>> {
  const { rows } = await sql<{ shop_id: string; message_key: string }>`
    update mail_outbox o set status = 'sending', handed_at = ${now}
    from unnest(${keys.map((k) => k.shopId)}::text[], ${keys.map((k) => k.messageKey)}::text[]) as k(shop_id, message_key)
    where o.shop_id = k.shop_id and o.message_key = k.message_key
      and o.lease_token = ${token} and o.status = 'pending'
    returning o.shop_id, o.message_key`.execute(db);
  return new Set(rows.map((r) => keyString({ shopId: r.shop_id, messageKey: r.message_key })));
}

async function record(
  db: Db,
  token: string,
  now: Date,
  outcomes: Outcome[],
  report: DeliveryReport,
): Promise<void> {
  const rows: {
    shop: string;
    key: string;
    status: string;
    path: string | null;
    error: string | null;
    next: Date | null;
  }[] = [];
  for (const { row, result } of outcomes) {
    const base = { shop: row.shop_id, key: row.message_key, path: null, error: null, next: null };
    switch (result.status) {
      case 'sent':
        report.sent++;
        rows.push({ ...base, status: 'sent' });
        break;
      case 'kept':
        report.kept++;
        rows.push({ ...base, status: 'kept', path: result.path });
        break;
      case 'ambiguous':
        report.unknown++;
        rows.push({ ...base, status: 'unknown', error: result.error });
        break;
      case 'not_sent': {
        const give_up = result.permanent || row.attempts >= MAX_ATTEMPTS;
        if (give_up) report.failed++;
        else report.retrying++;
        rows.push({
          ...base,
          status: give_up ? 'failed' : 'pending',
          error: result.error,
          next: new Date(now.getTime() + retryDelayMs(row.attempts)),
        });
        break;
      }
      case 'fenced':
        report.fenced++;
        break;
    }
  }
  if (rows.length === 0) return;
  await sql`
    update mail_outbox o
    set status = v.status,
        sent_at = case when v.status in ('sent', 'kept') then ${now}::timestamptz else o.sent_at end,
        kept_path = coalesce(v.path, o.kept_path),
        last_error = case when v.status in ('sent', 'kept') then null else v.error end,
        next_attempt_at = coalesce(v.next, o.next_attempt_at),
        lease_until = null
    from unnest(${rows.map((r) => r.shop)}::text[], ${rows.map((r) => r.key)}::text[], ${rows.map((r) => r.status)}::text[],
                ${rows.map((r) => r.path)}::text[], ${rows.map((r) => r.error)}::text[], ${rows.map((r) => r.next)}::timestamptz[])
         as v(shop_id, message_key, status, path, error, next)
    where o.shop_id = v.shop_id and o.message_key = v.message_key and o.lease_token = ${token}`.execute(db);
}

const keyString = (key: Key) => `${key.shopId}\u0000${key.messageKey}`;

/**
 * Collects the hand-over requests of messages carried side by side and commits them in one
 * statement once every message of the group has either asked or finished without asking.
 */
class HandOverGate {
  private readonly requests = new Map<string, Key>();
  private readonly done = new Set<string>();
  private decision: Promise<Set<string>> | undefined;
  private open!: (keys: Set<string>) => void;
  private readonly decided = new Promise<Set<string>>((resolve) => {
    this.open = resolve;
  });

  constructor(
    private readonly size: number,
    private readonly commit: (keys: Key[]) => Promise<Set<string>>,
  ) {}

  async request(key: Key): Promise<boolean> {
    this.requests.set(keyString(key), key);
    this.maybeCommit();
    return (await this.decided).has(keyString(key));
  }

  finished(key: Key) {
    this.done.add(keyString(key));
    this.maybeCommit();
  }

  private maybeCommit() {
    if (this.decision) return;
    const settled = new Set([...this.requests.keys(), ...this.done]).size;
    if (settled < this.size) return;
    this.decision = this.requests.size
      ? this.commit([...this.requests.values()]).catch(() => new Set<string>())
      : Promise.resolve(new Set<string>());
    void this.decision.then(this.open);
  }
}

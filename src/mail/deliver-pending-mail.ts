import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app/context.ts';
import { type MailDefaults, shopMailContexts } from '../app/mail/mail-settings.ts';
import {
  type ClaimedRow,
  claimOutboxRows,
  handOverOutboxRows,
  type Key,
  keyString,
  markVanishedSenders,
  type OutcomeRow,
  recordOutboxOutcomes,
} from '../app/mail/outbox-delivery.ts';
import { renderOutboxMessage } from '../app/mail/render-outbox.ts';
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
    const claimed = await claimOutboxRows(ctx.db, { token, now, leaseMs, limit, shopId: options.shopId });
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
        const message = renderOutboxMessage(row, shop);
        ready.push({ row, mail: await composeMail(shop, row, message, now) });
      } catch (error) {
        unrenderable.push({ row, result: { status: 'not_sent', error: errorText(error), permanent: true } });
      }
    }
    if (unrenderable.length) await record(ctx.db, token, now, unrenderable, report);

    for (let i = 0; i < ready.length; i += transport.parallel) {
      const wave = ready.slice(i, i + transport.parallel);
      const gate = new HandOverGate(wave.length, (keys) => handOverOutboxRows(ctx.db, token, now, keys));
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

type Outcome = { row: ClaimedRow; result: DeliveryResult };

async function record(
  db: AppContext['db'],
  token: string,
  now: Date,
  outcomes: Outcome[],
  report: DeliveryReport,
): Promise<void> {
  const rows: OutcomeRow[] = [];
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
  await recordOutboxOutcomes(db, token, now, rows);
}

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

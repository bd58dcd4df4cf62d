import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import { ManualClock } from '../../src/clock.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { convertBalance } from '../../src/domain/conversion/monthly-conversion.ts';
import { presetSettings } from '../../src/domain/program/settings.ts';
import { deliverPendingMail } from '../../src/mail/deliver-pending-mail.ts';
import { smtpTransport } from '../../src/mail/smtp-transport.ts';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink.ts';
import { postgresForTests } from '../support/requirements.ts';
import { type PostgresSchema, postgresSchema, seedShop, startingBalance } from './postgres.ts';
import { assertBalancesMatchLedger, local } from './support.ts';

const POSTGRES = await postgresForTests();

const MEMBERS = 300;

describe('two runs of the same shop and month at the same time (two connection pools, PostgreSQL)', {
  skip: POSTGRES.skip,
}, () => {
  let schema: PostgresSchema;
  let first: DatabaseHandle;
  let second: DatabaseHandle;
  let sink: SmtpSink;
  const clock = new ManualClock(local('2026-12-01 00:00'));
  const ctx = (database: DatabaseHandle): AppContext => ({ db: database.db, clock });

  before(async () => {
    schema = await postgresSchema();
    first = await schema.open(6);
    second = await schema.open(6);
    await seedShop(first.db, 'twin', MEMBERS);
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink?.close();
    await first?.close();
    await second?.close();
    await schema?.drop();
  });

  test('one set of codes, while the members keep earning and spending', async () => {
    // Adjustments arrive throughout the runs; they must neither be lost nor break the balances. They
    // go to members well above the top tier, so which code each member gets is known in advance.
    const steady = Array.from({ length: MEMBERS }, (_, i) => i).filter((i) => {
      const balance = startingBalance(i);
      return balance >= 560 && balance <= 1400;
    });
    let adjusting = true;
    const adjustments = (async () => {
      let n = 0;
      while (adjusting && n < 2 * steady.length) {
        const customerId = `m${String(steady[n % steady.length]).padStart(4, '0')}`;
        await adjustPoints(ctx(second), {
          shopId: 'twin',
          customerId,
          points: n % 2 ? 7 : -3,
          reason: 'during the run',
          author: 'test',
        });
        n++;
      }
      return n;
    })();
    const runs = await Promise.all([
      runMonthlyConversion(ctx(first), { shopId: 'twin', period: '2026-12', batchSize: 20, concurrency: 2 }),
      runMonthlyConversion(ctx(second), { shopId: 'twin', period: '2026-12', batchSize: 20, concurrency: 2 }),
    ]);
    adjusting = false;
    const adjusted = await adjustments;
    assert.ok(adjusted > 0);

    const expected = Array.from({ length: MEMBERS }, (_, i) =>
      convertBalance(startingBalance(i), presetSettings().tiers),
    );
    const converting = expected.filter(Boolean).length;
    for (const run of runs) assert.equal(run.membersConverted, converting);
    const codes = await first.db
      .selectFrom('discount_codes')
      .select(['customer_id'])
      .where('shop_id', '=', 'twin')
      .where('period', '=', '2026-12')
      .execute();
    assert.equal(codes.length, converting);
    assert.equal(new Set(codes.map((c) => c.customer_id)).size, converting);
    const entries = await first.db
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('shop_id', '=', 'twin')
      .where('kind', '=', 'conversion')
      .executeTakeFirstOrThrow();
    assert.equal(Number(entries.n), converting);
    await assertBalancesMatchLedger(ctx(first), 'twin');
    const run = await first.db
      .selectFrom('monthly_runs')
      .selectAll()
      .where('shop_id', '=', 'twin')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [run.status, run.members_converted, run.members_scanned],
      ['completed', converting, MEMBERS],
    );
  });

  test('two senders at the same time deliver each message once', async () => {
    const a = smtpTransport(sink.url);
    const b = smtpTransport(sink.url);
    const [ra, rb] = await Promise.all([
      deliverPendingMail(ctx(first), a, { batchSize: 30 }),
      deliverPendingMail(ctx(second), b, { batchSize: 30 }),
    ]);
    await a.close();
    await b.close();
    const outbox = await first.db
      .selectFrom('mail_outbox')
      .select(['message_id', 'status'])
      .where('shop_id', '=', 'twin')
      .execute();
    assert.ok(ra.sent > 0 && rb.sent > 0, `both senders worked (${ra.sent} + ${rb.sent})`);
    assert.equal(ra.sent + rb.sent, outbox.length);
    assert.ok(outbox.every((r) => r.status === 'sent'));
    assert.equal(sink.received.length, outbox.length);
    assert.ok([...sink.counts().values()].every((n) => n === 1));
  });
});

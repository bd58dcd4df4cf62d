import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { periodOf } from '../../src/domain/conversion/code-validity.ts';
import { convertBalance } from '../../src/domain/conversion/monthly-conversion.ts';
import { presetSettings } from '../../src/domain/program/settings.ts';

import { postgresForTests } from '../support/requirements.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { type SeededShopOnPostgres, seededShopWithMailSink, startingBalance } from './postgres.ts';
import { assertBalancesMatchLedger } from './support.ts';

const POSTGRES = await postgresForTests();

const MEMBERS = 400;
const SHOP = 'crash';

/** Starts the child; resolves with its first line matching `until` (then kills it if asked), rejects if it exits first. */
function runChild(
  { schema, sink }: SeededShopOnPostgres,
  period: string,
  stopAt: string,
  kill: { afterLine: string; delayMs?: number } | null,
): Promise<string[]> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/monthly/crash-child.ts', schema.url, sink.url, SHOP, period, stopAt],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (kill && line.startsWith(kill.afterLine)) {
        setTimeout(() => child.kill('SIGKILL'), kill.delayMs ?? 0);
      }
    });
    void exited.then((code) => {
      if (kill) {
        if (child.signalCode === 'SIGKILL') resolve(lines);
        else
          reject(
            new Error(
              `the child was to be killed after "${kill.afterLine}" but exited (${code}): ${lines.join(' | ')}`,
            ),
          );
      } else if (code === 0 && lines.includes('DONE')) resolve(lines);
      else reject(new Error(`the child failed (${code}): ${lines.join(' | ')}`));
    });
  });
}

describe('crash safety: a real process killed with SIGKILL at several points, then restarted (PostgreSQL)', {
  skip: POSTGRES.skip,
}, () => {
  const seeded = suiteFixture(() => seededShopWithMailSink(SHOP, MEMBERS));
  const period = periodOf(new Date(), 'Europe/Helsinki');

  test('every member gets exactly one code and every e-mail reaches the server exactly once', async () => {
    // Somewhere in the conversion, by the clock.
    await runChild(seeded, period, '-', { afterLine: 'STARTED', delayMs: 40 });
    // After some batches committed (the other worker may have gone on).
    await runChild(seeded, period, 'progress:4', { afterLine: 'PAUSED' });
    // With all codes issued, before any mail left.
    await runChild(seeded, period, 'converted', { afterLine: 'PAUSED' });
    // Mail claimed (leased), nothing handed over.
    await runChild(seeded, period, 'claim:1', { afterLine: 'PAUSED' });
    // Between sending and marking sent: the server has the messages, the outbox says 'sending'.
    await runChild(seeded, period, 'handed:1', { afterLine: 'PAUSED' });
    await runChild(seeded, period, 'handed:4', { afterLine: 'PAUSED' });
    // And a restart that runs to the end.
    await runChild(seeded, period, '-', null);

    const db = seeded.database.db;
    const run = await db
      .selectFrom('monthly_runs')
      .selectAll()
      .where('shop_id', '=', SHOP)
      .executeTakeFirstOrThrow();
    assert.equal(run.status, 'completed');
    assert.ok(run.starts >= 2, `the run was resumed after a kill (${run.starts} starts)`);

    const tiers = presetSettings().tiers;
    const codes = await db
      .selectFrom('discount_codes')
      .select(['customer_id', 'points'])
      .where('shop_id', '=', SHOP)
      .where('period', '=', period)
      .execute();
    const byMember = new Map(codes.map((c) => [c.customer_id, c.points]));
    assert.equal(byMember.size, codes.length, 'no member has two codes');
    const balances = new Map(
      (
        await db
          .selectFrom('member_balances')
          .select(['customer_id', 'balance'])
          .where('shop_id', '=', SHOP)
          .execute()
      ).map((b) => [b.customer_id, b.balance]),
    );
    let converting = 0;
    for (let i = 0; i < MEMBERS; i++) {
      const id = `m${String(i).padStart(4, '0')}`;
      const expected = convertBalance(startingBalance(i), tiers);
      if (expected) converting++;
      assert.equal(byMember.get(id), expected?.pointsCost, `${id}: the code it should have`);
      assert.equal(balances.get(id), expected ? expected.rest : startingBalance(i), `${id}: its balance`);
    }
    assert.ok(converting > MEMBERS / 2);
    await assertBalancesMatchLedger({ db, clock: { now: () => new Date() } }, SHOP);

    const outbox = await db
      .selectFrom('mail_outbox')
      .select(['message_id', 'status'])
      .where('shop_id', '=', SHOP)
      .execute();
    assert.equal(outbox.length, converting, 'one e-mail per member with a code');
    const counts = seeded.sink.counts();
    for (const row of outbox) {
      assert.equal(
        counts.get(`<${row.message_id}@localhost>`),
        1,
        `${row.message_id} (${row.status}) arrived once`,
      );
    }
    assert.equal(seeded.sink.received.length, outbox.length, 'nothing else arrived');
    const unknown = outbox.filter((r) => r.status === 'unknown').length;
    assert.ok(
      unknown > 0 && unknown <= 10,
      `only the messages handed over when killed are unknown (${unknown})`,
    );
    assert.equal(outbox.filter((r) => r.status === 'sent').length, outbox.length - unknown);
  });
});

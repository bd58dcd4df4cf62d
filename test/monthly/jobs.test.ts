import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { readConfig } from '../../src/config.ts';
import { startMonthlyJobs } from '../../src/jobs/monthly-jobs-hook.ts';
import { startMonthlyScheduler } from '../../src/jobs/monthly-scheduler.ts';
import { testApp } from '../support/database.ts';
import { publishedShop } from '../support/fixtures.ts';
import { withMailDir } from '../support/mail-folder.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';
import { local, memberWithPoints } from './support.ts';

describe('the jobs started with the service', () => {
  const app = suiteFixture(() =>
    prepared(withMailDir(testApp('2026-06-15T10:00:00Z')), async ({ ctx }) => {
      await publishedShop(ctx, 'hel');
      await publishedShop(ctx, 'nyc', { timeZone: 'America/New_York' });
      await memberWithPoints(ctx, 'hel', 'm', 620);
    }),
  );

  test('a month-start job per time zone in use, firing at that zone’s next midnight on the 1st', async () => {
    const scheduler = await startMonthlyScheduler(app.ctx, () => {});
    try {
      const jobs = scheduler.jobs().sort((a, b) => a.timeZone.localeCompare(b.timeZone));
      assert.deepEqual(
        jobs.map((j) => j.timeZone),
        ['America/New_York', 'Europe/Helsinki'],
      );
      for (const job of jobs) {
        const next = job.nextRun!;
        const wall = new Intl.DateTimeFormat('en-GB', {
          timeZone: job.timeZone,
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(next);
        assert.equal(wall, '1, 00:00', `${job.timeZone} fires at ${next.toISOString()}`);
      }
    } finally {
      scheduler.stop();
    }
  });

  test('at start it catches up the months missed while down and keeps the e-mails as files', async () => {
    app.clock.set(local('2026-08-10 09:00'));
    const lines: string[] = [];
    // Waits for the sender to report the message kept, however long the catch-up takes.
    let kept = () => {};
    const mailKept = new Promise<void>((resolve) => {
      kept = resolve;
    });
    const stop = await startMonthlyJobs({
      ctx: app.ctx,
      config: { ...readConfig({}), mailDir: app.mailDir, smtpUrl: undefined },
      log: (line) => {
        lines.push(line);
        if (/^mail: 1 kept/.test(line)) kept();
      },
    });
    try {
      await mailKept;
    } finally {
      await stop();
    }
    const runs = await app.ctx.db
      .selectFrom('monthly_runs')
      .select(['shop_id', 'period', 'status'])
      .orderBy('period')
      .execute();
    assert.deepEqual(
      runs.filter((r) => r.shop_id === 'hel').map((r) => [r.period, r.status]),
      [
        ['2026-07', 'completed'],
        ['2026-08', 'completed'],
      ],
    );
    // Months caught up together send one e-mail: August's, listing both codes.
    assert.deepEqual(await readdir(join(app.mailDir, 'hel')), ['monthly%3A2026-08%3Am.eml']);
    const mail = await simpleParser(await readFile(join(app.mailDir, 'hel', 'monthly%3A2026-08%3Am.eml')));
    assert.match(mail.text ?? '', / 40,00\u00a0€, voimassa/);
    assert.match(mail.text ?? '', / 5,00\u00a0€, voimassa/);
    assert.match(mail.text ?? '', /Pistesaldosi: 20 pistettä/);
    assert.ok(lines.some((l) => /monthly conversion hel 2026-07/.test(l)));
    assert.ok(lines.some((l) => /mail: 1 kept/.test(l)));
  });
});

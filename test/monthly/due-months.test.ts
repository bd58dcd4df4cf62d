import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { duePeriods, runDueMonths } from '../../src/app/monthly/due-months.ts';
import { monthStart, nextPeriod } from '../../src/domain/conversion/code-validity.ts';
import { monthStartJob } from '../../src/jobs/monthly-scheduler.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { balanceOf, publishedShop } from '../support/fixtures.ts';
import { codesOf, local, mailKeys, memberWithPoints, wallClock } from './support.ts';

const HELSINKI = 'Europe/Helsinki';
const NEW_YORK = 'America/New_York';
const none = new Set<string>();

function due(
  now: Date,
  timeZone = HELSINKI,
  publishedAt = new Date('2026-06-15T10:00:00Z'),
  completed = none,
) {
  return duePeriods({ publishedAt, timeZone, now, completed });
}

describe('which months are due, in the shop’s time zone', () => {
  test('the first month is the one after publishing; it is due at 00:00 on its first day', () => {
    assert.deepEqual(due(local('2026-06-30 23:59:59')), []);
    assert.deepEqual(due(local('2026-07-01 00:00')), ['2026-07']);
    assert.equal(local('2026-07-01 00:00').toISOString(), '2026-06-30T21:00:00.000Z');
  });

  // The last second before a Helsinki month begins and its first one, where a wrong UTC offset is an hour off.
  for (const { name, published, lastSecondBefore, dueFrom, month } of [
    {
      name: 'spring DST in Helsinki: April starts at 00:00 summer time (21:00 UTC), not 22:00',
      published: '2027-03-10T12:00:00Z',
      lastSecondBefore: '2027-03-31T20:59:59Z',
      dueFrom: '2027-03-31T21:00:00Z',
      month: '2027-04',
    },
    {
      name: 'New Year: January is due at 22:00 UTC on 31 December',
      published: '2026-12-05T12:00:00Z',
      lastSecondBefore: '2026-12-31T21:59:59Z',
      dueFrom: '2026-12-31T22:00:00Z',
      month: '2027-01',
    },
    {
      name: 'leap year: March 2028 begins after 29 February',
      published: '2028-02-02T12:00:00Z',
      lastSecondBefore: '2028-02-29T21:59:59Z',
      dueFrom: '2028-02-29T22:00:00Z',
      month: '2028-03',
    },
  ]) {
    test(name, () => {
      assert.deepEqual(due(new Date(lastSecondBefore), HELSINKI, new Date(published)), []);
      assert.deepEqual(due(new Date(dueFrom), HELSINKI, new Date(published)), [month]);
    });
  }

  test('autumn DST in Helsinki: November starts at 00:00 winter time (22:00 UTC)', () => {
    const published = new Date('2026-10-10T12:00:00Z');
    assert.deepEqual(
      due(new Date('2026-10-31T21:00:00Z'), HELSINKI, published),
      [],
      '23:00 local, after the switch',
    );
    assert.deepEqual(due(new Date('2026-10-31T22:00:00Z'), HELSINKI, published), ['2026-11']);
  });

  test('another zone converts at its own midnight: New York is due five hours after UTC midnight', () => {
    const published = new Date('2026-11-10T12:00:00Z');
    assert.deepEqual(due(new Date('2026-11-30T22:00:00Z'), HELSINKI, published), ['2026-12']);
    assert.deepEqual(due(new Date('2026-11-30T22:00:00Z'), NEW_YORK, published), []);
    assert.deepEqual(due(new Date('2026-12-01T04:59:59Z'), NEW_YORK, published), []);
    assert.deepEqual(due(new Date('2026-12-01T05:00:00Z'), NEW_YORK, published), ['2026-12']);
  });

  test('months missed while down are all due, oldest first, after the latest completed one', () => {
    const now = local('2026-10-03 12:00');
    assert.deepEqual(due(now), ['2026-07', '2026-08', '2026-09', '2026-10']);
    assert.deepEqual(due(now, HELSINKI, undefined, new Set(['2026-07'])), ['2026-08', '2026-09', '2026-10']);
    // August was skipped but September already converted the points: August is not run afterwards.
    assert.deepEqual(due(now, HELSINKI, undefined, new Set(['2026-07', '2026-09'])), ['2026-10']);
    assert.deepEqual(due(now, HELSINKI, undefined, new Set(['2026-10'])), []);
  });

  test('a run left unfinished is always finished', () => {
    const now = local('2026-10-03 12:00');
    const published = new Date('2026-06-15T10:00:00Z');
    assert.deepEqual(
      duePeriods({
        publishedAt: published,
        timeZone: HELSINKI,
        now,
        completed: new Set(['2026-09']),
        unfinished: new Set(['2026-08']),
      }),
      ['2026-08', '2026-10'],
    );
  });
});

describe('the scheduler fires at 00:00 on the 1st in each zone (croner)', () => {
  test('Helsinki across DST, New Year and a leap year', () => {
    const job = monthStartJob(HELSINKI);
    assert.equal(job.nextRun(new Date('2027-03-15T00:00:00Z'))?.toISOString(), '2027-03-31T21:00:00.000Z');
    assert.equal(job.nextRun(new Date('2026-10-15T00:00:00Z'))?.toISOString(), '2026-10-31T22:00:00.000Z');
    assert.equal(job.nextRun(new Date('2026-12-15T00:00:00Z'))?.toISOString(), '2026-12-31T22:00:00.000Z');
    assert.equal(job.nextRun(new Date('2028-02-15T00:00:00Z'))?.toISOString(), '2028-02-29T22:00:00.000Z');
    job.stop();
  });

  test('New York at its own midnight, in winter and summer time', () => {
    const job = monthStartJob(NEW_YORK);
    assert.equal(job.nextRun(new Date('2026-11-15T00:00:00Z'))?.toISOString(), '2026-12-01T05:00:00.000Z');
    assert.equal(job.nextRun(new Date('2027-03-15T00:00:00Z'))?.toISOString(), '2027-04-01T04:00:00.000Z');
    job.stop();
  });

  test('for five years of months, the job fires exactly when the month is due', () => {
    for (const zone of [HELSINKI, NEW_YORK, 'Asia/Tokyo', 'Australia/Sydney']) {
      const job = monthStartJob(zone);
      let period = '2026-01';
      let from = new Date(monthStart(period, zone).getTime());
      for (let i = 0; i < 60; i++) {
        period = nextPeriod(period);
        const fires = job.nextRun(from)!;
        assert.equal(fires.toISOString(), monthStart(period, zone).toISOString(), `${zone} ${period}`);
        assert.deepEqual(due(fires, zone, new Date(fires.getTime() - 86_400_000)), [period]);
        from = fires;
      }
      job.stop();
    }
  });
});

describe('runDueMonths: every shop at its own midnight, and catching up', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 'hel');
    await publishedShop(app.ctx, 'nyc', { timeZone: NEW_YORK, language: 'en' });
    for (const shop of ['hel', 'nyc']) await memberWithPoints(app.ctx, shop, 'm', 1400);
  });
  after(() => app.close());

  test('at Helsinki’s midnight only the Helsinki shop converts; New York follows at its own', async () => {
    app.clock.set('2026-06-30T21:00:00Z');
    const first = await runDueMonths(app.ctx);
    assert.deepEqual(
      first.runs.map((r) => [r.shopId, r.period]),
      [['hel', '2026-07']],
    );
    app.clock.set('2026-07-01T03:59:59Z');
    assert.deepEqual((await runDueMonths(app.ctx)).runs, []);
    app.clock.set('2026-07-01T04:00:00Z');
    const second = await runDueMonths(app.ctx);
    assert.deepEqual(
      second.runs.map((r) => [r.shopId, r.period]),
      [['nyc', '2026-07']],
    );
    const [nycCode] = await codesOf(app.ctx, 'nyc', 'm');
    assert.equal(wallClock(nycCode!.issued_at, NEW_YORK), '2026-07-01 00:00:00');
    assert.equal(wallClock(new Date(nycCode!.expires_at.getTime() - 1000), NEW_YORK), '2026-09-30 23:59:59');
  });

  test('months missed while the service was down run late, oldest first, with full validity', async () => {
    app.clock.set(local('2026-09-15 09:30'));
    const result = await runDueMonths(app.ctx, { shopId: 'hel' });
    assert.deepEqual(
      result.runs.map((r) => r.period),
      ['2026-08', '2026-09'],
    );
    const codes = await codesOf(app.ctx, 'hel', 'm');
    assert.deepEqual(
      codes.map((c) => [c.period, c.value_cents]),
      [
        ['2026-07', 4000],
        ['2026-08', 4000],
        ['2026-09', 1500],
      ],
    );
    assert.equal(await balanceOf(app.ctx, 'hel', 'm'), 150);
    // A late code counts its months from when it was actually generated.
    const late = codes[1]!;
    assert.equal(wallClock(late.issued_at), '2026-09-15 09:30:00');
    assert.equal(wallClock(new Date(late.expires_at.getTime() - 1000)), '2026-12-14 23:59:59');
    assert.deepEqual((await runDueMonths(app.ctx, { shopId: 'hel' })).runs, [], 'nothing is due twice');
    assert.deepEqual(
      await mailKeys(app.ctx, 'hel'),
      ['monthly:2026-07:m', 'monthly:2026-09:m'],
      'one e-mail for the months caught up together, listing all their codes',
    );
  });
});

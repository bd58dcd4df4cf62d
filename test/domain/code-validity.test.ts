import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  codeExpiry,
  monthStart,
  nextPeriod,
  periodOf,
  previousPeriod,
} from '../../src/domain/conversion/code-validity.ts';

const HELSINKI = 'Europe/Helsinki';
const NEW_YORK = 'America/New_York';

/** An instant given as wall-clock time in a zone, e.g. at('2026-12-01 00:00', HELSINKI). */
function at(local: string, zone: string): Date {
  const dateTime = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone });
  assert.ok(dateTime.isValid, local);
  return dateTime.toJSDate();
}

function wallClock(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** The last valid moment, as shoppers in the zone see it. */
function lastValid(issued: string, months: number, zone = HELSINKI): string {
  return wallClock(codeExpiry(at(issued, zone), months, zone).lastValidMoment, zone);
}

describe('codeExpiry', () => {
  test('SPEC: generated 2026-12-01, 3 months → last valid moment 2027-02-28 23:59:59 local', () => {
    const { expiresAt, lastValidMoment } = codeExpiry(at('2026-12-01 00:00', HELSINKI), 3, HELSINKI);
    assert.equal(lastValidMoment.toISOString(), '2027-02-28T21:59:59.000Z');
    assert.equal(expiresAt.toISOString(), '2027-02-28T22:00:00.000Z');
  });

  test('expiresAt is exactly one second after the last valid moment', () => {
    const { expiresAt, lastValidMoment } = codeExpiry(at('2026-05-17 13:45', HELSINKI), 2, HELSINKI);
    assert.equal(expiresAt.getTime() - lastValidMoment.getTime(), 1000);
    assert.equal(wallClock(expiresAt, HELSINKI), '2026-07-17 00:00:00');
  });

  test('the time of day of issue does not matter, only the local date', () => {
    assert.equal(lastValid('2026-12-01 23:59', 3), '2027-02-28 23:59:59');
    // 22:30 UTC on 30 November is already 1 December in Helsinki
    const { lastValidMoment } = codeExpiry(new Date('2026-11-30T22:30:00Z'), 3, HELSINKI);
    assert.equal(wallClock(lastValidMoment, HELSINKI), '2027-02-28 23:59:59');
  });

  // [issued, months valid, last valid moment], as wall-clock times in Helsinki.
  const lastValidMoments: Record<string, [string, number, string][]> = {
    'a mid-month issue is valid through the day before the same date': [
      ['2026-06-15 00:00', 3, '2026-09-14 23:59:59'],
    ],
    'Jan 31 + 1 month (no Feb 31) is valid through the end of February': [
      ['2027-01-31 00:00', 1, '2027-02-28 23:59:59'],
      ['2027-01-30 00:00', 1, '2027-02-28 23:59:59'],
      ['2027-01-29 00:00', 1, '2027-02-28 23:59:59'],
      ['2026-03-31 00:00', 1, '2026-04-30 23:59:59'],
    ],
    'leap years: 2028 has a 29 February': [
      ['2028-01-31 00:00', 1, '2028-02-29 23:59:59'],
      ['2028-01-30 00:00', 1, '2028-02-29 23:59:59'],
      // Feb 29 exists, so the code ends the day before it
      ['2028-01-29 00:00', 1, '2028-02-28 23:59:59'],
      ['2027-11-30 00:00', 3, '2028-02-29 23:59:59'],
      ['2028-02-29 00:00', 12, '2029-02-28 23:59:59'],
      ['2028-02-29 00:00', 48, '2032-02-28 23:59:59'],
    ],
    'crosses the New Year': [
      ['2026-11-01 00:00', 2, '2026-12-31 23:59:59'],
      ['2026-10-15 00:00', 3, '2027-01-14 23:59:59'],
      ['2026-12-31 00:00', 1, '2027-01-30 23:59:59'],
      ['2026-01-01 00:00', 12, '2026-12-31 23:59:59'],
      ['2026-01-01 00:00', 36, '2028-12-31 23:59:59'],
    ],
  };
  for (const [name, cases] of Object.entries(lastValidMoments)) {
    test(name, () => {
      for (const [issued, months, expected] of cases) {
        assert.equal(lastValid(issued, months), expected, `${issued} + ${months} months`);
      }
    });
  }

  test('spring DST switch in Helsinki (29 March 2026): expiry at local midnight in summer time', () => {
    const { expiresAt, lastValidMoment } = codeExpiry(at('2026-01-01 00:00', HELSINKI), 3, HELSINKI);
    assert.equal(expiresAt.toISOString(), '2026-03-31T21:00:00.000Z');
    assert.equal(wallClock(lastValidMoment, HELSINKI), '2026-03-31 23:59:59');
    assert.equal(lastValid('2026-02-28 00:00', 1), '2026-03-27 23:59:59');
    assert.equal(lastValid('2026-03-01 00:00', 1), '2026-03-31 23:59:59');
  });

  test('autumn DST switch in Helsinki (25 October 2026): expiry at local midnight in winter time', () => {
    const { expiresAt } = codeExpiry(at('2026-08-01 00:00', HELSINKI), 3, HELSINKI);
    assert.equal(expiresAt.toISOString(), '2026-10-31T22:00:00.000Z');
    assert.equal(lastValid('2026-09-26 00:00', 1), '2026-10-25 23:59:59');
    assert.equal(lastValid('2026-09-25 00:00', 1), '2026-10-24 23:59:59');
  });

  test('another zone: New York, across its own DST switch (14 March 2027)', () => {
    const { expiresAt } = codeExpiry(at('2026-12-01 00:00', NEW_YORK), 3, NEW_YORK);
    assert.equal(expiresAt.toISOString(), '2027-03-01T05:00:00.000Z');
    const summer = codeExpiry(at('2027-01-01 00:00', NEW_YORK), 3, NEW_YORK);
    assert.equal(summer.expiresAt.toISOString(), '2027-04-01T04:00:00.000Z');
    assert.equal(lastValid('2027-01-31 00:00', 1, NEW_YORK), '2027-02-28 23:59:59');
  });

  test('the same instant can be a different issue day in another zone', () => {
    const instant = new Date('2026-11-30T23:30:00Z'); // 1 Dec in Helsinki, 30 Nov in New York
    assert.equal(
      wallClock(codeExpiry(instant, 1, HELSINKI).lastValidMoment, HELSINKI),
      '2026-12-31 23:59:59',
    );
    assert.equal(
      wallClock(codeExpiry(instant, 1, NEW_YORK).lastValidMoment, NEW_YORK),
      '2026-12-29 23:59:59',
    );
  });

  test('where DST skips midnight, the code expires at the first moment of the day', () => {
    // Santiago skipped 00:00–01:00 on 11 September 2022
    const { expiresAt, lastValidMoment } = codeExpiry(
      at('2022-08-11 12:00', 'America/Santiago'),
      1,
      'America/Santiago',
    );
    assert.equal(wallClock(expiresAt, 'America/Santiago'), '2022-09-11 01:00:00');
    assert.equal(wallClock(lastValidMoment, 'America/Santiago'), '2022-09-10 23:59:59');
  });

  test('rejects a bad validity or time zone', () => {
    const issued = at('2026-12-01 00:00', HELSINKI);
    assert.throws(() => codeExpiry(issued, 0, HELSINKI), RangeError);
    assert.throws(() => codeExpiry(issued, 1.5, HELSINKI), RangeError);
    assert.throws(() => codeExpiry(issued, 3, 'Mars/Olympus'), RangeError);
    assert.throws(() => codeExpiry(new Date(Number.NaN), 3, HELSINKI), RangeError);
  });

  test('property: valid for at least the months minus a few days, expiring at a local midnight', () => {
    const instants = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 1, max: 36 }),
        fc.constantFrom(HELSINKI, NEW_YORK),
        (issued, months, zone) => {
          const { expiresAt, lastValidMoment } = codeExpiry(issued, months, zone);
          const issuedLocal = DateTime.fromJSDate(issued, { zone });
          const expiresLocal = DateTime.fromJSDate(expiresAt, { zone });
          assert.equal(expiresAt.getTime() - lastValidMoment.getTime(), 1000);
          assert.equal(expiresLocal.toFormat('HH:mm:ss'), '00:00:00');
          assert.equal(DateTime.fromJSDate(lastValidMoment, { zone }).toFormat('HH:mm:ss'), '23:59:59');
          const target = issuedLocal.startOf('month').plus({ months });
          if (issuedLocal.day <= target.daysInMonth!) {
            assert.equal(expiresLocal.toISODate(), target.set({ day: issuedLocal.day }).toISODate());
          } else {
            assert.equal(expiresLocal.toISODate(), target.plus({ months: 1 }).toISODate());
          }
        },
      ),
    );
  });
});

describe('monthStart', () => {
  test('00:00 local on the first of the month, in winter and in summer time', () => {
    assert.equal(monthStart('2026-12', HELSINKI).toISOString(), '2026-11-30T22:00:00.000Z');
    assert.equal(monthStart('2026-04', HELSINKI).toISOString(), '2026-03-31T21:00:00.000Z');
    assert.equal(monthStart('2027-01', NEW_YORK).toISOString(), '2027-01-01T05:00:00.000Z');
    assert.equal(monthStart('2027-04', NEW_YORK).toISOString(), '2027-04-01T04:00:00.000Z');
  });

  test('rejects malformed periods and zones', () => {
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-01', '2026/01', '']) {
      assert.throws(() => monthStart(bad, HELSINKI), RangeError, bad);
    }
    assert.throws(() => monthStart('2026-01', 'Nowhere/Else'), RangeError);
  });
});

describe('periodOf', () => {
  test('uses the shop zone calendar, not UTC', () => {
    assert.equal(periodOf(new Date('2026-11-30T22:00:00Z'), HELSINKI), '2026-12');
    assert.equal(periodOf(new Date('2026-11-30T21:59:59.999Z'), HELSINKI), '2026-11');
    assert.equal(periodOf(new Date('2026-11-30T22:00:00Z'), NEW_YORK), '2026-11');
  });

  test('New Year in Helsinki starts two hours before it does in UTC', () => {
    assert.equal(periodOf(new Date('2026-12-31T22:00:00Z'), HELSINKI), '2027-01');
    assert.equal(periodOf(new Date('2026-12-31T22:00:00Z'), 'UTC'), '2026-12');
  });

  test('rejects an unknown zone', () => {
    assert.throws(() => periodOf(new Date('2026-01-01T00:00:00Z'), 'Nowhere/Else'), RangeError);
  });
});

describe('previousPeriod and nextPeriod', () => {
  test('step one month, across years', () => {
    assert.equal(previousPeriod('2027-01'), '2026-12');
    assert.equal(previousPeriod('2026-12'), '2026-11');
    assert.equal(nextPeriod('2026-12'), '2027-01');
    assert.equal(nextPeriod('2026-02'), '2026-03');
  });

  test('reject malformed periods', () => {
    assert.throws(() => previousPeriod('2026-13'), RangeError);
    assert.throws(() => nextPeriod('January'), RangeError);
  });

  const periods = fc
    .record({ year: fc.integer({ min: 1971, max: 2200 }), month: fc.integer({ min: 1, max: 12 }) })
    .map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);

  test('property: next and previous undo each other', () => {
    fc.assert(
      fc.property(periods, (period) => {
        assert.equal(previousPeriod(nextPeriod(period)), period);
        assert.equal(nextPeriod(previousPeriod(period)), period);
      }),
    );
  });

  test('property: a month runs from its start up to the next month start, in any zone', () => {
    fc.assert(
      fc.property(periods, fc.constantFrom(HELSINKI, NEW_YORK, 'UTC', 'Asia/Tokyo'), (period, zone) => {
        const start = monthStart(period, zone);
        const next = monthStart(nextPeriod(period), zone);
        assert.equal(periodOf(start, zone), period);
        assert.equal(periodOf(new Date(next.getTime() - 1), zone), period);
        assert.equal(periodOf(next, zone), nextPeriod(period));
      }),
    );
  });
});

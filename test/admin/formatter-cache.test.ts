import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FORMATTERS_KEPT, formatter } from '../../src/admin/i18n/index.ts';

/** Counts the Intl formatters built while it is installed. */
function countIntl() {
  const { DateTimeFormat, NumberFormat } = Intl;
  const counts = { dateTime: 0, number: 0 };
  const counting = <T extends new (...args: never[]) => object>(Original: T, key: keyof typeof counts) =>
    new Proxy(Original, {
      construct(target, args, newTarget) {
        counts[key]++;
        return Reflect.construct(target, args, newTarget);
      },
    });
  Intl.DateTimeFormat = counting(DateTimeFormat, 'dateTime');
  Intl.NumberFormat = counting(NumberFormat, 'number');
  return {
    counts,
    restore: () => {
      Intl.DateTimeFormat = DateTimeFormat;
      Intl.NumberFormat = NumberFormat;
    },
  };
}

describe('admin formatting: one set of Intl formatters per language and time zone', () => {
  let intl: ReturnType<typeof countIntl>;
  before(() => {
    intl = countIntl();
  });
  after(() => intl.restore());

  test('a second request in the same language and zone builds nothing and gets the same formatter', () => {
    const first = formatter('fi', 'Asia/Kathmandu');
    const built = { ...intl.counts };
    assert.ok(built.dateTime > 0, 'the first use of a pair builds its formatters');
    const second = formatter('fi', 'Asia/Kathmandu');
    assert.equal(second, first);
    assert.equal(second.dateTime, first.dateTime);
    assert.deepEqual(intl.counts, built, 'nothing more is built for the same pair');
    assert.equal(second.dateTime(new Date('2026-03-29T00:30:00Z')), '29.3.2026 klo 6.15');
  });

  test('another zone of a language already in use builds only the zone-bound formatters', () => {
    formatter('en', 'Pacific/Chatham');
    const before = { ...intl.counts };
    const other = formatter('en', 'Pacific/Auckland');
    assert.notEqual(other, formatter('en', 'Pacific/Chatham'));
    assert.equal(intl.counts.number, before.number, 'numbers and euros are shared by every zone');
    assert.ok(intl.counts.dateTime - before.dateTime <= 4, 'only date and time formats depend on the zone');
  });

  test('languages and zones keep their own formats', () => {
    const d = new Date('2026-03-29T00:30:00Z');
    const fi = formatter('fi', 'Europe/Helsinki');
    const en = formatter('en', 'Europe/Helsinki');
    const ny = formatter('en', 'America/New_York');
    const figures = (f: typeof fi) => ({
      euros: f.euros(123456),
      negative: f.euros(-550),
      number: f.number(1234567),
      percent: f.percent(0.1234),
      none: f.percent(null),
      date: f.date(d),
      dateTime: f.dateTime(d),
      shortDateTime: f.shortDateTime(d),
      time: f.time(d),
      day: f.day('2026-03-29'),
      shortDay: f.shortDay('2026-03-29'),
      month: f.month('2026-03'),
      monthShort: f.monthShort('2026-03'),
    });
    // \u00a0 and \u202f: the no-break spaces ICU puts between digit groups and before '€' and '%'.
    const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    const plain = (o: Record<string, string>) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, nbsp(v)]));
    assert.deepEqual(plain(figures(fi)), {
      euros: '1 234,56 €',
      negative: '−5,50 €',
      number: '1 234 567',
      percent: '12,3 %',
      none: '–',
      date: '29.3.2026',
      dateTime: '29.3.2026 klo 2.30',
      shortDateTime: '29.3.2026 klo 2.30',
      time: '2.30',
      day: '29.3.2026',
      shortDay: '29.3.',
      month: 'maaliskuu 2026',
      monthShort: 'maalis 26',
    });
    assert.deepEqual(plain(figures(en)), {
      euros: '€1,234.56',
      negative: '-€5.50',
      number: '1,234,567',
      percent: '12.3%',
      none: '–',
      date: '29 Mar 2026',
      dateTime: '29 Mar 2026, 02:30',
      shortDateTime: '29/03/2026, 02:30',
      time: '02:30',
      day: '29 Mar 2026',
      shortDay: '29/03',
      month: 'March 2026',
      monthShort: 'Mar 26',
    });
    assert.deepEqual(
      { date: ny.date(d), dateTime: ny.dateTime(d), time: ny.time(d), day: ny.day('2026-03-29') },
      { date: '28 Mar 2026', dateTime: '28 Mar 2026, 20:30', time: '20:30', day: '29 Mar 2026' },
    );
  });

  test('at most FORMATTERS_KEPT pairs are kept: the least recently used goes first', () => {
    const zones = Intl.supportedValuesOf('timeZone').slice(0, FORMATTERS_KEPT + 1);
    const kept = formatter('en', zones[1]!);
    for (const zone of zones) formatter('en', zone);
    formatter('en', zones[1]!);
    for (const zone of Intl.supportedValuesOf('timeZone').slice(FORMATTERS_KEPT + 1, 2 * FORMATTERS_KEPT))
      formatter('en', zone);
    assert.equal(formatter('en', zones[1]!), kept, 'a pair in use stays');
    const before = intl.counts.dateTime;
    formatter('en', zones[3]!);
    assert.ok(intl.counts.dateTime > before, 'a pair unused for FORMATTERS_KEPT others is built again');
  });

  test('an unknown zone is refused and not kept', () => {
    assert.throws(() => formatter('fi', 'Mars/Olympus_Mons'), RangeError);
    assert.throws(() => formatter('fi', 'Mars/Olympus_Mons'), RangeError);
  });
});

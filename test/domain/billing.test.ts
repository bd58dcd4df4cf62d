import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  billedWindow,
  linesTotal,
  monthFee,
  monthInvoiceLines,
  monthsToClose,
} from '../../src/domain/billing/billing-month.ts';
import { monthBasis, orderBillingEvents } from '../../src/domain/billing/order-events.ts';
import {
  commissionCents,
  DEFAULT_PRICE,
  divideHalfUp,
  validatePrice,
} from '../../src/domain/billing/price.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { SPEC_EXAMPLE_ORDER } from '../support/spec-example.ts';

const HKI = 'Europe/Helsinki';
/** The SPEC example: published 2026-12-16 10:00 in Helsinki (08:00 UTC). */
const SPEC_SPAN = { startedAt: new Date('2026-12-16T08:00:00Z'), endedAt: null };
const at = (iso: string) => new Date(iso);
/** The SPEC example's invoice lines for a month at the default price, on the month's deliveries and returns. */
const specMonthLines = (period: string, basis: { deliveredCents: number; returnedCents: number }) =>
  monthInvoiceLines({ period, timeZone: HKI, span: SPEC_SPAN, price: DEFAULT_PRICE, basis });
/** The same month's lines as [kind, amount]. */
const specMonthAmounts = (period: string, basis: { deliveredCents: number; returnedCents: number }) =>
  specMonthLines(period, basis).map((l) => [l.kind, l.amountCents]);

describe('billing: the SPEC example', () => {
  test('December: fee 29.00 × 16/31 = 14.97 €, commission 1.5 % of 4,000.00 € = 60.00 €', () => {
    assert.deepEqual(monthFee('2026-12', HKI, SPEC_SPAN, 2900), {
      amountCents: 1497,
      days: 16,
      monthDays: 31,
    });
    const lines = specMonthLines('2026-12', { deliveredCents: 400_000, returnedCents: 0 });
    assert.deepEqual(
      lines.map((l) => [l.kind, l.amountCents, l.basisCents]),
      [
        ['fee', 1497, 2900],
        ['commission', 6000, 400_000],
      ],
    );
    assert.equal(linesTotal(lines), 7497);
  });

  test('January: a return of 100.00 € eligible from a December order credits −1.50 €; the fee is whole', () => {
    assert.deepEqual(specMonthAmounts('2027-01', { deliveredCents: 0, returnedCents: 10_000 }), [
      ['fee', 2900],
      ['commission', 0],
      ['return_credit', -150],
    ]);
  });

  test('the default price is the SPEC’s: 29.00 € a month and 1.5 %', () => {
    assert.deepEqual(DEFAULT_PRICE, { monthlyFeeCents: 2900, commissionBp: 150 });
  });
});

describe('billing: rounding half up to the cent, in integers', () => {
  const cases: [string, number, number, number][] = [
    ['an exact half goes up', 1, 1, 2],
    ['below a half goes down', 149, 1, 300],
    ['above a half goes up', 151, 1, 300],
    ['a whole stays', 300, 1, 300],
  ];
  for (const [name, numerator, times, denominator] of cases) {
    test(name, () => {
      const expected = Math.floor((numerator * times) / denominator + 0.5);
      assert.equal(divideHalfUp(BigInt(numerator * times), BigInt(denominator)), expected);
    });
  }

  test('the commission: 1.5 % of 0.33 € is 0.00 €, of 0.34 € 0.01 €, 1 % of 0.50 € 0.01 €', () => {
    assert.equal(commissionCents(33, 150), 0);
    assert.equal(commissionCents(34, 150), 1);
    assert.equal(commissionCents(50, 100), 1);
    assert.equal(commissionCents(1_000_000_000_000, 150), 15_000_000_000, 'large bases stay exact');
  });

  test('a fee of 0.01 € for 15 of 30 days is 0.01 € (half up)', () => {
    // Published on 16 April: days 16–30 of 30.
    const span = { startedAt: at('2027-04-16T06:00:00Z'), endedAt: null };
    assert.deepEqual(monthFee('2027-04', HKI, span, 1), { amountCents: 1, days: 15, monthDays: 30 });
  });
});

describe('billing: the month’s days in the shop’s time zone', () => {
  test('a DST month (March): published on the 28th just after midnight, days 28–31 of 31', () => {
    // 28 March 2027 00:30 in Helsinki (EET, +2), the night the clocks go forward.
    const span = { startedAt: at('2027-03-27T22:30:00Z'), endedAt: null };
    assert.deepEqual(monthFee('2027-03', HKI, span, 2900), { amountCents: 374, days: 4, monthDays: 31 });
    const window = billedWindow('2027-03', HKI, span)!;
    assert.equal(window.to.toISOString(), '2027-03-31T21:00:00.000Z', 'April begins at 00:00 EEST (+3)');
  });

  test('a DST month (October): published on the 25th after the clocks went back, days 25–31 of 31', () => {
    const span = { startedAt: at('2026-10-25T01:30:00Z'), endedAt: null };
    assert.deepEqual(monthFee('2026-10', HKI, span, 2900), { amountCents: 655, days: 7, monthDays: 31 });
    assert.equal(billedWindow('2026-10', HKI, span)!.to.toISOString(), '2026-10-31T22:00:00.000Z');
  });

  test('published at local midnight on the 1st: the whole month, and nothing the month before', () => {
    const span = { startedAt: at('2026-11-30T22:00:00Z'), endedAt: null };
    assert.equal(monthFee('2026-11', HKI, span, 2900), null);
    assert.deepEqual(monthFee('2026-12', HKI, span, 2900), { amountCents: 2900, days: 31, monthDays: 31 });
  });

  test('published one second before local midnight: the last day of the month counts', () => {
    const span = { startedAt: at('2026-11-30T21:59:59Z'), endedAt: null };
    assert.deepEqual(monthFee('2026-11', HKI, span, 2900), { amountCents: 97, days: 1, monthDays: 30 });
  });

  test('the same instant is a different day in another zone', () => {
    const span = { startedAt: at('2026-11-30T22:30:00Z'), endedAt: null };
    assert.deepEqual(monthFee('2026-11', 'UTC', span, 3000), { amountCents: 100, days: 1, monthDays: 30 });
    assert.equal(monthFee('2026-11', HKI, span, 3000), null);
  });

  test('ended by the operator: the last month is billed up to the day it ended', () => {
    const ended = { startedAt: SPEC_SPAN.startedAt, endedAt: at('2027-02-10T12:00:00Z') };
    assert.deepEqual(monthFee('2027-02', HKI, ended, 2900), { amountCents: 1036, days: 10, monthDays: 28 });
    const atMidnight = { startedAt: SPEC_SPAN.startedAt, endedAt: at('2027-02-10T22:00:00Z') };
    assert.equal(monthFee('2027-02', HKI, atMidnight, 2900)!.days, 10, 'ended at 00:00 on the 11th');
    assert.equal(monthFee('2027-03', HKI, ended, 2900), null);
  });
});

describe('billing: which months close', () => {
  test('a month closes when the next begins at local midnight; the current month stays open', () => {
    const question = { span: SPEC_SPAN, timeZone: HKI, closed: new Set<string>() };
    assert.deepEqual(monthsToClose({ ...question, now: at('2026-12-31T21:59:59Z') }), []);
    assert.deepEqual(monthsToClose({ ...question, now: at('2026-12-31T22:00:00Z') }), ['2026-12']);
    assert.deepEqual(monthsToClose({ ...question, now: at('2027-03-02T10:00:00Z') }), [
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
  });

  test('a closed month is never closed again; the months after an end are not billed', () => {
    const closed = new Set(['2026-12']);
    const now = at('2027-06-01T10:00:00Z');
    const ended = { startedAt: SPEC_SPAN.startedAt, endedAt: at('2027-02-10T12:00:00Z') };
    assert.deepEqual(monthsToClose({ span: ended, timeZone: HKI, now, closed }), ['2027-01', '2027-02']);
  });
});

describe('billing: what an order adds and takes back', () => {
  const delivered = at('2026-12-20T10:00:00Z');
  const specOrder = {
    keptEligibleCents: 3490,
    deliveredAt: delivered,
    cancelledAt: null,
    amounts: SPEC_EXAMPLE_ORDER,
    lineNos: [1, 2, 3],
  };
  /** The scarf (line 2) sent back at a moment. */
  const scarfBack = (iso: string) => ({ id: 'r1', lines: [{ lineNo: 2, quantity: 1 }], at: at(iso) });

  test('a return in a later month takes back the eligible value of its units then', () => {
    const events = orderBillingEvents({
      ...specOrder,
      returns: [scarfBack('2027-01-05T10:00:00Z')],
    });
    assert.deepEqual(
      events.map((e) => [e.kind, e.cents, e.at.toISOString()]),
      [
        ['delivery', 5990, '2026-12-20T10:00:00.000Z'],
        ['return', 2500, '2027-01-05T10:00:00.000Z'],
      ],
    );
  });

  test('a return before delivery only lowers what is delivered', () => {
    const events = orderBillingEvents({
      ...specOrder,
      returns: [scarfBack('2026-12-19T10:00:00Z')],
    });
    assert.deepEqual(
      events.map((e) => [e.kind, e.cents]),
      [['delivery', 3490]],
    );
  });

  test('cancelling a delivered order takes back what it still kept', () => {
    const events = orderBillingEvents({
      ...specOrder,
      cancelledAt: at('2027-01-10T10:00:00Z'),
      returns: [scarfBack('2027-01-05T10:00:00Z')],
    });
    assert.deepEqual(
      events.map((e) => [e.kind, e.cents]),
      [
        ['delivery', 5990],
        ['return', 2500],
        ['cancellation', 3490],
      ],
    );
  });

  test('the month’s basis: deliveries and returns in the window, only of deliveries billed', () => {
    const january = billedWindow('2027-01', HKI, SPEC_SPAN)!;
    const december = billedWindow('2026-12', HKI, SPEC_SPAN)!;
    const orders = [
      { ...specOrder, returns: [scarfBack('2027-01-05T10:00:00Z')] },
      // Delivered before billing started: neither it nor its return is billed.
      {
        ...specOrder,
        deliveredAt: at('2026-12-10T10:00:00Z'),
        returns: [scarfBack('2027-01-06T10:00:00Z')],
      },
      { keptEligibleCents: 10_000, deliveredAt: at('2026-12-31T21:59:59Z'), cancelledAt: null, returns: [] },
      { keptEligibleCents: 20_000, deliveredAt: at('2026-12-31T22:00:00Z'), cancelledAt: null, returns: [] },
    ];
    assert.deepEqual(monthBasis(orders, december, SPEC_SPAN), { deliveredCents: 15_990, returnedCents: 0 });
    assert.deepEqual(monthBasis(orders, january, SPEC_SPAN), { deliveredCents: 20_000, returnedCents: 2500 });
  });

  test('billing does not pause while the program is hidden: the span has no gaps', () => {
    // Visibility is not an input of any billing rule: a hidden month is billed like any other.
    assert.deepEqual(specMonthAmounts('2027-02', { deliveredCents: 0, returnedCents: 0 }), [
      ['fee', 2900],
      ['commission', 0],
    ]);
  });
});

describe('billing: the price', () => {
  test('a fee or commission out of range is refused, naming the field', () => {
    assert.deepEqual(validatePrice({ monthlyFeeCents: 4900, commissionBp: 200 }), {
      monthlyFeeCents: 4900,
      commissionBp: 200,
    });
    for (const [price, field] of [
      [{ monthlyFeeCents: -1, commissionBp: 150 }, 'monthlyFeeCents'],
      [{ monthlyFeeCents: 29.5, commissionBp: 150 }, 'monthlyFeeCents'],
      [{ monthlyFeeCents: 2900, commissionBp: 10_001 }, 'commissionBp'],
      [{ monthlyFeeCents: 2900, commissionBp: Number.NaN }, 'commissionBp'],
    ] as const) {
      assert.throws(
        () => validatePrice(price),
        (e: unknown) =>
          e instanceof DomainError && e.code === 'invalid_input' && e.fields[0]?.field === field,
      );
    }
  });
});

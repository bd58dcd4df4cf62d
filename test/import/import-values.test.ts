import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ProblemList } from '../../src/domain/import/problems.ts';
import { SeenIds } from '../../src/domain/import/rows.ts';
import { RowValues } from '../../src/domain/import/values.ts';

const NOW = Date.parse('2026-06-15T10:00:00Z');
const values = (decimalComma = false) => {
  const problems = new ProblemList();
  const v = new RowValues(problems, { nowMs: NOW, decimalComma });
  v.line = 7;
  const code = () => problems.kept.at(-1)?.code;
  /** Each text of `cases` is read as nothing, with its problem's code. */
  const refuses = (read: (text: string) => unknown, cases: readonly (readonly [string, string])[]) => {
    for (const [text, expected] of cases) {
      assert.equal(read(text), undefined, text);
      assert.equal(code(), expected, text);
    }
  };
  return { v, problems, code, refuses };
};

describe('the values of an import file', () => {
  test('amounts become integer cents; each kind of wrong amount says what is wrong', () => {
    const { v, refuses } = values();
    assert.equal(v.cents('unit_price', '12.34'), 1234);
    assert.equal(v.cents('unit_price', '12.3'), 1230);
    assert.equal(v.cents('unit_price', '12'), 1200);
    assert.equal(v.cents('unit_price', '0.07'), 7);
    assert.equal(v.cents('unit_price', ''), null);
    refuses(
      (text) => v.cents('unit_price', text),
      [
        ['1,234.56', 'thousands_separator'],
        ['1 234.56', 'thousands_separator'],
        ['1,234,567', 'thousands_separator'],
        ['1,234', 'thousands_separator'],
        ['12,34', 'decimal_comma_not_asked'],
        ['-5.00', 'negative_amount'],
        ['12.345', 'too_many_decimals'],
        ['12 €', 'not_money'],
        ['€12', 'not_money'],
        ['99999999999', 'amount_too_large'],
      ],
    );
  });

  test('with decimal commas asked for: 12,34 is taken and a decimal point refused', () => {
    const { v, refuses } = values(true);
    assert.equal(v.cents('shipping', '12,34'), 1234);
    assert.equal(v.cents('shipping', '4,9'), 490);
    refuses(
      (text) => v.cents('shipping', text),
      [
        ['12.34', 'decimal_point_with_comma'],
        ['1.234,56', 'thousands_separator'],
        ['1 234,56', 'thousands_separator'],
      ],
    );
  });

  test('any amount of cents written with two decimals reads back as the same cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.boolean(), (cents, comma) => {
        const { v } = values(comma);
        const text = (cents / 100).toFixed(2);
        return v.cents('x', comma ? text.replace('.', ',') : text) === cents;
      }),
    );
  });

  test('times need their offset, lie within the service’s range and not in the future', () => {
    const { v, problems, refuses } = values();
    assert.equal(v.moment('placed_at', '2026-03-01T12:00:00+02:00'), Date.parse('2026-03-01T10:00:00Z'));
    assert.equal(v.moment('placed_at', '2026-03-01T12:00:00Z'), Date.parse('2026-03-01T12:00:00Z'));
    assert.equal(v.moment('placed_at', '2026-03-01 12:00+0200'), Date.parse('2026-03-01T10:00:00Z'));
    assert.equal(
      v.moment('placed_at', '2026-03-01T12:00:00.250-05:30'),
      Date.parse('2026-03-01T17:30:00.250Z'),
    );
    assert.equal(v.moment('placed_at', '2024-02-29T00:00:00Z'), Date.parse('2024-02-29T00:00:00Z'));
    refuses(
      (text) => v.moment('placed_at', text),
      [
        ['2026-03-01T12:00:00', 'time_without_offset'],
        ['2026-03-01', 'time_without_offset'],
        ['2026-02-29T00:00:00Z', 'not_time'],
        ['2026-13-01T00:00:00Z', 'not_time'],
        ['2026-03-01T24:00:00Z', 'not_time'],
        ['1.3.2026 12:00', 'not_time'],
        ['1969-12-31T23:59:59Z', 'time_out_of_range'],
        ['2026-06-15T10:00:01Z', 'time_in_future'],
      ],
    );
    assert.deepEqual(problems.kept[0], {
      line: 7,
      column: 'placed_at',
      value: '2026-03-01T12:00:00',
      code: 'time_without_offset',
    });
  });

  test('any moment written as ISO 8601 in UTC or with an offset reads back as the same moment', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: NOW }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }),
        (ms, quarters) => {
          const { v } = values();
          const offset = quarters * 15;
          const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
          const sign = offset < 0 ? '-' : '+';
          const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
          const mm = String(Math.abs(offset) % 60).padStart(2, '0');
          return v.moment('t', `${local}${sign}${hh}:${mm}`) === ms;
        },
      ),
    );
  });

  test('whole numbers, booleans and choices', () => {
    const { v, code } = values();
    assert.equal(v.integer('quantity', '3', 1, 10), 3);
    assert.equal(v.integer('quantity', '-1', 1, 10), undefined);
    assert.equal(code(), 'negative_quantity');
    assert.equal(v.integer('quantity', '11', 1, 10), undefined);
    assert.equal(code(), 'out_of_range');
    assert.equal(v.integer('quantity', '1.5', 1, 10), undefined);
    assert.equal(code(), 'not_integer');
    assert.equal(v.integer('opening_balance', '-40', -100, 100), -40);
    assert.equal(v.boolean('gift_card', 'TRUE'), true);
    assert.equal(v.boolean('gift_card', 'kyllä'), true);
    assert.equal(v.boolean('gift_card', '0'), false);
    assert.equal(v.boolean('gift_card', 'maybe'), undefined);
    assert.equal(v.oneOf('channel', 'POS', ['web', 'pos']), 'pos');
    assert.equal(v.oneOf('channel', 'phone', ['web', 'pos']), undefined);
    assert.equal(code(), 'not_one_of');
  });

  test('ids seen twice are found with the line they were first on; distinct ids never are', () => {
    const seen = new SeenIds();
    for (let i = 0; i < 200_000; i++) assert.equal(seen.firstLine(`order-${i}`, i + 2), undefined);
    assert.equal(seen.size, 200_000);
    assert.equal(seen.firstLine('order-0', 999_999), 2);
    assert.equal(seen.firstLine('order-123456', 999_999), 123_458);
    assert.equal(seen.firstLine('order-200000', 5), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CODE_REFUSALS,
  type CodeCheckInput,
  CodeRefusedError,
  codeCheckVerdict,
} from '../../src/domain/codes/code-checks.ts';

const now = new Date('2026-06-15T10:00:00Z');
const valid: CodeCheckInput = {
  code: { customerId: 'c1', status: 'active', expiresAt: new Date('2026-09-01T00:00:00Z'), valueCents: 1500 },
  customerId: 'c1',
  loggedIn: true,
  isMember: true,
  programVisible: true,
  cart: {
    lines: [{ quantity: 2, unitPriceCents: 1000, lineDiscountCents: 0, giftCard: false }],
    orderDiscountCents: 0,
  },
  now,
};

describe('codeCheckVerdict', () => {
  test('a valid code takes off its value, capped at the products', () => {
    assert.deepEqual(codeCheckVerdict(valid), { accepted: true, discountCents: 1500 });
    const small = { ...valid, cart: { ...valid.cart, lines: [{ ...valid.cart.lines[0]!, quantity: 1 }] } };
    assert.deepEqual(codeCheckVerdict(small), { accepted: true, discountCents: 1000 });
  });

  test('a restored code can be used again', () => {
    assert.equal(codeCheckVerdict({ ...valid, code: { ...valid.code!, status: 'restored' } }).accepted, true);
  });

  const refusals: [string, Partial<CodeCheckInput>, string][] = [
    ['no such code', { code: null }, 'not_found'],
    ['someone else’s: answered like no such code', { customerId: 'c2' }, 'not_found'],
    ['not logged in', { loggedIn: false }, 'not_logged_in'],
    ['not a member', { isMember: false }, 'not_member'],
    ['hidden here', { programVisible: false }, 'hidden_in_version'],
    ['used', { code: { ...valid.code!, status: 'used' } }, 'used'],
    ['expired at the exact moment', { code: { ...valid.code!, expiresAt: now } }, 'expired'],
    [
      'gift cards only',
      {
        cart: {
          lines: [{ quantity: 1, unitPriceCents: 5000, lineDiscountCents: 0, giftCard: true }],
          orderDiscountCents: 0,
        },
      },
      'only_gift_cards',
    ],
    ['an empty cart', { cart: { lines: [], orderDiscountCents: 0 } }, 'nothing_to_discount'],
    [
      'a cart discounted to zero',
      { cart: { ...valid.cart, orderDiscountCents: 2000 } },
      'nothing_to_discount',
    ],
  ];
  for (const [name, change, reason] of refusals) {
    test(`${name}: ${reason}`, () => {
      const result = codeCheckVerdict({ ...valid, ...change });
      assert.equal(result.accepted, false);
      if (!result.accepted) {
        assert.equal(result.reason, reason);
        assert.ok(result.message.length > 0);
      }
    });
  }

  test('a stranger learns nothing about someone else’s code, not even that it exists', () => {
    const stranger = { ...valid, customerId: 'c2', loggedIn: false, isMember: false };
    for (const status of ['active', 'used'] as const) {
      const result = codeCheckVerdict({
        ...stranger,
        code: { ...valid.code!, status, expiresAt: new Date(0) },
      });
      assert.deepEqual(result, codeCheckVerdict({ ...stranger, code: null }));
    }
  });

  test('every reason is named and a refusal error carries it', () => {
    assert.equal(new Set(CODE_REFUSALS).size, CODE_REFUSALS.length);
    const error = new CodeRefusedError('used');
    assert.deepEqual([error.code, error.reason, error.fields[0]!.field], ['code_refused', 'used', 'code']);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { redeemCode } from '../../src/app/checkout/redeem-code.ts';
import { mayHoldEarlierCodes } from '../../src/app/monthly/earlier-codes.ts';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { publishedShop } from '../support/fixtures.ts';
import { codesOf, local, mailKeys, memberWithPoints } from './support.ts';

// Whether a month's letters must look for codes of other months (src/app/monthly/earlier-codes.ts):
// wrongly "no", a letter would leave out a code the member can still spend.
describe('monthly conversion: may a member hold a spendable code of another month', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
    await publishedShop(app.ctx, 's1'); // codes valid 3 months
    await memberWithPoints(app.ctx, 's1', 'a', 620);
    await memberWithPoints(app.ctx, 's1', 'b', 150);
  });
  after(() => app.close());

  test('a shop’s first month: no', async () => {
    assert.equal(await mayHoldEarlierCodes(app.ctx.db, 's1', '2026-07', local('2026-07-01 00:00')), false);
  });

  test('a month left unfinished while another starts: yes', async () => {
    app.clock.set(local('2026-07-01 00:00'));
    const stop = new AbortController();
    await assert.rejects(
      runMonthlyConversion(app.ctx, {
        shopId: 's1',
        period: '2026-07',
        batchSize: 1,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.membersScanned > 0) stop.abort();
        },
      }),
    );
    assert.equal(await mayHoldEarlierCodes(app.ctx.db, 's1', '2026-08', local('2026-08-01 00:00')), true);
    await runMonthlyConversion(app.ctx, { shopId: 's1', period: '2026-07' });
  });

  test('the month after codes were issued: yes, and the letter lists them', async () => {
    app.clock.set(local('2026-08-01 00:00'));
    assert.equal(await mayHoldEarlierCodes(app.ctx.db, 's1', '2026-08', app.clock.now()), true);
    assert.equal(await mayHoldEarlierCodes(app.ctx.db, 's1', '2026-07', app.clock.now()), false);
    await runMonthlyConversion(app.ctx, { shopId: 's1', period: '2026-08' });
    assert.deepEqual(await mailKeys(app.ctx, 's1'), [
      'monthly:2026-07:a',
      'monthly:2026-07:b',
      'monthly:2026-08:a',
      'monthly:2026-08:b', // no new code in August: July's, still valid, is the letter's reason
    ]);
  });

  test('an earlier month’s codes all used but unexpired: yes (cancelling the order restores one)', async () => {
    for (const customerId of ['a', 'b']) {
      const [july] = await codesOf(app.ctx, 's1', customerId);
      assert.equal(july!.period, '2026-07');
      await redeemCode(app.ctx, {
        shopId: 's1',
        customerId,
        storeVersionId: 'fi',
        code: july!.code,
        loggedIn: true,
        orderId: `order-${customerId}`,
        cart: {
          lines: [{ quantity: 1, unitPriceCents: 10_000, lineDiscountCents: 0, giftCard: false }],
          orderDiscountCents: 0,
        },
      });
    }
    assert.equal(await mayHoldEarlierCodes(app.ctx.db, 's1', '2026-08', app.clock.now()), true);
  });

  test('once every earlier code has expired: no', async () => {
    assert.equal(await mayHoldEarlierCodes(app.ctx.db, 's1', '2026-12', local('2026-12-01 00:00')), false);
  });
});

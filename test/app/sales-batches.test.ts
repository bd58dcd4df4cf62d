import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { joinProgram } from '../../src/app/members/join-program.ts';
import type { DeliverResult } from '../../src/app/orders/deliver-order.ts';
import type { PlaceOrderInput } from '../../src/app/orders/place-order.ts';
import { recordSale } from '../../src/app/orders/record-sale.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { balanceOf, ledgerSum, publishedShop, specOrder } from '../support/fixtures.ts';

type Outcome = string;

function outcomeOf(result: PromiseSettledResult<DeliverResult>): Outcome {
  if (result.status === 'rejected') {
    return result.reason instanceof DomainError ? `error:${result.reason.code}` : `crash:${result.reason}`;
  }
  return `${result.value.outcome}:${result.value.pointsEarned}`;
}

/** 40 sales for members, a non-member and a guest, with repeats and bad ones among them. */
function sales(shopId: string, at: Date): PlaceOrderInput[] {
  const customers = ['c1', 'c2', 'c3', null] as const;
  const list = Array.from({ length: 40 }, (_, i) => {
    const order = specOrder(shopId, `o${i}`, customers[i % 4]!, at);
    order.lines[0]!.quantity = 1 + (i % 3);
    return order;
  });
  list.push(specOrder(shopId, 'o4', 'c1', at)); // the same sale again
  list.push({ ...specOrder(shopId, 'o8', 'c2', at), storeVersionId: 'en' }); // o8 reported differently
  list.push({ ...specOrder(shopId, 'o-bad', 'c1', at), storeVersionId: 'nowhere' });
  list.push({ ...specOrder(shopId, 'o-lost', 'c1', at), shopId: 'no-such-shop' });
  return list;
}

describe('sales arriving together are written together', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
    for (const shop of ['together', 'alone']) {
      await publishedShop(app.ctx, shop);
      for (const customerId of ['c1', 'c2']) {
        await joinProgram(app.ctx, { shopId: shop, customerId, source: 'registration' });
      }
    }
  });
  after(() => app.close());

  test('each sale gets the answer and the points it would get alone, and balances add up', async () => {
    const at = app.clock.now();
    // More sales at once than batches in flight, so most of them are written in shared batches.
    const together = await Promise.allSettled(sales('together', at).map((s) => recordSale(app.ctx, s)));
    const alone: PromiseSettledResult<DeliverResult>[] = [];
    for (const sale of sales('alone', at)) {
      alone.push(
        await recordSale(app.ctx, sale).then(
          (value) => ({ status: 'fulfilled' as const, value }),
          (reason: unknown) => ({ status: 'rejected' as const, reason }),
        ),
      );
    }
    assert.deepEqual(together.slice(42).map(outcomeOf), [
      'error:store_version_not_found',
      'error:shop_not_found',
    ]);
    // A repeat in the same batch is answered as a repeat, whichever of the two went first.
    assert.deepEqual(
      [outcomeOf(together[4]!), outcomeOf(together[40]!)].sort(),
      [outcomeOf(alone[4]!), outcomeOf(alone[40]!)].sort(),
    );
    assert.deepEqual([outcomeOf(together[8]!), outcomeOf(together[41]!)].map((o) => o.split(':')[0]).sort(), [
      'applied',
      'error',
    ]);
    const rest = (results: PromiseSettledResult<DeliverResult>[]) =>
      results
        .slice(0, 40)
        .filter((_, i) => i !== 4 && i !== 8)
        .map(outcomeOf);
    assert.deepEqual(rest(together), rest(alone));
    assert.ok(
      rest(together).some((o) => o !== 'applied:0'),
      'members earned points',
    );

    for (const customerId of ['c1', 'c2', 'c3']) {
      const balance = await balanceOf(app.ctx, 'together', customerId);
      assert.equal(balance, await ledgerSum(app.ctx, 'together', customerId), `ledger of ${customerId}`);
      assert.equal(balance, await balanceOf(app.ctx, 'alone', customerId), `balance of ${customerId}`);
    }
  });

  test('each applied sale reports its member’s balance just after its own points', async () => {
    const at = app.clock.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordSale(app.ctx, specOrder('together', `later-${i}`, 'c1', at)),
      ),
    );
    const start =
      (await balanceOf(app.ctx, 'together', 'c1')) - results.reduce((sum, r) => sum + r.pointsEarned, 0);
    const reported = results.map((r) => r.balance!).sort((a, b) => a - b);
    const expected = results.map((_, i) => start + (i + 1) * results[0]!.pointsEarned);
    assert.deepEqual(reported, expected);
  });
});

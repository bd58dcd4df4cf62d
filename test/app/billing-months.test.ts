import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { billingAccount } from '../../src/app/billing/billing-account.ts';
import { closeDueBillingMonths } from '../../src/app/billing/close-months.ts';
import { monthStatement } from '../../src/app/billing/month-statement.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { setVersionVisibility } from '../../src/app/program/manage-program.ts';
import { readConfig } from '../../src/config.ts';
import { startMonthlyJobs } from '../../src/jobs/monthly-jobs-hook.ts';
import { kinds } from '../support/billing.ts';
import { testApp } from '../support/database.ts';
import { publishedShop, publishedShopWithMember, specOrder } from '../support/fixtures.ts';
import { withMailDir } from '../support/mail-folder.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';

describe('billing: a program hidden from every store version is still billed', () => {
  const app = suiteFixture(() => testApp('2026-12-16T08:00:00Z'));

  test('December and a wholly hidden January: the fee in full; commission on orders placed while visible', async () => {
    await publishedShopWithMember(app.ctx, 'hidden');
    app.clock.set('2026-12-20T10:00:00Z');
    await placeOrder(app.ctx, specOrder('hidden', 'visible', 'c1', app.clock.now()));

    app.clock.set('2026-12-21T10:00:00Z');
    await setVersionVisibility(app.ctx, 'hidden', 'fi', false);
    await setVersionVisibility(app.ctx, 'hidden', 'en', false);
    app.clock.set('2026-12-22T10:00:00Z');
    // Placed while visible: a member's order, billed when delivered, hidden or not.
    await deliverOrder(app.ctx, { shopId: 'hidden', orderId: 'visible' });
    // Placed while hidden: it earns nothing, so it is not a member's order and bears no commission.
    await placeOrder(app.ctx, specOrder('hidden', 'while-hidden', 'c1', app.clock.now()));
    await deliverOrder(app.ctx, { shopId: 'hidden', orderId: 'while-hidden' });

    app.clock.set('2027-02-01T08:00:00Z');
    assert.equal((await billingAccount(app.ctx, 'hidden')).state, 'published');
    const closed = await closeDueBillingMonths(app.ctx, { shopId: 'hidden' });
    assert.deepEqual(
      closed.closed.map((m) => [m.period, kinds(m.lines)]),
      [
        [
          '2026-12',
          [
            ['fee', 1497, 2900],
            ['commission', 90, 5990],
          ],
        ],
        [
          '2027-01',
          [
            ['fee', 2900, 2900],
            ['commission', 0, 0],
          ],
        ],
      ],
    );
    assert.deepEqual(
      kinds((await monthStatement(app.ctx, 'hidden')).lines)[0],
      ['fee', 2900, 2900],
      'February too',
    );
  });
});

describe('billing: the monthly job run twice, and beside another server', () => {
  const app = suiteFixture(() =>
    prepared(withMailDir(testApp('2026-12-16T08:00:00Z')), ({ ctx }) => publishedShop(ctx, 'twice')),
  );

  /**
   * Starts the jobs as a server does, lets the run they start with (the catch-up) finish and stops
   * them; meanwhile `alongside` runs, as another server's job would. Returns the jobs' billing log.
   */
  async function runJobs(alongside: () => Promise<unknown> = async () => {}): Promise<string[]> {
    const lines: string[] = [];
    const config = { ...readConfig({}), mailDir: app.mailDir, smtpUrl: undefined };
    const [stop] = await Promise.all([
      startMonthlyJobs({ ctx: app.ctx, config, log: (line) => lines.push(line) }),
      alongside(),
    ]);
    // Stopping waits for the run it started with, billing's closing included.
    await stop();
    return lines.filter((line) => line.startsWith('billing '));
  }

  test('at 00:00 on 1 February, with another server closing at the same moment, December and January close once; the job run again closes nothing', async () => {
    app.clock.set('2027-01-31T22:00:00Z');
    let other: Awaited<ReturnType<typeof closeDueBillingMonths>> | undefined;
    const logged = await runJobs(async () => {
      other = await closeDueBillingMonths(app.ctx);
    });
    const closedOnce = [
      ...logged,
      ...other!.closed.map((m) => `billing ${m.shopId} ${m.period}: closed, ${m.totalCents} cents`),
    ];
    assert.deepEqual(closedOnce.sort(), [
      'billing twice 2026-12: closed, 1497 cents',
      'billing twice 2027-01: closed, 2900 cents',
    ]);
    const months = await app.ctx.db
      .selectFrom('billing_months')
      .select(['period', 'total_cents'])
      .where('shop_id', '=', 'twice')
      .orderBy('period')
      .execute();
    assert.deepEqual(
      months.map((m) => [m.period, m.total_cents]),
      [
        ['2026-12', 1497],
        ['2027-01', 2900],
      ],
    );
    const lines = await app.ctx.db
      .selectFrom('billing_invoice_lines')
      .select('period')
      .where('shop_id', '=', 'twice')
      .execute();
    assert.equal(lines.length, 4, 'a fee and a commission line per month, once');
    assert.deepEqual(await runJobs(), [], 'run again: nothing to close');
  });
});

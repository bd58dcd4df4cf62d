import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closeDueBillingMonths } from '../../src/app/billing/close-months.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { publishedShop, specOrder } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { PASSWORD, signedInAdmin } from './support/admin-client.ts';

/** The text of the element with this id (a table or a list), tags removed. */
function textOf(page: string, id: string): string {
  const match = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(table|dl)>`).exec(page);
  return (match?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('admin: the billing page', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('bill', async ({ ctx, clock }) => {
      clock.set('2026-12-16T08:00:00Z'); // published 16 December 10:00 in Helsinki
      await publishedShop(ctx, 'bill');
      await joinProgram(ctx, { shopId: 'bill', customerId: 'c1', source: 'registration' });
      clock.set('2026-12-20T10:00:00Z');
      await placeOrder(ctx, specOrder('bill', 'o1', 'c1', clock.now()));
      await deliverOrder(ctx, { shopId: 'bill', orderId: 'o1' });
    }),
  );

  test('shows the subscription, the price and this month to date', async () => {
    const page = await admin.client.get('/admin/billing');
    assert.equal(page.status, 200);
    assert.match(textOf(page.text, 'billing-account'), /Billing runs/);
    assert.match(textOf(page.text, 'billing-account'), /€29\.00 a month \+ 1\.5 %/);
    const lines = textOf(page.text, 'billing-lines');
    assert.match(lines, /Monthly fee €29\.00 × 16\/31 days €14\.97/);
    // The SPEC order's eligible 59.90 €: 1.5 % is 0.8985 → 0.90 €.
    assert.match(lines, /Commission 1\.5 % of €59\.90 €0\.90/);
    assert.match(page.text, /id="billing-total">€15\.87</);
    assert.match(page.text, /data-status="open"/);
  });

  test('a closed month is shown as recorded, and listed; Finnish texts in a Finnish admin', async () => {
    admin.clock.set('2027-01-01T10:00:00Z');
    await closeDueBillingMonths(admin.ctx);
    // The session of December has ended by now: sign in again.
    await admin.client.signIn('bill', 'owner@bill.example', PASSWORD);
    const list = await admin.client.get('/admin/billing');
    assert.equal(list.status, 200);
    assert.match(textOf(list.text, 'billing-closed'), /December 2026 €15\.87/);
    const december = await admin.client.get('/admin/billing?month=2026-12');
    assert.match(december.text, /data-status="closed"/);
    assert.match(december.text, /id="billing-total">€15\.87</);
    const finnish = await admin.client.get('/admin/billing?month=2026-12', { 'accept-language': 'fi' });
    assert.match(finnish.text, /Laskutus/);
    assert.match(finnish.text, /Provisio/);
    const odd = await admin.client.get('/admin/billing?month=2026-13');
    assert.equal(odd.status, 200, 'a month that is not one shows this month');
  });
});

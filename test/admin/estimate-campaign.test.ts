import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCampaign } from '../../src/app/campaigns/campaigns.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { campaignLine } from '../campaigns/campaign-lines.ts';
import { publishedShop, specOrder } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';
import { programSettingsForm } from './support/program-settings-form.ts';

/** The settings page's estimate with a planned campaign laid onto last year's Black Friday. */
describe('estimate: a planned campaign', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('est', async ({ ctx, clock }) => {
      clock.set('2025-10-01T10:00:00Z');
      await publishedShop(ctx, 'est', { name: 'Club', language: 'en', purchaseRatioCents: 100 });
      // Friday 2025-11-28: shoes 30.00 and a cap 20.00, delivered the next day.
      await placeOrder(ctx, {
        ...specOrder('est', 'o1', 'c1', new Date('2025-11-28T10:00:00Z')),
        lines: [campaignLine('boot', 'shoes', 1, 3000), campaignLine('cap', 'hats', 1, 2000)],
        orderDiscountCents: 0,
        codeDiscountCents: 0,
        shippingCents: 0,
        paymentFeeCents: 0,
      });
      await deliverOrder(ctx, {
        shopId: 'est',
        orderId: 'o1',
        deliveredAt: new Date('2025-11-29T10:00:00Z'),
      });
      clock.set('2026-11-10T10:00:00Z');
      await createCampaign(ctx, 'est', {
        id: 'bf',
        name: 'Black Friday shoes',
        multiplierPct: 200,
        startsAt: '2026-11-27T00:00',
        endsAt: '2026-12-01T00:00',
        categories: ['shoes'],
      });
    }),
  );
  const RANGE = 'from=2025-11-01&to=2025-12-31';

  test('offers the planned campaign, and with it shows the extra points beside the figures without', async () => {
    const plain = (await admin.client.get(`/admin/program/settings?${RANGE}`)).text;
    assert.match(plain, /<option value="bf">Black Friday shoes<\/option>/);
    assert.doesNotMatch(plain, /data-figure="campaign"/);

    const page = (await admin.client.get(`/admin/program/settings?${RANGE}&campaign=bf`)).text;
    assert.match(page, /<option value="bf" selected>Black Friday shoes<\/option>/);
    assert.match(page, /With the planned campaign: Black Friday shoes/);
    // 50 points without; the shoes doubled give 80.
    assert.match(page, /data-figure="campaign-extra-points">\+30</);
    assert.match(page, /data-figure="campaign-extra-value">/);
    assert.match(page, /Orders the campaign adds points to: 1/);

    const unknown = (await admin.client.get(`/admin/program/settings?${RANGE}&campaign=nope`)).text;
    assert.doesNotMatch(unknown, /data-figure="campaign"/, 'no campaign of that id: the estimate without');
  });

  test('the live estimate keeps the chosen campaign as the settings change', async () => {
    const answer = await admin.client.post(
      '/admin/program/estimate',
      programSettingsForm({
        from: '2025-11-01',
        to: '2025-12-31',
        campaign: 'bf',
        purchaseRatioCents: '1000',
      }),
    );
    assert.equal(answer.status, 200);
    // At 1 point per 10 euros: 5 points without, floor(80 / 10) = 8 with.
    assert.match(JSON.parse(answer.text).estimate.summaryHtml, /data-figure="campaign-extra-points">\+3</);
  });

  test('in a Finnish admin the comparison is in Finnish', async () => {
    await admin.client.post('/admin/language', { language: 'fi' });
    const page = (await admin.client.get(`/admin/program/settings?${RANGE}&campaign=bf`)).text;
    assert.match(page, /Suunnitellun kampanjan kanssa: Black Friday shoes/);
    assert.match(page, /data-figure="campaign-extra-points">\+30</);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setMarketingConsent } from '../../src/app/consent/marketing-consent.ts';
import { runMonthlyConversion } from '../../src/app/monthly/run-monthly-conversion.ts';
import { mailMessage } from '../../src/app/reports/mail-message.ts';
import { local, memberWithPoints } from '../monthly/support.ts';
import { testApp } from '../support/database.ts';
import { publishedShop } from '../support/fixtures.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';

const defaults = { publicUrl: 'https://loyalty.example', fromAddress: 'loyalty@loyalty.example' };

describe('the monthly e-mail: the statement for everyone, the next tier for consenting members', () => {
  const app = suiteFixture(() =>
    prepared(testApp('2026-06-15T10:00:00Z'), async ({ ctx, clock }) => {
      await publishedShop(ctx, 'shop', { language: 'en' });
      for (const id of ['m-yes', 'm-no', 'm-withdrew']) await memberWithPoints(ctx, 'shop', id, 620);
      await setMarketingConsent(ctx, {
        shopId: 'shop',
        customerId: 'm-yes',
        granted: true,
        source: 'storefront',
      });
      await setMarketingConsent(ctx, {
        shopId: 'shop',
        customerId: 'm-withdrew',
        granted: true,
        source: 'api',
      });
      await setMarketingConsent(ctx, {
        shopId: 'shop',
        customerId: 'm-withdrew',
        granted: false,
        source: 'api',
      });
      clock.set(local('2026-07-01 00:00'));
      await runMonthlyConversion(ctx, { shopId: 'shop', period: '2026-07' });
    }),
  );

  const letter = async (customerId: string) => {
    const message = await mailMessage(app.ctx, 'shop', `monthly:2026-07:${customerId}`, defaults);
    assert.ok(message?.rendered);
    return message.rendered.text;
  };

  test('a consenting member reads the balance left and the points to the next tier (120 → 250: 130, €15.00)', async () => {
    const text = await letter('m-yes');
    assert.match(text, /Your points balance: 120 points/);
    assert.match(text, /130 points more to your next discount code \(€15\.00\)\./);
  });

  test('members who never consented or withdrew get the codes and the balance, nothing more', async () => {
    for (const id of ['m-no', 'm-withdrew']) {
      const text = await letter(id);
      assert.match(text, /Your points balance: 120 points/);
      assert.doesNotMatch(text, /next discount code/);
    }
  });
});

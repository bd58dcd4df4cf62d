import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setMarketingConsent } from '../../src/app/consent/marketing-consent.ts';
import type { AppContext } from '../../src/app/context.ts';
import { eraseCustomer } from '../../src/app/members/erase-customer.ts';
import { joinProgram, leaveProgram } from '../../src/app/members/join-program.ts';
import { queueDueReminders } from '../../src/app/reminders/queue-reminders.ts';
import { mailMessage } from '../../src/app/reports/mail-message.ts';
import type { ProgramSettings } from '../../src/domain/program/settings.ts';
import { local } from '../monthly/support.ts';
import { testApp } from '../support/database.ts';
import { insertCode, newCustomer, publishedShop } from '../support/fixtures.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';

const defaults = { publicUrl: 'https://loyalty.example', fromAddress: 'loyalty@loyalty.example' };
const REMINDERS = { codeReminders: { enabled: true, daysBefore: 7 } } satisfies Partial<ProgramSettings>;

/**
 * A shop in `zone` whose members' codes have 30 June as their last valid day there:
 * `yes` consented; `never` was never asked; `withdrew` consented and withdrew; `used` consented
 * but used the code; `left` consented and left the program.
 */
async function shopInZone(ctx: AppContext, shopId: string, zone: string, settings: Partial<ProgramSettings>) {
  await publishedShop(ctx, shopId, { timeZone: zone, language: 'en', ...settings });
  const expiresAt = local('2026-07-01 00:00', zone);
  for (const id of ['yes', 'never', 'withdrew', 'used', 'left']) {
    await newCustomer(ctx, shopId, id, { email: `  ${id.toUpperCase()}@Example.com ` });
    await joinProgram(ctx, { shopId, customerId: id, source: 'registration' });
    if (id !== 'never')
      await setMarketingConsent(ctx, { shopId, customerId: id, granted: true, source: 'api' });
    await insertCode(ctx, {
      shopId,
      code: `${shopId}-${id}`.toUpperCase(),
      customerId: id,
      valueCents: 1500,
      expiresAt,
      status: id === 'used' ? 'used' : 'active',
    });
  }
  await setMarketingConsent(ctx, { shopId, customerId: 'withdrew', granted: false, source: 'storefront' });
  await leaveProgram(ctx, { shopId, customerId: 'left' });
}

async function reminded(ctx: AppContext, shopId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('mail_outbox')
    .select(['message_key', 'kind', 'customer_id'])
    .where('shop_id', '=', shopId)
    .where('kind', '=', 'reminder')
    .orderBy('message_key')
    .execute();
  return rows.map((r) => `${r.message_key} ${r.customer_id}`);
}

/** Queues the reminders due now: each shop's pass, as [shop, reminders queued]. */
async function queuedPerShop(ctx: AppContext): Promise<[string, number][]> {
  return (await queueDueReminders(ctx)).map((p) => [p.shopId, p.queued]);
}

describe('point reminders', () => {
  const app = suiteFixture(() =>
    prepared(testApp('2026-06-01T09:00:00Z'), async ({ ctx }) => {
      await shopInZone(ctx, 'hel', 'Europe/Helsinki', REMINDERS);
      await shopInZone(ctx, 'nyc', 'America/New_York', REMINDERS);
      await shopInZone(ctx, 'off', 'Europe/Helsinki', {});
    }),
  );

  test('nothing is due before the local day seven days ahead of the last valid day', async () => {
    app.clock.set(local('2026-06-22 23:59', 'Europe/Helsinki'));
    assert.deepEqual(
      await queuedPerShop(app.ctx),
      [
        ['hel', 0],
        ['nyc', 0],
      ],
      'a program with reminders off has no pass',
    );
  });

  test('on 23 June in Helsinki the Helsinki shop reminds its consenting member, once; New York is still on 22 June', async () => {
    app.clock.set(local('2026-06-23 00:00', 'Europe/Helsinki'));
    assert.deepEqual(await queuedPerShop(app.ctx), [
      ['hel', 1],
      ['nyc', 0],
    ]);
    assert.deepEqual(await reminded(app.ctx, 'hel'), ['reminder:HEL-YES yes']);
    app.clock.set(local('2026-06-23 18:00', 'Europe/Helsinki'));
    assert.equal((await queueDueReminders(app.ctx, { shopId: 'hel' }))[0]!.queued, 0, 'once per code');
    assert.deepEqual(await reminded(app.ctx, 'hel'), ['reminder:HEL-YES yes']);
  });

  test('New York reminds at 00:00 on 23 June New York time; never the opted-out, the used code or who left', async () => {
    app.clock.set(local('2026-06-22 23:59', 'America/New_York'));
    assert.equal((await queueDueReminders(app.ctx, { shopId: 'nyc' }))[0]!.queued, 0);
    app.clock.set(local('2026-06-23 00:00', 'America/New_York'));
    assert.equal((await queueDueReminders(app.ctx, { shopId: 'nyc' }))[0]!.queued, 1);
    assert.deepEqual(await reminded(app.ctx, 'nyc'), ['reminder:NYC-YES yes']);
    app.clock.set(local('2026-06-30 12:00', 'America/New_York'));
    await queueDueReminders(app.ctx);
    assert.deepEqual(
      await reminded(app.ctx, 'nyc'),
      ['reminder:NYC-YES yes'],
      'no one else, even on the last day',
    );
    assert.deepEqual(await reminded(app.ctx, 'off'), []);
  });

  test('the e-mail names the code, its value and last valid moment, and why it came', async () => {
    const message = await mailMessage(app.ctx, 'hel', 'reminder:HEL-YES', defaults);
    assert.ok(message?.rendered, 'rendered as the sender renders it');
    assert.equal(message.recipient, '  YES@Example.com ');
    assert.match(message.rendered.subject, /€15\.00 discount code expires soon/);
    assert.match(message.rendered.text, /HEL-YES/);
    assert.match(message.rendered.text, /valid until 30 June 2026 at 23:59/);
    assert.match(message.rendered.text, /agreed to receive offers and reminders/);
  });

  test('erasing the member cancels a reminder not sent yet', async () => {
    await eraseCustomer(app.ctx, {
      shopId: 'nyc',
      customerId: 'yes',
      by: { kind: 'command_line', name: 'test' },
    });
    assert.deepEqual(await reminded(app.ctx, 'nyc'), []);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { listEndpoints } from '../../src/app/webhooks/endpoints.ts';
import { webhookDispatcher } from '../../src/jobs/webhook-dispatcher.ts';
import { newUserClient, type SignedInAdmin, signedInAdmin } from '../admin/support/admin-client.ts';
import { publishedShop } from '../support/fixtures.ts';
import { webhookReceiver } from './receiver.ts';

describe('webhooks: the admin page', () => {
  let admin: SignedInAdmin;
  before(async () => {
    admin = await signedInAdmin('hooks', (app) => publishedShop(app.ctx, 'hooks', { joinPoints: 10 }));
  });
  after(() => admin.close());

  it('an owner adds an endpoint, sees its deliveries and sends one again; a cashier may not open it', async () => {
    const page = await admin.client.get('/admin/webhooks');
    assert.equal(page.status, 200);
    assert.match(page.text, /No webhook endpoints yet\./);
    assert.match(page.text, /<a href="\/admin\/webhooks" aria-current="page">Webhooks<\/a>/);

    const refused = await admin.client.post('/admin/webhooks', {
      url: 'http://shop.example/hooks',
      eventTypes: 'member.joined',
      enabled: 'true',
    });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /only https URLs are allowed/);

    const receiver = await webhookReceiver((_request, n) => (n === 1 ? 500 : 200));
    try {
      const added = await admin.client.post('/admin/webhooks', {
        url: receiver.url,
        description: 'ERP',
        eventTypes: ['member.joined', 'points.credited'],
        enabled: 'true',
      });
      assert.equal(added.status, 303);
      const [endpoint] = await listEndpoints(admin.ctx, 'hooks');
      assert.deepEqual(endpoint!.eventTypes, ['member.joined', 'points.credited']);
      assert.equal(added.location, `/admin/webhooks/${endpoint!.id}?done=created`);

      await joinProgram(admin.ctx, { shopId: 'hooks', customerId: 'c1', source: 'registration' });
      const dispatcher = webhookDispatcher(admin.ctx);
      await dispatcher.runDue();
      const detail = await admin.client.get(`/admin/webhooks/${endpoint!.id}`);
      assert.match(detail.text, /Delivery log/);
      assert.match(detail.text, /whsec_/);
      assert.match(detail.text, /<code>member\.joined<\/code>[\s\S]*Waiting[\s\S]*500/);
      assert.match(detail.text, /<code>points\.credited<\/code>/);

      admin.clock.advance(60_000);
      await dispatcher.runDue();
      const done = await admin.client.get(`/admin/webhooks/${endpoint!.id}`);
      assert.equal((done.text.match(/Delivered/g) ?? []).length, 2);
      const seq = /\/deliveries\/(\d+)\/replay/.exec(done.text)![1]!;
      const replayed = await admin.client.post(
        `/admin/webhooks/${endpoint!.id}/deliveries/${seq}/replay`,
        {},
      );
      assert.equal(replayed.status, 303);
      await dispatcher.runDue();
      assert.equal(
        receiver.log.filter((l) => l.answer === 200).length,
        3,
        'both events, and the one sent again',
      );

      const off = await admin.client.post(`/admin/webhooks/${endpoint!.id}`, {
        url: receiver.url,
        description: 'ERP',
        eventTypes: 'member.joined',
      });
      assert.equal(off.status, 303);
      const [changed] = await listEndpoints(admin.ctx, 'hooks');
      assert.equal(changed!.enabled, false);
      assert.deepEqual(changed!.eventTypes, ['member.joined']);
    } finally {
      await receiver.close();
    }

    const cashier = (await newUserClient(admin, 'hooks', 'till@hooks.example', { role: 'cashier' })).client;
    const forbidden = await cashier.get('/admin/webhooks');
    assert.notEqual(forbidden.status, 200);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAdminUser } from '../../src/app/admin-users/users.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { listDeliveries, replayDelivery } from '../../src/app/webhooks/deliveries.ts';
import { createEndpoint, getEndpoint, updateEndpoint } from '../../src/app/webhooks/endpoints.ts';
import { webhookDispatcher } from '../../src/jobs/webhook-dispatcher.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { newCustomer, publishedShop } from '../support/fixtures.ts';
import { webhookReceiver } from './receiver.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('webhooks: retries, order and disabling', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp('2026-06-15T10:00:00Z');
  });
  after(() => app.close());

  it('an endpoint that fails five times and recovers receives every event once, each member’s in order', async () => {
    const { ctx, clock } = app;
    await publishedShop(ctx, 'flaky', { joinPoints: 10 });
    await newCustomer(ctx, 'flaky', 'c4');
    // The first five requests fail (500), then every one succeeds.
    const receiver = await webhookReceiver((_request, n) => (n <= 5 ? 500 : 200));
    try {
      await createEndpoint(ctx, 'flaky', {
        url: receiver.url,
        eventTypes: ['member.joined', 'points.credited', 'points.debited'],
      });
      const members = ['c1', 'c2', 'c3', 'c4'];
      for (const customerId of members)
        await joinProgram(ctx, { shopId: 'flaky', customerId, source: 'registration' });
      for (const [i, customerId] of members.entries()) {
        await adjustPoints(ctx, {
          shopId: 'flaky',
          customerId,
          points: i + 1,
          reason: 'Thanks',
          author: 'A',
        });
        await adjustPoints(ctx, { shopId: 'flaky', customerId, points: -1, reason: 'Fix', author: 'A' });
      }
      const queued = await ctx.db
        .selectFrom('webhook_deliveries')
        .select(['event_id', 'customer_id'])
        .where('shop_id', '=', 'flaky')
        .orderBy('seq')
        .execute();
      assert.equal(queued.length, 16);

      const dispatcher = webhookDispatcher(ctx, { random: () => 0.5 });
      for (let round = 0; round < 30 && receiver.received.filter((r) => r.event).length < 16 + 5; round++) {
        await dispatcher.runDue();
        clock.advance(30 * MINUTE);
      }
      const delivered = receiver.log.filter((l) => l.answer === 200).map((l) => l.request);
      assert.equal(receiver.log.filter((l) => l.answer === 500).length, 5);
      // Each event exactly once…
      assert.deepEqual(delivered.map((r) => r.id).sort(), queued.map((q) => q.event_id).sort());
      // …and each member's in the order they happened.
      for (const customerId of members) {
        const expected = queued.filter((q) => q.customer_id === customerId).map((q) => q.event_id);
        assert.deepEqual(
          delivered.filter((r) => r.event.data.customerId === customerId).map((r) => r.id),
          expected,
          customerId,
        );
      }
      // No member's later event was sent while an earlier one was still open (failed, not yet retried).
      for (const customerId of members) {
        const order = queued.filter((q) => q.customer_id === customerId).map((q) => q.event_id);
        const sent = receiver.log.filter((l) => l.request.event.data.customerId === customerId);
        let done = 0;
        for (const attempt of sent) {
          assert.equal(attempt.request.id, order[done], `${customerId} attempt out of order`);
          if (attempt.answer === 200) done++;
        }
      }
      const log = await listDeliveries(ctx, {
        shopId: 'flaky',
        endpointId: (await endpointIdOf(app, 'flaky')) ?? '',
        limit: 100,
      });
      assert.ok(log.deliveries.every((d) => d.status === 'succeeded'));
      assert.equal(
        log.deliveries.reduce((sum, d) => sum + d.attempts, 0),
        16 + 5,
      );
    } finally {
      await receiver.close();
    }
  });

  it('an endpoint failing for three days is disabled, its owners e-mailed, and its events kept for when it is enabled', async () => {
    const { ctx, clock } = app;
    await publishedShop(ctx, 'dead', { joinPoints: 10 });
    await createAdminUser(ctx, {
      shopId: 'dead',
      email: 'owner@dead.example',
      password: 'a long password 1',
      role: 'owner',
    });
    let alive = false;
    const receiver = await webhookReceiver(() => (alive ? 200 : 503));
    try {
      const endpoint = await createEndpoint(ctx, 'dead', {
        url: receiver.url,
        eventTypes: ['member.joined'],
      });
      const failingFrom = clock.now();
      await joinProgram(ctx, { shopId: 'dead', customerId: 'c1', source: 'registration' });
      const dispatcher = webhookDispatcher(ctx, { random: () => 0 });
      let rounds = 0;
      while ((await getEndpoint(ctx, 'dead', endpoint.id)).enabled && rounds++ < 100) {
        await dispatcher.runDue();
        clock.advance(2 * HOUR);
      }
      const disabled = await getEndpoint(ctx, 'dead', endpoint.id);
      assert.equal(disabled.enabled, false);
      assert.equal(disabled.disabledReason, 'failing');
      assert.ok(disabled.disabledAt!.getTime() - failingFrom.getTime() >= 3 * 24 * HOUR);
      assert.ok(disabled.disabledAt!.getTime() - failingFrom.getTime() <= 3 * 24 * HOUR + 10 * HOUR);
      const mail = await ctx.db
        .selectFrom('mail_outbox')
        .select(['recipient', 'kind', 'payload'])
        .where('shop_id', '=', 'dead')
        .execute();
      assert.deepEqual(
        mail.map((m) => [m.recipient, m.kind]),
        [['owner@dead.example', 'webhook_disabled']],
      );
      // While disabled, new events are not queued for it, and nothing is sent.
      const attempts = receiver.arrived();
      await joinProgram(ctx, { shopId: 'dead', customerId: 'c2', source: 'registration' });
      await dispatcher.runDue();
      assert.equal(receiver.arrived(), attempts);

      // The first event was given up after three days; the merchant replays it once the receiver works.
      const log = await listDeliveries(ctx, { shopId: 'dead', endpointId: endpoint.id, limit: 10 });
      assert.deepEqual(
        log.deliveries.map((d) => d.status),
        ['failed'],
      );
      alive = true;
      await updateEndpoint(ctx, 'dead', endpoint.id, {
        url: receiver.url,
        eventTypes: ['member.joined'],
        enabled: true,
      });
      const replay = await replayDelivery(ctx, {
        shopId: 'dead',
        endpointId: endpoint.id,
        seq: log.deliveries[0]!.seq,
      });
      await dispatcher.runDue();
      const after = await listDeliveries(ctx, { shopId: 'dead', endpointId: endpoint.id, limit: 10 });
      assert.deepEqual(
        after.deliveries.map((d) => [d.seq === replay ? 'replay' : 'original', d.status]),
        [
          ['replay', 'succeeded'],
          ['original', 'failed'],
        ],
      );
      assert.equal(receiver.received.at(-1)!.event.data.customerId, 'c1');
      assert.equal(receiver.received.at(-1)!.id, log.deliveries[0]!.eventId);
      assert.equal((await getEndpoint(ctx, 'dead', endpoint.id)).failingSince, null);
    } finally {
      await receiver.close();
    }
  });
});

async function endpointIdOf(app: TestApp, shopId: string): Promise<string | undefined> {
  const row = await app.ctx.db
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('shop_id', '=', shopId)
    .executeTakeFirst();
  return row?.id;
}

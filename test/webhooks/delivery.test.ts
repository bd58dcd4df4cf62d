import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { postEntries, postEntry } from '../../src/app/ledger/ledger-writer.ts';
import { joinProgram, leaveProgram } from '../../src/app/members/join-program.ts';
import { recordSale } from '../../src/app/orders/record-sale.ts';
import { listDeliveries } from '../../src/app/webhooks/deliveries.ts';
import {
  createEndpoint,
  endpointSecret,
  getEndpoint,
  rotateEndpointSecret,
  updateEndpoint,
} from '../../src/app/webhooks/endpoints.ts';
import { adjustmentEntry } from '../../src/domain/ledger/entries.ts';
import { WEBHOOK_EVENT_TYPES } from '../../src/domain/webhooks/event-types.ts';
import { webhookDispatcher } from '../../src/jobs/webhook-dispatcher.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { balanceOf, oneLineOrder, publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { nearNow, withWebhookReceiver } from './receiver.ts';

const HOUR = 3600_000;
const allTypes = [...WEBHOOK_EVENT_TYPES];

async function deliveriesOf(app: TestApp, shopId: string, endpointId: string) {
  return (await listDeliveries(app.ctx, { shopId, endpointId, limit: 1000 })).deliveries.reverse();
}

describe('webhooks: delivery to a real receiver', () => {
  const app = suiteFixture(() => testApp(nearNow()));

  it('sends members’ and points’ events in order, signed so that standardwebhooks verifies them', async () => {
    const { ctx } = app;
    await publishedShop(ctx, 'sig', { joinPoints: 10 });
    await withWebhookReceiver(async (receiver) => {
      const endpoint = await createEndpoint(ctx, 'sig', { url: receiver.url, eventTypes: allTypes });
      await joinProgram(ctx, { shopId: 'sig', customerId: 'c1', source: 'registration' });
      await adjustPoints(ctx, {
        shopId: 'sig',
        customerId: 'c1',
        points: -3,
        reason: 'Damaged parcel',
        author: 'Anna',
      });
      await leaveProgram(ctx, { shopId: 'sig', customerId: 'c1' });
      await webhookDispatcher(ctx).runDue();

      const types = receiver.received.map((r) => r.event.type);
      assert.deepEqual(types, ['member.joined', 'points.credited', 'points.debited', 'member.left']);
      const wh = new Webhook(endpoint.secret);
      for (const request of receiver.received) {
        assert.deepEqual(wh.verify(request.body, request.headers), request.event);
        assert.equal(request.id, request.event.id);
        assert.match(request.id, /^evt_/);
      }
      const [joined, credited, debited] = receiver.received.map((r) => r.event);
      assert.equal(joined.shop, 'sig');
      assert.deepEqual(joined.data, {
        customerId: 'c1',
        memberNumber: joined.data.memberNumber,
        source: 'registration',
      });
      assert.equal(credited.data.points, 10);
      assert.equal(credited.data.kind, 'join');
      assert.equal(credited.data.balance, 10);
      assert.equal(debited.data.points, -3);
      assert.equal(debited.data.kind, 'adjustment');
      assert.equal(debited.data.balance, 7);
      assert.equal(debited.timestamp, ctx.clock.now().toISOString());
      const log = await deliveriesOf(app, 'sig', endpoint.id);
      assert.deepEqual(
        log.map((d) => [d.eventType, d.status, d.attempts, d.lastStatus]),
        types.map((t) => [t, 'succeeded', 1, 200]),
      );
      // A tampered body fails verification.
      assert.throws(() =>
        wh.verify(receiver.received[0]!.body.replace('c1', 'c2'), receiver.received[0]!.headers),
      );
    });
  });

  it('a shop without an endpoint queues nothing; an endpoint gets only the types it chose', async () => {
    const { ctx } = app;
    await publishedShop(ctx, 'choosy', { joinPoints: 10 });
    await publishedShop(ctx, 'none', { joinPoints: 10 });
    await withWebhookReceiver(async (receiver) => {
      const endpoint = await createEndpoint(ctx, 'choosy', {
        url: receiver.url,
        eventTypes: ['points.debited'],
      });
      for (const shopId of ['choosy', 'none']) {
        await joinProgram(ctx, { shopId, customerId: 'c1', source: 'registration' });
        await adjustPoints(ctx, { shopId, customerId: 'c1', points: -4, reason: 'Fix', author: 'Anna' });
      }
      await webhookDispatcher(ctx).runDue();
      assert.deepEqual(
        receiver.received.map((r) => [r.event.type, r.event.shop, r.event.data.points]),
        [['points.debited', 'choosy', -4]],
      );
      const none = await ctx.db
        .selectFrom('webhook_deliveries')
        .select('seq')
        .where('shop_id', '=', 'none')
        .execute();
      assert.equal(none.length, 0);
      assert.equal((await deliveriesOf(app, 'choosy', endpoint.id)).length, 1);
    });
  });

  it('entries written together each tell the member’s balance just after them, in their order', async () => {
    const { ctx } = app;
    await publishedShop(ctx, 'many', { joinPoints: 10 });
    await withWebhookReceiver(async (receiver) => {
      const endpoint = await createEndpoint(ctx, 'many', { url: receiver.url, eventTypes: allTypes });
      await joinProgram(ctx, { shopId: 'many', customerId: 'c1', source: 'registration' });
      await joinProgram(ctx, { shopId: 'many', customerId: 'c2', source: 'registration' });
      const entry = (customerId: string, points: number, requestKey: string) =>
        adjustmentEntry({
          shopId: 'many',
          customerId,
          points,
          at: ctx.clock.now(),
          requestKey,
          author: 'A',
          reason: 'R',
        });
      // One statement: c1 twice around c2, and a debit.
      await postEntries(ctx.db, [
        entry('c1', 5, 'a'),
        entry('c2', 7, 'b'),
        entry('c1', -2, 'c'),
        entry('c1', 4, 'd'),
      ]);
      await webhookDispatcher(ctx).runDue();
      const points = receiver.received
        .map((r) => r.event)
        .filter((e) => e.type !== 'member.joined' && e.data.kind === 'adjustment')
        .map((e) => [e.type, e.data.customerId, e.data.points, e.data.balance]);
      assert.deepEqual(points, [
        ['points.credited', 'c1', 5, 15],
        ['points.credited', 'c2', 7, 17],
        ['points.debited', 'c1', -2, 13],
        ['points.credited', 'c1', 4, 17],
      ]);
      assert.equal(await balanceOf(ctx, 'many', 'c1'), 17);
      assert.equal((await deliveriesOf(app, 'many', endpoint.id)).length, 8);
    });
  });

  it('sales written together queue points events only in the shops with an enabled endpoint', async () => {
    const { ctx } = app;
    for (const shopId of ['till', 'quiet', 'paused']) await publishedShop(ctx, shopId, { joinPoints: 10 });
    await withWebhookReceiver(async (receiver) => {
      await createEndpoint(ctx, 'till', { url: receiver.url, eventTypes: ['points.credited'] });
      const paused = await createEndpoint(ctx, 'paused', { url: receiver.url, eventTypes: allTypes });
      await updateEndpoint(ctx, 'paused', paused.id, { enabled: false });
      for (const shopId of ['till', 'quiet', 'paused'])
        await joinProgram(ctx, { shopId, customerId: 'c1', source: 'registration' });
      await joinProgram(ctx, { shopId: 'till', customerId: 'c2', source: 'registration' });
      const sale = (shopId: string, orderId: string, customerId: string, cents: number) =>
        recordSale(ctx, oneLineOrder(shopId, orderId, customerId, ctx.clock.now(), cents));
      // Submitted together, so that they are written in one statement or a few, shops mixed.
      const sales = await Promise.all([
        sale('till', 's1', 'c1', 4_000),
        sale('quiet', 'q1', 'c1', 5_000),
        sale('till', 's2', 'c2', 6_000),
        sale('paused', 'p1', 'c1', 7_000),
        sale('till', 's3', 'c1', 8_000),
        sale('quiet', 'q2', 'c1', 9_000),
      ]);
      assert.ok(sales.every((s) => s.outcome === 'applied' && s.pointsEarned > 0));
      await webhookDispatcher(ctx).runDue();
      const events = receiver.received
        .map((r) => r.event)
        .filter((e) => e.data.kind === 'purchase')
        .map((e) => [e.shop, e.data.reference.id, e.data.customerId, e.data.points, e.data.balance]);
      const expected = [0, 2, 4].map((i) => {
        const s = sales[i]!;
        return ['till', s.orderId, i === 2 ? 'c2' : 'c1', s.pointsEarned, s.balance];
      });
      // Sorted by order id here; the balances carry the order written: c1's s1, then s3 on top of it.
      assert.deepEqual(
        events.sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
        expected,
      );
      assert.equal(expected[2]![4], await balanceOf(ctx, 'till', 'c1'));
      const elsewhere = await ctx.db
        .selectFrom('webhook_deliveries')
        .select('seq')
        .where('shop_id', 'in', ['quiet', 'paused'])
        .execute();
      assert.equal(elsewhere.length, 0);
    });
  });

  it('an event is written if and only if its change commits', async () => {
    const { ctx } = app;
    await publishedShop(ctx, 'tx', { joinPoints: 0 });
    await withWebhookReceiver(async (receiver) => {
      await createEndpoint(ctx, 'tx', { url: receiver.url, eventTypes: allTypes });
      await joinProgram(ctx, { shopId: 'tx', customerId: 'c1', source: 'registration' });
      const entry = (requestKey: string) =>
        adjustmentEntry({
          shopId: 'tx',
          customerId: 'c1',
          points: 5,
          at: ctx.clock.now(),
          requestKey,
          author: 'A',
          reason: 'R',
        });
      await assert.rejects(
        ctx.db.transaction().execute(async (trx) => {
          await postEntry(trx, entry('rolled-back'));
          throw new Error('the change fails after its entry');
        }),
        /the change fails/,
      );
      const count = async () =>
        (
          await ctx.db
            .selectFrom('webhook_deliveries')
            .select('event_type')
            .where('shop_id', '=', 'tx')
            .execute()
        ).map((r) => r.event_type);
      assert.deepEqual(await count(), ['member.joined']);
      assert.equal(await balanceOf(ctx, 'tx', 'c1'), 0);
      await ctx.db.transaction().execute((trx) => postEntry(trx, entry('committed')));
      assert.deepEqual(await count(), ['member.joined', 'points.credited']);
    });
  });

  it('during a rotation both secrets sign; after the overlap only the new one', async () => {
    const { ctx } = app;
    await publishedShop(ctx, 'rot', { joinPoints: 10 });
    await withWebhookReceiver(async (receiver) => {
      const endpoint = await createEndpoint(ctx, 'rot', { url: receiver.url, eventTypes: ['member.joined'] });
      const rotated = await rotateEndpointSecret(ctx, 'rot', endpoint.id, 1);
      assert.notEqual(rotated.secret, endpoint.secret);
      assert.equal(await endpointSecret(ctx, 'rot', endpoint.id), rotated.secret);
      await joinProgram(ctx, { shopId: 'rot', customerId: 'c1', source: 'registration' });
      await webhookDispatcher(ctx).runDue();
      const during = receiver.received[0]!;
      assert.equal(during.signatures.length, 2);
      assert.ok(receiver.signedWith(during, endpoint.secret));
      assert.ok(receiver.signedWith(during, rotated.secret));
      new Webhook(endpoint.secret).verify(during.body, during.headers);
      new Webhook(rotated.secret).verify(during.body, during.headers);

      app.clock.advance(HOUR + 1000);
      await joinProgram(ctx, { shopId: 'rot', customerId: 'c2', source: 'registration' });
      await webhookDispatcher(ctx).runDue();
      const later = receiver.received[1]!;
      assert.equal(later.signatures.length, 1);
      assert.ok(receiver.signedWith(later, rotated.secret));
      assert.ok(!receiver.signedWith(later, endpoint.secret));
      assert.equal((await getEndpoint(ctx, 'rot', endpoint.id)).enabled, true);
    });
  });
});

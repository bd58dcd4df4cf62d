import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { monotonicMs } from '../../src/clock.ts';
import { webhookDispatcher } from '../../src/jobs/webhook-dispatcher.ts';
import { apiHarness } from '../http/harness.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { nearNow, webhookReceiver } from './receiver.ts';

describe('webhooks: the store API', () => {
  const api = suiteFixture(() => apiHarness(nearNow()));

  it('adds, lists, changes, rotates and deletes endpoints; refuses a URL that is not https', async () => {
    const created = await api.call('POST', '/v1/webhook-endpoints', {
      body: {
        url: 'https://shop.example/hooks',
        eventTypes: ['points.credited', 'code.issued'],
        description: 'ERP',
      },
    });
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^we_/);
    assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.deepEqual(created.body.eventTypes, ['points.credited', 'code.issued']);
    assert.equal(created.body.enabled, true);

    for (const url of [
      'http://shop.example/hooks',
      'ftp://shop.example',
      'https://user:pw@shop.example/',
      'not a url',
    ]) {
      const refused = await api.call('POST', '/v1/webhook-endpoints', {
        body: { url, eventTypes: ['member.joined'] },
      });
      assert.equal(refused.status, 422, url);
      assert.equal(refused.body.code, 'webhook_url_not_allowed', url);
    }
    const local = await api.call('POST', '/v1/webhook-endpoints', {
      body: { url: 'http://localhost:4000/hooks', eventTypes: ['member.joined'] },
    });
    assert.equal(local.status, 201);
    const unknownType = await api.call('POST', '/v1/webhook-endpoints', {
      body: { url: 'https://shop.example/x', eventTypes: ['order.shipped'] },
    });
    assert.equal(unknownType.status, 422);

    const list = await api.call('GET', '/v1/webhook-endpoints');
    assert.deepEqual(
      list.body.data.map((e: { id: string }) => e.id).sort(),
      [created.body.id, local.body.id].sort(),
    );
    assert.equal(list.body.data[0].secret, undefined);
    const other = await api.call('GET', `/v1/webhook-endpoints/${created.body.id}`, {
      key: api.keys.otherShop,
    });
    assert.equal(other.status, 404);
    assert.equal(other.body.code, 'webhook_endpoint_not_found');

    const patched = await api.call('PATCH', `/v1/webhook-endpoints/${created.body.id}`, {
      body: { enabled: false },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.enabled, false);
    assert.equal(patched.body.disabledReason, 'merchant');
    assert.deepEqual(patched.body.eventTypes, ['points.credited', 'code.issued']);

    const rotated = await api.call('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, {
      body: { overlapHours: 2 },
    });
    assert.equal(rotated.status, 200);
    assert.notEqual(rotated.body.secret, created.body.secret);
    assert.equal(Date.parse(rotated.body.previousSecretUntil) - api.clock.now().getTime(), 2 * 3600_000);
    const read = await api.call('GET', `/v1/webhook-endpoints/${created.body.id}`);
    assert.equal(read.body.secret, rotated.body.secret);

    const readOnly = await api.call('DELETE', `/v1/webhook-endpoints/${created.body.id}`, {
      key: api.keys.readOnly,
    });
    assert.equal(readOnly.status, 403);
    const deleted = await api.call('DELETE', `/v1/webhook-endpoints/${created.body.id}`);
    assert.deepEqual(deleted.body, { object: 'webhook_endpoint', id: created.body.id, deleted: true });
    assert.equal((await api.call('GET', `/v1/webhook-endpoints/${created.body.id}`)).status, 404);
    await api.call('DELETE', `/v1/webhook-endpoints/${local.body.id}`);
  });

  it('a receiver that hangs delays neither the API nor another endpoint; the delivery log and replay', async () => {
    const hanging = await webhookReceiver((_request, n) => (n === 1 ? 'hang' : 200));
    const healthy = await webhookReceiver();
    const dispatcher = webhookDispatcher(api.ctx, { timeoutMs: 120_000 });
    let run: Promise<void> | undefined;
    try {
      const slow = await api.call('POST', '/v1/webhook-endpoints', {
        body: { url: hanging.url, eventTypes: ['member.joined'] },
      });
      const fine = await api.call('POST', '/v1/webhook-endpoints', {
        body: { url: healthy.url, eventTypes: ['member.joined'] },
      });
      assert.equal(
        (await api.call('POST', '/v1/members', { body: { customerId: 'c1', source: 'registration' } }))
          .status,
        201,
      );

      run = dispatcher.runDue();
      await hanging.waitFor(() => hanging.hanging.length === 1);
      await healthy.waitFor(() => healthy.received.length === 1);
      new Webhook(fine.body.secret).verify(healthy.received[0]!.body, healthy.received[0]!.headers);

      // The first receiver holds its request open; the API answers meanwhile.
      const started = monotonicMs();
      const joined = await api.call('POST', '/v1/members', {
        body: { customerId: 'c2', source: 'registration' },
      });
      const tookMs = monotonicMs() - started;
      assert.equal(joined.status, 201);
      assert.equal(hanging.hanging.length, 1, 'the request is still held open');
      assert.ok(tookMs < 5000, `the API answered in ${tookMs} ms`);
      const log = await api.call('GET', `/v1/webhook-endpoints/${slow.body.id}/deliveries`);
      assert.deepEqual(
        log.body.data.map((d: { status: string; customerId: string }) => [d.customerId, d.status]),
        [
          ['c2', 'pending'],
          ['c1', 'sending'],
        ],
      );

      // Released, the held request succeeds and the lane goes on to the next event.
      hanging.hanging[0]!.end('ok');
      await run;
      await dispatcher.runDue();
      const done = await api.call('GET', `/v1/webhook-endpoints/${slow.body.id}/deliveries?status=succeeded`);
      assert.deepEqual(
        done.body.data.map((d: { customerId: string }) => d.customerId),
        ['c2', 'c1'],
      );

      const first = done.body.data[1];
      const replay = await api.call(
        'POST',
        `/v1/webhook-endpoints/${fine.body.id}/deliveries/${first.seq}/replay`,
      );
      assert.equal(replay.status, 404, 'a delivery of another endpoint');
      assert.equal(replay.body.code, 'webhook_delivery_not_found');
      const replayed = await api.call(
        'POST',
        `/v1/webhook-endpoints/${slow.body.id}/deliveries/${first.seq}/replay`,
      );
      assert.equal(replayed.status, 201);
      assert.equal(replayed.body.replayOf, first.seq);
      await dispatcher.runDue();
      const page = await api.call('GET', `/v1/webhook-endpoints/${slow.body.id}/deliveries?limit=1`);
      assert.equal(page.body.data[0].replayOf, first.seq);
      assert.equal(page.body.data[0].status, 'succeeded');
      assert.equal(page.body.data[0].eventId, first.eventId);
      assert.equal(page.body.hasMore, true);
    } finally {
      for (const res of hanging.hanging) res.end('ok');
      await run;
      await dispatcher.stop();
      await hanging.close();
      await healthy.close();
    }
  });
});

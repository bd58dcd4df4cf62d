import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endCampaign } from '../../src/app/campaigns/campaigns.ts';
import { queueDueCampaignEvents } from '../../src/app/webhooks/campaign-events.ts';
import { createEndpoint } from '../../src/app/webhooks/endpoints.ts';
import { readConfig } from '../../src/config.ts';
import { campaignEventsHook } from '../../src/jobs/campaign-events-job.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { FINNISH_WEB_SHOP, newShop } from '../support/fixtures.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';
import { addCampaign } from './campaign-set-up.ts';

/** The shop's queued campaign events, oldest first: type, moment, and the campaign's id and state in the body. */
async function queued(app: TestApp, shopId: string) {
  const rows = await app.ctx.db
    .selectFrom('webhook_deliveries')
    .select(['event_id', 'event_type', 'payload', 'created_at'])
    .where('shop_id', '=', shopId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => {
    const body = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as {
      id: string;
      type: string;
      timestamp: string;
      data: { campaignId: string; state: string; name: string; endsAt: string; endedEarly: boolean };
    };
    assert.equal(body.id, r.event_id);
    assert.equal(body.type, r.event_type);
    return {
      type: body.type,
      at: body.timestamp,
      campaign: body.data.campaignId,
      state: body.data.state,
      data: body.data,
    };
  });
}

/** A queued event as one line: `type at campaign state`. */
const line = (e: { type: string; at: string; campaign: string; state: string }) =>
  `${e.type} ${e.at} ${e.campaign} ${e.state}`;

/** A shop in Helsinki time whose one endpoint wants the campaign events. */
async function shopWithEndpoint(app: TestApp, shopId: string) {
  await newShop(app.ctx, shopId, [FINNISH_WEB_SHOP]);
  await createEndpoint(app.ctx, shopId, {
    url: 'http://127.0.0.1:9/hooks',
    eventTypes: ['campaign.started', 'campaign.ended'],
  });
}

describe('campaign.started and campaign.ended webhooks', () => {
  const app = suiteFixture(() =>
    prepared(testApp('2026-11-20T10:00:00Z'), (a) => shopWithEndpoint(a, 'shop')),
  );

  test('queued once each as the clock passes the opening and the end, dated by them', async () => {
    // Members from Thursday 18:00, everyone from Friday 00:00, until Tuesday 00:00 (Helsinki, UTC+2).
    await addCampaign(app.ctx, 'shop', 'bf', 'Black Friday', 200, ['2026-11-27T00:00', '2026-12-01T00:00'], {
      membersFrom: '2026-11-26T18:00',
    });
    assert.equal(await queueDueCampaignEvents(app.ctx), 0);
    app.clock.set('2026-11-26T15:59:59Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 0, 'a second before early access opens');
    assert.deepEqual(await queued(app, 'shop'), []);

    app.clock.set('2026-11-26T16:00:30Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 1);
    assert.equal(await queueDueCampaignEvents(app.ctx), 0, 'the next sweep finds nothing new');
    app.clock.set('2026-11-28T12:00:00Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 0, 'opening to everyone is not a second start');
    const started = await queued(app, 'shop');
    assert.deepEqual(started.map(line), ['campaign.started 2026-11-26T16:00:00.000Z bf members_only']);
    assert.equal(started[0]!.data.name, 'Black Friday');

    app.clock.set('2026-11-30T22:00:00Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 1, 'the end is exclusive: this is its moment');
    app.clock.set('2026-12-05T00:00:00Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 0);
    const all = await queued(app, 'shop');
    assert.deepEqual(all.map(line), [
      'campaign.started 2026-11-26T16:00:00.000Z bf members_only',
      'campaign.ended 2026-11-30T22:00:00.000Z bf ended',
    ]);
    assert.equal(all[1]!.data.endedEarly, false);
  });

  test('ending early queues campaign.ended at that moment; the sweep adds nothing after', async () => {
    await shopWithEndpoint(app, 'early');
    app.clock.set('2026-12-10T08:00:00Z');
    await addCampaign(app.ctx, 'early', 'xmas', 'Christmas', 150, ['2026-12-10T12:00', '2026-12-24T00:00']);
    // Ended before any sweep saw it open: its start is queued too, before its end.
    app.clock.set('2026-12-11T09:30:00Z');
    await endCampaign(app.ctx, 'early', 'xmas');
    const events = await queued(app, 'early');
    assert.deepEqual(events.map(line), [
      'campaign.started 2026-12-10T10:00:00.000Z xmas running',
      'campaign.ended 2026-12-11T09:30:00.000Z xmas ended',
    ]);
    assert.equal(events[1]!.data.endedEarly, true);
    assert.equal(events[1]!.data.endsAt, '2026-12-11T09:30:00.000Z');
    app.clock.set('2026-12-30T00:00:00Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 0, 'neither is queued again');
    await endCampaign(app.ctx, 'early', 'xmas');
    assert.equal((await queued(app, 'early')).length, 2, 'ending an ended campaign again queues nothing');
  });

  test('a campaign created already running started when it was created', async () => {
    await shopWithEndpoint(app, 'late');
    app.clock.set('2027-01-05T10:00:00Z');
    await addCampaign(app.ctx, 'late', 'sale', 'January sale', 200, ['2027-01-01T00:00', '2028-01-01T00:00']);
    app.clock.set('2027-01-05T10:00:10Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 1);
    assert.deepEqual((await queued(app, 'late')).map(line), [
      'campaign.started 2027-01-05T10:00:00.000Z sale running',
    ]);
  });

  test('a shop without an endpoint for them gets no delivery, and its campaigns are still recorded once', async () => {
    await newShop(app.ctx, 'quiet', [FINNISH_WEB_SHOP]);
    app.clock.set('2027-02-01T10:00:00Z');
    await addCampaign(app.ctx, 'quiet', 'q', 'Quiet', 200, ['2027-02-01T12:00', '2027-02-02T12:00']);
    app.clock.set('2027-02-03T00:00:00Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 2);
    assert.equal(await queueDueCampaignEvents(app.ctx), 0);
    assert.deepEqual(await queued(app, 'quiet'), []);
  });
});

describe('the service’s campaign events job', () => {
  const app = suiteFixture(() =>
    prepared(testApp('2027-04-01T08:00:00Z'), (a) => shopWithEndpoint(a, 'job')),
  );

  test('sweeps by the service’s clock as it starts, and stops', async () => {
    await addCampaign(app.ctx, 'job', 'spring', 'Spring', 200, ['2027-04-01T12:00', '2027-04-30T00:00']);
    app.clock.set('2027-04-02T00:00:00Z');
    const lines: string[] = [];
    const stop = await campaignEventsHook({
      ctx: app.ctx,
      config: readConfig({}),
      log: (l) => lines.push(l),
    });
    try {
      assert.deepEqual((await queued(app, 'job')).map(line), [
        'campaign.started 2027-04-01T09:00:00.000Z spring running',
      ]);
      assert.deepEqual(lines, []);
    } finally {
      await stop?.();
    }
  });
});

describe('campaign events when sweeps race', () => {
  const app = suiteFixture(() =>
    prepared(testApp('2027-03-01T08:00:00Z'), (a) => shopWithEndpoint(a, 'race')),
  );

  test('four sweeps at once (several connections on PostgreSQL) queue each event once', async () => {
    const CAMPAIGNS = 40;
    for (let i = 0; i < CAMPAIGNS; i++) {
      await addCampaign(app.ctx, 'race', `c${String(i).padStart(2, '0')}`, `Campaign ${i}`, 200, [
        '2027-03-01T12:00',
        '2027-03-02T12:00',
      ]);
    }
    app.clock.set('2027-03-05T00:00:00Z');
    const counts = await Promise.all([1, 2, 3, 4].map(() => queueDueCampaignEvents(app.ctx)));
    assert.equal(
      counts.reduce((a, b) => a + b, 0),
      2 * CAMPAIGNS,
    );
    const events = await queued(app, 'race');
    assert.equal(events.length, 2 * CAMPAIGNS);
    for (const type of ['campaign.started', 'campaign.ended']) {
      const ids = events.filter((e) => e.type === type).map((e) => e.campaign);
      assert.equal(new Set(ids).size, CAMPAIGNS, `${type}: one for each campaign`);
    }
    assert.equal(await queueDueCampaignEvents(app.ctx), 0);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCampaign, endCampaign } from '../../src/app/campaigns/campaigns.ts';
import { queueDueCampaignEvents } from '../../src/app/webhooks/campaign-events.ts';
import { createEndpoint } from '../../src/app/webhooks/endpoints.ts';
import { readConfig } from '../../src/config.ts';
import { campaignEventsHook } from '../../src/jobs/campaign-events-job.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { FINNISH_WEB_SHOP, newShop } from '../support/fixtures.ts';
import { prepared, suiteFixture } from '../support/suite-fixture.ts';

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
    await createCampaign(app.ctx, 'shop', {
      id: 'bf',
      name: 'Black Friday',
      multiplierPct: 200,
      membersFrom: '2026-11-26T18:00',
      startsAt: '2026-11-27T00:00',
      endsAt: '2026-12-01T00:00',
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
    assert.deepEqual(
      started.map(({ type, at, campaign, state }) => ({ type, at, campaign, state })),
      [{ type: 'campaign.started', at: '2026-11-26T16:00:00.000Z', campaign: 'bf', state: 'members_only' }],
    );
    assert.equal(started[0]!.data.name, 'Black Friday');

    app.clock.set('2026-11-30T22:00:00Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 1, 'the end is exclusive: this is its moment');
    app.clock.set('2026-12-05T00:00:00Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 0);
    const all = await queued(app, 'shop');
    assert.deepEqual(
      all.map(({ type, at, state }) => ({ type, at, state })),
      [
        { type: 'campaign.started', at: '2026-11-26T16:00:00.000Z', state: 'members_only' },
        { type: 'campaign.ended', at: '2026-11-30T22:00:00.000Z', state: 'ended' },
      ],
    );
    assert.equal(all[1]!.data.endedEarly, false);
  });

  test('ending early queues campaign.ended at that moment; the sweep adds nothing after', async () => {
    await newShop(app.ctx, 'early', [FINNISH_WEB_SHOP]);
    await createEndpoint(app.ctx, 'early', {
      url: 'http://127.0.0.1:9/hooks',
      eventTypes: ['campaign.started', 'campaign.ended'],
    });
    app.clock.set('2026-12-10T08:00:00Z');
    await createCampaign(app.ctx, 'early', {
      id: 'xmas',
      name: 'Christmas',
      multiplierPct: 150,
      startsAt: '2026-12-10T12:00',
      endsAt: '2026-12-24T00:00',
    });
    // Ended before any sweep saw it open: its start is queued too, before its end.
    app.clock.set('2026-12-11T09:30:00Z');
    await endCampaign(app.ctx, 'early', 'xmas');
    const events = await queued(app, 'early');
    assert.deepEqual(
      events.map(({ type, at, state }) => ({ type, at, state })),
      [
        { type: 'campaign.started', at: '2026-12-10T10:00:00.000Z', state: 'running' },
        { type: 'campaign.ended', at: '2026-12-11T09:30:00.000Z', state: 'ended' },
      ],
    );
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
    await createCampaign(app.ctx, 'late', {
      id: 'sale',
      name: 'January sale',
      multiplierPct: 200,
      startsAt: '2027-01-01T00:00',
      endsAt: '2028-01-01T00:00',
    });
    app.clock.set('2027-01-05T10:00:10Z');
    assert.equal(await queueDueCampaignEvents(app.ctx), 1);
    assert.deepEqual(
      (await queued(app, 'late')).map(({ type, at }) => ({ type, at })),
      [{ type: 'campaign.started', at: '2027-01-05T10:00:00.000Z' }],
    );
  });

  test('a shop without an endpoint for them gets no delivery, and its campaigns are still recorded once', async () => {
    await newShop(app.ctx, 'quiet', [FINNISH_WEB_SHOP]);
    app.clock.set('2027-02-01T10:00:00Z');
    await createCampaign(app.ctx, 'quiet', {
      id: 'q',
      name: 'Quiet',
      multiplierPct: 200,
      startsAt: '2027-02-01T12:00',
      endsAt: '2027-02-02T12:00',
    });
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
    await createCampaign(app.ctx, 'job', {
      id: 'spring',
      name: 'Spring',
      multiplierPct: 200,
      startsAt: '2027-04-01T12:00',
      endsAt: '2027-04-30T00:00',
    });
    app.clock.set('2027-04-02T00:00:00Z');
    const lines: string[] = [];
    const stop = await campaignEventsHook({
      ctx: app.ctx,
      config: readConfig({}),
      log: (l) => lines.push(l),
    });
    try {
      assert.deepEqual(
        (await queued(app, 'job')).map(({ type, at }) => ({ type, at })),
        [{ type: 'campaign.started', at: '2027-04-01T09:00:00.000Z' }],
      );
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
      await createCampaign(app.ctx, 'race', {
        id: `c${String(i).padStart(2, '0')}`,
        name: `Campaign ${i}`,
        multiplierPct: 200,
        startsAt: '2027-03-01T12:00',
        endsAt: '2027-03-02T12:00',
      });
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

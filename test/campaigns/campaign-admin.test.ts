import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getCampaign, listCampaigns } from '../../src/app/campaigns/campaigns.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import { signedInAdmin } from '../admin/support/admin-client.ts';
import { publishedShopWithMember } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { addCampaign, bootsAndCaps } from './campaign-set-up.ts';

const EVIL = '<script>alert("x")</script>';

/** A member's order of 50.00 eligible (boots 30.00, two caps at 10.00), delivered at once. */
async function deliveredOrder(admin: { ctx: Parameters<typeof placeOrder>[0] }, orderId: string, at: string) {
  await placeOrder(admin.ctx, bootsAndCaps('adm', orderId, 'c1', new Date(at)));
  await deliverOrder(admin.ctx, { shopId: 'adm', orderId, deliveredAt: new Date('2026-06-15T09:00:00Z') });
}

/** The figure `key` of the effect section: its value and the line under it. */
function figure(text: string, key: string) {
  const match = new RegExp(
    `data-figure="${key}"><div class="label">[^<]*</div><div class="value">([^<]*)</div>(?:<div class="sub">([^<]*)</div>)?`,
  ).exec(text);
  return match ? { value: match[1], sub: match[2] } : undefined;
}

describe('the admin’s Campaigns pages', () => {
  // The clock stands at 2026-06-15 10:00Z (13:00 in Helsinki); "summer" has run since Sunday.
  const admin = suiteFixture(() =>
    signedInAdmin('adm', async (app) => {
      // c1 joined on the 10th, so the orders below are members' orders.
      app.clock.set('2026-06-10T10:00:00Z');
      await publishedShopWithMember(app.ctx, 'adm');
      app.clock.set('2026-06-15T10:00:00Z');
      await addCampaign(app.ctx, 'adm', 'summer', 'Summer ×2', 200, ['2026-06-14T00:00', '2026-06-30T00:00']);
      await deliveredOrder(app, 'before', '2026-06-13T08:00:00Z');
      await deliveredOrder(app, 'd1', '2026-06-14T08:00:00Z');
      await deliveredOrder(app, 'd2', '2026-06-15T08:00:00Z');
    }),
  );

  test('the list: navigation, each campaign’s state, and the form to create one', async () => {
    const page = await admin.client.get('/admin/campaigns');
    assert.equal(page.status, 200);
    assert.match(page.text, /<a href="\/admin\/campaigns" aria-current="page">Campaigns<\/a>/);
    assert.match(
      page.text,
      /<tr data-campaign="summer">[\s\S]*?Summer ×2[\s\S]*?data-state="running">Running[\s\S]*?×2/,
    );
    assert.match(page.text, /Times are the shop’s local time \(Europe\/Helsinki\)/);
    assert.match(
      page.text,
      /<label for="cmp-startsAt">Starts<\/label><input id="cmp-startsAt" name="startsAt" type="datetime-local"/,
    );
    assert.match(page.text, /name="storeVersionIds" value="fi"/);
    const fi = await admin.client.get('/admin/campaigns', { 'accept-language': 'fi' });
    assert.match(fi.text, /aria-current="page">Kampanjat<\/a>/);
    assert.match(fi.text, /data-state="running">Käynnissä/);
  });

  test('a running campaign’s page shows its effect so far, and End now instead of the edit form', async () => {
    const page = await admin.client.get('/admin/campaigns/summer');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h2 id="effect-title">Effect so far<\/h2>/);
    assert.deepEqual(figure(page.text, 'orders'), { value: '2', sub: '2 by members' });
    // Each order: 100 points at ×2 instead of 50.
    assert.deepEqual(figure(page.text, 'extra-points'), { value: '100', sub: 'to 2 delivered orders' });
    assert.deepEqual(figure(page.text, 'member-sales'), { value: '€100.00', sub: '2 orders' });
    assert.deepEqual(figure(page.text, 'member-sales-before'), { value: '€50.00', sub: '1 orders' });
    assert.deepEqual(figure(page.text, 'sales-change'), { value: '+100%', sub: undefined });
    assert.match(page.text, /id="end-campaign"/);
    assert.doesNotMatch(page.text, /id="edit-campaign"/);
    const fi = await admin.client.get('/admin/campaigns/summer', { 'accept-language': 'fi' });
    assert.match(figure(fi.text, 'member-sales')?.value ?? '', /^100,00\s€$/);
    assert.match(fi.text, /Vaikutus tähän mennessä/);
    const missing = await admin.client.get('/admin/campaigns/nope');
    assert.equal(missing.status, 404);
  });

  test('creating one: refused fields are named beside them with what was typed, then it is saved in the shop’s time', async () => {
    const form = {
      name: `Midsummer ${EVIL}`,
      multiplierPct: 'double',
      startsAt: '2026-06-15T16:00',
      endsAt: '2026-06-15T12:00',
      membersFrom: '',
      productIds: '',
      categories: 'shoes,\nhats',
      storeVersionIds: ['fi'],
    };
    const refused = await admin.client.post('/admin/campaigns', form);
    assert.equal(refused.status, 422);
    assert.match(refused.text, /data-error-for="multiplierPct">A whole percent from 100 to 1000/);
    assert.match(refused.text, /data-error-for="endsAt">Give a date and time after the start/);
    assert.match(refused.text, /value="Midsummer &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;"/);
    assert.doesNotMatch(refused.text, /<script>alert/);
    assert.match(refused.text, /value="2026-06-15T16:00"/);
    assert.equal((await listCampaigns(admin.ctx, 'adm')).length, 1, 'nothing saved');

    const created = await admin.client.post('/admin/campaigns', {
      ...form,
      multiplierPct: '200',
      endsAt: '2026-06-16T00:00',
    });
    assert.equal(created.status, 303);
    const id = /^\/admin\/campaigns\/(cmp_[0-9a-f]+)\?done=created$/.exec(created.location ?? '')?.[1];
    assert.ok(id, created.location);
    const saved = await getCampaign(admin.ctx, 'adm', id);
    assert.equal(saved.startsAt.toISOString(), '2026-06-15T13:00:00.000Z', '16:00 in Helsinki (UTC+3)');
    assert.deepEqual(saved.categories, ['shoes', 'hats']);
    assert.deepEqual(saved.storeVersionIds, ['fi']);
    const page = await admin.client.get(created.location!);
    assert.match(page.text, /role="status">The campaign was created\./);
    assert.match(page.text, /data-state="planned">Planned/);
    assert.match(page.text, /The campaign has not opened yet/);
    assert.match(page.text, /categories shoes, hats in Verkkokauppa/);
    assert.match(
      page.text,
      /id="cmp-startsAt" name="startsAt" type="datetime-local" value="2026-06-15T16:00"/,
    );
    assert.doesNotMatch(page.text, /id="end-campaign"/);
  });

  test('editing before it opens; after it opens the page says it can only be ended', async () => {
    const [planned] = (await listCampaigns(admin.ctx, 'adm')).filter((c) => c.state === 'planned');
    assert.ok(planned);
    const href = `/admin/campaigns/${planned.id}`;
    const edit = {
      name: 'Midsummer',
      multiplierPct: '150',
      startsAt: '2026-06-15T16:00',
      endsAt: '2026-06-16T00:00',
      membersFrom: '2026-06-15T14:00',
      productIds: '',
      categories: '',
    };
    const saved = await admin.client.post(href, edit);
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `${href}?done=saved`);
    const page = await admin.client.get(saved.location!);
    assert.match(page.text, /×1\.5/);
    assert.match(page.text, /members from/);
    assert.equal((await getCampaign(admin.ctx, 'adm', planned.id)).multiplierPct, 150);

    admin.clock.set('2026-06-15T11:30:00Z'); // 14:30 in Helsinki: members' early access has opened
    const late = await admin.client.post(href, { ...edit, multiplierPct: '300' });
    assert.equal(late.status, 409);
    assert.match(late.text, /can no longer be changed, only ended/);
    assert.match(late.text, /data-state="members_only">Members only/);
    assert.equal((await getCampaign(admin.ctx, 'adm', planned.id)).multiplierPct, 150);
  });

  test('ending early asks first, then ends it at that moment', async () => {
    const ask = await admin.client.post('/admin/campaigns/summer/end', {});
    assert.equal(ask.status, 200);
    assert.match(ask.text, /<h1 id="confirm-title">End “Summer ×2” now\?<\/h1>/);
    assert.match(ask.text, /id="confirm-end"/);
    assert.equal((await getCampaign(admin.ctx, 'adm', 'summer')).state, 'running', 'asking changes nothing');
    admin.clock.set('2026-06-15T12:00:00Z');
    const ended = await admin.client.post('/admin/campaigns/summer/end', { confirm: 'yes' });
    assert.equal(ended.status, 303);
    assert.equal(ended.location, '/admin/campaigns/summer?done=ended');
    const campaign = await getCampaign(admin.ctx, 'adm', 'summer');
    assert.equal(campaign.state, 'ended');
    assert.equal(campaign.endsAt.toISOString(), '2026-06-15T12:00:00.000Z');
    const page = await admin.client.get(ended.location!);
    assert.match(page.text, /The campaign has ended\./);
    assert.match(page.text, /data-state="ended">Ended \(ended early\)/);
    assert.match(page.text, /<h2 id="effect-title">Effect<\/h2>/);
    assert.deepEqual(figure(page.text, 'extra-points'), { value: '100', sub: 'to 2 delivered orders' });
    assert.doesNotMatch(page.text, /id="end-campaign"/);
    const again = await admin.client.post('/admin/campaigns/summer/end', {});
    assert.equal(again.status, 303, 'an ended campaign is not asked about again');
  });
});

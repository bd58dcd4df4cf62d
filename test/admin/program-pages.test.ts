import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageTextsOf } from '../../src/app/pages/page-texts.ts';
import { loadProgram } from '../../src/app/program/load-program.ts';
import { ENGLISH_WEB_SHOP, FINNISH_WEB_SHOP, newShop, WHOLESALE_SITE } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';
import { historyShop } from './support/history.ts';
import { fieldError, programSettingsForm } from './support/program-settings-form.ts';

/** A Finnish program with three tiers, as a merchant would fill in the settings form. */
const settingsForm = (over: Record<string, string | string[]> = {}) =>
  programSettingsForm({
    name: 'Retkeilijän pisteet',
    purchaseRatioCents: '10',
    joinPoints: '50',
    tierPoints: ['100', '250', '500'],
    tierValue: ['5', '15,50', '40'],
    codeValidityMonths: '6',
    language: 'fi',
    introPage: 'Tervetuloa {LoyaltyProgramName}',
    termsPage:
      'Ehdot\n- Liittymisestä {LoyaltyProgramJoinPoints} pistettä\n- Arvostelu {LoyaltyProgramReviewPoints}',
    ...over,
  });

describe('program pages: create, configure, publish, hide', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('fresh', ({ ctx }) =>
      newShop(ctx, 'fresh', [FINNISH_WEB_SHOP, ENGLISH_WEB_SHOP, WHOLESALE_SITE]),
    ),
  );

  test('a shop without a program is offered to create one from the presets', async () => {
    const page = await admin.client.get('/admin/program');
    assert.equal(page.status, 200);
    assert.match(page.text, /Create loyalty program/);
    const created = await admin.client.post('/admin/program/create', {});
    assert.equal(created.status, 303);
    const summary = await admin.client.get(created.location!);
    assert.match(summary.text, /created from the presets/);
    assert.match(summary.text, /1 point \/ €1\.00/);
    assert.match(summary.text, /100 points = €5\.00, 250 points = €15\.00, 500 points = €40\.00/);
    assert.match(summary.text, /3 months/);
    assert.match(summary.text, /Not started/);
  });

  test('starting is disabled with the reason until a version is selected, and refused if forced', async () => {
    const page = await admin.client.get('/admin/program');
    assert.match(
      page.text,
      /<button type="submit" class="button large" id="start-program" disabled aria-describedby="start-reason">/,
    );
    assert.match(
      page.text,
      /id="start-reason">Select at least one store version in the settings before starting the program\./,
    );
    const forced = await admin.client.post('/admin/program/publish', {});
    assert.equal(forced.status, 409);
    assert.match(forced.text, /class="flash error" role="alert">Select at least one store version/);
    assert.equal((await loadProgram(admin.ctx.db, 'fresh')).status, 'draft');
  });

  test('the settings form shows versions requiring login disabled, with the reason', async () => {
    const page = await admin.client.get('/admin/program/settings');
    assert.equal(page.status, 200);
    assert.match(
      page.text,
      /<input type="checkbox" id="version-b2b" name="storeVersionIds" value="b2b"\s+disabled/,
    );
    assert.match(
      page.text,
      /id="version-b2b-reason">Requires customer login, so it cannot be part of the program/,
    );
    assert.match(page.text, /<input type="checkbox" id="version-fi" name="storeVersionIds" value="fi"\s+>/);
    assert.match(page.text, /Estimate of point accrual/);
    for (const tag of ['{LoyaltyProgramDiscountTierPoints}', '{LoyaltyProgramJoinPoints}'])
      assert.ok(page.text.includes(`data-insert-tag="${tag}"`));
  });

  test('wrong settings are shown beside their fields and nothing is saved', async () => {
    const before = await loadProgram(admin.ctx.db, 'fresh');
    const answer = await admin.client.post(
      '/admin/program/settings',
      settingsForm({
        storeVersionIds: ['fi', 'b2b'],
        joinPoints: '-5',
        tierPoints: ['100', '90', '500'],
        tierValue: ['5', '15', 'lots'],
        termsPage: '   ',
        name: '',
      }),
    );
    assert.equal(answer.status, 422);
    assert.match(answer.text, /Some settings need fixing/);
    assert.equal(fieldError(answer.text, 'joinPoints'), 'Cannot be negative');
    assert.equal(
      fieldError(answer.text, 'tiers.2.valueCents'),
      'Give an amount in euros, such as 5 or 12,50',
    );
    assert.equal(fieldError(answer.text, 'termsPage'), 'The page is mandatory and cannot be empty');
    assert.equal(fieldError(answer.text, 'name'), 'Give the program a name');
    assert.match(answer.text, /value="lots"/, 'what was typed is shown back');
    const tiersOnly = await admin.client.post(
      '/admin/program/settings',
      settingsForm({ tierPoints: ['100', '90', '500'] }),
    );
    assert.equal(
      fieldError(tiersOnly.text, 'tiers.1.points'),
      'Tier 2 must cost more points than the tier above it (100)',
    );
    const b2b = await admin.client.post(
      '/admin/program/settings',
      settingsForm({ storeVersionIds: ['b2b'] }),
    );
    assert.equal(
      fieldError(b2b.text, 'storeVersionIds'),
      'This version requires login and cannot be part of the program',
    );
    const after = await loadProgram(admin.ctx.db, 'fresh');
    assert.deepEqual(after.settings, before.settings);
  });

  test('valid settings and page texts are saved', async () => {
    const answer = await admin.client.post('/admin/program/settings', settingsForm());
    assert.equal(answer.status, 303);
    assert.equal(answer.location, '/admin/program/settings?done=saved');
    const program = await loadProgram(admin.ctx.db, 'fresh');
    assert.equal(program.settings.name, 'Retkeilijän pisteet');
    assert.deepEqual(program.settings.storeVersionIds, ['fi']);
    assert.equal(program.settings.purchaseRatioCents, 10);
    assert.deepEqual(program.settings.tiers, [
      { points: 100, valueCents: 500 },
      { points: 250, valueCents: 1550 },
      { points: 500, valueCents: 4000 },
    ]);
    assert.equal(program.settings.codeValidityMonths, 6);
    assert.equal(pageTextsOf(program).intro, 'Tervetuloa {LoyaltyProgramName}');
    const page = await admin.client.get(answer.location!);
    assert.match(page.text, /Settings saved\./);
    // The preview renders the tags; review points are 0, so their line is gone.
    assert.match(page.text, /<p>Tervetuloa Retkeilijän pisteet<\/p>/);
    assert.match(page.text, /<li>Liittymisestä 50 pistettä<\/li>/);
    assert.doesNotMatch(page.text, /<li>Arvostelu/);
  });

  test('with a version selected the program starts; then the dashboard shows', async () => {
    const page = await admin.client.get('/admin/program');
    assert.doesNotMatch(page.text, /id="start-program" disabled/);
    const asked = await admin.client.post('/admin/program/publish', {});
    assert.match(asked.text, /Billing starts now/, 'starting asks first');
    assert.equal((await loadProgram(admin.ctx.db, 'fresh')).status, 'draft');
    const started = await admin.client.post('/admin/program/publish', { confirm: 'yes' });
    assert.equal(started.status, 303);
    const program = await loadProgram(admin.ctx.db, 'fresh');
    assert.equal(program.status, 'published');
    const dashboard = await admin.client.get(started.location!);
    assert.match(dashboard.text, /The loyalty program is running\./);
    assert.match(dashboard.text, /id="dashboard"/);
    assert.match(dashboard.text, /Members \(loyalty customer group\)/);
    assert.doesNotMatch(dashboard.text, /id="start-program"/);
  });

  test('un-selecting a version hides the program there; it stays published', async () => {
    const show = await admin.client.post('/admin/program/versions/en', { visible: 'true' });
    assert.equal(show.status, 303);
    assert.deepEqual((await loadProgram(admin.ctx.db, 'fresh')).settings.storeVersionIds.sort(), [
      'en',
      'fi',
    ]);
    const hide = await admin.client.post('/admin/program/versions/fi', { visible: 'false' });
    assert.equal(hide.status, 303);
    const page = await admin.client.get(hide.location!);
    assert.match(page.text, /The program is now hidden in Verkkokauppa\./);
    assert.match(
      page.text,
      /data-version="fi"><span>Verkkokauppa <span class="muted small">\(fi\)<\/span>\s*<span class="badge muted">Hidden/,
    );
    const program = await loadProgram(admin.ctx.db, 'fresh');
    assert.deepEqual(program.settings.storeVersionIds, ['en']);
    assert.equal(program.status, 'published');
    const b2b = await admin.client.post('/admin/program/versions/b2b', { visible: 'true' });
    assert.equal(b2b.status, 422, 'a version requiring login cannot be selected');
  });

  test('the page language follows the user, else the browser', async () => {
    const fi = await admin.client.get('/admin/program', { 'accept-language': 'fi-FI,fi;q=0.9,en;q=0.8' });
    assert.match(fi.text, /<html lang="fi">/);
    assert.match(fi.text, /Kanta-asiakkaat \(asiakasryhmä\)/);
    await admin.client.post('/admin/language', { language: 'en' });
    const chosen = await admin.client.get('/admin/program', { 'accept-language': 'fi' });
    assert.match(chosen.text, /<html lang="en">/);
    await admin.client.post('/admin/language', { language: '' });
  });
});

describe('estimate endpoint', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('sim', ({ ctx, clock }) =>
      historyShop(ctx, clock, 'sim', { joinPoints: 50, reviewPoints: 20 }),
    ),
  );

  const estimate = (form: Record<string, string | string[]>) =>
    admin.client.request('POST', '/admin/program/estimate', {
      form,
      headers: { 'x-csrf-token': admin.client.csrf, accept: 'application/json' },
    });
  const base = settingsForm({
    storeVersionIds: ['fi', 'en'],
    purchaseRatioCents: '100',
    reviewPoints: '20',
    tierValue: ['5', '15', '40'],
    from: '2026-05-01',
    to: '2026-05-31',
  });

  test('the settings page shows the previous month by default, with the numbers worked out by hand', async () => {
    const page = await admin.client.get('/admin/program/settings');
    assert.match(page.text, /id="estimate-range-from" name="from" value="2026-05-01"/);
    assert.match(page.text, /id="estimate-range-to" name="to" value="2026-05-31"/);
    assert.match(page.text, /<strong>729 points<\/strong>/);
    assert.match(page.text, /data-figure="code-value">€35\.00</);
    assert.match(page.text, /data-figure="outstanding">129 points</);
  });

  test('each settings change re-estimates without saving', async () => {
    const first = await estimate(base);
    assert.equal(first.status, 200);
    assert.equal(first.json.estimate.totals.purchase, '569 points');
    assert.match(first.json.estimate.summaryHtml, /data-figure="code-count">3</);
    assert.equal(first.json.estimate.charts.purchase[4], 150);
    const tenCents = await estimate({ ...base, purchaseRatioCents: '10' });
    assert.equal(tenCents.json.estimate.totals.purchase, '5,704 points');
    assert.equal(tenCents.json.estimate.cached, true);
    assert.match(tenCents.json.estimate.summaryHtml, /data-figure="code-value">€120\.00</);
    // How fast it answers is measured by bench:simulate; here only that the time is reported.
    assert.ok(Number.isFinite(tenCents.json.estimate.serverMs) && tenCents.json.estimate.serverMs >= 0);
    assert.equal((await loadProgram(admin.ctx.db, 'sim')).settings.purchaseRatioCents, 100, 'nothing saved');
  });

  test('invalid rules are shown beside their fields; the estimate uses their saved values meanwhile', async () => {
    const wrong = await estimate({ ...base, tierPoints: ['100', '50', '500'] });
    assert.equal(wrong.status, 200);
    assert.match(wrong.json.errors['tiers.1.points'], /Tier 2 must cost more points/);
    assert.equal(wrong.json.fallback, true);
    // The saved tiers (100, 250, 500 points) at the typed ratio: the same as with valid tiers.
    assert.equal(wrong.json.estimate.totals.purchase, '569 points');
    assert.match(wrong.json.estimate.summaryHtml, /data-figure="code-count">3</);
    const page = await admin.client.get('/admin/program/settings?from=2026-04-01&to=2026-05-31');
    assert.match(page.text, /data-from="2026-03-01" data-to="2026-05-31"/, 'last 3 months');
    assert.match(page.text, /data-from="2025-06-01" data-to="2026-05-31"/, 'last 12 months');
    assert.match(page.text, /<strong>939 points<\/strong>/);
  });

  test('with a field invalid, the previews and the estimate use every valid field as typed', async () => {
    // The tiers are wrong; the ratio changes to 1 point per 0.10 € and the join points to 0.
    const form = {
      ...base,
      purchaseRatioCents: '10',
      joinPoints: '0',
      tierPoints: ['100', '50', '500'],
      termsPage:
        'Ehdot\n- {LoyaltyProgramPurchaseRatio}\n- Liittymisestä {LoyaltyProgramJoinPoints} pistettä',
    };
    const answer = await estimate(form);
    assert.equal(answer.json.fallback, true);
    assert.match(answer.json.previews.terms, /<li>1 piste jokaista 0,10\s€ kohden<\/li>/, 'the new ratio');
    assert.doesNotMatch(answer.json.previews.terms, /Liittymisestä/, 'the join line stays removed');
    assert.equal(answer.json.estimate.totals.purchase, '5,704 points', 'the new ratio');
    assert.equal(answer.json.estimate.totals.join, '0 points', 'the new join points');
    // The same on the page that answers a save refused for the tiers.
    const refused = await admin.client.post('/admin/program/settings', form);
    assert.equal(refused.status, 422);
    assert.match(refused.text, /<li>1 piste jokaista 0,10\s€ kohden<\/li>/);
    assert.doesNotMatch(refused.text, /<li>Liittymisestä/);
    assert.match(refused.text, /data-total="purchase">5,704 points</);
    assert.match(refused.text, /id="estimate-status" role="status" aria-live="polite">The fields marked/);
    // Only the invalid field falls back: a valid form has no such note.
    assert.equal((await estimate({ ...base, purchaseRatioCents: '10' })).json.fallback, false);
  });

  test('the key figures: codes, members’ sales and the codes’ share of them against the limit', async () => {
    const page = await admin.client.get('/admin/program/settings');
    // May: 3 codes worth 35.00 € on 570.49 € of members' sales, 6.14 %, within the default 10 %.
    assert.match(page.text, /data-figure="cost-code-count">3</);
    assert.match(page.text, /data-figure="cost-code-value">€35\.00</);
    assert.match(page.text, /data-figure="member-sales">€570\.49</);
    assert.match(page.text, /data-figure="cost-share">6\.14%</);
    assert.match(page.text, /data-figure="cost-verdict">Within your limit of 10%\.</);
    assert.match(
      page.text,
      /id="estimate-brief"><a href="#estimate" class="ok">Codes €35\.00 · 6\.14% of members’ sales<\/a>/,
    );
    assert.match(page.text, /id="codeCostLimit" name="codeCostLimit" value="10"/);
    const strict = await estimate({ ...base, codeCostLimit: '5' });
    assert.match(
      strict.json.estimate.keyFiguresHtml,
      /The codes would cost 6\.14% of members’ sales, above your limit of 5%\./,
    );
    assert.match(
      strict.json.estimate.briefHtml,
      /class="over">.*6\.14% of members’ sales, <span class="limit">above your limit of 5%</,
    );
    // Ten times the codes: 120.00 € at 1 point per 0.10 €, 21.03 %.
    const costly = await estimate({ ...base, purchaseRatioCents: '10', codeCostLimit: '21,04' });
    assert.match(costly.json.estimate.keyFiguresHtml, /data-figure="cost-share">21\.03%</);
    assert.match(costly.json.estimate.keyFiguresHtml, /Within your limit of 21\.04%/);
  });

  test('the estimate refuses a signed-out caller and a missing token', async () => {
    const noToken = await admin.client.request('POST', '/admin/program/estimate', {
      form: base,
      headers: { accept: 'application/json' },
      csrf: null,
    });
    assert.equal(noToken.status, 403);
    assert.equal(noToken.json.code, 'csrf_failed');
  });
});

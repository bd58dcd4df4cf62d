import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { getMarketingConsent, setMarketingConsent } from '../../src/app/consent/marketing-consent.ts';
import type { AppContext } from '../../src/app/context.ts';
import { countSegment, segmentMemberBatches } from '../../src/app/segments/segments.ts';
import { testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import {
  FIRST_SAMPLE_SUMMARIES,
  importedSummary,
  importPath,
  importSamples,
  movingShop,
  scratchFiles,
  shopRows,
} from './support.ts';

const NOW = '2026-06-15T10:00:00.000Z';

/** The consent rows of the shop, by customer: what is stored now, and the lines of history. */
async function consentRows(ctx: AppContext, shopId: string) {
  const { rows: current } = await sql<{
    customer_id: string;
    granted: boolean;
    source: string;
    changed_at: Date;
  }>`
    select customer_id, granted, source, changed_at from marketing_consents
    where shop_id = ${shopId} order by customer_id`.execute(ctx.db);
  const { rows: history } = await sql<{
    customer_id: string;
    granted: boolean;
    source: string;
    changed_at: Date;
  }>`
    select customer_id, granted, source, changed_at from marketing_consent_changes
    where shop_id = ${shopId} order by customer_id, id`.execute(ctx.db);
  const show = (r: { customer_id: string; granted: boolean; source: string; changed_at: Date }) =>
    `${r.customer_id} ${r.granted ? 'given' : 'withdrawn'} ${r.source} ${r.changed_at.toISOString()}`;
  return { current: current.map(show), history: history.map(show) };
}

describe('consent to marketing comes along in the customers file', () => {
  const app = suiteFixture(() => testApp(NOW));
  const files = suiteFixture(async () => scratchFiles());

  const FILE = [
    'customer_id,registered_at,marketing_consent,marketing_consent_at',
    'a,2025-01-01T00:00:00Z,yes,2025-02-01T12:00:00+02:00',
    'b,2025-01-01T00:00:00Z,no,',
    'c,2025-01-01T00:00:00Z,,',
    'd,2025-01-01T00:00:00Z,kyllä,',
    'e,2025-01-01T00:00:00Z,EI,2025-03-01T00:00:00Z',
    'f,2025-01-01T00:00:00Z,1,',
    'g,2025-01-01T00:00:00Z,false,',
  ].join('\n');

  test('yes, no and empty import as given, withdrawn and never asked, with source import and a line of history', async () => {
    const { ctx } = app;
    await movingShop(ctx, 'consent');
    const path = files.write('customers.csv', FILE);
    const summary = await importedSummary(ctx, 'consent', 'customers', path);
    assert.deepEqual(summary, {
      customers: 7,
      written: 7,
      alreadyThere: 0,
      consentsRecorded: 6,
      consentsAsTheyWere: 0,
    });
    const expected = [
      'a given import 2025-02-01T10:00:00.000Z',
      `b withdrawn import ${NOW}`,
      `d given import ${NOW}`,
      'e withdrawn import 2025-03-01T00:00:00.000Z',
      `f given import ${NOW}`,
      `g withdrawn import ${NOW}`,
    ];
    assert.deepEqual(await consentRows(ctx, 'consent'), { current: expected, history: expected });
    assert.deepEqual(await getMarketingConsent(ctx, 'consent', 'c'), {
      granted: false,
      source: null,
      changedAt: null,
    });
  });

  test('importing the same file again changes nothing and writes no line of history', async () => {
    const { ctx, clock } = app;
    const before = await consentRows(ctx, 'consent');
    clock.advance(60_000);
    const summary = await importedSummary(ctx, 'consent', 'customers', files.write('customers.csv', FILE));
    assert.deepEqual(summary, {
      customers: 7,
      written: 0,
      alreadyThere: 7,
      consentsRecorded: 0,
      consentsAsTheyWere: 6,
    });
    assert.deepEqual(await consentRows(ctx, 'consent'), before);
  });

  test('a corrected file changes what an import wrote; a change made in the service since is the customer’s and stays', async () => {
    const { ctx, clock } = app;
    clock.advance(60_000);
    await setMarketingConsent(ctx, {
      shopId: 'consent',
      customerId: 'a',
      granted: false,
      source: 'storefront',
    });
    const withdrawnAt = clock.now().toISOString();
    clock.advance(60_000);
    const corrected = [
      'customer_id,registered_at,marketing_consent',
      'a,2025-01-01T00:00:00Z,yes',
      'b,2025-01-01T00:00:00Z,yes',
    ].join('\n');
    const summary = await importedSummary(
      ctx,
      'consent',
      'customers',
      files.write('corrected.csv', corrected),
    );
    assert.deepEqual(summary, {
      customers: 2,
      written: 0,
      alreadyThere: 2,
      consentsRecorded: 1,
      consentsAsTheyWere: 1,
    });
    const { current, history } = await consentRows(ctx, 'consent');
    assert.equal(current[0], `a withdrawn storefront ${withdrawnAt}`, 'the withdrawal is not undone');
    assert.equal(current[1], `b given import ${clock.now().toISOString()}`);
    assert.deepEqual(
      history.filter((h) => h.startsWith('b ')),
      [`b withdrawn import ${NOW}`, `b given import ${clock.now().toISOString()}`],
    );
  });

  test('a file without the consent columns leaves consents alone and says nothing of them', async () => {
    const { ctx } = app;
    const before = await consentRows(ctx, 'consent');
    const plain = 'customer_id,registered_at\na,2025-01-01T00:00:00Z\nh,2025-01-01T00:00:00Z\n';
    const summary = await importedSummary(ctx, 'consent', 'customers', files.write('plain.csv', plain));
    assert.deepEqual(summary, { customers: 2, written: 1, alreadyThere: 1 });
    assert.deepEqual(await consentRows(ctx, 'consent'), before);
  });

  test('a bad consent is reported with its line and column, and nothing of the file is imported', async () => {
    const { ctx } = app;
    await movingShop(ctx, 'bad-consent');
    const before = await shopRows(ctx, 'bad-consent');
    const bad = [
      'customer_id,registered_at,marketing_consent,marketing_consent_at',
      'a,2025-01-01T00:00:00Z,yes,',
      'b,2025-01-01T00:00:00Z,maybe,',
      'c,2025-01-01T00:00:00Z,no,2025-02-01 12:00',
      'd,2025-01-01T00:00:00Z,,2025-02-01T12:00:00Z',
      'e,2025-01-01T00:00:00Z,yes,2030-01-01T00:00:00Z',
    ].join('\n');
    const outcome = await importPath(ctx, 'bad-consent', 'customers', files.write('bad.csv', bad));
    assert.equal(outcome.status, 'refused');
    assert.deepEqual(
      outcome.problems.map((p) => [p.line, p.column, p.value, p.code]),
      [
        [3, 'marketing_consent', 'maybe', 'not_boolean'],
        [4, 'marketing_consent_at', '2025-02-01 12:00', 'time_without_offset'],
        [5, 'marketing_consent', null, 'required'],
        [6, 'marketing_consent_at', '2030-01-01T00:00:00Z', 'time_in_future'],
      ],
    );
    assert.deepEqual(await shopRows(ctx, 'bad-consent'), before);
    assert.deepEqual(await consentRows(ctx, 'bad-consent'), { current: [], history: [] });
  });

  test('segments filtering by consent see the imported consent; so do the sample files', async () => {
    const { ctx } = app;
    await movingShop(ctx, 'sample');
    // The members file makes c1001 and c1002 members: c1001 gave consent, c1002 withdrew it.
    const { customers, members } = FIRST_SAMPLE_SUMMARIES;
    await importSamples(ctx, 'sample', { customers, members });
    const consents: { customerId: string; marketingConsent: boolean }[] = [];
    for await (const batch of segmentMemberBatches(ctx, 'sample', {}))
      consents.push(
        ...batch.map((m) => ({ customerId: m.customerId, marketingConsent: m.marketingConsent })),
      );
    assert.deepEqual(consents, [
      { customerId: 'c1001', marketingConsent: true },
      { customerId: 'c1002', marketingConsent: false },
    ]);
    assert.equal(await countSegment(ctx, 'sample', { marketingConsent: true }), 1);
    assert.equal(await countSegment(ctx, 'sample', { marketingConsent: false }), 1);
    const consenting = [];
    for await (const batch of segmentMemberBatches(ctx, 'sample', { marketingConsent: true }))
      consenting.push(...batch.map((m) => m.customerId));
    assert.deepEqual(consenting, ['c1001']);
  });
});

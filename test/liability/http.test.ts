import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { buildServer } from '../../src/http/server.ts';
import { newUserClient, signedInClient } from '../admin/support/admin-client.ts';
import { type TestApp, testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { EXPECTED, liabilityShop, REPORT_NOW } from './support/liability-shop.ts';

interface Served extends TestApp {
  server: FastifyInstance;
  keys: { full: string; readOnly: string; other: string };
}

/** vastuu and toinen hold the same seed; toinen also gave member a 10,000 points in May. */
async function served(): Promise<Served> {
  const app = await testApp(REPORT_NOW);
  try {
    await liabilityShop(app.ctx, 'vastuu');
    await liabilityShop(app.ctx, 'toinen');
    app.clock.set('2026-05-10T09:00:00Z');
    await joinProgram(app.ctx, { shopId: 'toinen', customerId: 'a', source: 'registration' });
    await adjustPoints(app.ctx, {
      shopId: 'toinen',
      customerId: 'a',
      points: 10_000,
      reason: 'Kampanja',
      author: 'x',
    });
    app.clock.set(REPORT_NOW);
    const full = await createApiKey(app.ctx, { shopId: 'vastuu', name: 'Kirjanpito', readOnly: false });
    const readOnly = await createApiKey(app.ctx, { shopId: 'vastuu', name: 'Raportit', readOnly: true });
    const other = await createApiKey(app.ctx, { shopId: 'toinen', name: 'Toinen', readOnly: true });
    const server = await buildServer({ ctx: app.ctx });
    await server.ready();
    return {
      ...app,
      server,
      keys: { full: full.key, readOnly: readOnly.key, other: other.key },
      close: async () => {
        await server.close();
        await app.close();
      },
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

async function getJson(s: Served, key: string) {
  const answer = await s.server.inject({
    method: 'GET',
    url: '/v1/reports/liability',
    headers: { authorization: `Bearer ${key}` },
  });
  assert.equal(answer.statusCode, 200, answer.body);
  return answer.json();
}

describe('the points liability over HTTP', () => {
  const s = suiteFixture(served);

  test('GET /v1/reports/liability: every month end as JSON, to a read-only key', async () => {
    const body = await getJson(s, s.keys.readOnly);
    assert.equal(body.object, 'points_liability');
    assert.equal(body.at, new Date(REPORT_NOW).toISOString());
    assert.equal(body.timeZone, 'Europe/Helsinki');
    assert.equal(body.currency, 'EUR');
    assert.deepEqual(body.valuationTier, { points: 500, valueCents: 4000 });
    assert.deepEqual(
      body.months.map((m: { month: string }) => m.month),
      Object.keys(EXPECTED),
    );
    const march = body.months.find((m: { month: string }) => m.month === '2026-03');
    assert.deepEqual(march, {
      month: '2026-03',
      end: '2026-03-31T21:00:00.000Z',
      toDate: false,
      points: { outstanding: 500, members: 1, valueCents: 4000, negative: -50 },
      codes: {
        unused: {
          count: 3,
          valueCents: 2500,
          byExpiryMonth: [
            { month: '2026-04', count: 1, valueCents: 500 },
            { month: '2026-05', count: 2, valueCents: 2000 },
          ],
        },
        expired: { count: 0, valueCents: 0 },
        used: { count: 0, valueCents: 0 },
        breakageRateBp: 1818,
        netUnusedCents: 2045,
      },
      totalCents: 6045,
    });
    assert.equal(body.months.at(-1).toDate, true);
    assert.equal(body.months.at(-1).end, new Date(REPORT_NOW).toISOString());
  });

  test('another shop’s entries never appear: each key sees its own shop', async () => {
    const mine = await getJson(s, s.keys.full);
    const theirs = await getJson(s, s.keys.other);
    const may = (b: { months: { month: string; points: { outstanding: number } }[] }) =>
      b.months.find((m) => m.month === '2026-05')!.points.outstanding;
    assert.equal(may(mine), 550);
    assert.equal(may(theirs), 10_550);
  });

  test('the OpenAPI document describes the route under Reports', async () => {
    const answer = await s.server.inject({ method: 'GET', url: '/openapi.json' });
    const operation = answer.json().paths['/v1/reports/liability'].get;
    assert.equal(operation.operationId, 'getPointsLiability');
    assert.deepEqual(operation.tags, ['Reports']);
    assert.ok(operation.responses['200']);
  });

  test('the admin page in Finnish: the month table and the chart’s data', async () => {
    const client = await signedInClient(s.server, s.ctx, 'vastuu');
    const page = await client.get('/admin/liability', { 'accept-language': 'fi' });
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Pisteiden vastuu<\/h1>/);
    assert.match(page.text, /<a href="\/admin\/liability" aria-current="page">Pisteiden vastuu<\/a>/);
    const march = /<tr data-month="2026-03">([\s\S]*?)<\/tr>/.exec(page.text)![1]!;
    const cells = [...march.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]!.replace(/\s/g, ' '));
    assert.deepEqual(cells, [
      '500',
      '1',
      '40,00 €',
      '−50',
      '3',
      '25,00 €',
      '0',
      '0,00 €',
      '18,2 %',
      '20,45 €',
      '60,45 €',
    ]);
    assert.match(page.text, /<canvas id="liability-owed"/);
    assert.match(page.text, /<script type="application\/json" id="liability-data">/);
  });

  test('CSV in a Finnish admin: semicolons, decimal commas, one line a month', async () => {
    const client = await signedInClient(s.server, s.ctx, 'vastuu', 'kirjanpitaja@vastuu.example');
    await client.post('/admin/language', { language: 'fi' });
    const csv = await client.get('/admin/liability.csv');
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(
      String(csv.headers['content-disposition']),
      /attachment; filename="points-liability-2026-06-15\.csv"/,
    );
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    assert.equal(lines.length, 1 + 13);
    assert.equal(
      lines[0],
      'Kuukausi;Kuun loppu (Europe/Helsinki);Pisteitä;Jäseniä, joilla pisteitä;Pisteiden arvo;Jäsenten velkaa olevat pisteet;Käyttämättömät koodit;Käyttämättömien koodien arvo;Vanhentuneet käyttämättä;Vanhentunut arvo;Käytetyt koodit;Käytettyjen koodien arvo;Odotettu vanhenemisosuus %;Koodit vanhenemisen jälkeen;Vastuu yhteensä',
    );
    assert.ok(
      lines.includes('2026-03;2026-04-01 00:00;500;1;40,00;-50;3;25,00;0;0,00;0;0,00;18,18;20,45;60,45'),
    );
    assert.ok(
      lines.includes('2026-04;2026-05-01 00:00;550;2;44,00;-50;1;5,00;1;5,00;0;0,00;25,00;3,75;47,75'),
    );
    assert.ok(
      lines.includes('2026-06;2026-06-15 13:00;550;2;44,00;-50;1;40,00;0;0,00;0;0,00;30,77;27,69;71,69'),
    );
    const codes = await client.get('/admin/liability-codes.csv');
    const codeLines = codes.text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n');
    assert.equal(codeLines[0], 'Kuukausi;Kuun loppu (Europe/Helsinki);Vanhenee;Koodeja;Arvo');
    assert.ok(codeLines.includes('2026-03;2026-04-01 00:00;2026-05;2;20,00'));
  });

  test('a cashier is sent to the till', async () => {
    const cashier = (await newUserClient(s, 'vastuu', 'kassa@vastuu.example', { role: 'cashier' })).client;
    const page = await cashier.get('/admin/liability');
    assert.equal(page.status, 303);
    assert.equal(page.location, '/admin/pos');
    assert.equal((await cashier.get('/admin/liability.csv')).status, 303);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppContext } from '../../src/app/context.ts';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram, leaveProgram } from '../../src/app/members/join-program.ts';
import { deliverOrder } from '../../src/app/orders/deliver-order.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import type { ManualClock } from '../../src/clock.ts';
import { csvRecords, FINNISH_MEMBER_COLUMNS, savedAs } from '../support/csv-download.ts';
import { insertCode, newCustomer, publishedShop, specOrder } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';

const EVIL = '=HYPERLINK("http://evil.test","x")';

/** c1's codes: [code after the shop's id, value cents, points, period, issued, expires, the order that used it]. */
const C1_CODES: [string, number, number, string, string, string, string?][] = [
  ['VALID', 1500, 250, '2026-11', '2026-10-31T22:00:00Z', '2027-01-31T22:00:00Z'],
  ['OLD', 500, 100, '2026-06', '2026-05-31T21:00:00Z', '2026-08-31T21:00:00Z'],
  ['USED', 500, 100, '2026-09', '2026-08-31T21:00:00Z', '2026-11-30T22:00:00Z', 'o-1'],
];

/**
 * A shop's members, ledger and codes as the admin's CSV downloads, in Helsinki time: c1 with a
 * purchase, two adjustments either side of midnight on 30 November (21:59 and 23:30 UTC, that
 * is 23:59 on 30 November and 01:30 on 1 December in Helsinki) and three codes; a member whose
 * name is a formula; c2, who joined and left. Another shop has data of its own.
 */
async function seedShop(ctx: AppContext, clock: ManualClock, shopId: string, names: { c1: string }) {
  await publishedShop(ctx, shopId, { joinPoints: 10 });
  await newCustomer(ctx, shopId, 'c1', { name: names.c1 });
  await newCustomer(ctx, shopId, '@evil', { email: '+evil@example.com', name: EVIL });
  clock.set('2026-11-15T10:00:00Z');
  for (const customerId of ['c1', '@evil', 'c2'])
    await joinProgram(ctx, { shopId, customerId, source: 'registration' });
  await leaveProgram(ctx, { shopId, customerId: 'c2' });
  await placeOrder(ctx, specOrder(shopId, 'o-1', 'c1', new Date('2026-11-16T08:00:00Z')));
  await deliverOrder(ctx, { shopId, orderId: 'o-1', deliveredAt: new Date('2026-11-20T08:00:00Z') });
  clock.set('2026-11-30T21:59:00Z');
  await adjustPoints(ctx, { shopId, customerId: 'c1', points: -3, reason: 'late November', author: 'Owner' });
  clock.set('2026-11-30T23:30:00Z');
  await adjustPoints(ctx, { shopId, customerId: 'c1', points: 5, reason: '=1+1 bonus', author: 'Owner' });
  for (const [suffix, valueCents, points, period, issuedAt, expiresAt, usedOrderId] of C1_CODES)
    await insertCode(ctx, {
      shopId,
      code: `${shopId.toUpperCase()}-${suffix}`,
      customerId: 'c1',
      valueCents,
      points,
      period,
      issuedAt: new Date(issuedAt),
      expiresAt: new Date(expiresAt),
      ...(usedOrderId ? { status: 'used', usedOrderId } : {}),
    });
}

const fi = { 'accept-language': 'fi' };

describe('admin CSV downloads of members, the ledger and codes', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('exp', async (app) => {
      await seedShop(app.ctx, app.clock, 'other', { c1: 'Other shop person' });
      app.clock.set('2026-06-15T10:00:00Z');
      await seedShop(app.ctx, app.clock, 'exp', { c1: 'Customer c1' });
      app.clock.set('2026-12-05T10:00:00Z');
    }),
  );

  test('members in English: every member who joined, left ones too, with balance and valid codes', async () => {
    const answer = await admin.client.get('/admin/members.csv');
    assert.match(savedAs(answer), /attachment; filename="members-2026-12-05\.csv"/);
    const [header, ...rows] = csvRecords(answer, ',');
    assert.deepEqual(header, [
      'Member no.',
      'Customer ID',
      'Name',
      'E-mail',
      'Joined (Europe/Helsinki)',
      'Left (Europe/Helsinki)',
      'Store version of the latest order',
      'Point balance',
      'Valid codes',
      'Value of valid codes',
    ]);
    assert.deepEqual(
      rows.map((r) => r.slice(1)),
      [
        ['c1', 'Customer c1', 'c1@example.com', '2026-11-15 12:00', '', 'Verkkokauppa', '71', '1', '15.00'],
        ["'@evil", `'${EVIL}`, "'+evil@example.com", '2026-11-15 12:00', '', '', '10', '0', '0.00'],
        [
          'c2',
          'Customer c2',
          'c2@example.com',
          '2026-11-15 12:00',
          '2026-11-15 12:00',
          '',
          '10',
          '0',
          '0.00',
        ],
      ],
    );
    const numbers = rows.map((r) => Number(r[0]));
    assert.deepEqual(
      numbers,
      [...numbers].sort((a, b) => a - b),
      'member-number order',
    );
    assert.doesNotMatch(answer.text, /Other shop person/);
  });

  test('members in Finnish: semicolons, decimal commas, Finnish headers', async () => {
    const answer = await admin.client.get('/admin/members.csv', fi);
    const [header, c1] = csvRecords(answer, ';');
    assert.deepEqual(header, [
      ...FINNISH_MEMBER_COLUMNS,
      'Eronnut (Europe/Helsinki)',
      'Viimeisimmän tilauksen kauppaversio',
      'Pistesaldo',
      'Voimassa olevat koodit',
      'Voimassa olevien koodien arvo',
    ]);
    assert.deepEqual(c1!.slice(1), [
      'c1',
      'Customer c1',
      'c1@example.com',
      '2026-11-15 12:00',
      '',
      'Verkkokauppa',
      '71',
      '1',
      '15,00',
    ]);
    assert.ok(
      answer.text.includes(`;"'=HYPERLINK(""http://evil.test"",""x"")";`),
      'the formula is inert text',
    );
  });

  test('the ledger of local days: 23:30 UTC on 30 November is 1 December in Helsinki', async () => {
    const december = csvRecords(
      await admin.client.get('/admin/ledger.csv?from=2026-12-01&to=2026-12-31'),
      ',',
    );
    assert.deepEqual(december, [
      [
        'Time (Europe/Helsinki)',
        'Customer ID',
        'Customer',
        'Event',
        'Points',
        'Reference',
        'Reason',
        'By',
        'Balance after',
      ],
      ['2026-12-01 01:30', 'c1', 'Customer c1', 'Adjustment', '5', '', "'=1+1 bonus", 'Owner', '71'],
    ]);
    const november = csvRecords(
      await admin.client.get('/admin/ledger.csv?from=2026-11-01&to=2026-11-30'),
      ',',
    );
    assert.deepEqual(
      november.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[5], r[6], r[8]]),
      [
        ['2026-11-15 12:00', 'c1', 'Joining', '10', 'c1', '', '10'],
        ['2026-11-15 12:00', "'@evil", 'Joining', '10', "'@evil", '', '10'],
        ['2026-11-15 12:00', 'c2', 'Joining', '10', 'c2', '', '10'],
        ['2026-11-20 10:00', 'c1', 'Purchase', '59', 'o-1', '', '69'],
        ['2026-11-30 23:59', 'c1', 'Adjustment', '-3', '', 'late November', '66'],
      ],
    );
    assert.doesNotMatch(november.join('\n'), /Other shop person/);
  });

  test('the ledger in Finnish: the kinds translated, semicolons, the file named by its days', async () => {
    const answer = await admin.client.get('/admin/ledger.csv?from=2026-11-30&to=2026-12-01', fi);
    assert.match(savedAs(answer), /filename="ledger-2026-11-30-2026-12-01\.csv"/);
    const [header, ...rows] = csvRecords(answer, ';');
    assert.deepEqual(header, [
      'Aika (Europe/Helsinki)',
      'Asiakastunnus',
      'Asiakas',
      'Tapahtuma',
      'Pisteet',
      'Viite',
      'Selite',
      'Tekijä',
      'Saldo tapahtuman jälkeen',
    ]);
    assert.deepEqual(
      rows.map((r) => [r[0], r[3], r[4], r[8]]),
      [
        ['2026-11-30 23:59', 'Muutos', '-3', '66'],
        ['2026-12-01 01:30', 'Muutos', '5', '71'],
      ],
    );
  });

  test('codes with their status now, translated, and times on the shop’s clock', async () => {
    const [header, ...rows] = csvRecords(await admin.client.get('/admin/codes.csv'), ',');
    assert.deepEqual(header, [
      'Code',
      'Owner',
      'Customer ID',
      'Value',
      'Points',
      'Month issued',
      'Status',
      'Issued (Europe/Helsinki)',
      'Valid until (Europe/Helsinki)',
      'Used in order',
    ]);
    assert.deepEqual(rows, [
      [
        'EXP-OLD',
        'Customer c1',
        'c1',
        '5.00',
        '100',
        '2026-06',
        'Expired',
        '2026-06-01 00:00',
        '2026-08-31 23:59',
        '',
      ],
      [
        'EXP-USED',
        'Customer c1',
        'c1',
        '5.00',
        '100',
        '2026-09',
        'Used',
        '2026-09-01 00:00',
        '2026-11-30 23:59',
        'o-1',
      ],
      [
        'EXP-VALID',
        'Customer c1',
        'c1',
        '15.00',
        '250',
        '2026-11',
        'Valid',
        '2026-11-01 00:00',
        '2027-01-31 23:59',
        '',
      ],
    ]);
    const finnish = csvRecords(await admin.client.get('/admin/codes.csv', fi), ';');
    assert.deepEqual(
      finnish.slice(1).map((r) => [r[3], r[6]]),
      [
        ['5,00', 'Vanhentunut'],
        ['5,00', 'Käytetty'],
        ['15,00', 'Voimassa'],
      ],
    );
  });

  test('a period that is missing, not a date, backwards or too long is refused beside its dates', async () => {
    const cases: [string, string, string][] = [
      ['', 'from', 'Anna päivämäärä'],
      ['?from=2026-12-01', 'to', 'Anna päivämäärä'],
      ['?from=2026-02-30&to=2026-03-01', 'from', 'Anna päivämäärä, esimerkiksi 31.5.2026'],
      [
        '?from=2026-12-02&to=2026-12-01',
        'to',
        'Valitse loppupäivä, joka on sama tai myöhempi kuin alkupäivä',
      ],
      ['?from=2020-01-01&to=2026-12-01', 'from', 'Yhteen tiedostoon enintään kaksi vuotta'],
    ];
    for (const [search, field, message] of cases) {
      const answer = await admin.client.get(`/admin/ledger.csv${search}`, fi);
      assert.equal(answer.status, 422, search);
      assert.match(String(answer.headers['content-type']), /text\/html/);
      assert.ok(
        answer.text.includes(
          `<p class="field-error" id="err-${field}" data-error-for="${field}">${message}</p>`,
        ),
        `${search}: ${message}`,
      );
      assert.match(answer.text, /Mitään ei ladattu/);
    }
  });

  test('the members and codes pages link their downloads; the exports page offers the ledger’s period', async () => {
    const members = await admin.client.get('/admin/members');
    assert.match(members.text, /href="\/admin\/members\.csv" download/);
    assert.match(members.text, /href="\/admin\/exports"/);
    const codes = await admin.client.get('/admin/codes');
    assert.match(codes.text, /href="\/admin\/codes\.csv" download/);
    const exports = await admin.client.get('/admin/exports');
    assert.equal(exports.status, 200);
    assert.match(exports.text, /<form method="get" action="\/admin\/ledger\.csv">/);
    assert.match(exports.text, /name="from" value="2026-11-01"/, 'the previous month by default');
    assert.match(exports.text, /name="to" value="2026-11-30"/);
  });

  test('downloads need a signed-in user', async () => {
    for (const path of [
      '/admin/members.csv',
      '/admin/codes.csv',
      '/admin/ledger.csv?from=2026-12-01&to=2026-12-31',
    ]) {
      const answer = await admin.server.inject({ method: 'GET', url: path });
      assert.notEqual(answer.statusCode, 200, path);
      assert.doesNotMatch(answer.body, /Customer c1/);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import { csvDialect, csvOptions, csvStream, neutraliseCell } from '../../src/admin/csv.ts';
import { placeOrder } from '../../src/app/orders/place-order.ts';
import type { TestApp } from '../support/database.ts';
import { newCustomer, publishedShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin } from './support/admin-client.ts';

const EVIL = '=HYPERLINK("http://evil.test","x")';

async function order(
  app: TestApp,
  shopId: string,
  id: string,
  customerId: string | null,
  code: string | null,
) {
  await placeOrder(app.ctx, {
    shopId,
    orderId: id,
    customerId,
    storeVersionId: 'fi',
    channel: 'web',
    loggedIn: customerId !== null,
    placedAt: new Date('2026-06-10T09:00:00Z'),
    lines: [{ productId: 'p', quantity: 1, unitPriceCents: 1500, lineDiscountCents: 0, giftCard: false }],
    orderDiscountCents: 0,
    codeDiscountCents: code ? 500 : 0,
    loyaltyCode: code,
    shippingCents: 0,
    paymentFeeCents: 0,
  });
}

function csvLines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');
}

describe('CSV exports', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('csv', async (app) => {
      await publishedShop(app.ctx, 'csv');
      await newCustomer(app.ctx, 'csv', '@evil', { email: 'evil@example.com', name: '=cmd|"/c calc"!A1' });
      await order(app, 'csv', EVIL, '@evil', '+1+2');
      await order(app, 'csv', '-2+3', null, null);
      await order(app, 'csv', '\tTAB', null, null);
      await order(app, 'csv', 'plain', 'c1', null);
    }),
  );

  test('text cells a spreadsheet would run as formulas are neutralised; numbers are not', async () => {
    const csv = await admin.client.get('/admin/orders.csv?from=2026-06-01&to=2026-06-30');
    assert.equal(csv.status, 200);
    const lines = csvLines(csv.text);
    const evil = lines.find((l) => l.includes('HYPERLINK'))!;
    assert.ok(evil.startsWith(`"'=HYPERLINK(""http://evil.test"",""x"")",`), evil);
    assert.match(evil, /,'@evil,/);
    assert.match(evil, /,'\+1\+2$/);
    assert.ok(lines.some((l) => l.startsWith("'-2+3,")));
    assert.ok(lines.some((l) => l.startsWith('"\'\tTAB",') || l.startsWith("'\tTAB,")));
    const plain = lines.find((l) => l.startsWith('plain,'))!;
    assert.match(plain, /,15\.00,0\.00,0\.00,15\.00,15\.00,0,$/);
    for (const line of lines) assert.doesNotMatch(line, /(^|,)"?[=+@\t]/, line);
  });

  test('in a Finnish admin too: formulas neutralised, amounts with a decimal comma kept as numbers', async () => {
    const csv = await admin.client.get('/admin/orders.csv?from=2026-06-01&to=2026-06-30', {
      'accept-language': 'fi',
    });
    assert.equal(csv.status, 200);
    const lines = csvLines(csv.text);
    assert.ok(
      lines.find((l) => l.includes('HYPERLINK'))!.startsWith(`"'=HYPERLINK(""http://evil.test"",""x"")";`),
    );
    assert.ok(lines.some((l) => l.startsWith("'-2+3;")));
    assert.match(lines.find((l) => l.startsWith('plain;'))!, /;15,00;0,00;0,00;15,00;15,00;0;$/);
    for (const line of lines) assert.doesNotMatch(line, /(^|;)"?[=+@\t]/, line);
  });

  test('the Finnish dialect: semicolons, decimal commas without thousands separators, wall-clock times', () => {
    assert.equal(neutraliseCell('-1,50'), '-1,50');
    const fi = csvDialect('fi', 'Europe/Helsinki');
    assert.equal(fi.delimiter, ';');
    assert.deepEqual([0, 5, -5, 199, 123456, -123456].map(fi.amount), [
      '0,00',
      '0,05',
      '-0,05',
      '1,99',
      '1234,56',
      '-1234,56',
    ]);
    assert.equal(fi.moment(new Date('2026-12-05T12:03:00Z')), '2026-12-05 14:03', 'winter: UTC+2');
    assert.equal(
      fi.moment(new Date('2026-06-30T21:30:00Z')),
      '2026-07-01 00:30',
      'summer: UTC+3, the next day',
    );
    const en = csvDialect('en', 'America/New_York');
    assert.equal(en.delimiter, ',');
    assert.equal(en.amount(-123456), '-1234.56');
    assert.equal(en.moment(new Date('2026-12-05T12:03:00Z')), '2026-12-05 07:03');
    const text = stringify([['=1+1', fi.amount(-150), 'a;b']], csvOptions({ delimiter: fi.delimiter }));
    assert.equal(text, `'=1+1;-1,50;"a;b"\n`);
  });

  test('one guard for every CSV: strings only, plain numbers kept', () => {
    assert.equal(neutraliseCell('=1+1'), "'=1+1");
    assert.equal(neutraliseCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(neutraliseCell('\r=1'), "'\r=1");
    assert.equal(neutraliseCell('-1.50'), '-1.50');
    assert.equal(neutraliseCell('tavallinen'), 'tavallinen');
    const text = stringify([[-150, '-150', '-1+1', 0, '=A1']], csvOptions());
    assert.equal(text, "-150,-150,'-1+1,0,'=A1\n");
  });

  test('a row source that fails ends that response, is logged, and the process goes on', async () => {
    const logged: unknown[] = [];
    const log = { error: (...args: unknown[]) => logged.push(args) } as never;
    const stream = csvStream(
      (async function* () {
        yield ['a', 1];
        throw new Error('source failed');
      })(),
      { header: true, columns: ['x', 'y'] },
      log,
    );
    const chunks: string[] = [];
    const failure = await new Promise<Error | null>((resolve) => {
      stream.on('data', (chunk) => chunks.push(String(chunk)));
      stream.on('error', resolve);
      stream.on('end', () => resolve(null));
    });
    assert.equal(failure?.message, 'source failed');
    assert.equal(logged.length, 1);
    assert.ok(chunks.join('').startsWith('x,y\n'));
  });

  test('a database error while exporting answers that request only; the next ones are answered', async () => {
    // A row no bounded input can produce (it could only come from before the bounds): reading it fails.
    await sql`update orders set product_cents = 9007199254740993 where shop_id = 'csv' and id = 'plain'`.execute(
      admin.ctx.db,
    );
    const broken = await admin.client.get('/admin/orders.csv?from=2026-06-01&to=2026-06-30');
    assert.notEqual(broken.status, 200, 'not a complete export');
    assert.doesNotMatch(broken.text, /plain/);
    await sql`update orders set product_cents = 1500 where shop_id = 'csv' and id = 'plain'`.execute(
      admin.ctx.db,
    );
    const next = await admin.client.get('/admin/orders.csv?from=2026-06-01&to=2026-06-30');
    assert.equal(next.status, 200);
    assert.match(next.text, /plain/);
    assert.equal((await admin.client.get('/admin/orders')).status, 200);
  });
});

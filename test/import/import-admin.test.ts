import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { ImportRegistry, importRegistry } from '../../src/app/import/import-jobs.ts';
import { type SignedInAdmin, signedInAdmin } from '../admin/support/admin-client.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { movingShop, sample, shopRows } from './support.ts';

/** Sends the import form as a browser does: multipart, the token and choices first, then the file. */
async function upload(
  admin: SignedInAdmin,
  fields: Record<string, string>,
  file: { name: string; content: string | Buffer } | null,
  options: { csrf?: string; language?: string } = {},
) {
  const boundary = `----loyalty${Math.random().toString(16).slice(2)}`;
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const head = [
    part('_csrf', options.csrf ?? admin.client.csrf),
    ...Object.entries(fields).map(([k, v]) => part(k, v)),
  ];
  const body = file
    ? Buffer.concat([
        Buffer.from(
          `${head.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        Buffer.from(file.content),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ])
    : Buffer.from(`${head.join('')}--${boundary}--\r\n`);
  const answer = await admin.server.inject({
    method: 'POST',
    url: '/admin/import',
    headers: {
      cookie: [...admin.client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'accept-language': options.language ?? 'en',
    },
    payload: body,
  });
  return {
    status: answer.statusCode,
    location: answer.headers.location as string | undefined,
    text: answer.body,
  };
}

/** The import's id from the page the upload redirects to, once the import has ended. */
async function finished(admin: SignedInAdmin, location: string | undefined, shopId: string) {
  const id = /^\/admin\/import\/(imp_[\w-]+)$/.exec(location ?? '')?.[1];
  assert.ok(id, `redirected to the import's page, not ${location}`);
  await importRegistry(admin.ctx).settled(shopId, id);
  return id;
}

describe('the admin’s import page: upload, follow, see what was imported or what is wrong', () => {
  const admin = suiteFixture(() => signedInAdmin('adm', (app) => movingShop(app.ctx, 'adm')));

  test('the page is in the navigation with its form', async () => {
    const page = await admin.client.get('/admin/import');
    assert.equal(page.status, 200);
    assert.match(page.text, /<a href="\/admin\/import" aria-current="page">Import<\/a>/);
    assert.match(page.text, /enctype="multipart\/form-data"/);
    assert.match(page.text, /Nothing imported yet\./);
    const fi = await admin.client.get('/admin/import', { 'accept-language': 'fi' });
    assert.match(fi.text, /<h1>Tuonti<\/h1>/);
  });

  test('a good file is uploaded, imported, and its page and status say what was written', async () => {
    const answer = await upload(
      admin,
      { kind: 'customers', separator: '' },
      { name: 'customers.csv', content: readFileSync(sample('customers.csv')) },
    );
    assert.equal(answer.status, 303, answer.text.slice(0, 500));
    const id = await finished(admin, answer.location, 'adm');
    const page = await admin.client.get(`/admin/import/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Import of customers\.csv/);
    assert.match(page.text, /data-status="imported"/);
    assert.match(page.text, /<dd data-key="written">3<\/dd>/);
    const status = await admin.client.get(`/admin/import/${id}/status`, { accept: 'application/json' });
    assert.equal(status.json.status, 'imported');
    assert.deepEqual(status.json.summary, {
      customers: 3,
      written: 3,
      alreadyThere: 0,
      consentsRecorded: 2,
      consentsAsTheyWere: 0,
    });
    assert.equal(status.json.progress.percent, 100);
    const list = await admin.client.get('/admin/import');
    assert.match(list.text, new RegExp(`<tr data-job="${id}" data-status="imported">`));
    assert.match(list.text, /owner@adm\.example/, 'who imported it');
  });

  test('a bad file’s problems are shown as a table of line, column, value and reason', async () => {
    const before = await shopRows(admin.ctx, 'adm');
    const bad =
      'order_id,placed_at,customer_id,store_version_id,product_id,quantity,unit_price\n' +
      'o1,2025-04-01T10:00:00,c1001,fi,p1,1,10.00\n' +
      'o2,2025-04-01T10:00:00+03:00,c1001,fi,p1,-1,"1 234,00"\n';
    const answer = await upload(admin, { kind: 'orders' }, { name: 'orders.csv', content: bad });
    const id = await finished(admin, answer.location, 'adm');
    const page = await admin.client.get(`/admin/import/${id}`);
    assert.match(page.text, /data-status="refused"/);
    assert.match(page.text, /Nothing was imported: the file has 3 problems\./);
    const rows = [
      ...page.text.matchAll(
        /<tr data-code="(\w+)"><td class="num">(\d+)<\/td>\s*<td class="code">(\w*)<\/td>/g,
      ),
    ].map((m) => [m[2], m[3], m[1]]);
    assert.deepEqual(rows, [
      ['2', 'placed_at', 'time_without_offset'],
      ['3', 'quantity', 'negative_quantity'],
      ['3', 'unit_price', 'thousands_separator'],
    ]);
    assert.match(page.text, /Write amounts without thousands separators/);
    assert.deepEqual(await shopRows(admin.ctx, 'adm'), before, 'nothing was written');
    const fi = await admin.client.get(`/admin/import/${id}`, { 'accept-language': 'fi' });
    assert.match(fi.text, /Kirjoita summat ilman tuhaterottimia/);
  });

  test('without a file, or without the form’s token, nothing is imported', async () => {
    const none = await upload(admin, { kind: 'orders' }, null);
    assert.equal(none.status, 422);
    assert.match(none.text, /Choose a file to import\./);
    const forged = await upload(
      admin,
      { kind: 'customers' },
      { name: 'x.csv', content: 'customer_id,registered_at\nq1,2025-01-01T00:00:00Z\n' },
      { csrf: 'forged' },
    );
    assert.equal(forged.status, 403);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from customers where shop_id = 'adm' and id = 'q1'`.execute(admin.ctx.db);
    assert.equal(rows[0]!.n, 0);
  });
});

describe('an upload beyond the size the service takes', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('small', async (app) => {
      // A small limit stands in for a 2 GB file.
      Object.assign(app.ctx, { imports: new ImportRegistry({ maxBytes: 300 }) });
      await movingShop(app.ctx, 'small');
    }),
  );

  test('is refused as it arrives, and nothing is recorded or written', async () => {
    const before = await shopRows(admin.ctx, 'small');
    const rows = Array.from({ length: 50 }, (_, i) => `big${i},2025-01-01T00:00:00Z`).join('\n');
    const answer = await upload(
      admin,
      { kind: 'customers' },
      { name: 'big.csv', content: `customer_id,registered_at\n${rows}\n` },
    );
    assert.equal(answer.status, 413);
    assert.match(answer.text, /The file is larger than 1 kB: split it/);
    assert.deepEqual(await shopRows(admin.ctx, 'small'), before);
    const { rows: jobs } = await sql<{
      n: number;
    }>`select count(*)::int as n from import_jobs where shop_id = 'small'`.execute(admin.ctx.db);
    assert.equal(jobs[0]!.n, 0);
  });
});

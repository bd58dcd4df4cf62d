import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { adjustPoints } from '../../src/app/ledger/adjust-points.ts';
import { joinProgram } from '../../src/app/members/join-program.ts';
import { createProgram, publishProgram } from '../../src/app/program/manage-program.ts';
import { putStoreVersion } from '../../src/app/store-versions/put-store-version.ts';
import { newCustomer } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { cliDatabase, loyalty } from './support/cli-database.ts';
import { runningService } from './support/running-service.ts';

/** `loyalty member export|erase` on the database the suite runs on. */
describe('loyalty member', () => {
  const cli = suiteFixture(() =>
    cliDatabase('loyalty-member-', async (ctx) => {
      await putStoreVersion(ctx, 'shop1', { id: 'fi', name: 'Kauppa', requiresLogin: false });
      await createProgram(ctx, 'shop1', { storeVersionIds: ['fi'] });
      await publishProgram(ctx, 'shop1');
      for (const [id, name] of [
        ['anna', 'Anna Virtanen'],
        ['bea', 'Bea Nieminen'],
      ]) {
        await newCustomer(ctx, 'shop1', id!, { name: name! });
        await joinProgram(ctx, { shopId: 'shop1', customerId: id!, source: 'registration' });
        await adjustPoints(ctx, {
          shopId: 'shop1',
          customerId: id!,
          points: 40,
          reason: `Sorry, ${name}`,
          author: 'me',
        });
      }
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-member-out-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('export writes the whole document to a file, or to standard output', async () => {
    const out = join(dir, 'anna.json');
    const written = await loyalty(
      ['member', 'export', '--shop', 'shop1', '--customer', 'anna', '--out', out],
      cli.env,
    );
    assert.equal(written.code, 0, written.stderr);
    assert.match(
      written.stdout,
      /^Wrote everything stored about customer anna of shop shop1 to .*anna\.json\n$/,
    );
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(
      [doc.customer.name, doc.customer.email, doc.balance],
      ['Anna Virtanen', 'anna@example.com', 40],
    );
    assert.equal(doc.ledger[0].reason, 'Sorry, Anna Virtanen');

    const printed = await loyalty(['member', 'export', '--shop', 'shop1', '--customer', 'anna'], cli.env);
    assert.equal(printed.code, 0, printed.stderr);
    assert.equal(JSON.parse(printed.stdout).customer.email, 'anna@example.com');
  });

  test('an unknown customer is one line and no file', async () => {
    const out = join(dir, 'nobody.json');
    const result = await loyalty(
      ['member', 'export', '--shop', 'shop1', '--customer', 'nobody', '--out', out],
      cli.env,
    );
    assert.equal(result.code, 1);
    assert.match(
      result.stderr.trim(),
      /^error: Customer "nobody" does not exist in this shop \[customer_not_found\]$/,
    );
    assert.throws(() => readFileSync(out));
  });

  test('erase refuses without --yes, then erases once and records the user who ran it', async () => {
    const refused = await loyalty(['member', 'erase', '--shop', 'shop1', '--customer', 'bea'], cli.env);
    assert.equal(refused.code, 1);
    const lines = refused.stderr.trim().split('\n');
    assert.equal(lines.length, 1, refused.stderr);
    assert.match(lines[0]!, /^error: Erasing cannot be undone: run it again with --yes .*\[invalid_input\]$/);

    const erased = await loyalty(
      ['member', 'erase', '--shop', 'shop1', '--customer', 'bea', '--yes'],
      cli.env,
    );
    assert.equal(erased.code, 0, erased.stderr);
    assert.match(
      erased.stdout,
      /^Erased customer bea of shop shop1: 0 codes voided, 0 e-mails cancelled, 1 adjustment reasons erased; points, orders and billing stay\.\n$/,
    );
    const again = await loyalty(
      ['member', 'erase', '--shop', 'shop1', '--customer', 'bea', '--yes', '--json'],
      cli.env,
    );
    assert.equal(again.code, 0, again.stderr);
    const erasure = JSON.parse(again.stdout);
    assert.equal(erasure.outcome, 'duplicate');
    assert.deepEqual(erasure.erasedBy, {
      kind: 'command_line',
      name: `${userInfo().username}@${hostname()}`,
    });

    const doc = JSON.parse(
      (await loyalty(['member', 'export', '--shop', 'shop1', '--customer', 'bea'], cli.env)).stdout,
    );
    assert.deepEqual([doc.customer.name, doc.customer.email, doc.balance], ['Erased customer', null, 40]);
    assert.equal(doc.ledger[0].reason, '(erased)');
  });
});

/** While `loyalty serve` holds the embedded data folder, both go through the running service. */
describe('loyalty member beside a running service on the embedded database', () => {
  const service = runningService('loyalty-member-serve-');
  const env = service.env;
  let key = '';

  before(async () => {
    assert.equal((await loyalty(['shop', 'create', '--id', 'running', '--name', 'Running'], env)).code, 0);
    const created = await loyalty(
      ['api-key', 'create', '--shop', 'running', '--name', 'Web shop', '--json'],
      env,
    );
    key = JSON.parse(created.stdout).key;
    const put = await fetch(`${service.url}/v1/customers/anna`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'anna@example.com', name: 'Anna', registeredAt: '2026-06-01T09:00:00Z' }),
    });
    assert.equal(put.status, 201);
  });

  test('export and erase work through the service with a key made for the command and revoked after', async () => {
    const out = join(service.dir, 'anna.json');
    const exported = await loyalty(
      ['member', 'export', '--shop', 'running', '--customer', 'anna', '--out', out],
      env,
    );
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).customer.email, 'anna@example.com');

    const missing = await loyalty(['member', 'export', '--shop', 'running', '--customer', 'nobody'], env);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr.trim(),
      /^error: Customer "nobody" does not exist in this shop \[customer_not_found\]$/,
    );

    const erased = await loyalty(
      ['member', 'erase', '--shop', 'running', '--customer', 'anna', '--yes', '--json'],
      env,
    );
    assert.equal(erased.code, 0, erased.stderr);
    assert.deepEqual(JSON.parse(erased.stdout).erasedBy, {
      kind: 'api_key',
      name: 'loyalty member erase (command line)',
    });
    const customer = await fetch(`${service.url}/v1/customers/anna`, {
      headers: { authorization: `Bearer ${key}` },
    });
    assert.deepEqual(
      ((await customer.json()) as { email: string | null; name: string }).email,
      null,
      'erased in the running service',
    );

    await service.stop();
    const keys = await loyalty(['api-key', 'list', '--shop', 'running', '--json'], env);
    assert.equal(keys.code, 0, keys.stderr);
    const commandKeys = JSON.parse(keys.stdout).filter((k: { name: string }) =>
      k.name.includes('command line'),
    );
    assert.equal(commandKeys.length, 3, 'one per command run through the service');
    assert.ok(commandKeys.every((k: { revokedAt: string | null }) => k.revokedAt !== null));
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lookUpStorefrontSecret } from '../../src/app/shopper/storefront-secrets.ts';
import { systemClock } from '../../src/clock.ts';
import { cliDatabase, loyalty } from '../cli/support/cli-database.ts';
import { runningService } from '../cli/support/running-service.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signToken } from './shopper-harness.ts';

describe('loyalty storefront-secret on the database', () => {
  const cli = suiteFixture(() => cliDatabase('loyalty-secrets-'));
  let created: { id: string; secret: string } = { id: '', secret: '' };

  test('create prints the key id and the secret once', async () => {
    const result = await loyalty(
      ['storefront-secret', 'create', '--shop', 'shop1', '--name', 'Web shop'],
      cli.env,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created storefront secret "Web shop" for shop shop1\./);
    assert.match(result.stdout, /Key id \(the tokens' "kid" header\): ss_[0-9a-f]{16}/);
    assert.match(result.stdout, /lss_[A-Za-z0-9_-]{43}/);
    const json = await loyalty(
      ['storefront-secret', 'create', '--shop', 'shop1', '--name', 'Old', '--json'],
      cli.env,
    );
    assert.equal(json.code, 0, json.stderr);
    created = JSON.parse(json.stdout);
    assert.match(created.secret, /^lss_/);
  });

  test('the secret printed is the one the service verifies with', async () => {
    const database = await cli.open();
    try {
      const found = await lookUpStorefrontSecret({ db: database.db, clock: systemClock }, created.id);
      assert.equal(found.status, 'valid');
      assert.equal(found.status === 'valid' && new TextDecoder().decode(found.key), created.secret);
    } finally {
      await database.close();
    }
  });

  test('revoke ends a secret; list shows both without their secrets', async () => {
    const revoked = await loyalty(['storefront-secret', 'revoke', '--shop', 'shop1', created.id], cli.env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`Revoked storefront secret ${created.id} of shop shop1`));
    const list = await loyalty(['storefront-secret', 'list', '--shop', 'shop1'], cli.env);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split('\n');
    assert.match(lines[0]!, /^ID\s+NAME\s+CREATED\s+LAST USED\s+STATUS$/);
    assert.equal(lines.length, 3);
    // Its last use is the lookup above.
    assert.ok(lines.some((l) => /Old\s+\S+\s+\S+Z\s+revoked /.test(l)));
    assert.ok(lines.some((l) => /Web shop\s+\S+\s+never\s+active/.test(l)));
    assert.doesNotMatch(list.stdout, /lss_/);
    const unknown = await loyalty(['storefront-secret', 'revoke', '--shop', 'shop1', 'ss_nope'], cli.env);
    assert.equal(unknown.code, 1);
    assert.match(
      unknown.stderr.trim(),
      /^error: Shop "shop1" has no storefront secret "ss_nope" \[storefront_secret_not_found\]$/,
    );
  });
});

describe('loyalty storefront-secret beside a running service on the embedded database', () => {
  const service = runningService('loyalty-secrets-serve-');

  test('create, list and revoke go through the service; its tokens work until revoked', async () => {
    const shop = await loyalty(['shop', 'create', '--id', 'running', '--name', 'Running'], service.env);
    assert.equal(shop.code, 0, shop.stderr);
    const key = JSON.parse(
      (await loyalty(['api-key', 'create', '--shop', 'running', '--name', 'Web shop', '--json'], service.env))
        .stdout,
    );
    const version = await fetch(`${service.url}/v1/store-versions/fi`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Verkkokauppa' }),
    });
    assert.ok(version.ok, await version.text());

    const created = await loyalty(
      ['storefront-secret', 'create', '--shop', 'running', '--name', 'Web shop', '--json'],
      service.env,
    );
    assert.equal(created.code, 0, created.stderr);
    const secret = JSON.parse(created.stdout);
    const me = async () => {
      const token = await signToken(new Date(), { shop: 'running', sub: 'c-1' }, secret);
      return fetch(`${service.url}/v1/shopper/shops/running/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
    };
    const answer = await me();
    assert.equal(answer.status, 200, await answer.clone().text());
    assert.deepEqual(
      [
        ((await answer.json()) as { visible: boolean }).visible,
        ((await (await me()).json()) as { member: boolean }).member,
      ],
      [false, false],
    );

    const listed = await loyalty(['storefront-secret', 'list', '--shop', 'running', '--json'], service.env);
    assert.equal(listed.code, 0, listed.stderr);
    const [only] = JSON.parse(listed.stdout);
    assert.equal(only.id, secret.id);
    assert.ok(only.lastUsedAt, 'the use is recorded');

    const revoked = await loyalty(
      ['storefront-secret', 'revoke', '--shop', 'running', secret.id],
      service.env,
    );
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /Revoked storefront secret/);
  });
});

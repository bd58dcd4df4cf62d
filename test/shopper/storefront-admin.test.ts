import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { listStorefrontOrigins } from '../../src/app/shopper/storefront-origins.ts';
import { createStorefrontSecret, listStorefrontSecrets } from '../../src/app/shopper/storefront-secrets.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { signedInAdmin } from '../admin/support/admin-client.ts';
import { fieldError } from '../admin/support/program-settings-form.ts';
import { FINNISH_WEB_SHOP } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signToken } from './shopper-harness.ts';

const EVIL = '<script>alert("x")</script>';

describe('storefront secrets on the API keys page', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('secrets', async ({ ctx }) => {
      for (const id of ['secrets', 'other']) {
        await createShop(ctx, { id, name: `Shop ${id}`, storeVersions: [FINNISH_WEB_SHOP] });
      }
      await createStorefrontSecret(ctx, { shopId: 'other', name: 'Other shop’s secret' });
    }),
  );
  const shownSecret = (html: string) => /id="new-secret" class="code secret" value="([^"]+)"/.exec(html)?.[1];
  const shownKid = (html: string) => /id="new-secret-id" class="code" value="([^"]+)"/.exec(html)?.[1];

  test('the section, empty, with its form; another shop’s secrets are not listed', async () => {
    const page = await admin.client.get('/admin/api-keys');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h2 id="secrets-title">Storefront secrets<\/h2>/);
    assert.match(page.text, /No storefront secrets yet\./);
    assert.match(page.text, /<label for="secret-name">Name<\/label>/);
    assert.doesNotMatch(page.text, /Other shop’s secret/);
  });

  test('a secret is shown once with its key id and a copy button; it signs tokens the service accepts', async () => {
    const answer = await admin.client.post('/admin/api-keys/storefront-secrets', {
      name: `Web shop ${EVIL}`,
    });
    assert.equal(answer.status, 303);
    assert.doesNotMatch(answer.text + (answer.location ?? ''), /lss_/, 'never in an address');
    const shown = await admin.client.get('/admin/api-keys');
    const secret = shownSecret(shown.text);
    const kid = shownKid(shown.text);
    assert.match(secret ?? '', /^lss_[A-Za-z0-9_-]{43}$/);
    assert.match(kid ?? '', /^ss_[0-9a-f]{16}$/);
    assert.match(shown.text, /data-copy="new-secret"/);
    assert.match(shown.text, /Copy the secret now: it is shown only this once/);
    assert.doesNotMatch(shown.text, /<script>alert/);

    const token = await signToken(
      admin.clock.now(),
      { shop: 'secrets', sub: 'c1' },
      { id: kid!, secret: secret! },
    );
    const me = await admin.server.inject({
      method: 'GET',
      url: '/v1/shopper/shops/secrets/me',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(me.statusCode, 200, me.body);

    const again = await admin.client.get('/admin/api-keys');
    assert.equal(shownSecret(again.text), undefined, 'never shown again');
    assert.doesNotMatch(again.text, new RegExp(secret!));
    const row = new RegExp(`<tr data-secret="${kid}">([\\s\\S]*?)</tr>`).exec(again.text)![1]!;
    assert.match(row, /Web shop &lt;script&gt;/);
    assert.match(row, new RegExp(kid!));
    assert.doesNotMatch(row, /Never/, 'its last use is shown');
  });

  test('a name is required; nothing is created', async () => {
    const before = (await listStorefrontSecrets(admin.ctx, 'secrets')).length;
    const refused = await admin.client.post('/admin/api-keys/storefront-secrets', { name: '  ' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /id="secret-name" name="name" value="[^"]*"[^>]*aria-invalid="true"/);
    assert.equal(shownSecret(refused.text), undefined);
    assert.equal((await listStorefrontSecrets(admin.ctx, 'secrets')).length, before);
  });

  test('revoking asks first, then revokes; another shop’s secret cannot be revoked', async () => {
    const { id } = await createStorefrontSecret(admin.ctx, { shopId: 'secrets', name: 'Old' });
    const asked = await admin.client.post(`/admin/api-keys/storefront-secrets/${id}/revoke`, {});
    assert.equal(asked.status, 200);
    assert.match(asked.text, /Revoke the storefront secret Old\?/);
    const done = await admin.client.post(`/admin/api-keys/storefront-secrets/${id}/revoke`, {
      confirm: 'yes',
    });
    assert.equal(done.status, 303);
    const page = await admin.client.get(done.location!);
    assert.match(page.text, /The storefront secret was revoked\./);
    assert.match(page.text, new RegExp(`data-secret="${id}">[\\s\\S]*?Revoked `));
    const [other] = await listStorefrontSecrets(admin.ctx, 'other');
    const refused = await admin.client.post(`/admin/api-keys/storefront-secrets/${other!.id}/revoke`, {
      confirm: 'yes',
    });
    assert.equal(refused.status, 404);
    assert.equal((await listStorefrontSecrets(admin.ctx, 'other'))[0]!.revokedAt, null);
  });

  test('forms without the CSRF token are refused', async () => {
    const before = await listStorefrontSecrets(admin.ctx, 'secrets');
    const forged = await admin.client.post('/admin/api-keys/storefront-secrets', { name: 'Forged' }, null);
    assert.equal(forged.status, 403);
    assert.deepEqual(await listStorefrontSecrets(admin.ctx, 'secrets'), before);
  });
});

describe('storefront origins on the store versions page', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('origins', async ({ ctx }) => {
      await createShop(ctx, { id: 'origins', name: 'Shop origins', storeVersions: [FINNISH_WEB_SHOP] });
    }),
  );

  test('saved one per line, shown back as the browser sends them', async () => {
    const empty = await admin.client.get('/admin/store-versions');
    assert.match(empty.text, /<h2 id="origins-title">Storefront origins<\/h2>/);
    const saved = await admin.client.post('/admin/storefront-origins', {
      origins: 'https://Shop.example/\r\n\r\nhttp://localhost:8080\n',
    });
    assert.equal(saved.status, 303);
    const page = await admin.client.get(saved.location!);
    assert.match(page.text, /Storefront origins saved\./);
    assert.match(
      page.text,
      /<textarea id="origins"[^>]*>http:\/\/localhost:8080\nhttps:\/\/shop\.example<\/textarea>/,
    );
    assert.deepEqual(await listStorefrontOrigins(admin.ctx, 'origins'), [
      'http://localhost:8080',
      'https://shop.example',
    ]);
  });

  test('a line that is not an origin is refused, the text kept, nothing saved', async () => {
    const refused = await admin.client.post('/admin/storefront-origins', {
      origins: `https://a.example\n${EVIL}`,
    });
    assert.equal(refused.status, 422);
    assert.equal(
      fieldError(refused.text, 'origins'),
      'Nothing was saved: each line must be an origin such as https://shop.example.',
    );
    assert.match(refused.text, /&lt;script&gt;/);
    assert.doesNotMatch(refused.text, /<script>alert/);
    assert.deepEqual(await listStorefrontOrigins(admin.ctx, 'origins'), [
      'http://localhost:8080',
      'https://shop.example',
    ]);
  });
});

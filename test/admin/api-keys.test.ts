import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiKey } from '../../src/app/api-keys/create-api-key.ts';
import { listApiKeys } from '../../src/app/api-keys/list-api-keys.ts';
import { FINNISH_WEB_SHOP, newShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { signedInAdmin, signedInClient } from './support/admin-client.ts';
import { fieldError } from './support/program-settings-form.ts';

const EVIL = '<script>alert("x")</script>';

describe('API keys page', () => {
  const admin = suiteFixture(() =>
    signedInAdmin('keys', async ({ ctx }) => {
      for (const id of ['keys', 'other']) await newShop(ctx, id, [FINNISH_WEB_SHOP]);
      await createApiKey(ctx, { shopId: 'other', name: 'Other shop’s till', readOnly: false });
    }),
  );
  /** The secret shown on the page answering the create form. */
  const shownKey = (html: string) => /id="new-key" class="code secret" value="([^"]+)"/.exec(html)?.[1];

  test('an empty list, the create form and the navigation', async () => {
    const page = await admin.client.get('/admin/api-keys');
    assert.equal(page.status, 200);
    assert.match(page.text, /No API keys yet\./);
    assert.match(page.text, /<a href="\/admin\/api-keys" aria-current="page">API keys<\/a>/);
    assert.match(page.text, /<label for="key-name">Name<\/label>/);
    assert.doesNotMatch(page.text, /Other shop’s till/);
  });

  /** Sends the create form and follows its redirect, as a browser does: the page that shows the key. */
  const createKey = async (form: Record<string, string>) => {
    const answer = await admin.client.post('/admin/api-keys', form);
    assert.equal(answer.status, 303);
    assert.equal(answer.location, '/admin/api-keys', 'the key is never in an address');
    assert.doesNotMatch(answer.text, /lk_(live|read)_/);
    return admin.client.get(answer.location!);
  };

  test('a key is created and shown once; it answers the API, read-only when asked', async () => {
    const created = await createKey({ name: `Web shop ${EVIL}`, readOnly: 'true' });
    assert.equal(created.status, 200);
    const key = shownKey(created.text);
    assert.match(key ?? '', /^lk_read_[A-Za-z0-9_-]{43}$/);
    assert.match(created.text, /Copy the key now: it is shown only this once/);
    assert.match(created.text, /data-copy="new-key"/);
    assert.doesNotMatch(created.text, /<script>alert/);
    assert.match(created.text, /Web shop &lt;script&gt;/);
    const api = await admin.server.inject({
      method: 'GET',
      url: '/v1/api-key',
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().shopId, 'keys');
    assert.equal(api.json().readOnly, true);
    const list = await admin.client.get('/admin/api-keys');
    assert.equal(shownKey(list.text), undefined, 'never shown again');
    assert.doesNotMatch(list.text, new RegExp(key!));
    const row = /<tr data-key="key_[0-9a-f]{16}">([\s\S]*?)<\/tr>/.exec(list.text)![1]!;
    assert.match(row, /Web shop &lt;script&gt;/);
    assert.match(row, /lk_read_[^<]{4}…/);
    assert.match(row, /Read-only/);
    assert.doesNotMatch(row, /Never/, 'the request above was its last use');
    const full = await createKey({ name: 'Till' });
    assert.match(shownKey(full.text) ?? '', /^lk_live_/);
    assert.match(full.text, /Till<\/td>[\s\S]*?Full access[\s\S]*?Never/);
  });

  test('reloading the page that shows a new key shows no key and creates none', async () => {
    const shown = await createKey({ name: 'Reloaded' });
    const key = shownKey(shown.text);
    assert.match(key ?? '', /^lk_live_/);
    const before = await listApiKeys(admin.ctx, 'keys');
    for (let reload = 0; reload < 2; reload++) {
      const again = await admin.client.get('/admin/api-keys');
      assert.equal(again.status, 200);
      assert.equal(shownKey(again.text), undefined);
      assert.doesNotMatch(again.text, new RegExp(key!));
    }
    assert.deepEqual(await listApiKeys(admin.ctx, 'keys'), before);
    assert.equal(before.filter((k) => k.name === 'Reloaded').length, 1);
  });

  test('the new key is shown only to the session that made it, and only for a few minutes', async () => {
    const answer = await admin.client.post('/admin/api-keys', { name: 'Carried' });
    const carrier = admin.client.cookies.get('loyalty_new_api_key');
    assert.ok(carrier, 'the key waits for the next page in a cookie of its own');
    assert.doesNotMatch(decodeURIComponent(carrier), /lk_live_/, 'encrypted');
    const other = await signedInClient(admin.server, admin.ctx, 'keys', 'colleague@keys.example');
    other.cookies.set('loyalty_new_api_key', carrier);
    const stolen = await other.get(answer.location!);
    assert.equal(stolen.status, 200);
    assert.equal(shownKey(stolen.text), undefined, 'another session cannot open it');
    admin.clock.advance(5 * 60_000 + 1);
    try {
      const late = await admin.client.get(answer.location!);
      assert.equal(shownKey(late.text), undefined, 'too late');
    } finally {
      admin.clock.advance(-(5 * 60_000 + 1));
    }
    assert.equal(admin.client.cookies.has('loyalty_new_api_key'), false, 'cleared');
  });

  test('a name is required and at most 100 characters; nothing is created', async () => {
    const before = (await listApiKeys(admin.ctx, 'keys')).length;
    for (const [name, message] of [
      ['   ', 'Give the key a name'],
      ['x'.repeat(101), 'At most 100 characters'],
    ] as const) {
      const refused = await admin.client.post('/admin/api-keys', { name });
      assert.equal(refused.status, 422);
      assert.equal(fieldError(refused.text, 'name'), message);
      assert.match(refused.text, /id="key-name" name="name" value="[^"]*"[^>]*aria-invalid="true"/);
      assert.equal(shownKey(refused.text), undefined);
    }
    assert.equal((await listApiKeys(admin.ctx, 'keys')).length, before);
  });

  test('revoking asks first, then revokes; the key stops working', async () => {
    const { id, key } = await createApiKey(admin.ctx, { shopId: 'keys', name: 'Old till', readOnly: false });
    const asked = await admin.client.post(`/admin/api-keys/${id}/revoke`, {});
    assert.equal(asked.status, 200);
    assert.match(asked.text, /Revoke the key Old till\?/);
    assert.match(asked.text, /name="confirm" value="yes"/);
    assert.equal((await listApiKeys(admin.ctx, 'keys')).find((k) => k.id === id)!.revokedAt, null);
    const done = await admin.client.post(`/admin/api-keys/${id}/revoke`, { confirm: 'yes' });
    assert.equal(done.status, 303);
    const page = await admin.client.get(done.location!);
    assert.match(page.text, /The key was revoked\./);
    assert.match(page.text, new RegExp(`data-key="${id}">[\\s\\S]*?Revoked `));
    assert.notEqual((await listApiKeys(admin.ctx, 'keys')).find((k) => k.id === id)!.revokedAt, null);
    const api = await admin.server.inject({
      method: 'GET',
      url: '/v1/api-key',
      headers: { authorization: `Bearer ${key}` },
    });
    assert.equal(api.statusCode, 401);
  });

  test('another shop’s key can be neither seen nor revoked', async () => {
    const [other] = await listApiKeys(admin.ctx, 'other');
    for (const form of [{}, { confirm: 'yes' }] as Record<string, string>[]) {
      const answer = await admin.client.post(`/admin/api-keys/${other!.id}/revoke`, form);
      assert.equal(answer.status, 404);
    }
    assert.equal((await listApiKeys(admin.ctx, 'other'))[0]!.revokedAt, null);
  });

  test('forms without the CSRF token are refused and change nothing', async () => {
    const before = await listApiKeys(admin.ctx, 'keys');
    const active = before.find((k) => !k.revokedAt)!;
    for (const token of [null, 'forged']) {
      assert.equal((await admin.client.post('/admin/api-keys', { name: 'Forged' }, token)).status, 403);
      const revoke = await admin.client.post(
        `/admin/api-keys/${active.id}/revoke`,
        { confirm: 'yes' },
        token,
      );
      assert.equal(revoke.status, 403);
    }
    assert.deepEqual(await listApiKeys(admin.ctx, 'keys'), before);
  });
});

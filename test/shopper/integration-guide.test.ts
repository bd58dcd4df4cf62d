import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createStorefrontSecret } from '../../src/app/shopper/storefront-secrets.ts';
import { createShop } from '../../src/app/shops/create-shop.ts';
import { suiteFixture } from '../support/suite-fixture.ts';
import { shopperHarness } from './shopper-harness.ts';

/** The code blocks of the integration guide in this language. */
function guideBlocks(language: string): string[] {
  const guide = readFileSync(new URL('../../docs/storefront-integration.md', import.meta.url), 'utf8');
  return [...guide.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
}

describe('the integration guide', () => {
  const h = suiteFixture(() => shopperHarness());

  test('its Node code signs a token the service accepts', async () => {
    await createShop(h.ctx, {
      id: 'outdoor-store',
      name: 'Outdoor Store',
      storeVersions: [{ id: 'fi', name: 'Verkkokauppa', requiresLogin: false }],
    });
    const secret = await createStorefrontSecret(h.ctx, { shopId: 'outdoor-store', name: 'Web shop' });
    const [node] = guideBlocks('js');
    assert.ok(node, 'a js block');
    // The guide's module as a store would save it, importing jose from this project's packages.
    mkdirSync(join(process.cwd(), '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(process.cwd(), '.tmp', 'guide-'));
    try {
      const file = join(dir, 'shopper-token.mjs');
      writeFileSync(file, node);
      process.env.LOYALTY_KID = secret.id;
      process.env.LOYALTY_SECRET = secret.secret;
      const { shopperToken } = await import(pathToFileURL(file).href);
      // The guide's code reads the real time; so does the service here.
      h.clock.set(new Date());
      const token: string = await shopperToken('c1', 'fi');
      const answer = await h.call('GET', '/v1/shopper/shops/outdoor-store/me', { token });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual([answer.body.customerId, answer.body.storeVersionId], ['c1', 'fi']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      delete process.env.LOYALTY_KID;
      delete process.env.LOYALTY_SECRET;
    }
  });

  test('its PHP code sets the same claims and header', () => {
    const [php] = guideBlocks('php');
    for (const part of [
      "'shop'",
      "'sub'",
      "'storeVersion'",
      "'iat'",
      "'exp' => $now + 600",
      "'HS256'",
      "getenv('LOYALTY_KID')",
    ])
      assert.ok(php?.includes(part), part);
  });
});

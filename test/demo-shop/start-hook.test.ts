import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { afterEach, describe, test } from 'node:test';
import { listApiKeys } from '../../src/app/api-keys/list-api-keys.ts';
import { listStorefrontOrigins } from '../../src/app/shopper/storefront-origins.ts';
import { demoWebShopHook } from '../../src/cli/demo-web-shop-hook.ts';
import type { Config } from '../../src/config.ts';
import { testApp } from '../support/database.ts';
import { newShop } from '../support/fixtures.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

const SERVICE = 'http://127.0.0.1:3999';
const config = { publicUrl: SERVICE } as Config;

/** A port nobody listens on now, for the shop's listed origin to name the port it will take. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('the start hook of the demo web shop', { timeout: 120_000 }, () => {
  const app = suiteFixture(async () => {
    const opened = await testApp();
    await newShop(opened.ctx, 'demo', [{ id: 'fi', name: 'Verkkokauppa', requiresLogin: false }]);
    return opened;
  });
  afterEach(() => {
    delete process.env.LOYALTY_DEMO_SHOP;
    delete process.env.LOYALTY_DEMO_SHOP_PORT;
  });

  test('it never starts under the test runner unless asked, nor with LOYALTY_DEMO_SHOP=0', async () => {
    const lines: string[] = [];
    assert.equal(await demoWebShopHook({ ctx: app.ctx, config, log: (l) => lines.push(l) }), undefined);
    process.env.LOYALTY_DEMO_SHOP = '0';
    assert.equal(await demoWebShopHook({ ctx: app.ctx, config, log: (l) => lines.push(l) }), undefined);
    assert.deepEqual(lines, []);
    assert.deepEqual(await listApiKeys(app.ctx, 'demo'), []);
  });

  test('asked, it starts the shop on its port with a fresh key and secret and its origin listed; stopping ends it', async () => {
    process.env.LOYALTY_DEMO_SHOP = '1';
    for (let start = 1; start <= 2; start++) {
      const port = await freePort();
      process.env.LOYALTY_DEMO_SHOP_PORT = String(port);
      const lines: string[] = [];
      const stop = await demoWebShopHook({ ctx: app.ctx, config, log: (l) => lines.push(l) });
      assert.ok(stop, lines.join('\n'));
      try {
        assert.match(lines[0] ?? '', new RegExp(`^Demo web shop: http://127\\.0\\.0\\.1:${port}/fi/ `));
        const page = await (await fetch(`http://127.0.0.1:${port}/fi/`)).text();
        assert.ok(page.includes(`<script src="${SERVICE}/storefront/v1/loyalty.js" defer></script>`));
        assert.ok((await listStorefrontOrigins(app.ctx, 'demo')).includes(`http://127.0.0.1:${port}`));
        const keys = (await listApiKeys(app.ctx, 'demo')).filter((k) => k.name === 'Demo web shop');
        assert.deepEqual(
          [keys.length, keys.filter((k) => !k.revokedAt).length],
          [start, 1],
          "each start revokes the previous start's key",
        );
      } finally {
        await stop();
      }
      await assert.rejects(fetch(`http://127.0.0.1:${port}/fi/`));
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildServer } from '../../src/http/server.ts';
import { bundleComponents, compressScript } from '../../src/storefront/components-bundle.ts';
import { COMPONENTS_SCRIPT_PATH } from '../../src/storefront/components-script.ts';
import { testApp } from '../support/database.ts';
import { suiteFixture } from '../support/suite-fixture.ts';

describe('the storefront elements script', () => {
  test('is at most 15 kB compressed with gzip, all elements together', async () => {
    const sizes = compressScript(await bundleComponents());
    assert.ok(sizes.gzip.length <= 15_000, `gzip ${sizes.gzip.length} bytes`);
    assert.ok(sizes.brotli.length < sizes.gzip.length);
  });

  const served = suiteFixture(async () => {
    const app = await testApp();
    const server = await buildServer({ ctx: app.ctx });
    return {
      server,
      close: async () => {
        await server.close();
        await app.close();
      },
    };
  });

  test('is served compressed at a stable address with caching headers, and 304 for its ETag', async () => {
    const first = await served.server.inject({
      url: COMPONENTS_SCRIPT_PATH,
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(first.headers['content-encoding'], 'br');
    assert.equal(first.headers['cache-control'], 'public, max-age=300');
    assert.equal(first.headers.vary, 'Accept-Encoding');
    const etag = String(first.headers.etag);
    assert.match(etag, /^"[\w-]{27}"$/);
    const plain = await served.server.inject({ url: COMPONENTS_SCRIPT_PATH });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.body, /loyalty-product-points/);
    assert.doesNotMatch(plain.body, /https?:\/\/(?!www\.w3\.org)/, 'no third-party address in the script');
    const again = await served.server.inject({
      url: COMPONENTS_SCRIPT_PATH,
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../app/api-keys/create-api-key.ts';
import { listApiKeys } from '../app/api-keys/list-api-keys.ts';
import { revokeApiKey } from '../app/api-keys/revoke-api-key.ts';
import type { AppContext } from '../app/context.ts';
import { listStorefrontOrigins, setStorefrontOrigins } from '../app/shopper/storefront-origins.ts';
import {
  createStorefrontSecret,
  listStorefrontSecrets,
  revokeStorefrontSecret,
} from '../app/shopper/storefront-secrets.ts';
import { shopExists } from '../app/shops/shop-exists.ts';
import type { StartHook } from '../service.ts';

const DEMO_SHOP = 'demo';
const CREDENTIAL_NAME = 'Demo web shop';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = 'examples/demo-shop/src/main.ts';

/**
 * Starts the example web shop (examples/demo-shop) beside a service that has the demo shop, as a
 * process of its own on port 3001 (LOYALTY_DEMO_SHOP_PORT), so it talks to the service only over
 * HTTP as any store would. `LOYALTY_DEMO_SHOP=0` turns it off; under the test runner it starts
 * only with `LOYALTY_DEMO_SHOP=1`. Its API key, storefront secret and origin are made here through
 * the service's own use cases: no operator key to hand out, and no secret written to a file.
 */
export const demoWebShopHook: StartHook = async ({ ctx, config, log }) => {
  const wanted = process.env.LOYALTY_DEMO_SHOP;
  if (wanted === '0' || (process.env.NODE_TEST_CONTEXT && wanted !== '1')) return;
  if (!existsSync(`${ROOT}/${MAIN}`) || !(await shopExists(ctx, DEMO_SHOP))) return;
  const port = Number(process.env.LOYALTY_DEMO_SHOP_PORT ?? 3001);
  const credentials = await freshCredentials(ctx, port);
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      LOYALTY_SERVICE_URL: config.publicUrl,
      LOYALTY_SHOP: DEMO_SHOP,
      LOYALTY_API_KEY: credentials.apiKey,
      LOYALTY_KID: credentials.secretId,
      LOYALTY_SECRET: credentials.secret,
    },
  });
  const started = await firstLine(child);
  if (!started) {
    log(`Demo web shop: not started (is port ${port} taken? LOYALTY_DEMO_SHOP_PORT picks another)`);
    return;
  }
  log(`${started}; LOYALTY_DEMO_SHOP=0 turns it off`);
  return () => stopChild(child);
};

/** A new API key and storefront secret on every start, the previous start's revoked, and the shop's origins listed. */
async function freshCredentials(ctx: AppContext, port: number) {
  for (const key of await listApiKeys(ctx, DEMO_SHOP))
    if (key.name === CREDENTIAL_NAME && !key.revokedAt)
      await revokeApiKey(ctx, { shopId: DEMO_SHOP, keyId: key.id });
  for (const secret of await listStorefrontSecrets(ctx, DEMO_SHOP))
    if (secret.name === CREDENTIAL_NAME && !secret.revokedAt)
      await revokeStorefrontSecret(ctx, { shopId: DEMO_SHOP, secretId: secret.id });
  const key = await createApiKey(ctx, { shopId: DEMO_SHOP, name: CREDENTIAL_NAME, readOnly: false });
  const secret = await createStorefrontSecret(ctx, { shopId: DEMO_SHOP, name: CREDENTIAL_NAME });
  const origins = await listStorefrontOrigins(ctx, DEMO_SHOP);
  await setStorefrontOrigins(ctx, {
    shopId: DEMO_SHOP,
    origins: [...origins, `http://localhost:${port}`, `http://127.0.0.1:${port}`],
  });
  return { apiKey: key.key, secretId: secret.id, secret: secret.secret };
}

/** The shop's first line of output ("Demo web shop: <address>"), or undefined when it exits first. */
function firstLine(child: ChildProcess): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.split('\n')[0];
      if (text.includes('\n')) resolve(line);
    });
    child.once('exit', () => resolve(undefined));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

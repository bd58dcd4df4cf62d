import { startDemoShop } from './server.ts';

/** Run on its own: `node --import tsx examples/demo-shop/src/main.ts` with the LOYALTY_* variables set. */
const env = (name: string) => {
  const value = process.env[name];
  if (!value) {
    console.error(`Set ${name} (see examples/demo-shop/README.md)`);
    process.exit(1);
  }
  return value;
};

const shop = await startDemoShop({
  port: Number(process.env.PORT ?? 3001),
  loyalty: {
    serviceUrl: env('LOYALTY_SERVICE_URL'),
    shopId: env('LOYALTY_SHOP'),
    apiKey: env('LOYALTY_API_KEY'),
    secretId: env('LOYALTY_KID'),
    secret: env('LOYALTY_SECRET'),
  },
});
console.log(
  `Demo web shop: ${shop.url}/fi/  (in English: ${shop.url}/fi/?lang=en, B2B: ${shop.url}/b2b/, back office: ${shop.url}/backoffice)`,
);
const stop = () => shop.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

import { anyShopExists } from '../app/shops/shop-exists.ts';
import type { StartHook } from '../service.ts';
import { DEMO_SHOP_ID, seedDemoShop } from './demo-shop.ts';

/** On the first start of an empty embedded database, fills it with the demo shop so there is something to see. */
export const seedDemoHook: StartHook = async ({ ctx, config, log }) => {
  if (!config.seedDemo) return;
  if (await anyShopExists(ctx)) return;
  log('First start: seeding the demo shop with a year of history (about half a minute, once)…');
  const started = Date.now();
  const summary = await seedDemoShop(ctx);
  log(
    `Seeded demo shop "${DEMO_SHOP_ID}": ${summary.customers} customers, ${summary.members} members, ` +
      `${summary.orders} orders, ${summary.returns} returns, ${summary.reviews} reviews, ` +
      `codes for ${summary.convertedMonths.length} months in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
};

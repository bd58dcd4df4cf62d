import { createAdminUser, hasAdminUsers } from '../app/admin-users/users.ts';
import { shopExists } from '../app/shops/shop-exists.ts';
import type { StartHook } from '../service.ts';

export const DEMO_ADMIN_EMAIL = 'demo@example.com';
const DEMO_SHOP = 'demo';

/**
 * When the demo shop exists and has nobody to sign in with, creates demo@example.com with a
 * generated password and prints where to sign in. Runs after the demo seed.
 */
export const demoAdminHook: StartHook = async ({ ctx, config, log }) => {
  if (!(await shopExists(ctx, DEMO_SHOP)) || (await hasAdminUsers(ctx, DEMO_SHOP))) return;
  const created = await createAdminUser(ctx, {
    shopId: DEMO_SHOP,
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo merchant',
  });
  log(`Admin for the demo shop: ${config.publicUrl}/admin/login?shop=${DEMO_SHOP}`);
  log(`  shop ${DEMO_SHOP}, e-mail ${DEMO_ADMIN_EMAIL}, password ${created.password} (shown only now;`);
  log(`  set another with: loyalty admin-user set-password --shop ${DEMO_SHOP} --email ${DEMO_ADMIN_EMAIL})`);
};

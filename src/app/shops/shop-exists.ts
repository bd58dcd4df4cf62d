import type { AppContext } from '../context.ts';

/** Whether the shop exists (the demo admin is created only for a seeded demo shop). */
export async function shopExists(ctx: AppContext, shopId: string): Promise<boolean> {
  const shop = await ctx.db.selectFrom('shops').select('id').where('id', '=', shopId).executeTakeFirst();
  return shop !== undefined;
}

/** Whether the database has any shop at all (an empty database is seeded with the demo shop). */
export async function anyShopExists(ctx: AppContext): Promise<boolean> {
  const shop = await ctx.db.selectFrom('shops').select('id').limit(1).executeTakeFirst();
  return shop !== undefined;
}

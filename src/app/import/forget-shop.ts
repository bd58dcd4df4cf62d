import type { AppContext } from '../context.ts';
import { DashboardCache } from '../reports/dashboard.ts';
import type { HistoryCache } from '../simulation/history-cache.ts';

/**
 * After an import rewrote a shop's past, the estimate and the dashboard read it again at once:
 * the shop's histories are forgotten, and the service's shared dashboards replaced (the cache has
 * no way to forget one shop; the other shops' figures are recomputed on their next poll, as they
 * would be within seconds anyway).
 */
export function forgetImportedShop(
  ctx: AppContext & { histories?: HistoryCache; dashboards?: DashboardCache },
  shopId: string,
): void {
  ctx.histories?.forgetShop(shopId);
  if (ctx.dashboards) ctx.dashboards = new DashboardCache();
}

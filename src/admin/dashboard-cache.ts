import type { AppContext } from '../app/context.ts';
import { DASHBOARD_FRESH_MS, type Dashboard, dashboardFigures } from '../app/reports/dashboard.ts';
import type { DateRange } from '../domain/simulation/date-range.ts';

/** A shop's dashboard figures over a range, and what the pages made of them, while they are shared. */
export interface SharedDashboard {
  /** When the figures were asked for (the app clock, epoch ms). */
  at: number;
  figures: Promise<Dashboard>;
  /** Renderings of the figures by what they depend on besides them (language, today…). */
  views: Map<string, Promise<unknown>>;
}

/** Shared dashboards kept per database (shop, range and zone); the bound is a guard. */
export const DASHBOARDS_KEPT = 100;
const sharedByDb = new WeakMap<object, Map<string, SharedDashboard>>();

/**
 * The figures of `dashboardFigures`, looked up before anything is computed: every open program
 * page polls, and for DASHBOARD_FRESH_MS the figures of a shop's range are the same for all of
 * them (`dashboardFigures` shares them for that long too), so its range checks, the queries and the
 * rendering are done once for all of them. The entry is made with the figures it asks for, so it
 * never outlives them: new events show once DASHBOARD_FRESH_MS has passed, as before.
 * `range` must be a valid one (`resolveRange` accepted it).
 */
export function sharedDashboard(
  ctx: AppContext,
  shopId: string,
  range: DateRange,
  timeZone: string,
): SharedDashboard {
  const now = ctx.clock.now().getTime();
  let kept = sharedByDb.get(ctx.db);
  if (!kept) {
    kept = new Map();
    sharedByDb.set(ctx.db, kept);
  }
  const key = `${shopId}\u0000${range.from}\u0000${range.to}\u0000${timeZone}`;
  const hit = kept.get(key);
  if (hit && now - hit.at < DASHBOARD_FRESH_MS) return hit;
  const entry: SharedDashboard = {
    at: now,
    figures: dashboardFigures(ctx, shopId, range, timeZone),
    views: new Map(),
  };
  kept.delete(key);
  kept.set(key, entry);
  const map = kept;
  entry.figures.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  while (kept.size > DASHBOARDS_KEPT) kept.delete(kept.keys().next().value!);
  return entry;
}

/**
 * A rendering of the shared figures, made by the first request that asks for it under `key`
 * and reused by the rest while the figures are shared. `key` must name everything `make`
 * depends on besides the figures; nothing of a user or a session may go into it.
 */
export function viewOf<T>(shared: SharedDashboard, key: string, make: (figures: Dashboard) => T): Promise<T> {
  const kept = shared.views.get(key) as Promise<T> | undefined;
  if (kept) return kept;
  const made = shared.figures.then(make);
  shared.views.set(key, made);
  made.catch(() => {
    if (shared.views.get(key) === made) shared.views.delete(key);
  });
  return made;
}

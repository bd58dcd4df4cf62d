import type { Dashboard, SharedDashboard } from '../app/reports/dashboard.ts';

/**
 * A rendering of shared dashboard figures (`sharedDashboard`, kept by the service's
 * `DashboardCache`), made by the first request that asks for it under `key` and reused by the
 * rest while the figures are shared. `key` must name everything `make` depends on besides the
 * figures; nothing of a user or a session may go into it.
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

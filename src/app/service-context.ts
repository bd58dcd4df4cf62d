import { type CodeChecks, codeChecks } from './checkout/check-code.ts';
import type { AppContext } from './context.ts';
import { type SalesWriter, salesWriter } from './orders/record-sale.ts';
import { DashboardCache } from './reports/dashboard.ts';
import { type HistoryCache, historyCache } from './simulation/history-cache.ts';

/**
 * The long-lived objects of one running service besides its database and clock: each keeps
 * state between requests, so each is made once per service and never shared by two (tests run
 * several services in one process). The composition root (`src/service.ts`, and `buildServer`
 * for a server built on a plain context) makes them with `serviceContext`; the use case that
 * needs one takes it from the context it is given.
 */
export interface ServiceParts {
  /** recordSale's batches: one write in flight per database, the sales decided meanwhile next. */
  salesWriter: SalesWriter;
  /** checkCode's batches: one query in flight, the checks that wait share the next one. */
  codeChecks: CodeChecks;
  /** The dashboard's figures and the admin's renderings of them, shared for DASHBOARD_FRESH_MS. */
  dashboards: DashboardCache;
  /** The estimate's shop histories, so that a change of the settings form only re-runs the rules. */
  histories: HistoryCache;
}

/** What the HTTP API, the admin and the start hooks of a service are given. */
export type ServiceContext = AppContext & ServiceParts;

/**
 * Gives `ctx` the parts it lacks and returns it. They are set on the object itself, so that use
 * cases called with the same context (as tests do next to a server) share them; a plain context
 * that never goes through here gets each part on its first use, kept the same way.
 */
export function serviceContext(ctx: AppContext & Partial<ServiceParts>): ServiceContext {
  return Object.assign(ctx, {
    salesWriter: ctx.salesWriter ?? salesWriter(ctx.db),
    codeChecks: ctx.codeChecks ?? codeChecks(ctx.db),
    dashboards: ctx.dashboards ?? new DashboardCache(),
    histories: ctx.histories ?? historyCache(),
  });
}

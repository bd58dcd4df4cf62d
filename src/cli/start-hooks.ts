import { demoAdminHook } from '../admin/demo-admin.ts';
import { pruneIdempotencyKeys } from '../http/idempotency/prune-hook.ts';
import { campaignEventsHook } from '../jobs/campaign-events-job.ts';
import { monthlyJobsHook } from '../jobs/monthly-jobs-hook.ts';
import { orderFiguresHook } from '../jobs/order-figures-hook.ts';
import { reminderJobsHook } from '../jobs/reminder-scheduler.ts';
import { tableStatisticsHook } from '../jobs/table-statistics-hook.ts';
import { webhookJobsHook } from '../jobs/webhook-jobs-hook.ts';
import { seedDemoHook } from '../seed/seed-hook.ts';
import type { StartHook } from '../service.ts';
import { demoWebShopHook } from './demo-web-shop-hook.ts';

/** What `serve` starts besides the HTTP server, in order: seeding the demo shop and its example web
 * shop (examples/demo-shop, its own process), then the jobs (the statistics refresh runs after
 * seeding so the demo's plans start from its real sizes).
 * Without `jobs`, only the seeding: another process runs the jobs. */
export function startHooks({ jobs = true }: { jobs?: boolean } = {}): StartHook[] {
  const setup = [seedDemoHook, demoAdminHook, demoWebShopHook];
  if (!jobs) return setup;
  return [
    ...setup,
    tableStatisticsHook,
    orderFiguresHook,
    pruneIdempotencyKeys,
    monthlyJobsHook,
    reminderJobsHook,
    webhookJobsHook,
    campaignEventsHook,
  ];
}
